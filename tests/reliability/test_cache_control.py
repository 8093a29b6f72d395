"""Pages with minutes or personal data are not kept in a browser's or a proxy's cache:
`Cache-Control: private, no-store` on every response to a signed-in user."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from members.models import Role
from tests.factories import UserFactory, grant, meeting_with_parts

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


@pytest.fixture
def secretary(db):
    meeting = meeting_with_parts()
    user = UserFactory(username="secretary")
    grant(user, meeting.cell, Role.RECORDER)
    client = Client()
    client.force_login(user)
    return client, meeting


def test_minutes_pages_are_private_and_not_stored(secretary):
    client, meeting = secretary
    for name, args in [
        ("meeting_detail", [meeting.pk]),
        ("recording_editor", [meeting.pk]),
        ("recording_preview", [meeting.pk]),
        ("register_roster", [meeting.cell_id]),
        ("home", []),
        ("meeting_list", []),
        ("search", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
        assert response["Cache-Control"] == PRIVATE, name


def test_htmx_fragments_and_error_pages_of_a_signed_in_user_too(secretary):
    client, meeting = secretary
    turn = meeting.speaking_turns.first()
    response = client.get(
        reverse("recording_item_edit", args=[meeting.pk, "turn", turn.pk]),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200 and response["Cache-Control"] == PRIVATE
    response = client.get(reverse("meeting_detail", args=[999999]))
    assert response.status_code == 404 and response["Cache-Control"] == PRIVATE


def test_a_response_that_sets_its_own_cache_control_keeps_it(secretary):
    client, _ = secretary
    # Django's log-in view says never_cache itself.
    response = client.get(reverse("login"))
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_after_log_out_the_page_is_gone_from_the_browser_too(secretary):
    client, meeting = secretary
    url = reverse("meeting_detail", args=[meeting.pk])
    assert client.get(url)["Cache-Control"] == PRIVATE
    client.post(reverse("logout"))
    response = client.get(url)
    assert response.status_code == 302  # to the log-in page; nothing served from a cache


def test_anonymous_public_pages_are_left_alone(db):
    response = Client().get("/khong-co/")
    assert response.status_code == 404
    assert "Cache-Control" not in response


def test_static_files_keep_their_caching(secretary, settings):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client, _ = secretary
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    # WhiteNoise's own header (a long max-age once collected and hashed in production).
    assert (
        response["Cache-Control"].startswith("max-age=") and "public" in response["Cache-Control"]
    )
