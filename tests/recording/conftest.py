"""People and meetings for the recording tests.

secretary  – recorder of the meeting's cell (may edit)
chair      – chair role on the cell (may see, may not record)
outsider   – recorder of another cell (may not even see: 404)
"""

from __future__ import annotations

import pytest

from members.models import Role
from tests.factories import CellFactory, UserFactory, grant, meeting_with_parts


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
