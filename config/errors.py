"""Error pages people can act on, and the database-down path.

Every error page says what happened and what to do, in the interface language,
with the request's reference code (see config.request_log) so that an operator
can find the matching log line. 400, 403, 404 and the CSRF failure use the
app's layout (base.html); 500 and 503 use a standalone layout that touches
neither the database, the session nor the user, so they render even when the
database is gone.

When the database cannot be reached (OperationalError / InterfaceError, raised
anywhere in the request, the session and auth middleware included), Django
ends up in handler500: it answers 503 with Retry-After instead, and closes the
broken connection so that the next request reconnects by itself.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from config.request_log import reference_of

logger = logging.getLogger(__name__)

# Seconds a client (or a proxy) should wait before retrying after a 503.
RETRY_AFTER_SECONDS = 30

# Both mean "no usable connection": the server is down or restarting, the
# network is cut, the connection was closed under us, or (SQLite) the file
# cannot be opened. Deadlocks and timeouts are OperationalErrors too: also
# transient, also worth "try again in a moment".
UNAVAILABLE = (OperationalError, InterfaceError)

# What the user typed is shown back after a failed POST, but never these.
_NOT_ECHOED = ("csrfmiddlewaretoken", "password", "original", "next")
_ECHO_MAX_FIELDS = 20
_ECHO_MAX_CHARS = 20_000


def is_database_unavailable(exc: BaseException | None) -> bool:
    """The exception, or one it was raised from or while handling, is a lost database."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, UNAVAILABLE):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def one_line(exc: BaseException) -> str:
    """An error's text on one log line (psycopg's span several)."""
    return " ".join(str(exc).split())[:300]


def close_broken_connections() -> None:
    """Drop connections that no longer work, so the next request opens a fresh one.

    Django does this when a request finishes (close_old_connections on
    request_finished), but not under the test client, and a dead persistent
    connection (CONN_MAX_AGE) would otherwise fail again on the next request.
    A connection inside an atomic block (a test's transaction) is left alone.
    """
    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block:
            continue
        try:
            conn.close_if_unusable_or_obsolete()
        except Exception:  # closing a dead socket may fail too; the object is reset anyway
            conn.connection = None


def chosen_language(request: HttpRequest) -> str:
    # Imported here: config.middleware imports this module.
    from config.middleware import chosen_language as choose

    return choose(request)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def typed_values(request: HttpRequest) -> list[str]:
    """What the user typed into the form that failed, to copy before leaving the page.

    Only after the CSRF check accepted the POST: a forged cross-site POST must
    not get text of its choosing shown on this site's pages. Tokens, passwords,
    ids and other short values are left out.
    """
    if request.method != "POST" or not getattr(request, "csrf_processing_done", False):
        return []
    try:
        items = list(request.POST.lists())
    except Exception:  # the body itself may be what failed (too big, broken encoding)
        return []
    values = []
    for name, field_values in items:
        if any(word in name.lower() for word in _NOT_ECHOED):
            continue
        for value in field_values:
            text = value.strip()
            if len(text) >= 3 and not text.isdigit():
                values.append(text[:_ECHO_MAX_CHARS])
    return values[:_ECHO_MAX_FIELDS]


def _standalone(request: HttpRequest, template: str, context: dict, status: int) -> HttpResponse:
    """Render without a RequestContext: no context processor, so no session, user or query."""
    language = chosen_language(request)
    context = {
        "reference": reference_of(request),
        "LANGUAGE_CODE": language,
        "retry_url": request.get_full_path() if request.method == "GET" else "",
        **context,
    }
    with translation.override(language):
        try:
            body = loader.get_template(template).render(context)
        except Exception:  # a broken template or static manifest must not hide the error page
            logger.exception("error page %s could not be rendered", template)
            body = format_html(
                "<!doctype html><title>{}</title><h1>{}</h1><p>{}: {}</p>",
                status,
                _("Đã xảy ra lỗi") if status == 500 else _("Hệ thống đang tạm gián đoạn"),
                _("Mã tham chiếu"),
                context["reference"],
            )
    response = HttpResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    response["Content-Language"] = language
    return response


def _fragment(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """A short answer for htmx: the editor shows it, the page around it stays."""
    with translation.override(chosen_language(request)):
        body = format_html(
            '<div class="alert alert-danger" role="alert">{} ({}: {})</div>',
            message,
            _("Mã tham chiếu"),
            reference_of(request),
        )
    response = HttpResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503: the database cannot be reached. Nothing was saved; try again in a few minutes."""
    if _is_htmx(request):
        with translation.override(chosen_language(request)):
            message = _(
                "Hệ thống đang tạm gián đoạn, vui lòng thử lại sau ít phút. "
                "Chưa lưu được gì; nội dung bạn đã nhập vẫn còn trên trang."
            )
        response = _fragment(request, message, 503)
    else:
        response = _standalone(
            request,
            "503.html",
            {
                "posted": request.method == "POST",
                "typed": typed_values(request),
                "retry_after": RETRY_AFTER_SECONDS,
            },
            503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def database_unavailable(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """The 503 for a lost database: one log line (not a traceback per request), connections reset."""
    close_broken_connections()
    if not getattr(request, "database_error_logged", False):  # the session may fail again after
        request.database_error_logged = True
        logger.warning("database unavailable: %s: %s", type(exc).__name__, one_line(exc))
    response = unavailable_response(request)
    # Django would log it again as "Service Unavailable", with the whole traceback.
    response._has_been_logged = True
    return response


# --- handlers (config/urls.py) --------------------------------------------------------


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500, called while the exception is being handled."""
    exc = sys.exc_info()[1]
    if is_database_unavailable(exc):
        return database_unavailable(request, exc)
    if _is_htmx(request):
        with translation.override(chosen_language(request)):
            message = _("Đã xảy ra lỗi; thao tác chưa hoàn tất.")
        return _fragment(request, message, 500)
    return _standalone(
        request,
        "500.html",
        {"posted": request.method == "POST", "typed": typed_values(request)},
        500,
    )


def _page(request: HttpRequest, template: str, status: int, context: dict | None = None):
    """An error page in the app's layout (which shows the user's menu, so reads the session)."""
    if _is_htmx(request):
        message = (context or {}).get("message") or {
            400: _("Yêu cầu không hợp lệ."),
            403: _("Bạn không có quyền làm việc này."),
            404: _("Không tìm thấy nội dung này."),
        }.get(status, "")
        return _fragment(request, message, status)
    response = render(request, template, {"reference": reference_of(request), **(context or {})})
    response.status_code = status
    return response


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Saving the session after the view (its expiry is moved every few minutes:
    # SessionRefreshMiddleware) while the database drops becomes
    # SessionInterrupted, a 400; underneath it is the outage.
    if is_database_unavailable(exception):
        return database_unavailable(request, exception)
    return _page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Services raise PermissionDenied with a message written for the user; a bare one has none.
    message = str(exception) if exception is not None and exception.args else ""
    return _page(request, "403.html", 403, {"message": message})


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Http404's own text is for developers ("No Meeting matches the given query"): not shown.
    return _page(request, "404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the form's security token is missing or stale (403)."""
    if _is_htmx(request):
        message = _(
            "Phiên làm việc của biểu mẫu đã hết hạn (CSRF). Hãy sao chép nội dung "
            "vừa nhập, tải lại trang rồi thử lại."
        )
        return _fragment(request, message, 403)
    # The form's text is not shown back: a forged cross-site POST lands here too.
    return _page(request, "403_csrf.html", 403)
