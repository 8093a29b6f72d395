import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# A WSGI server (gunicorn) runs no system checks; the site address is one that
# must hold before anything is served (minutes.checks.check_site_url), since it
# is printed, unchangeable, into every signed PDF.
from django.core import checks  # noqa: E402
from django.core.management.base import SystemCheckError  # noqa: E402

_errors = [error for error in checks.run_checks(tags=["site"]) if error.is_serious()]
if _errors:
    raise SystemCheckError("\n".join(f"{error.id}: {error.msg} {error.hint}" for error in _errors))
