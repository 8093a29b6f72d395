"""One log line per request (method, path, status, duration, reference, user id), as
key=value text or, with BIENBAN_LOG_FORMAT=json, as JSON lines a collector can parse."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from members.models import Role
from tests.factories import MemberFactory, UserFactory, grant, meeting_with_parts

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(caplog):
    caplog.set_level(logging.INFO, logger="bienban.request")
    return lambda: [r for r in caplog.records if r.name == "bienban.request"]


@pytest.fixture
def secretary(db):
    meeting = meeting_with_parts()
    user = UserFactory(username="secretary", first_name="Trang", last_name="Nguyễn Thị Thu")
    grant(user, meeting.cell, Role.RECORDER)
    MemberFactory(cell=meeting.cell, user=user, full_name="Nguyễn Thị Thu Trang")
    return user, meeting


def test_one_line_per_request_with_status_duration_reference_and_user_id(secretary, lines):
    user, meeting = secretary
    client = Client()
    client.force_login(user)
    response = client.get(reverse("meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    [record] = lines()
    message = record.getMessage()
    reference = response["X-Request-ID"]
    assert re.fullmatch(
        rf"method=GET path=/meetings/{meeting.pk}/ status=200 duration_ms=\d+\.\d "
        rf"reference={reference} user={user.pk}",
        message,
    ), message
    assert record.levelno == logging.INFO
    assert "Trang" not in message and "secretary" not in message


def test_each_request_has_its_own_reference(lines):
    client = Client()
    references = {client.get(reverse("login"))["X-Request-ID"] for _ in range(5)}
    assert len(references) == 5
    assert all(re.fullmatch(r"[0-9a-f]{8}", r) for r in references)
    assert {r.getMessage().split("reference=")[1].split()[0] for r in lines()} == references


def test_an_anonymous_request_has_no_user(lines):
    Client().get(reverse("login"))
    assert lines()[-1].getMessage().endswith(" user=-")


def test_searches_and_one_time_codes_stay_out_of_the_log(secretary, lines):
    user, _ = secretary
    client = Client()
    client.force_login(user)
    client.get(reverse("search"), {"q": "Nguyễn Thị Thu Trang"})
    Client().get(reverse("activate_code", args=["MA-BI-MAT-123"]))
    text = "\n".join(r.getMessage() for r in lines())
    assert "path=/search/ " in text
    assert "Nguyễn" not in text and "q=" not in text
    assert "MA-BI-MAT-123" not in text and "path=/activate/***/ " in text


def test_a_path_with_spaces_or_line_breaks_stays_one_parsable_line(lines):
    Client(raise_request_exception=False).get("/khong%20co%0Areference=gia/")
    message = lines()[-1].getMessage()
    assert "\n" not in message
    assert 'path="/khong co\\nreference=gia/"' in message
    assert message.count("reference=") == 2  # the real one, and the quoted path's text


def _run(env: dict, tmp_path: Path) -> subprocess.CompletedProcess:
    """A fresh process with the production settings, serving three requests."""
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(raise_request_exception=False)\n"
        "for url in ('/healthz', '/khong-co/', '/accounts/login/'):\n"
        "    print('ID', c.get(url)['X-Request-ID'], flush=True)\n"
    )
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code],  # warnings are not log records
        cwd=REPO,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "BIENBAN_MEDIA_ROOT": str(tmp_path / "media"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_json_lines_when_the_environment_asks(tmp_path):
    result = _run({"BIENBAN_LOG_FORMAT": "json"}, tmp_path)
    assert result.returncode == 0, result.stderr
    ids = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("ID ")]
    records = [json.loads(line) for line in result.stderr.splitlines()]
    requests = [r for r in records if r["logger"] == "bienban.request"]
    assert [(r["method"], r["path"], r["status"]) for r in requests] == [
        ("GET", "/healthz", 200),
        ("GET", "/khong-co/", 404),
        ("GET", "/accounts/login/", 200),
    ]
    assert [r["reference"] for r in requests] == ids
    for r in requests:
        assert r["level"] == "INFO" and r["user"] is None
        assert isinstance(r["duration_ms"], float)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d", r["time"])


def test_key_value_text_by_default(tmp_path):
    result = _run({"BIENBAN_LOG_FORMAT": ""}, tmp_path)
    assert result.returncode == 0, result.stderr
    ids = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("ID ")]
    pattern = re.compile(
        r"^\S+ INFO bienban\.request method=GET path=(\S+) status=(\d{3}) "
        r"duration_ms=[\d.]+ reference=([0-9a-f]{8}) user=-$"
    )
    found = [pattern.match(line) for line in result.stderr.splitlines()]
    assert [(m[1], m[2], m[3]) for m in found if m] == [
        ("/healthz", "200", ids[0]),
        ("/khong-co/", "404", ids[1]),
        ("/accounts/login/", "200", ids[2]),
    ]


def test_an_unknown_log_format_stops_the_start(tmp_path):
    result = _run({"BIENBAN_LOG_FORMAT": "xml"}, tmp_path)
    assert result.returncode != 0
    assert "BIENBAN_LOG_FORMAT must be text or json, not 'xml'" in result.stderr
