"""A small province for the oversight tests, with hand-made meetings and known answers.

    Tỉnh ủy (province)
    ├── Đảng ủy A (committee)   reviewer_a reviews here
    │   ├── Chi bộ A1           recorder_a1 records and chairs; member_a1 is a member
    │   └── Chi bộ A2
    └── Đảng ủy B (committee)
        └── Chi bộ B1           outsider records here

Every cell has the same roster: five official members (the first is the
secretary) and one probationary member. `hold()` makes one meeting through the
real create_meeting service and then puts it in the wanted state the way the
workflow does (the state changes and `minutes_transitioned` is sent), so the
stored figures and the search text follow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from members.models import Member, Organization, OrganizationKind, Position, Role
from minutes.models import (
    AttendanceStatus,
    CatalogItem,
    CorrectiveAction,
    Decision,
    Meeting,
    MinutesStatus,
    Shortcoming,
    SpeakingTurn,
)
from minutes.services.meetings import create_meeting
from minutes.signals import minutes_transitioned
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    MemberFactory,
    UserFactory,
    grant,
    mark_everyone_present,
)

TODAY = dt.date(2024, 7, 15)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    province: Organization
    a: Organization
    b: Organization
    a1: Organization
    a2: Organization
    b1: Organization
    users: dict = field(default_factory=dict)
    rosters: dict = field(default_factory=dict)

    def __getattr__(self, name):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


NAMES = ("Tô Thái Hòa", "Nguyễn Thị Minh Nguyệt", "Lê Văn Dũng", "Trần Thị Hoa", "Phạm Quốc Bảo")


def roster(cell: Organization) -> list[Member]:
    members = [
        MemberFactory(
            cell=cell,
            full_name=name,
            position=Position.SECRETARY if i == 0 else Position.MEMBER,
            admitted_on=dt.date(2005, 1, 1),
            official_on=dt.date(2006, 1, 1),
        )
        for i, name in enumerate(NAMES)
    ]
    members.append(
        MemberFactory(
            cell=cell,
            full_name="Võ Thị Lan",
            admitted_on=dt.date(2023, 9, 1),
            official_on=None,
        )
    )
    return members


def build_world() -> World:
    province = CommitteeFactory(
        name="Tỉnh ủy Hà Tĩnh", kind=OrganizationKind.PROVINCIAL_COMMITTEE, parent=None
    )
    a = CommitteeFactory(name="Đảng ủy A", parent=province)
    b = CommitteeFactory(name="Đảng ủy B", parent=province)
    a1 = CellFactory(name="Chi bộ A1", parent=a)
    a2 = CellFactory(name="Chi bộ A2", parent=a)
    b1 = CellFactory(name="Chi bộ B1", parent=b)
    world = World(province, a, b, a1, a2, b1)
    for cell in (a1, a2, b1):
        world.rosters[cell.pk] = roster(cell)
    users = {
        "reviewer_a": UserFactory(username="reviewer_a", first_name="Đức", last_name="Nguyễn Duy"),
        "reviewer_p": UserFactory(username="reviewer_p"),
        "recorder_a1": UserFactory(username="recorder_a1"),
        "member_a1": UserFactory(username="member_a1"),
        "outsider": UserFactory(username="outsider"),
    }
    grant(users["reviewer_a"], a, Role.REVIEWER)
    grant(users["reviewer_p"], province, Role.REVIEWER)
    grant(users["recorder_a1"], a1, Role.RECORDER)
    grant(users["recorder_a1"], a1, Role.CHAIR)
    grant(users["outsider"], b1, Role.RECORDER)
    lan_or_dung = world.rosters[a1.pk][2]  # Lê Văn Dũng
    Member.objects.filter(pk=lan_or_dung.pk).update(user=users["member_a1"])
    world.users = users
    return world


@pytest.fixture
def world(db) -> World:
    return build_world()


def set_status(meeting: Meeting, status: str) -> Meeting:
    """Put `meeting` in `status` as the workflow would, signal included."""
    if status == meeting.status:
        return meeting
    before = meeting.status
    now = timezone.now()
    changes = {"status": status}
    if status in (MinutesStatus.SUBMITTED, MinutesStatus.APPROVED, MinutesStatus.RETURNED):
        changes["submitted_at"] = now
    if status == MinutesStatus.APPROVED:
        changes["approved_at"] = now
    Meeting.objects.filter(pk=meeting.pk).update(**changes)
    meeting.refresh_from_db()
    minutes_transitioned.send(
        sender=Meeting, meeting=meeting, from_status=before, to_status=status, actor=None
    )
    return meeting


def hold(
    cell: Organization,
    day: dt.date,
    *,
    kind: str = "regular",
    status: str = MinutesStatus.APPROVED,
    minutes: int = 120,
    excused: tuple[int, ...] = (),
    unexcused: tuple[int, ...] = (),
    exempt_away: tuple[int, ...] = (),
    topic: str = "",
    campaign=None,
    turns: tuple[str, ...] = (),
    shortcomings: tuple[tuple[str, tuple[str, ...]], ...] = (),
    actions: tuple[tuple[str, dt.date | None, int | None], ...] = (),
    decisions: tuple[tuple[int, int], ...] = (),
) -> Meeting:
    """One meeting of `cell` on `day`; indexes refer to the roster order (0 = the secretary).

    `actions` are (text, deadline, owner index or None), attached to the first shortcoming.
    `decisions` are (votes for, votes against) of ordinary decisions.
    """
    start = dt.time(19, 0)
    meeting = create_meeting(
        cell=cell,
        kind=kind,
        date=day,
        start_time=start,
        place="Hội trường",
        topic=topic,
        campaign=campaign,
        legal_bases=campaign.legal_bases if campaign else "",
    )
    # Members start unmarked; everyone not listed below came.
    mark_everyone_present(meeting)
    rows = {p.member_id: p for p in meeting.participants.all()}
    members = list(Member.objects.filter(cell=cell).order_by("pk"))
    for index, status_ in (
        *((i, AttendanceStatus.ABSENT_EXCUSED) for i in excused),
        *((i, AttendanceStatus.ABSENT_UNEXCUSED) for i in unexcused),
    ):
        row = rows[members[index].pk]
        row.status = status_
        row.absence_reason = "Đi công tác" if status_ == AttendanceStatus.ABSENT_EXCUSED else ""
        row.save()
    for index in exempt_away:
        row = rows[members[index].pk]
        row.is_exempt = True
        row.status = AttendanceStatus.NOT_EXPECTED
        row.save()
    chair = rows[members[0].pk]
    end_minutes = start.hour * 60 + start.minute + minutes
    meeting.chair = chair
    meeting.secretary = rows[members[1].pk]
    meeting.end_time = dt.time(end_minutes // 60, end_minutes % 60)
    meeting.minutes_read_back = True
    meeting.closing_votes_for = sum(r.status == AttendanceStatus.PRESENT for r in rows.values())
    meeting.save()
    for order, gist in enumerate(turns, 1):
        SpeakingTurn.objects.create(meeting=meeting, order=order, speaker=chair, gist=gist)
    first = None
    for order, (text, codes) in enumerate(shortcomings, 1):
        shortcoming = Shortcoming.objects.create(
            meeting=meeting, order=order, subject="cell", text=text
        )
        shortcoming.tags.set(CatalogItem.objects.filter(code__in=codes))
        first = first or shortcoming
    for text, deadline, owner in actions:
        CorrectiveAction.objects.create(
            meeting=meeting,
            shortcoming=first,
            text=text,
            deadline=deadline,
            owner_member=members[owner] if owner is not None else None,
            owner_name="" if owner is not None else "Chi ủy",
        )
    for order, (votes_for, against) in enumerate(decisions, 1):
        Decision.objects.create(
            meeting=meeting,
            order=order,
            text=f"Nghị quyết {order}",
            votes_for=votes_for,
            votes_against=against,
            votes_other=0,
        )
    return set_status(meeting, status)
