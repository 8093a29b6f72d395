"""People and meetings for the recording tests.

secretary  – recorder of the meeting's cell (may edit)
chair      – chair role on the cell (may see, may not record)
outsider   – recorder of another cell (may not even see: 404)
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command

from members.models import Role
from tests.factories import CellFactory, UserFactory, grant, meeting_with_parts


def ensure_reference_data() -> None:
    """Put back the catalogues and voting rules if a transactional test flushed them.

    They come from a data migration, and every test with `transaction=True`
    (the browser tests, whichever area they belong to) empties all tables when
    it ends; pytest groups all browser tests together, somewhere in the run.
    """
    from minutes.models import CatalogItem, VotingRule

    if CatalogItem.objects.exists() and VotingRule.objects.exists():
        return
    migration = importlib.import_module("minutes.migrations.0002_catalogues_and_voting_rules")
    migration.load(apps, None)


@pytest.fixture(autouse=True)
def reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and not marker.kwargs.get("transaction"):
        request.getfixturevalue("db")
        ensure_reference_data()


@pytest.fixture
def demo(transactional_db):
    """The demonstration data (the real seed meeting and its people), for the browser tests.

    The reference data first: an earlier transactional test may have flushed it.
    """
    ensure_reference_data()
    call_command("load_demo", force=True, verbosity=0)


@pytest.fixture
def meeting(db):
    return meeting_with_parts(members=5, turns=2, directives=2, decisions=1, guests=1)


@pytest.fixture
def secretary(meeting):
    user = UserFactory(username="rec-secretary")
    grant(user, meeting.cell, Role.RECORDER)
    return user


@pytest.fixture
def chair(meeting):
    user = UserFactory(username="rec-chair")
    grant(user, meeting.cell, Role.CHAIR)
    return user


@pytest.fixture
def outsider(db):
    user = UserFactory(username="rec-outsider")
    grant(user, CellFactory(), Role.RECORDER)
    return user


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Vietnamese secretary's browser: the interface answers in Vietnamese."""
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1280, "height": 900}}
