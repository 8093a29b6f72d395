"""Creating a meeting and taking the roster snapshot of its day."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from members.models import Attachment, Member, Organization
from minutes.models import (
    AgendaItem,
    AttendanceStatus,
    Meeting,
    MembershipClass,
    Participant,
    ParticipantRole,
)
from minutes.vnformat import fold


def snapshot_participant(meeting: Meeting, member: Member, order: int) -> Participant:
    """An attendance row for `member` as of the meeting's day (not saved)."""
    day = meeting.date
    exempt = member.is_exempt_on(day)
    not_expected = member.attachment == Attachment.TEMP_OUT or member.suspended or exempt
    participant = Participant(
        meeting=meeting,
        role=ParticipantRole.MEMBER,
        member=member,
        order=order,
        full_name=member.full_name,
        title=member.job_title,
        membership=MembershipClass.OFFICIAL
        if member.is_official_on(day)
        else MembershipClass.PROBATIONARY,
        position=member.position,
        is_exempt=exempt,
        attachment=member.attachment,
        is_suspended=member.suspended,
        # Nobody is presumed present: the secretary marks each expected member
        # (or all at once with "Đánh dấu tất cả có mặt").
        status=AttendanceStatus.NOT_EXPECTED if not_expected else AttendanceStatus.UNMARKED,
        absence_reason=member.exempt_reason if exempt else "",
    )
    # bulk_create skips save(): fill the search key here.
    participant.search_name = fold(participant.full_name)
    return participant


# Roster order in the minutes: the secretary first, then deputies, committee
# members, members; by name within each group.
_POSITION_ORDER = {"bi_thu": 0, "pho_bi_thu": 1, "chi_uy_vien": 2, "dang_vien": 3}


@transaction.atomic
def create_meeting(
    *,
    cell: Organization,
    kind: str,
    date: dt.date,
    start_time: dt.time | None,
    place: str,
    topic: str = "",
    legal_bases: str = "",
    agenda: list[str] | None = None,
    campaign=None,
    by=None,
) -> Meeting:
    """Create a draft meeting with one attendance row for every member on the roster that day."""
    meeting = Meeting.objects.create(
        cell=cell,
        kind=kind,
        date=date,
        start_time=start_time,
        place=place,
        topic=topic,
        legal_bases=legal_bases,
        campaign=campaign,
        created_by=by,
    )
    members = sorted(
        Member.objects.on_roster(cell, date),
        key=lambda m: (_POSITION_ORDER.get(m.position, 9), m.search_name),
    )
    Participant.objects.bulk_create(
        [snapshot_participant(meeting, member, order) for order, member in enumerate(members, 1)]
    )
    AgendaItem.objects.bulk_create(
        [AgendaItem(meeting=meeting, order=i, title=t) for i, t in enumerate(agenda or [], 1)]
    )
    return meeting
