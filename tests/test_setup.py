"""The project's own set-up: environment documentation, databases, static files, browser."""

from __future__ import annotations

import os
import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import NoReverseMatch, reverse

from tests.conftest import REPO_ROOT

ENV_READ = re.compile(r"\benv_(?:str|bool|int|list|secret)\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
ENV_EXAMPLE_LINE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def test_env_example_lists_every_variable_settings_read():
    settings_source = (REPO_ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    read = set(ENV_READ.findall(settings_source))
    assert "DJANGO_SECRET_KEY" in read, "the pattern no longer finds settings' env_*() calls"

    documented = set(ENV_EXAMPLE_LINE.findall((REPO_ROOT / ".env.example").read_text("utf-8")))
    missing = sorted(read - documented)
    assert not missing, f".env.example does not list {missing}"


def test_readme_shows_the_two_commands():
    readme = REPO_ROOT / "README.md"
    assert readme.is_file(), "README.md is missing"
    text = readme.read_text(encoding="utf-8")
    assert "make run" in text
    assert "make test" in text


@pytest.mark.django_db
def test_database_is_the_one_asked_for():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        assert connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            cursor.execute("SELECT unaccent(%s)", ["Biên bản Chi bộ"])
            assert cursor.fetchone()[0] == "Bien ban Chi bo"
    else:
        assert not url, f"unexpected DATABASE_URL {url!r}"
        assert connection.vendor == "sqlite"


@pytest.mark.parametrize(
    "path",
    [
        "vendor/bootstrap/dist/css/bootstrap.min.css",
        "vendor/bootstrap/dist/js/bootstrap.bundle.min.js",
        "vendor/axe-core/axe.min.js",
    ],
)
def test_front_end_packages_are_served_from_node_modules(path):
    assert finders.find(path), f"{path} not found: run `make setup` (npm ci)"


def _login_path() -> str:
    """The app's own log-in page once it has a template, else the admin's."""
    try:
        path = reverse("login")
        get_template("registration/login.html")
    except (NoReverseMatch, TemplateDoesNotExist):
        return "/admin/login/"
    return path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chromium_shows_the_login_form(page, live_server, artifacts_dir):
    response = page.goto(live_server.url + _login_path())
    assert response is not None
    assert response.status == 200
    page.locator("#id_username").wait_for(state="visible")
    assert page.locator("#id_password").is_visible()
    page.screenshot(path=artifacts_dir / "setup-login.png")
