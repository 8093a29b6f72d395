"""Log-in throttling per user name, on top of django-axes' lock per (user name, address).

django-axes locks a user name *from one address* for an hour after five
failures. Someone guessing from many addresses never meets that lock, and a
per-name hour-long lock would let one attacker keep a user out (worse behind a
shared proxy, where the whole office is one address). So, per user name and
across all addresses, a short delay that grows: once a name has
BIENBAN_LOGIN_NAME_FAILURES failed log-ins (default 5), every attempt for it is
refused until 2^n seconds after the last failure (n = failures so far: 32 s,
64 s, ...), at most BIENBAN_LOGIN_MAX_DELAY seconds (default 300). Attempts
refused during the delay do not count; a successful log-in clears the count.

The counters live in Django's cache. The default cache is per process: with
several app processes, configure a shared cache (e.g. database or Redis) or
each process keeps its own count.

The client address: REMOTE_ADDR, unless BIENBAN_BEHIND_PROXY says a reverse
proxy is in front. Then the address is taken from X-Forwarded-For counting
BIENBAN_PROXY_COUNT hops from the right (default 1: the entry the nearest proxy
appended). Entries further left were sent by the client and can be anything,
so the left-most entry is never trusted.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

_KEY = "bienban:login-name:"


def client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address the lock-out counts by."""
    remote = request.META.get("REMOTE_ADDR")
    if not getattr(settings, "BIENBAN_BEHIND_PROXY", False):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    count = getattr(settings, "BIENBAN_PROXY_COUNT", 1)
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _key(username: str) -> str:
    digest = hashlib.sha256(username.strip().casefold().encode("utf-8")).hexdigest()
    return _KEY + digest


def _limit() -> int:
    return getattr(settings, "BIENBAN_LOGIN_NAME_FAILURES", 5)


def _max_delay() -> int:
    return getattr(settings, "BIENBAN_LOGIN_MAX_DELAY", 300)


def seconds_to_wait(username: str) -> int:
    """0, or how long log-ins for this user name are refused from now."""
    state = cache.get(_key(username))
    if not state or state["failures"] < _limit():
        return 0
    delay = min(2 ** state["failures"], _max_delay())
    remaining = state["last"] + delay - time.time()
    return max(0, int(remaining + 0.999))


def record_failure(username: str) -> None:
    key = _key(username)
    state = cache.get(key) or {"failures": 0, "last": 0.0}
    state = {"failures": state["failures"] + 1, "last": time.time()}
    # Kept a day after the last failure; a quiet name starts again from zero.
    cache.set(key, state, timeout=24 * 3600)


def clear(username: str) -> None:
    cache.delete(_key(username))


def delay_message(seconds: int) -> str:
    return ngettext(
        "Đăng nhập sai nhiều lần; vui lòng thử lại sau %(seconds)d giây.",
        "Đăng nhập sai nhiều lần; vui lòng thử lại sau %(seconds)d giây.",
        seconds,
    ) % {"seconds": seconds}


class UserNameThrottleBackend:
    """Listed after axes' backend, before ModelBackend: refuses a name that must wait.

    No get_user(): it never signs anyone in, and Django (force_login, the session)
    picks the first backend that has one.

    Raising PermissionDenied stops Django's authenticate() before the password
    is even checked; LoginThrottleMiddleware then shows the delay message.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not username:
            return None
        wait = seconds_to_wait(username)
        if wait:
            request.login_wait_seconds = wait
            raise PermissionDenied
        # The password is checked next (ModelBackend): a failure from here on counts.
        request.login_password_checked = True
        return None


def _on_failure(sender, credentials: dict, request=None, **kwargs) -> None:
    username = credentials.get("username")
    if not username:
        return
    # Only a password that was really tried counts, not a refusal (ours, or axes' lock).
    if request is not None and getattr(request, "login_password_checked", False):
        record_failure(username)


def _on_success(sender, request, user, **kwargs) -> None:
    clear(user.get_username())


user_login_failed.connect(_on_failure, dispatch_uid="bienban-login-name-failure")
user_logged_in.connect(_on_success, dispatch_uid="bienban-login-name-success")


class LoginThrottleMiddleware:
    """Shows the delay message (429) when UserNameThrottleBackend refused a log-in.

    On a log-in page (the site's or the admin's) the form comes back with the
    message in place of "wrong user name or password"; elsewhere, a short page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        wait = getattr(request, "login_wait_seconds", 0)
        if getattr(request, "axes_locked_out", False):
            return response  # the hour-long lock of this address says more
        if wait and not getattr(response, "login_wait_shown", False):
            response = HttpResponse(delay_message(wait), status=429)
        if wait:
            response["Retry-After"] = str(wait)
        return response

    def process_template_response(self, request: HttpRequest, response: TemplateResponse):
        wait = getattr(request, "login_wait_seconds", 0)
        form = (response.context_data or {}).get("form")
        if wait and form is not None and hasattr(form, "add_error"):
            form.errors.clear()
            form.add_error(None, ValidationError(delay_message(wait), code="throttled"))
            response.status_code = 429
            response.login_wait_shown = True
        return response


def username_for_axes(request, credentials) -> str:
    """The user name axes records, cut to what its columns hold (a 100 KB name was a 500)."""
    data = credentials or getattr(request, "POST", {})
    return (data.get("username") or "")[:150]
