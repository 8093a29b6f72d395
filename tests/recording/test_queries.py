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


# The editor's figures, warm and cold, are pinned in test_editor_speed.py.
PAGE_LIMIT = 12


def test_preview_queries_do_not_grow_with_the_meeting(client):
    counts = {}
    for size in SIZES:
        meeting, user = build(size)
        client.force_login(user)
        counts[size] = count(client, reverse("recording_preview", args=[meeting.pk]))
    assert counts["small"] == counts["large"] <= PAGE_LIMIT, counts


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
