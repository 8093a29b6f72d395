"""Settings for Biên bản: one module, driven by environment variables.

Every variable is listed in .env.example and the README. SQLite is the
zero-setup default; DATABASE_URL switches to PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_secret("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# The public address of the site, printed into signed PDFs (QR code and short
# verify link) and e-mailed links. It must be the address people outside will
# type: with DEBUG off a system check (minutes.checks) refuses to start without
# it or with a loopback address. Left empty in development, links take the
# address of the request (config/site_address.py).
SITE_URL = env_str("BIENBAN_SITE_URL", "").strip().rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "simple_history",
    "axes",
    "members",
    "minutes",
]

MIDDLEWARE = [
    # First: the reference code and log line of every request, /healthz, and
    # the 503 page when the database is lost, whichever layer below noticed.
    "config.middleware.RequestMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files keep their long caching; pages do not.
    "config.middleware.PrivateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions: moves a signed-in session's expiry every few minutes, not on every request.
    "config.middleware.SessionRefreshMiddleware",
    "config.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware (which refuses a host not in ALLOWED_HOSTS): in development
    # without BIENBAN_SITE_URL, links in PDFs take the request's address.
    "config.site_address.RequestAddressMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "config.login_throttle.LoginThrottleMiddleware",
    # Last, so that a locked-out login attempt is answered before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "minutes.context_processors.navigation",
                "minutes.context_processors.languages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        # A kept connection is checked before its first use in a request, so a
        # restarted PostgreSQL costs a reconnect, not a failed request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server fails fast (503 page) instead of holding the request.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5, minimum=1)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Refuses a user name that must wait (config/login_throttle.py), before the password check.
    "config.login_throttle.UserNameThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Log-in throttling: five failures lock the username+address pair for an hour.
AXES_FAILURE_LIMIT = env_int("BIENBAN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# ...and per user name across all addresses, a growing delay rather than a lock
# (config/login_throttle.py): from this many failures on, 2^n seconds, at most
# BIENBAN_LOGIN_MAX_DELAY. Counted in Django's cache (per process unless CACHES
# names a shared one).
BIENBAN_LOGIN_NAME_FAILURES = env_int("BIENBAN_LOGIN_NAME_FAILURES", 5, minimum=1)
BIENBAN_LOGIN_MAX_DELAY = env_int("BIENBAN_LOGIN_MAX_DELAY", 300, minimum=1)
# The client address is REMOTE_ADDR unless a reverse proxy is declared; then it is
# the X-Forwarded-For entry BIENBAN_PROXY_COUNT hops from the right.
BIENBAN_BEHIND_PROXY = env_bool("BIENBAN_BEHIND_PROXY", False)
BIENBAN_PROXY_COUNT = env_int("BIENBAN_PROXY_COUNT", 1, minimum=1)
AXES_CLIENT_IP_CALLABLE = "config.login_throttle.client_ip"
AXES_USERNAME_CALLABLE = "config.login_throttle.username_for_axes"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor", BASE_DIR / "node_modules")]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("BIENBAN_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files need `collectstatic`; production has run it.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("BIENBAN_STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "bienban@localhost")

# Django's cache holds the rendered parts of meetings (minutes.parts) and the
# log-in throttle's counters. By default each process keeps its own in memory;
# production with several processes or hosts names a shared Redis, e.g.
# BIENBAN_CACHE_URL=redis://127.0.0.1:6379/1, and then sessions are read from it
# too (written through to the database, so a lost cache logs nobody out).
BIENBAN_CACHE_URL = env_str("BIENBAN_CACHE_URL")
if BIENBAN_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": BIENBAN_CACHE_URL,
            "KEY_PREFIX": "bienban",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "bienban",
            # Parts of some hundred meetings; the oldest are dropped first.
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Sessions end after eight hours of inactivity and when the browser closes.
SESSION_COOKIE_AGE = env_int("BIENBAN_SESSION_SECONDS", 8 * 3600, minimum=60)
# The expiry slides, but the session is written at most once in this many
# seconds (config.middleware.SessionRefreshMiddleware), not on every request.
SESSION_SAVE_EVERY_REQUEST = False
BIENBAN_SESSION_REFRESH_SECONDS = env_int("BIENBAN_SESSION_REFRESH_SECONDS", 300, minimum=0)

# Days an account's one-time activation code stays valid (members.activation).
BIENBAN_ACTIVATION_DAYS = env_int("BIENBAN_ACTIVATION_DAYS", 7, minimum=1)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# The CSRF failure page in the interface language, with its reference code.
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Signing: the passphrase that protects the PKCS#12 key files of organizations.
# Keys themselves live encrypted in the database; the passphrase never does.
SIGNING_PASSPHRASE = env_secret(
    "BIENBAN_SIGNING_PASSPHRASE", "bienban-demo-signing" if DEBUG else ""
)

# The font of the official document; a system check refuses one without
# Vietnamese glyphs.
DOCUMENT_FONT_FAMILY = env_str("BIENBAN_DOCUMENT_FONT", "Liberation Serif")

# One line per request (config/request_log.py): key=value text, or JSON lines
# for a log collector when BIENBAN_LOG_FORMAT=json. Every record carries the
# reference code of its request, the one shown on error pages.
LOG_FORMAT = env_str("BIENBAN_LOG_FORMAT", "text").strip().lower() or "text"
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"BIENBAN_LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"reference": {"()": "config.request_log.ReferenceFilter"}},
    "formatters": {
        "text": {"()": "config.request_log.TextFormatter"},
        "json": {"()": "config.request_log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["reference"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
        # Successful log-ins are routine; lock-outs and failures still show.
        "axes": {"level": "WARNING"},
        # The request line already has every status; Django's own "Not Found: /x"
        # warnings would double 4xx lines. Errors (with tracebacks) still show.
        "django.request": {"level": "ERROR"},
        # runserver's access log repeats the request line.
        "django.server": {"level": "WARNING"},
    },
}

# --- background tasks ----------------------------------------------------------
# Rendering and signing the PDF of approved minutes runs as a task (Django's
# tasks API, the django-tasks backport on Django 5.2; minutes/tasks.py). By
# default a task runs at once in the process that enqueues it (tests, `make run`).
# BIENBAN_TASKS_BACKEND=database stores tasks in the database instead, for
# `manage.py db_worker` to run; the worker can run on any host with the same
# settings (database, BIENBAN_SIGNING_PASSPHRASE, the media storage, the fonts).
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS_BACKEND = env_str("BIENBAN_TASKS_BACKEND", "immediate").strip().lower() or "immediate"
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"BIENBAN_TASKS_BACKEND must be immediate or database, not {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
# --- end of background tasks ---------------------------------------------------
