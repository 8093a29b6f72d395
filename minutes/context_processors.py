from __future__ import annotations

import functools
import unicodedata

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation


def languages(request: HttpRequest) -> dict:
    """The interface languages, each named in itself, for the one-click switch in the footer.

    Django's own names are not all in NFC ("Tiếng Việt" arrives decomposed);
    every Vietnamese text of the project is.
    """
    return {"interface_languages": _local_names()}


@functools.cache
def _local_names() -> tuple[tuple[str, str], ...]:
    return tuple(
        (code, unicodedata.normalize("NFC", translation.get_language_info(code)["name_local"]))
        for code, _name in settings.LANGUAGES
    )


def navigation(request: HttpRequest) -> dict:
    """Unread notifications and the areas the menu offers (logged-in users only).

    Both are lazy: a page that shows no navigation (an htmx fragment) reads nothing.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from django.utils.functional import SimpleLazyObject

    from members.access import menu_for
    from minutes.models import Notification

    return {
        "unread_notifications": Notification.objects.filter(user=user, read_at__isnull=True).count,
        "menu": SimpleLazyObject(lambda: menu_for(user)),
    }
