"""The seed meeting's pages for `manage.py bench`, and the first view after an edit.

Measured on the seed meeting of `load_demo` (Chi bộ Quản lý đô thị, 21/6/2022:
15 attendance rows, 19 speaking turns, the shortcomings with their actions,
5 directive points; a draft) as the demonstration `secretary`, the recorder
who uses these pages: the meeting's page, the editor, the preview, the home
page and the meeting list. Targets from the issues: 25 ms median, at most 12
queries (issue 12).

"First view after an edit": before each timed request, one speaking turn of
the seed meeting is edited through `minutes.services.recording.update_item`,
as the editor's save does, so every request is the first view of the meeting
as it now is (issue 12: under 25 ms).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from minutes.benchmarks import Page

USER = "secretary"
SEED_CELL = "Chi bộ Quản lý đô thị"
SEED_DATE = dt.date(2022, 6, 21)
EDIT_MARK = " (đã sửa)"
TARGET_MS = 25
TARGET_QUERIES = 12


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


def edit_seed_meeting() -> None:
    """Change the gist of the seed meeting's first speaking turn, and back the next time."""
    from django.contrib.auth import get_user_model

    from minutes.models import Meeting
    from minutes.services.recording import snapshot, update_item

    meeting = Meeting.objects.get(pk=_seed_meeting_pk())
    turn = meeting.speaking_turns.order_by("order", "pk").first()
    if turn is None:
        raise LookupError("the seed meeting has no speaking turn to edit")
    gist = (
        turn.gist.removesuffix(EDIT_MARK)
        if turn.gist.endswith(EDIT_MARK)
        else turn.gist + EDIT_MARK
    )
    update_item(
        meeting=meeting,
        kind="turn",
        item_id=turn.pk,
        values={"speaker": turn.speaker, "gist": gist},
        original=snapshot(turn, "turn"),
        by=get_user_model().objects.get(username=USER),
    )


def _url(name: str):
    return lambda: reverse(name, args=[_seed_meeting_pk()])


def pages() -> list[Page]:
    seed = [
        ("meeting page", "meeting_detail"),
        ("editor", "recording_editor"),
        ("preview", "recording_preview"),
    ]
    return [
        *(
            Page(f"seed meeting: {label}", USER, _url(name), TARGET_MS, TARGET_QUERIES)
            for label, name in seed
        ),
        Page("secretary: home page", USER, lambda: reverse("home"), TARGET_MS, TARGET_QUERIES),
        Page(
            "secretary: meeting list",
            USER,
            lambda: reverse("meeting_list"),
            TARGET_MS,
            TARGET_QUERIES,
        ),
        *(
            Page(
                f"first view after an edit: {label}",
                USER,
                _url(name),
                TARGET_MS,
                None,
                before_each=edit_seed_meeting,
            )
            for label, name in seed[:2]
        ),
    ]
