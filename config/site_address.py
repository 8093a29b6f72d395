"""The public address of the site, as printed in signed PDFs and links in e-mails.

A signed PDF carries a QR code and a short link to its verify page
(`<address>/v/<code>`); whoever holds the paper types that link, so it must be
the address people outside reach, not the machine's own. In production it is
`BIENBAN_SITE_URL` (settings.SITE_URL), and a system check
(`minutes.checks.check_site_url`) refuses to start with DEBUG off when it is
missing or a loopback address.

In development it may be left unset: the address is then the one the browser
used for the request being served (`RequestAddressMiddleware` keeps it for the
request), and the background task that signs a document is given the address
of the request that asked for it (`serving`), since it has no request of its
own. With neither (a management command such as `load_demo`), the address of
`make run` is used.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

#: What `make run` serves; only used in development, with no request at hand.
DEVELOPMENT_ADDRESS = "http://127.0.0.1:8000"

_request_address: ContextVar[str] = ContextVar("bienban_request_address", default="")
_warned: list[bool] = []


def address_of(request: HttpRequest) -> str:
    """`scheme://host[:port]` as the browser asked for it; "" for a host Django refuses."""
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    return f"{request.scheme}://{host}"


def request_address() -> str:
    """The address of the request (or task) being served when no site address is set, else ""."""
    return _request_address.get()


@contextmanager
def serving(address: str) -> Iterator[None]:
    """Within the block, `site_url()` falls back to `address` (a task acting for a request)."""
    if not address:
        yield
        return
    token = _request_address.set(address.rstrip("/"))
    try:
        yield
    finally:
        _request_address.reset(token)


def site_url() -> str:
    """The address to print: the configured one, else (development) the request's."""
    if settings.SITE_URL:
        return settings.SITE_URL
    address = _request_address.get()
    if address:
        return address
    if not _warned:
        # Once per process: load_demo signs several documents in a row.
        _warned.append(True)
        logger.warning(
            "BIENBAN_SITE_URL is not set and there is no request: links use %s",
            DEVELOPMENT_ADDRESS,
        )
    return DEVELOPMENT_ADDRESS


class RequestAddressMiddleware:
    """Development without BIENBAN_SITE_URL: remember the request's address while it is served."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SITE_URL:
            return self.get_response(request)
        with serving(address_of(request)):
            return self.get_response(request)
