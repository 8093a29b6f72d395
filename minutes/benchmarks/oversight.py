"""Oversight pages for `manage.py bench`, on the data of `generate_volume`.

They are requested as `vol_reviewer`, the reviewer of the whole generated
province (about 300 cells and 18,000 meetings over five years): the widest
scope, so the slowest case. Without generated data they fall back to the
demonstration account `reviewer`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from minutes.benchmarks import Page

VOLUME_USER = "vol_reviewer"


def _user() -> str:
    exists = get_user_model().objects.filter(username=VOLUME_USER).exists()
    return VOLUME_USER if exists else "reviewer"


def _campaign_url() -> str:
    from members.access import organizations_with_role
    from minutes.models import Campaign

    user = get_user_model().objects.get(username=_user())
    campaign = (
        Campaign.objects.filter(committee__in=organizations_with_role(user))
        .order_by("-deadline", "-pk")
        .first()
    )
    return reverse("campaign_detail", args=[campaign.pk]) if campaign else reverse("campaign_list")


def _deep_page() -> str:
    from members.access import meetings_visible_to

    user = get_user_model().objects.get(username=_user())
    pages = max(1, -(-meetings_visible_to(user).count() // 25))
    return reverse("meeting_list") + f"?page={max(1, pages * 9 // 10)}"


def pages() -> list[Page]:
    user = _user()
    return [
        Page("oversight: committee dashboard", user, lambda: reverse("oversight_dashboard")),
        Page("oversight: campaign status", user, _campaign_url),
        Page("oversight: follow-up board", user, lambda: reverse("followup_board")),
        Page("oversight: regularity", user, lambda: reverse("regularity")),
        Page(
            "oversight: statistics (this year)",
            user,
            lambda: reverse("statistics"),
            target_ms=100,  # issue 12
        ),
        Page("oversight: search, common word", user, lambda: reverse("search") + "?q=nghi+quyet"),
        Page("oversight: search, rare word", user, lambda: reverse("search") + "?q=phao"),
        Page("meeting list, page 1", user, lambda: reverse("meeting_list")),
        Page("meeting list, deep page (90%)", user, _deep_page),
    ]
