"""Test infrastructure shared by every area: browser, database, artifacts.

Area fixtures (members, meetings, ...) live in tests/<area>/conftest.py.
The environment defaults are set earlier, by the tests.environment plugin.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# Debian's Chromium: `playwright install` cannot download browsers here.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def pytest_configure(config):
    # pytest-playwright 0.10 declares its session `base_url` fixture as a method.
    config.addinivalue_line(
        "filterwarnings",
        "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestDeprecationWarning",
    )
    # WhiteNoise notes that STATIC_ROOT was never collected; tests serve through the finders.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches this Chromium, headless unless --headed."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave screenshots and PDFs for a human to look at (gitignored)."""
    path = REPO_ROOT / "artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def db_vendor(db) -> str:
    """The database engine under test: "sqlite" or "postgresql"."""
    from django.db import connection

    return connection.vendor


_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def reference_data(request, django_db_blocker):
    """The rows data migrations load (catalogues, voting rules), present in every DB test.

    A transactional test (browser tests, live_server) empties every table when it
    ends, migration data included; the next test that uses the database puts the
    reference rows back, outside its own transaction, so every test sees them.
    """
    if not (
        request.node.get_closest_marker("django_db") or _DB_FIXTURES & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("django_db_setup")
    from django.apps import apps

    from minutes import reference_data as data
    from minutes.models import CatalogItem, VotingRule

    with django_db_blocker.unblock():
        if not (CatalogItem.objects.exists() and VotingRule.objects.exists()):
            data.load(apps)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Counters kept in the cache (activation attempts per address) start at zero in every test."""
    from django.core.cache import cache

    cache.clear()
    yield
