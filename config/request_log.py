"""One log line per request, and the reference code that ties a page to its line.

Every request gets a short random reference (8 hex characters) on
`request.reference`; it goes out as the `X-Request-ID` header, is printed on
error pages, and is part of every log record written while the request runs.

Two formats, chosen by BIENBAN_LOG_FORMAT:

text (default), key=value pairs after the time, level and logger:
    2022-06-21T19:30:00.123+07:00 INFO bienban.request method=GET path=/meetings/1/ status=200 duration_ms=12.4 reference=3f9a01c2 user=5

json, one object per line:
    {"time": "...", "level": "INFO", "logger": "bienban.request", "reference": "3f9a01c2",
     "message": "...", "method": "GET", "path": "/meetings/1/", "status": 200,
     "duration_ms": 12.4, "user": 5}

The user is an id, never a name; the query string is left out (searches carry
names) and one-time codes in paths are masked.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import secrets
from contextvars import ContextVar

from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

request_logger = logging.getLogger("bienban.request")

current_reference: ContextVar[str] = ContextVar("bienban_reference", default="")

# Routes whose path carries a secret (an activation code, a password-reset token):
# that part is masked in the log line.
SECRET_PATH_PARTS = {
    "activate_code": ("code",),
    "password_reset_confirm": ("uidb64", "token"),
}

_BARE = re.compile(r"^[^\s\"=\\\x00-\x1f\x7f]*$")


def new_reference() -> str:
    return secrets.token_hex(4)


def reference_of(request: HttpRequest) -> str:
    """The request's reference; made on the spot for a request that bypassed the middleware."""
    reference = getattr(request, "reference", "")
    if not reference:
        reference = new_reference()
        request.reference = reference
    return reference


def user_id(request: HttpRequest) -> int | str | None:
    """The signed-in user's id, if the request already knows it (this costs no query)."""
    user = getattr(request, "user", None)
    if user is not None:
        wrapped = getattr(user, "_wrapped", user)  # the lazy user, once something used it
        if wrapped is not empty and getattr(wrapped, "is_authenticated", False):
            return wrapped.pk
    session_data = getattr(getattr(request, "session", None), "_session_cache", None)
    if isinstance(session_data, dict) and session_data.get(SESSION_KEY):
        return session_data[SESSION_KEY]
    return None


def loggable_path(request: HttpRequest) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name in SECRET_PATH_PARTS:
        for name in SECRET_PATH_PARTS[match.url_name]:
            value = str(match.kwargs.get(name, ""))
            if value:
                path = path.replace(value, "***")
    return path


def _logfmt(value: object) -> str:
    text = "-" if value is None else str(value)
    return text if text and _BARE.match(text) else json.dumps(text, ensure_ascii=False)


def log_request(request: HttpRequest, response: HttpResponse, duration_ms: float) -> None:
    fields = {
        "method": request.method,
        "path": loggable_path(request),
        "status": response.status_code,
        "duration_ms": round(duration_ms, 1),
        "reference": reference_of(request),
        "user": user_id(request),
    }
    message = " ".join(f"{key}={_logfmt(value)}" for key, value in fields.items())
    level = logging.ERROR if response.status_code >= 500 else logging.INFO
    request_logger.log(level, message, extra={"http": fields, "reference": fields["reference"]})


# --- logging configuration pieces (settings.LOGGING) -----------------------------------


class ReferenceFilter(logging.Filter):
    """Gives every record the reference of the request it was written in ("-" outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "reference", None):
            request = getattr(record, "request", None)  # django.request records carry it
            record.reference = getattr(request, "reference", None) or current_reference.get() or "-"
        return True


def _timestamp(record: logging.LogRecord) -> str:
    moment = dt.datetime.fromtimestamp(record.created).astimezone()
    return moment.isoformat(timespec="milliseconds")


class TextFormatter(logging.Formatter):
    """time level logger [reference=…] message, then the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"{_timestamp(record)} {record.levelname} {record.name}"
        if not hasattr(record, "http"):  # the request line names its reference itself
            line += f" reference={getattr(record, 'reference', '-')}"
        line += " " + record.getMessage()
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


class JsonFormatter(logging.Formatter):
    """One JSON object per line; a traceback goes inside it, as "exception"."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "reference": getattr(record, "reference", "-"),
            "message": record.getMessage(),
            **getattr(record, "http", {}),
        }
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)
