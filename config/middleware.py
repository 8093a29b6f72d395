from __future__ import annotations

import sys
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import signals
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import empty

from config import errors, health, request_log

HEALTH_PATH = "/healthz"


class RequestMiddleware:
    """First in the chain: the reference code, the log line, /healthz, and the lost database.

    - sets `request.reference` (and the context the log records read it from),
      and sends it back as `X-Request-ID`;
    - answers GET /healthz itself, before host, HTTPS, session and CSRF checks;
    - turns a 500 caused by a lost database into the 503 page, whichever layer
      raised it (handler500 already does when DEBUG is off; this covers DEBUG's
      technical page too), and resets the broken connection;
    - writes one log line per request (config.request_log).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        request.reference = request_log.new_reference()
        token = request_log.current_reference.set(request.reference)
        try:
            if request.path_info == HEALTH_PATH and request.method in ("GET", "HEAD"):
                response = health.healthz(request)
            else:
                response = self.get_response(request)
            lost = getattr(request, "database_error", None)
            if lost is not None and response.status_code == 500:
                response = errors.database_unavailable(request, lost)
            elif lost is not None:
                errors.close_broken_connections()
            response["X-Request-ID"] = request.reference
            request_log.log_request(request, response, (time.monotonic() - started) * 1000)
            return response
        finally:
            request_log.current_reference.reset(token)


def _note_database_error(sender, request=None, **kwargs) -> None:
    """got_request_exception: remember a lost database on the request (see RequestMiddleware)."""
    exc = sys.exc_info()[1]
    if request is not None and errors.is_database_unavailable(exc):
        request.database_error = exc


signals.got_request_exception.connect(_note_database_error, dispatch_uid="bienban-database-error")


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user.

    Pages with minutes or personal data must not stay in a shared computer's
    browser cache (or a proxy's) after log-out. A response that sets its own
    Cache-Control keeps it (the PDF downloads already say no-store); static
    files are served by WhiteNoise before this and keep their long caching.
    "Signed in" is read without a query: a session cookie, or a user the view
    already loaded.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Cache-Control" not in response and _signed_in(request):
            response["Cache-Control"] = "private, no-store"
        return response


class SessionRefreshMiddleware:
    """Keep a signed-in session alive without writing it on every request.

    Sessions end after `SESSION_COOKIE_AGE` without a request. Django's way to
    make that a sliding window, SESSION_SAVE_EVERY_REQUEST, costs an UPDATE (and
    its transaction) on every page; here the session is saved, and its expiry
    moved, only when the last save is `BIENBAN_SESSION_REFRESH_SECONDS` old (5
    minutes by default). The window is then between the configured age and that
    much less. Reading the stamp costs nothing: the session is loaded anyway to
    find the user.
    """

    STAMP = "_refreshed"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and SESSION_KEY in session:
            now = int(time.time())
            stamp = session.get(self.STAMP, 0)
            if now - stamp >= settings.BIENBAN_SESSION_REFRESH_SECONDS:
                session[self.STAMP] = now  # marks it modified: SessionMiddleware saves it
        return response


def _signed_in(request: HttpRequest) -> bool:
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    return wrapped is not None and wrapped is not empty and bool(wrapped.is_authenticated)


def chosen_language(request: HttpRequest) -> str:
    """Vietnamese unless the language switch (its cookie) chose another interface language."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


# No inline scripts or styles anywhere: every script is a file served by the app
# (htmx from django-htmx, Bootstrap from node_modules, our own static/js).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class LanguageMiddleware:
    """Vietnamese unless the user chose otherwise with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an
    English browser would get English; party offices expect Vietnamese first.
    Only the language cookie set by the switch (django.views.i18n.set_language)
    changes it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response
