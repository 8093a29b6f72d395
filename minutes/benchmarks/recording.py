"""Recording pages for `manage.py bench`: the editor, the preview and the list.

Measured on the seed meeting of `load_demo` (Chi bộ Quản lý đô thị, 21/6/2022:
15 attendance rows, 19 speaking turns, the shortcomings with their actions,
5 directive points) as the demonstration `secretary`, the recorder who uses
these pages. Targets from the issue: 25 ms median, 15 queries.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from minutes.benchmarks import Page

USER = "secretary"
SEED_CELL = "Chi bộ Quản lý đô thị"
SEED_DATE = dt.date(2022, 6, 21)


def _seed_meeting_pk() -> int:
    from minutes.models import Meeting

    meeting = (
        Meeting.objects.current()
        .filter(cell__name=SEED_CELL, date=SEED_DATE)
        .order_by("-version")
        .first()
    )
    if meeting is None:
        raise LookupError("the seed meeting is missing: run `manage.py load_demo` first")
    return meeting.pk


def pages() -> list[Page]:
    return [
        Page(
            "recording: editor (seed meeting)",
            USER,
            lambda: reverse("recording_editor", args=[_seed_meeting_pk()]),
            target_ms=25,
            target_queries=15,
        ),
        Page(
            "recording: preview (seed meeting)",
            USER,
            lambda: reverse("recording_preview", args=[_seed_meeting_pk()]),
            target_ms=25,
            target_queries=15,
        ),
        Page(
            "recording: meeting list",
            USER,
            lambda: reverse("meeting_list"),
            target_ms=25,
            target_queries=15,
        ),
    ]
