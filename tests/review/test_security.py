"""Access that holds: log-in throttling, passwords, CSRF, cookies and HSTS, the CSP and its
templates, session expiry, and `check --deploy` under production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management.utils import get_random_secret_key
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.factories import PASSWORD

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


# --- log-in throttling ----------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_out(world):
    client = Client()
    url = reverse("login")
    for _ in range(4):
        response = client.post(url, {"username": "recorder", "password": "sai-mat-khau"})
        assert response.status_code == 200  # the form again, with its message
    response = client.post(url, {"username": "recorder", "password": "sai-mat-khau"})
    assert response.status_code == 429
    assert "Đã nhập sai mật khẩu quá nhiều lần." in response.content.decode()
    # Even the right password is refused now.
    response = client.post(url, {"username": "recorder", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not affected.
    response = client.post(url, {"username": "chair", "password": PASSWORD})
    assert response.status_code == 302


def test_four_failures_then_the_right_password_still_logs_in(world):
    client = Client()
    for _ in range(4):
        client.post(reverse("login"), {"username": "recorder", "password": "sai"})
    response = client.post(reverse("login"), {"username": "recorder", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")


# --- passwords ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("1234567", "This password is too short. It must contain at least 8 characters."),
        ("83920174651", "Mật khẩu này hoàn toàn là số."),
        ("password123", "Mật khẩu này quá phổ biến."),
        ("recorder2022", "Mật khẩu quá giống với Tên đăng nhập."),
    ],
)
def test_weak_passwords_are_refused(world, password, message):
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user=world.recorder)
    assert message in caught.value.messages


def test_a_strong_password_is_accepted(world):
    validate_password("Tu-soi-tu-sua-2022!", user=world.recorder)


def test_changing_to_a_weak_password_comes_back_with_a_message(world):
    client = Client()
    client.force_login(world.recorder)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    world.recorder.refresh_from_db()
    assert world.recorder.check_password(PASSWORD)


# --- CSRF on every POST ----------------------------------------------------------------


def _every_url() -> list[str]:
    """Every named route, reversed with placeholder values (the check runs before the view)."""
    placeholder = {"int": 1, "slug": "x", "str": "x", "path": "1"}
    urls = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if "(?P" in route or "(" in route:  # regex routes (admin catch-alls)
                    continue
                url = re.sub(
                    r"<(?:(\w+):)?(\w+)>",
                    lambda m: str(placeholder.get(m.group(1) or "str", "x")),
                    route,
                )
                urls.append("/" + url.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns)
    return sorted(set(urls))


def test_every_post_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin)
    urls = _every_url()
    assert len(urls) > 60
    accepted = []
    for url in urls:
        response = client.post(url, {"reason": "x", "text": "x"})
        if response.status_code != 403 or b"CSRF" not in response.content:
            accepted.append((url, response.status_code))
    assert accepted == []


def test_a_post_with_the_token_goes_through(world):
    from tests.review.conftest import make_meeting

    meeting = make_meeting(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.chair)
    page = client.get(reverse("review_confirm", args=[meeting.pk])).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("review_confirm", args=[meeting.pk]), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


# --- cookies, HSTS, CSP -------------------------------------------------------------------


def test_with_debug_off_cookies_are_secure_and_hsts_is_sent(world):
    assert settings.DEBUG is False
    client = Client()
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csrf_cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf_cookie["secure"] and csrf_cookie["httponly"] and csrf_cookie["samesite"] == "Lax"
    response = client.post(
        reverse("login"), {"username": "recorder", "password": PASSWORD}, secure=True
    )
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["max-age"] == ""  # gone when the browser closes


def _settings_under(env: dict) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k, None) for k in ("
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', "
        "'SECURE_SSL_REDIRECT')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    import json

    return json.loads(result.stdout.strip().splitlines()[-1])


def test_secure_cookies_and_hsts_follow_debug():
    production = _settings_under(
        {"DJANGO_DEBUG": "false", "DJANGO_SECURE_SSL_REDIRECT": "", "DJANGO_SECRET_KEY": "k" * 60}
    )
    assert production == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
    }
    development = _settings_under({"DJANGO_DEBUG": "true"})
    assert development["SESSION_COOKIE_SECURE"] is False
    assert development["SECURE_HSTS_SECONDS"] == 0


def test_every_page_carries_a_csp_without_inline_code(world):
    client = Client()
    client.force_login(world.recorder)
    for url in (reverse("home"), reverse("login"), reverse("notifications")):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


TEMPLATE_DIRS = [REPO / "templates", *REPO.glob("*/templates")]
# Templates that never reach a browser: WeasyPrint renders them to PDF.
NOT_SERVED = {"minutes/document/pdf.html", "minutes/documents/pdf_body.html"}


def _templates():
    for base in TEMPLATE_DIRS:
        for path in sorted(base.rglob("*.html")):
            name = path.relative_to(base).as_posix()
            if name not in NOT_SERVED:
                yield name, path.read_text(encoding="utf-8")


def test_no_template_has_inline_script_or_style():
    problems = []
    found = 0
    for name, text in _templates():
        found += 1
        for match in re.finditer(r"<script\b([^>]*)>(.*?)</script\s*>", text, re.S | re.I):
            if match.group(2).strip():
                problems.append(f"{name}: inline <script> with content")
        if re.search(r"<style\b", text, re.I):
            problems.append(f"{name}: <style> block")
        if re.search(r"\sstyle\s*=", text, re.I):
            problems.append(f"{name}: style= attribute")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text, re.I):
            problems.append(f"{name}: inline event handler (on…=)")
        if re.search(r"href\s*=\s*[\"']\s*javascript:", text, re.I):
            problems.append(f"{name}: javascript: link")
    assert found > 20
    assert problems == []


# --- sessions -----------------------------------------------------------------------------


def test_sessions_expire(world):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    client = Client()
    client.post(reverse("login"), {"username": "recorder", "password": PASSWORD})
    assert client.get(reverse("home")).status_code == 200
    session = Session.objects.get(session_key=client.session.session_key)
    assert session.expire_date > timezone.now() + timezone.timedelta(hours=7, minutes=59)
    # Eight hours without a request later:
    Session.objects.filter(pk=session.pk).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1)
    )
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def _session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def test_a_page_view_does_not_write_the_session_but_the_expiry_still_slides(world, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.post(reverse("login"), {"username": "recorder", "password": PASSWORD})
    key = client.session.session_key
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert _session_writes(queries.captured_queries) == []

    # An hour into the session, the next request moves its end to eight hours from now.
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timezone.timedelta(hours=7))
    settings.BIENBAN_SESSION_REFRESH_SECONDS = 0
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert len(_session_writes(queries.captured_queries)) == 1
    expiry = Session.objects.get(pk=key).expire_date
    assert expiry > timezone.now() + timezone.timedelta(hours=7, minutes=59)


# --- check --deploy ------------------------------------------------------------------------


def test_check_deploy_is_clean_under_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "BIENBAN_"))},
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": get_random_secret_key() + get_random_secret_key(),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "BIENBAN_SIGNING_PASSPHRASE": "a-long-production-passphrase",
        "BIENBAN_STATIC_MANIFEST": "false",
        "BIENBAN_SITE_URL": "https://bienban.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
