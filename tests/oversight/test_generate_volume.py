"""generate_volume: realistic, reproducible, and its derived data is what the app computes."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from minutes.models import (
    ActionProgress,
    CorrectiveAction,
    Meeting,
    MeetingFigures,
    MinutesStatus,
    Participant,
)
from minutes.oversight.figures import refresh_figures
from minutes.search import refresh_search_document

ARGS = ["--cells", "4", "--years", "1", "--until", "2024-06-30", "--cells-per-committee", "2"]


def digest() -> str:
    # Ordered by every column compared, never by pk (PostgreSQL's sequences are not
    # rolled back between the runs): rows that tie on a prefix would otherwise come
    # back in whatever order the table's pages hold them.
    columns = ("cell__name", "date", "kind", "status", "number", "search_document")
    rows = Meeting.objects.order_by(*columns).values_list(*columns)
    action_columns = ("meeting__cell__name", "meeting__date", "text", "status", "deadline")
    actions = CorrectiveAction.objects.order_by(*action_columns).values_list(*action_columns)
    data = repr(list(rows)) + repr(list(actions))
    return hashlib.sha256(data.encode()).hexdigest()


def generate(seed: int) -> str:
    out = io.StringIO()
    call_command("generate_volume", *ARGS, "--seed", str(seed), stdout=out)
    return out.getvalue()


def test_the_same_seed_gives_the_same_data(db):
    digests = []
    for seed in (3, 3, 4):
        with transaction.atomic():
            generate(seed)
            digests.append(digest())
            transaction.set_rollback(True)
    assert digests[0] == digests[1]
    assert digests[0] != digests[2]


def test_it_makes_realistic_minutes_and_refuses_to_run_twice(db):
    output = generate(1)
    assert "meetings" in output and "in " in output
    meetings = Meeting.objects.filter(cell__name__startswith="Chi bộ thôn")
    # Four cells, twelve months: a regular meeting most months, thematic ones each quarter.
    assert 40 <= meetings.count() <= 70
    assert meetings.filter(kind__in=("thematic", "combined")).count() >= 12
    assert meetings.filter(status=MinutesStatus.APPROVED).count() > meetings.count() * 0.8
    assert Participant.objects.filter(meeting__in=meetings).count() > meetings.count() * 5
    assert CorrectiveAction.objects.exclude(status="open").exists()
    assert ActionProgress.objects.filter(step="verified").exists()
    with pytest.raises(CommandError, match="already exists"):
        generate(1)


def test_derived_data_is_what_the_app_computes(db):
    generate(2)
    approved = Meeting.objects.filter(status=MinutesStatus.APPROVED).order_by("pk")
    for meeting in list(approved[:3]) + list(approved.filter(kind="combined")[:2]):
        stored_text = meeting.search_document
        stored = MeetingFigures.objects.filter(pk=meeting.pk).values().get()
        with transaction.atomic():
            assert refresh_search_document(meeting) == stored_text
            fresh = refresh_figures(meeting)
            transaction.set_rollback(True)
        for name, value in stored.items():
            if name not in ("computed_at", "meeting_id"):
                assert getattr(fresh, name) == value, name
