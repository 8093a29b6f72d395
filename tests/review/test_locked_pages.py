"""The editor and its htmx endpoints refuse approved minutes (and submitted ones) with 403.

Every route of minutes/urls_recording.py that takes a meeting is tried, with a
plain POST and with an htmx POST, by the cell's recorder and by the
administrator; the minutes' text and their history must not move.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, reverse

from minutes import urls_recording
from minutes.document import build_document
from minutes.models import Meeting, Participant, Shortcoming, SpeakingTurn
from minutes.selectors import with_parts
from tests.review.conftest import approved, make_meeting, submitted

pytestmark = pytest.mark.django_db

MEETING_ROUTES = [
    p.name
    for p in urls_recording.urlpatterns
    if isinstance(p, URLPattern) and "pk" in p.pattern.converters
]

# Endpoints that only read (GET) refuse a POST by its method; every other one refuses it
# because the minutes are closed.
READ_ONLY = {
    "recording_editor",
    "recording_preview",
    "recording_document",
    "recording_people",
    "recording_decision_outcome",
}


def kwargs_for(name: str, meeting: Meeting) -> dict:
    pattern = next(p for p in urls_recording.urlpatterns if p.name == name)
    values = {"pk": meeting.pk}
    for key in pattern.pattern.converters:
        if key == "section":
            values[key] = "details"
        elif key == "person_id":
            values[key] = Participant.objects.filter(meeting=meeting).first().pk
        elif key == "shortcoming_id":
            values[key] = Shortcoming.objects.filter(meeting=meeting).first().pk
        elif key == "kind":
            values[key] = "turn"
        elif key == "item_id":
            values[key] = SpeakingTurn.objects.filter(meeting=meeting).first().pk
    return values


def state(meeting: Meeting) -> tuple[str, int]:
    full = with_parts(Meeting.objects.filter(pk=meeting.pk)).get()
    return build_document(full).text(), sum(
        model.history.filter(
            **({"id": meeting.pk} if model is Meeting else {"meeting_id": meeting.pk})
        ).count()
        for model in (Meeting, Participant, SpeakingTurn, Shortcoming)
    )


def post_data(meeting: Meeting) -> dict:
    # Plausible values of every editor form: the refusal must come before validation.
    return {
        "revision": meeting.revision,
        "gist": "Sửa sau khi duyệt.",
        "text": "Sửa sau khi duyệt.",
        "title": "Sửa sau khi duyệt.",
        "place": "Nơi khác",
        "status": "absent_excused",
        "absence_reason": "Ốm",
        "direction": "up",
    }


@pytest.fixture(params=["approved", "submitted"])
def closed(request, world, signing_key) -> Meeting:
    meeting = make_meeting(world)
    Shortcoming.objects.create(meeting=meeting, subject="cell", text="Chưa thường xuyên.")
    return approved(world, meeting) if request.param == "approved" else submitted(world, meeting)


def test_the_recording_routes_are_all_covered():
    assert len(MEETING_ROUTES) >= 10, MEETING_ROUTES
    assert "recording_editor" in MEETING_ROUTES


@pytest.mark.parametrize("who", ["recorder", "admin"])
def test_the_editor_refuses_closed_minutes(world, client, closed, who):
    client.force_login(getattr(world, who))
    before = state(closed)
    for name in MEETING_ROUTES:
        url = reverse(name, kwargs=kwargs_for(name, closed))
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.post(url, post_data(closed), **headers)
            expected = 405 if name in READ_ONLY else 403
            assert response.status_code == expected, (name, headers, response.status_code)
        if name == "recording_editor":
            assert client.get(url).status_code == 403
    assert state(closed) == before
