"""A small organization tree with one account per role, and minutes in each state."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from members.models import Organization, Role
from minutes.models import Meeting
from minutes.services import workflow
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    MemberFactory,
    UserFactory,
    grant,
    meeting_with_parts,
)

ROLES = ("anonymous", "member", "recorder", "chair", "reviewer", "other_recorder", "admin")


@dataclass
class World:
    committee: Organization
    cell: Organization
    other_cell: Organization
    users: dict = field(default_factory=dict)

    def __getattr__(self, name):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


def build_world() -> World:
    committee = CommitteeFactory(name="Đảng bộ Cơ quan Thành phố")
    cell = CellFactory(parent=committee, name="Chi bộ Quản lý đô thị")
    other_cell = CellFactory(parent=committee, name="Chi bộ Tài chính - Kế hoạch")
    users = {
        "member": UserFactory(username="member", first_name="Hằng", last_name="Lê Thị Thu"),
        "recorder": UserFactory(
            username="recorder",
            first_name="Trang",
            last_name="Nguyễn Thị Thu",
            email="recorder@example.org",
        ),
        "chair": UserFactory(
            username="chair", first_name="Hòa", last_name="Tô Thái", email="chair@example.org"
        ),
        "reviewer": UserFactory(
            username="reviewer",
            first_name="Đức",
            last_name="Nguyễn Duy",
            email="reviewer@example.org",
        ),
        "other_recorder": UserFactory(username="other_recorder", email="other@example.org"),
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }
    MemberFactory(cell=cell, user=users["member"], full_name="Lê Thị Thu Hằng")
    grant(users["recorder"], cell, Role.RECORDER)
    grant(users["chair"], cell, Role.CHAIR)
    grant(users["reviewer"], committee, Role.REVIEWER)
    grant(users["other_recorder"], other_cell, Role.RECORDER)
    return World(committee, cell, other_cell, users)


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Accounts are made for every test: hashing their passwords for real would dominate."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def signing_key(world):
    from minutes.services.documents import ensure_demo_signing_key

    return ensure_demo_signing_key(world.committee)


def fresh(meeting: Meeting) -> Meeting:
    return Meeting.objects.get(pk=meeting.pk)


def make_meeting(world: World, **kwargs) -> Meeting:
    return meeting_with_parts(world.cell, **kwargs)


def submitted(world: World, meeting: Meeting | None = None) -> Meeting:
    meeting = meeting or make_meeting(world)
    workflow.confirm_as_chair(meeting=meeting, by=world.chair)
    workflow.submit(meeting=meeting, by=world.recorder, confirm_warnings=True)
    return fresh(meeting)


def returned(world: World, meeting: Meeting | None = None) -> Meeting:
    meeting = submitted(world, meeting)
    workflow.return_for_changes(meeting=meeting, by=world.reviewer, reason="Ghi rõ hơn.")
    return fresh(meeting)


def approved(world: World, meeting: Meeting | None = None) -> Meeting:
    meeting = submitted(world, meeting)
    workflow.approve(meeting=meeting, by=world.reviewer)
    return fresh(meeting)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """The people in the browser tests read Vietnamese (their browsers ask for it)."""
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1280, "height": 900}}
