"""/healthz for operators and load balancers: is the app, its database and its file storage up?

200 {"status": "ok", "database": "ok", "storage": "ok"}, or 503 with the part
that fails marked "unavailable". No login, no personal data, no session: the
request middleware answers it before the session, CSRF, host and HTTPS checks,
so a probe on the internal address over plain http gets the real answer.
"""

from __future__ import annotations

import logging
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from config.errors import RETRY_AFTER_SECONDS, close_broken_connections, one_line

logger = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"


def database_status() -> str:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("health: database unavailable: %s", one_line(exc))
        close_broken_connections()
        return UNAVAILABLE
    return OK


def storage_status() -> str:
    """Write and delete a tiny file where the signed PDFs are stored (a full or read-only disk fails)."""
    try:
        name = default_storage.save(f"healthz/probe-{secrets.token_hex(4)}.txt", ContentFile(b"ok"))
        default_storage.delete(name)
    except Exception as exc:  # any storage backend, any failure: the answer is "unavailable"
        logger.warning("health: storage unavailable: %s: %s", type(exc).__name__, one_line(exc))
        return UNAVAILABLE
    return OK


@require_safe  # other methods go the normal way (CSRF check, then 405)
def healthz(request: HttpRequest) -> JsonResponse:
    parts = {"database": database_status(), "storage": storage_status()}
    healthy = all(state == OK for state in parts.values())
    response = JsonResponse(
        {"status": OK if healthy else UNAVAILABLE, **parts}, status=200 if healthy else 503
    )
    response["Cache-Control"] = "no-store"
    if not healthy:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # The failing part is logged above; Django's "Service Unavailable" line would repeat it.
    response._has_been_logged = True
    return response
