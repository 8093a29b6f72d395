"""Test data builders shared by every area's tests.

Factories make plain rows with no surprising defaults; `meeting_with_parts`
creates a meeting through the real service so attendance rows are the same
snapshot the app makes.
"""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from members.models import Member, Organization, OrganizationKind, Position, Role, RoleGrant
from minutes.models import (
    AttendanceStatus,
    Decision,
    DirectivePoint,
    Meeting,
    Participant,
    ParticipantRole,
    SpeakingTurn,
)
from minutes.services.meetings import create_meeting

PASSWORD = "test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Đảng bộ Cơ quan số {n}")
    kind = OrganizationKind.AGENCY_COMMITTEE
    symbol = "ĐU"
    place_name = "Hà Tĩnh"


class CellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Chi bộ Phòng {n}")
    kind = OrganizationKind.CELL
    parent = factory.SubFactory(CommitteeFactory)
    symbol = "CB"
    place_name = "Hà Tĩnh"
    term_start = dt.date(2020, 7, 1)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    cell = factory.SubFactory(CellFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thành {n}")
    gender = "m"
    admitted_on = dt.date(2010, 1, 1)
    official_on = dt.date(2011, 1, 1)
    position = Position.MEMBER


def grant(user, organization: Organization, role: str = Role.RECORDER) -> RoleGrant:
    return RoleGrant.objects.create(user=user, organization=organization, role=role)


def mark_everyone_present(meeting: Meeting) -> int:
    """What "Đánh dấu tất cả có mặt" does, without a user: unmarked members become present."""
    return Participant.objects.filter(
        meeting=meeting, role=ParticipantRole.MEMBER, status=AttendanceStatus.UNMARKED
    ).update(status=AttendanceStatus.PRESENT)


def meeting_with_parts(
    cell: Organization | None = None,
    *,
    members: int = 5,
    probationary: int = 0,
    turns: int = 1,
    directives: int = 1,
    decisions: int = 1,
    guests: int = 1,
    date: dt.date = dt.date(2022, 6, 21),
    complete: bool = True,
) -> Meeting:
    """A meeting of `cell` with `members` present and the given number of parts."""
    cell = cell or CellFactory()
    for i in range(members):
        MemberFactory(
            cell=cell,
            full_name=f"Trần Thị Hòa {i + 1}",
            official_on=None if i < probationary else dt.date(2011, 1, 1),
            position=Position.SECRETARY if i == 0 else Position.MEMBER,
        )
    meeting = create_meeting(
        cell=cell,
        kind="regular",
        date=date,
        start_time=dt.time(19, 30),
        place="Hội trường cơ quan",
        topic="Sinh hoạt thường kỳ",
        agenda=["Kiểm điểm nghị quyết tháng trước"],
    )
    # Members start unmarked (nobody is presumed present): this meeting took
    # attendance, everyone expected came.
    mark_everyone_present(meeting)
    rows = list(meeting.participants.all())
    for i in range(guests):
        rows.append(
            Participant.objects.create(
                meeting=meeting,
                role=ParticipantRole.GUEST,
                full_name=f"Lê Quang Đức {i + 1}",
                title="Phó Bí thư Đảng ủy",
                order=100 + i,
            )
        )
    speakers = list(rows) or [None]
    for i in range(turns):
        SpeakingTurn.objects.create(
            meeting=meeting,
            order=i + 1,
            speaker=speakers[i % len(speakers)],
            gist=f"Ý kiến số {i + 1}.",
        )
    for i in range(directives):
        DirectivePoint.objects.create(
            meeting=meeting,
            order=i + 1,
            given_by=rows[-1] if rows else None,
            text=f"Chỉ đạo {i + 1}.",
        )
    official_present = members - probationary
    for i in range(decisions):
        Decision.objects.create(
            meeting=meeting,
            order=i + 1,
            text=f"Thông qua nghị quyết {i + 1}",
            votes_for=official_present,
            votes_against=0,
            votes_other=0,
        )
    if complete and rows:
        member_rows = [p for p in rows if p.role == ParticipantRole.MEMBER]
        meeting.chair = member_rows[0] if member_rows else None
        meeting.secretary = member_rows[-1] if member_rows else None
        meeting.end_time = dt.time(21, 30)
        meeting.minutes_read_back = True
        meeting.closing_votes_for = len(
            [p for p in member_rows if p.status == AttendanceStatus.PRESENT]
        )
        meeting.conclusion = "Chi bộ thống nhất các nội dung đã thảo luận."
        meeting.save()
    return meeting
