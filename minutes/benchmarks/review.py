"""Review pages for `manage.py bench`: the reviewer's queue, the comparison, the review page.

Requested as `vol_reviewer` (generated data) when it exists, else the
demonstration `reviewer`. The comparison is measured on the submitted minutes
with the most submissions (the interesting case: a resubmission after a
return); with demonstration data alone, submit, return and resubmit the seed
meeting first (README, "Review and approval") or the page shows "nothing to
compare yet".
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse

from minutes.benchmarks import Page

VOLUME_USER = "vol_reviewer"


def _user() -> str:
    exists = get_user_model().objects.filter(username=VOLUME_USER).exists()
    return VOLUME_USER if exists else "reviewer"


def _reviewed_meeting():
    from minutes.models import MinutesStatus
    from minutes.permissions import reviewable_meetings

    user = get_user_model().objects.get(username=_user())
    return (
        reviewable_meetings(user)
        .filter(status=MinutesStatus.SUBMITTED)
        .annotate(rounds=Count("snapshots"))
        .order_by("-rounds", "-submitted_at", "-pk")
        .first()
    )


def _changes_url() -> str:
    meeting = _reviewed_meeting()
    return reverse("review_changes", args=[meeting.pk]) if meeting else reverse("review_queue")


def _review_url() -> str:
    meeting = _reviewed_meeting()
    return reverse("review_meeting", args=[meeting.pk]) if meeting else reverse("review_queue")


def pages() -> list[Page]:
    user = _user()
    return [
        Page("review: queue", user, lambda: reverse("review_queue"), target_queries=10),
        Page("review: comparison with last submission", user, _changes_url, target_queries=12),
        Page("review: minutes part by part, comments", user, _review_url, target_queries=22),
        Page("review: home panel", user, lambda: reverse("home"), target_queries=25),
    ]
