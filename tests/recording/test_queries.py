"""The editor and the preview read a fixed number of queries, whatever the size of the meeting."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Role
from minutes.services.recording import add_item, add_shortcoming
from tests.factories import CellFactory, UserFactory, grant, meeting_with_parts

pytestmark = pytest.mark.django_db

SIZES = {
    "small": {"members": 3, "turns": 1, "directives": 1, "decisions": 1, "guests": 1, "parts": 1},
    "large": {
        "members": 25,
        "turns": 30,
        "directives": 8,
        "decisions": 6,
        "guests": 5,
        "parts": 12,
    },
}


def build(size: str):
    spec = dict(SIZES[size])
    parts = spec.pop("parts")
    meeting = meeting_with_parts(CellFactory(), **spec)
    for i in range(parts):
        add_shortcoming(
            meeting=meeting,
            values={"subject": "cell", "text": f"Tồn tại {i}", "tags": []},
            action={"text": f"Khắc phục {i}", "owner_name": "Chi ủy"},
            by=None,
        )
        add_item(meeting=meeting, kind="report", values={"title": f"Báo cáo {i}"}, by=None)
        add_item(meeting=meeting, kind="agenda", values={"title": f"Nội dung {i}"}, by=None)
    user = UserFactory(username=f"queries-{size}")
    grant(user, meeting.cell, Role.RECORDER)
    return meeting, user


def count(client, url) -> int:
    client.get(url)  # the session and language settle on the first request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# Session read, user, 2 × who may see (members.access), meeting + 9 parts
# (selectors.with_parts), recorder role, committee settings, voting rules, and the
# session write: 3 statements here (a savepoint inside the test's transaction; a
# plain UPDATE between BEGIN and COMMIT on SQLite outside tests, 1 on PostgreSQL).
EDITOR_QUERIES = 20
# The editor's, plus the roster of the day (every member listed in the attendance?).
PREVIEW_QUERIES = 21


@pytest.mark.parametrize(
    ("name", "expected"),
    [("recording_editor", EDITOR_QUERIES), ("recording_preview", PREVIEW_QUERIES)],
)
def test_page_queries_do_not_grow_with_the_meeting(client, name, expected):
    counts = {}
    for size in SIZES:
        meeting, user = build(size)
        client.force_login(user)
        counts[size] = count(client, reverse(name, args=[meeting.pk]))
    assert counts["small"] == counts["large"] == expected, counts


def test_htmx_fragments_do_not_grow_either(client):
    counts = {}
    for size in SIZES:
        meeting, user = build(size)
        client.force_login(user)
        turn = meeting.speaking_turns.first()
        url = reverse("recording_item_edit", args=[meeting.pk, "turn", turn.pk])
        client.get(url, HTTP_HX_REQUEST="true")
        with CaptureQueriesContext(connection) as queries:
            client.get(url, HTTP_HX_REQUEST="true")
        counts[size] = len(queries)
    assert counts["small"] == counts["large"], counts
