"""The verify link printed under the QR code: the public address, never the server's own.

With DEBUG off a system check refuses to start unless BIENBAN_SITE_URL is set
to an address people outside can reach; in development (no address set) the
link takes the address of the request that approved the minutes, also when a
background worker makes the PDF afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks
from django.core.management.utils import get_random_secret_key

from minutes.checks import check_site_url
from minutes.models import SignedDocument
from minutes.services.documents import verify_url
from tests.documents.conftest import pdftotext
from tests.documents.test_tasks import (
    DATABASE_TASKS,
    approve,
    run_worker,
    signed_bytes,
    world,  # noqa: F401 - the fixture
)
from tests.review.conftest import FAST_HASHERS, submitted

REPO = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


# --- the system check --------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "",
        "http://127.0.0.1:8000",
        "http://127.0.0.5",
        "http://localhost:8000",
        "https://LOCALHOST",
        "http://app.localhost",
        "http://[::1]:8000",
        "http://0.0.0.0:8000",
        "bienban.example.org",  # no scheme: not an address a phone can open
        "ftp://bienban.example.org",
        "https://bienban.example.org:port",
    ],
)
def test_with_debug_off_a_missing_or_loopback_address_is_an_error(settings, address):
    settings.DEBUG = False
    settings.SITE_URL = address
    errors = check_site_url()
    assert [e.id for e in errors] == ["bienban.E001"]
    assert "BIENBAN_SITE_URL" in errors[0].msg
    assert "mã QR" in errors[0].msg


@pytest.mark.parametrize(
    "address",
    ["https://bienban.example.org", "http://10.0.0.5:8080", "https://example.org/bienban"],
)
def test_a_reachable_address_passes(settings, address):
    settings.DEBUG = False
    settings.SITE_URL = address
    assert check_site_url() == []


def test_with_debug_on_the_check_is_silent(settings):
    settings.DEBUG = True
    settings.SITE_URL = ""
    assert check_site_url() == []


def test_the_check_runs_with_every_manage_py_command(settings):
    settings.DEBUG = False
    settings.SITE_URL = "http://localhost:8000"
    assert "bienban.E001" in [e.id for e in checks.run_checks()]
    assert "bienban.E001" in [e.id for e in checks.run_checks(include_deployment_checks=True)]


def _production_env(**extra: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "BIENBAN_"))},
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": get_random_secret_key() + get_random_secret_key(),
        "DJANGO_ALLOWED_HOSTS": "bienban.example.org",
        "BIENBAN_SIGNING_PASSPHRASE": "a-long-production-passphrase",
        "BIENBAN_STATIC_MANIFEST": "false",
        **extra,
    }


def test_manage_py_refuses_to_start_without_the_address():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=REPO,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "bienban.E001" in result.stderr
    assert "BIENBAN_SITE_URL" in result.stderr


def test_the_wsgi_application_refuses_to_load_with_a_loopback_address():
    """gunicorn runs no system checks: config/wsgi.py runs this one."""
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=REPO,
        env=_production_env(BIENBAN_SITE_URL="http://127.0.0.1:8000"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "bienban.E001" in result.stderr


# --- the verify link in the signed PDF ----------------------------------------------


def _printed_link(client, meeting, tmp_path) -> str:
    record = SignedDocument.objects.get(meeting_id=meeting.pk)
    text = pdftotext(signed_bytes(client, meeting), tmp_path)
    line = next(line for line in text.splitlines() if f"/v/{record.public_code}" in line)
    return line.split("Kiểm tra tại:")[-1].strip()


@pytest.mark.django_db
def test_the_configured_address_is_printed(world, client, settings, tmp_path):  # noqa: F811
    settings.SITE_URL = "https://bienban.example.org"
    meeting = submitted(world)
    client.defaults["HTTP_HOST"] = "localhost:8123"
    approve(client, world, meeting)
    code = SignedDocument.objects.get(meeting_id=meeting.pk).public_code
    assert _printed_link(client, meeting, tmp_path) == f"https://bienban.example.org/v/{code}"


@pytest.mark.django_db
def test_in_development_the_pdf_carries_the_request_address(world, client, settings, tmp_path):  # noqa: F811
    settings.DEBUG = True
    settings.SITE_URL = ""
    meeting = submitted(world)
    client.defaults["HTTP_HOST"] = "localhost:8123"
    approve(client, world, meeting)
    code = SignedDocument.objects.get(meeting_id=meeting.pk).public_code
    link = _printed_link(client, meeting, tmp_path)
    assert link == f"http://localhost:8123/v/{code}"
    assert "127.0.0.1" not in link
    # ...and the link opens the verify page of that document.
    page = client.get(link.removeprefix("http://localhost:8123"), follow=True).content.decode()
    assert code in page


@pytest.mark.django_db(transaction=True)
def test_in_development_a_worker_prints_the_address_of_the_approving_request(
    world,  # noqa: F811
    client,
    settings,
    tmp_path,
):
    settings.DEBUG = True
    settings.SITE_URL = ""
    settings.TASKS = DATABASE_TASKS
    meeting = submitted(world)
    client.defaults["HTTP_HOST"] = "localhost:8123"
    approve(client, world, meeting)
    assert not SignedDocument.objects.filter(meeting_id=meeting.pk).exists()
    run_worker()  # no request here: the task was given the address
    code = SignedDocument.objects.get(meeting_id=meeting.pk).public_code
    assert _printed_link(client, meeting, tmp_path) == f"http://localhost:8123/v/{code}"


def test_in_development_without_a_request_the_address_of_make_run_is_used(settings):
    """`load_demo` signs documents outside any request: the link is the one `make run` serves."""
    settings.DEBUG = True
    settings.SITE_URL = ""
    assert verify_url("ABC") == "http://127.0.0.1:8000/v/ABC"
    settings.SITE_URL = "https://bienban.example.org"
    assert verify_url("ABC") == "https://bienban.example.org/v/ABC"
