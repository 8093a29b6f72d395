"""The database is gone: every request gets the calm 503 page (never a 500 or a traceback),
a POST says nothing was saved, and the app answers again by itself once the database is back.

Two ways to lose the database:
- on PostgreSQL (scripts/with-postgres), the throwaway cluster of the test run is really
  stopped with pg_ctl and started again: the test that counts;
- on any engine, the connection is pointed somewhere it cannot open (a SQLite file in a
  directory that does not exist, a PostgreSQL port nobody listens on).
"""

from __future__ import annotations

import copy
import logging
import os
import re
import socket
import subprocess
import time
from contextlib import contextmanager
from importlib import import_module
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from members.models import Role
from tests.factories import UserFactory, grant, meeting_with_parts

UNAVAILABLE = "Hệ thống đang tạm gián đoạn, vui lòng thử lại sau ít phút"
NOTHING_SAVED = "Chưa lưu được gì"


@pytest.fixture(autouse=True)
def production(settings, tmp_path):
    settings.DEBUG = False
    settings.MEDIA_ROOT = tmp_path  # /healthz writes its probe file there


@pytest.fixture
def recording(db):
    meeting = meeting_with_parts()
    user = UserFactory(username="secretary")
    grant(user, meeting.cell, Role.RECORDER)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return meeting, client


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="bienban.request")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "bienban.request"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def database_unreachable():
    """Point the default connection at a database that cannot be opened, then put it back."""
    original = connections["default"]
    settings_dict = copy.deepcopy(original.settings_dict)
    if original.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-bienban-dir/db.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    backend = import_module(f"{settings_dict['ENGINE']}.base")
    connections["default"] = backend.DatabaseWrapper(settings_dict, alias="default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = original


def assert_calm_503(response) -> str:
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Traceback" not in page and "OperationalError" not in page
    assert "Server Error" not in page
    assert re.fullmatch(r"[0-9a-f]{8}", response["X-Request-ID"])
    assert response["X-Request-ID"] in page
    return page


# --- the connection cannot be opened (every engine) --------------------------------------


def test_every_page_is_a_vietnamese_503_while_the_database_cannot_be_reached(
    recording, request_lines
):
    meeting, client = recording
    urls = [
        reverse("meeting_detail", args=[meeting.pk]),
        reverse("recording_editor", args=[meeting.pk]),
        reverse("home"),
        reverse("register_roster", args=[meeting.cell_id]),
    ]
    with database_unreachable():
        for url in urls:
            response = client.get(url)
            page = assert_calm_503(response)
            assert '<html lang="vi">' in page
            assert UNAVAILABLE in page
            assert "Những gì đã lưu trước đó vẫn còn nguyên." in page
            assert "trang này tự tải lại sau 30 giây" in page
            assert '<meta http-equiv="refresh" content="30">' in page
            line = next(x for x in request_lines() if response["X-Request-ID"] in x)
            assert "status=503" in line
    # Back by itself: no restart, the same browser.
    assert client.get(urls[0]).status_code == 200


def test_the_503_page_in_english_after_switching(recording):
    meeting, client = recording
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    with database_unreachable():
        page = assert_calm_503(client.get(reverse("meeting_detail", args=[meeting.pk])))
    assert '<html lang="en">' in page
    assert "The service is temporarily unavailable" in page
    assert UNAVAILABLE not in page


def test_an_editor_save_by_htmx_answers_503_saying_nothing_was_saved(recording):
    meeting, client = recording
    before = meeting.speaking_turns.count()
    url = reverse("recording_item_add", args=[meeting.pk, "turn"])
    with database_unreachable():
        response = client.post(
            url,
            {"turn-new-speaker": "Hòa 2", "turn-new-gist": "Ý kiến đang gõ dở"},
            headers={"HX-Request": "true"},
        )
    fragment = assert_calm_503(response)
    assert "<html" not in fragment and len(fragment) < 500
    assert NOTHING_SAVED in fragment
    assert "nội dung bạn đã nhập vẫn còn trên trang" in fragment
    assert meeting.speaking_turns.count() == before


def test_a_plain_post_says_nothing_was_saved_and_shows_what_was_typed(recording):
    meeting, client = recording
    url = reverse("recording_item_add", args=[meeting.pk, "turn"])
    with database_unreachable():
        response = client.post(
            url, {"turn-new-speaker": "Hòa 2", "turn-new-gist": "Ý kiến <i>dài</i> đang gõ"}
        )
    page = assert_calm_503(response)
    assert "Chưa lưu được gì: nội dung bạn vừa gửi chưa được ghi lại." in page
    assert "Nội dung bạn vừa gửi (chưa được lưu)" in page
    assert "Ý kiến &lt;i&gt;dài&lt;/i&gt; đang gõ" in page
    assert "http-equiv" not in page  # never re-sent by itself


def test_with_debug_on_it_is_still_the_503_page_not_the_technical_one(recording, settings):
    settings.DEBUG = True
    meeting, client = recording
    with database_unreachable():
        page = assert_calm_503(client.get(reverse("meeting_detail", args=[meeting.pk])))
    assert UNAVAILABLE in page


# --- PostgreSQL really stopped ---------------------------------------------------------------

PG = {
    name: os.environ.get(f"BIENBAN_TEST_{name}", "")
    for name in ("PG_BINDIR", "PGDATA", "PG_LOG", "PG_OPTS", "PG_OWNER")
}


def pg_ctl(*args: str) -> None:
    runas = ["runuser", "-u", PG["PG_OWNER"], "--"] if PG["PG_OWNER"] else []
    subprocess.run(
        [*runas, f"{PG['PG_BINDIR']}/pg_ctl", *args, "-D", PG["PGDATA"], "-s"],
        cwd=Path(PG["PGDATA"]).parent,  # a directory the owner can read
        check=True,
        timeout=60,
    )


@pytest.mark.django_db(transaction=True)
def test_postgresql_stopped_and_started_again(db_vendor, request_lines):
    if db_vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run under scripts/with-postgres")
    if not PG["PGDATA"]:
        pytest.skip(
            "needs the throwaway cluster of scripts/with-postgres (BIENBAN_TEST_PGDATA); "
            "a database given by DATABASE_URL is never stopped"
        )
    meeting = meeting_with_parts()
    user = UserFactory(username="secretary")
    grant(user, meeting.cell, Role.RECORDER)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    page_url = reverse("meeting_detail", args=[meeting.pk])
    save_url = reverse("recording_item_add", args=[meeting.pk, "turn"])
    assert client.get(page_url).status_code == 200

    pg_ctl("stop", "-m", "fast", "-w")
    try:
        for _ in range(3):
            assert UNAVAILABLE in assert_calm_503(client.get(page_url))
        fragment = assert_calm_503(
            client.post(
                save_url,
                {"turn-new-speaker": "Hòa 2", "turn-new-gist": "Gõ trong lúc mất kết nối"},
                headers={"HX-Request": "true"},
            )
        )
        assert NOTHING_SAVED in fragment
        health = Client().get("/healthz")
        assert health.status_code == 503
        assert health.json() == {
            "status": "unavailable",
            "database": "unavailable",
            "storage": "ok",
        }
    finally:
        pg_ctl("start", "-w", "-t", "30", "-l", PG["PG_LOG"], "-o", PG["PG_OPTS"])

    back = time.monotonic()
    response = client.get(page_url)
    assert response.status_code == 200, response.content.decode()[:300]
    assert time.monotonic() - back < 2
    assert Client().get("/healthz").json()["database"] == "ok"
    assert not meeting.speaking_turns.filter(gist="Gõ trong lúc mất kết nối").exists()
    statuses = [re.search(r"status=(\d+)", line).group(1) for line in request_lines()]
    assert "500" not in statuses and statuses.count("503") == 5
