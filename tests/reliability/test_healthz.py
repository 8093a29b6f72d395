"""/healthz: for operators and load balancers, no login, no personal data, cheap."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test import Client

from members.models import Role
from tests.factories import CellFactory, UserFactory, grant
from tests.reliability.test_database_down import database_unreachable

pytestmark = pytest.mark.django_db

ALL_OK = {"status": "ok", "database": "ok", "storage": "ok"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_all_parts_answer_200_with_a_short_json(django_assert_max_num_queries, media):
    with django_assert_max_num_queries(1):
        response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == ALL_OK
    assert response["Cache-Control"] == "no-store"
    assert len(response["X-Request-ID"]) == 8
    assert not response.cookies  # no session, no CSRF cookie
    # The probe file written to the storage is gone again.
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_everyone_gets_the_same_answer_signed_in_or_not():
    staff = UserFactory(username="secretary")
    grant(staff, CellFactory(), Role.RECORDER)
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    for user in (None, staff, admin):
        client = Client()
        if user:
            client.force_login(user)
        response = client.get("/healthz")
        assert (response.status_code, response.json()) == (200, ALL_OK)
        assert "secretary" not in response.content.decode()


def test_it_answers_an_internal_probe_over_plain_http_with_any_host(settings):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get("/", HTTP_HOST="10.0.0.5").status_code == 400  # pages: not this host
    response = client.get("/healthz", HTTP_HOST="10.0.0.5")
    assert (response.status_code, response.json()) == (200, ALL_OK)
    assert client.get("/healthz", HTTP_HOST="testserver").status_code == 200


def test_a_storage_that_cannot_be_written_is_503_naming_it(settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "storage": "unavailable"}


def test_a_database_that_cannot_be_reached_is_503_naming_it():
    with database_unreachable():
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable", "storage": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert response["Retry-After"] == "30"
    # Back by itself.
    assert Client().get("/healthz").json() == ALL_OK
    assert connections["default"].is_usable()


def test_it_is_exempt_from_the_login_lock_out():
    # An address locked out of log-ins still gets the health answer.
    client = Client()
    for _ in range(6):
        client.post("/accounts/login/", {"username": "x", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "x", "password": "y"}).status_code == 429
    assert client.get("/healthz").status_code == 200


def test_only_get_and_head_are_answered():
    assert Client().head("/healthz").status_code == 200
    assert Client().post("/healthz").status_code == 405
    response = Client(enforce_csrf_checks=True).post("/healthz")
    assert response.status_code == 403 and "CSRF" in response.content.decode()
