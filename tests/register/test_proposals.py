"""Approved minutes propose register changes; the committee decides them with its own decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import (
    EventKind,
    Member,
    MemberEvent,
    ProposalStatus,
    RegisterProposal,
    Role,
)
from members.services import proposals as services
from minutes.audit import verify_chain
from minutes.models import AuditEvent, Decision, DecisionKind, Meeting
from minutes.vnformat import short_date
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    MemberFactory,
    UserFactory,
    grant,
    meeting_with_parts,
)
from tests.review.conftest import approved, build_world, fast_passwords  # noqa: F401


@pytest.fixture
def world(db):
    from minutes.services.documents import ensure_demo_signing_key

    world = build_world()
    ensure_demo_signing_key(world.committee)
    return world


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def probationary(world):
    return MemberFactory(
        cell=world.cell,
        full_name="Phan Thị Dự Bị",
        admitted_on=today() - dt.timedelta(days=400),
        official_on=None,
    )


def minutes_with(world, *decisions: dict) -> Meeting:
    """Minutes of a meeting ten days ago (6 official members present) with these decisions."""
    meeting = meeting_with_parts(
        world.cell, members=5, decisions=0, date=today() - dt.timedelta(days=10)
    )
    for order, values in enumerate(decisions, 1):
        Decision.objects.create(
            meeting=meeting, order=order, votes_against=0, votes_other=0, **values
        )
    return meeting


def recognition_vote(member) -> dict:
    """An adopted vote recognising `member` as official (6 of the 6 official members present)."""
    return {
        "kind": DecisionKind.OFFICIAL_RECOGNITION,
        "text": "Công nhận chính thức",
        "subject_member": member,
        "votes_for": 6,
    }


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def d(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


@pytest.mark.django_db
def test_recognition_waits_for_the_committee_then_the_member_is_official(world, probationary):
    meeting = approved(
        world,
        minutes_with(
            world,
            {
                "kind": DecisionKind.OFFICIAL_RECOGNITION,
                "text": "Đề nghị công nhận đồng chí Phan Thị Dự Bị là đảng viên chính thức",
                "subject_member": probationary,
                "votes_for": 6,
            },
        ),
    )
    proposal = RegisterProposal.objects.get()
    assert proposal.status == ProposalStatus.PENDING and proposal.meeting == meeting
    assert proposal.member == probationary

    reviewer = client_for(world.reviewer)
    pending = reviewer.get(reverse("register_pending")).content.decode()
    assert "Chờ quyết định của cấp trên" in pending
    assert "Phan Thị Dự Bị" in pending
    assert 'id="pending-total">1<' in pending
    home = reviewer.get(reverse("register_home")).content.decode()
    assert 'id="pending-count">1<' in home

    # The cell's vote alone changes nothing.
    probationary.refresh_from_db()
    assert probationary.official_on is None
    roster = reviewer.get(reverse("register_roster", args=[world.cell.pk])).content.decode()
    row = roster.split(f'id="member-{probationary.pk}"')[1].split("</tr>")[0]
    assert "dự bị" in row

    end = services.add_months(probationary.admitted_on, 12)
    form = reviewer.get(reverse("register_proposal_decide", args=[proposal.pk])).content.decode()
    assert f'value="{short_date(end)}"' in form  # the end of probation, editable

    decided_on = today() - dt.timedelta(days=2)
    response = reviewer.post(
        reverse("register_proposal_decide", args=[proposal.pk]),
        {
            "decision_number": "123-QĐ/ĐU",
            "decision_date": decided_on.isoformat(),
            "effective_date": end.isoformat(),
        },
    )
    assert response.status_code == 302
    probationary.refresh_from_db()
    assert probationary.official_on == end
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED and proposal.decided_by == world.reviewer
    event = MemberEvent.objects.get(member=probationary, kind=EventKind.RECOGNIZED)
    assert (event.date, event.decision_number, event.meeting) == (end, "123-QĐ/ĐU", meeting)

    history = reviewer.get(reverse("register_member", args=[probationary.pk])).content.decode()
    assert "Công nhận đảng viên chính thức" in history
    assert f"Số 123-QĐ/ĐU, ngày {d(decided_on)}" in history
    assert reverse("meeting_detail", args=[meeting.pk]) in history
    assert "Đảng viên chính thức" in history
    assert 'id="pending-total">0<' in reviewer.get(reverse("register_pending")).content.decode()
    assert AuditEvent.objects.filter(action="register_decided").count() == 1
    assert verify_chain() == []


@pytest.mark.django_db
def test_proposing_is_idempotent(world, probationary):
    meeting = approved(
        world,
        minutes_with(
            world,
            recognition_vote(probationary),
        ),
    )
    first = services.propose_from_minutes(meeting)
    again = services.propose_from_minutes(meeting)
    assert [p.pk for p in first] == [p.pk for p in again]
    assert RegisterProposal.objects.count() == 1


@pytest.mark.django_db
def test_decisions_not_adopted_or_not_about_membership_propose_nothing(world, probationary):
    approved(
        world,
        minutes_with(
            world,
            {
                "kind": DecisionKind.OFFICIAL_RECOGNITION,
                "text": "Công nhận chính thức (không đủ 2/3)",
                "subject_member": probationary,
                "votes_for": 3,
            },
            {"kind": DecisionKind.ORDINARY, "text": "Thông qua nghị quyết tháng", "votes_for": 6},
        ),
    )
    assert not RegisterProposal.objects.exists()


@pytest.mark.django_db
def test_minutes_not_yet_approved_propose_nothing(world, probationary):
    from tests.review.conftest import submitted

    meeting = submitted(
        world,
        minutes_with(
            world,
            {
                "kind": DecisionKind.DISCIPLINE,
                "text": "Khiển trách",
                "subject_member": probationary,
                "votes_for": 6,
            },
        ),
    )
    assert services.propose_from_minutes(meeting) == []
    assert not RegisterProposal.objects.exists()


@pytest.mark.django_db
def test_a_rejected_proposal_leaves_the_register_unchanged(world, probationary):
    approved(
        world,
        minutes_with(
            world,
            recognition_vote(probationary),
        ),
    )
    proposal = RegisterProposal.objects.get()
    reviewer = client_for(world.reviewer)
    empty = reviewer.post(reverse("register_proposal_reject", args=[proposal.pk]), {"note": " "})
    assert empty.status_code == 200
    assert "Hãy ghi lý do không ra quyết định" in empty.content.decode()
    response = reviewer.post(
        reverse("register_proposal_reject", args=[proposal.pk]),
        {"note": "Chưa đủ điều kiện về lý lịch"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    probationary.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED and probationary.official_on is None
    assert not MemberEvent.objects.filter(member=probationary).exists()
    page = reviewer.get(reverse("register_proposal_decide", args=[proposal.pk])).content.decode()
    assert "Không ra quyết định" in page and "Chưa đủ điều kiện về lý lịch" in page
    with pytest.raises(services.ProposalError, match="đã được xử lý"):
        services.decide_proposal(
            proposal=proposal, by=world.reviewer, decision_number="1", decision_date=today()
        )
    assert verify_chain() == []


@pytest.mark.django_db
def test_admission_creates_a_probationary_member(world):
    meeting = approved(
        world,
        minutes_with(
            world,
            {
                "kind": DecisionKind.ADMISSION,
                "text": "Đề nghị kết nạp quần chúng Hoàng Văn Mới vào Đảng",
                "votes_for": 6,
            },
        ),
    )
    proposal = RegisterProposal.objects.get()
    assert proposal.member is None
    reviewer = client_for(world.reviewer)
    ceremony = today() - dt.timedelta(days=1)
    response = reviewer.post(
        reverse("register_proposal_decide", args=[proposal.pk]),
        {
            "full_name": "Hoàng Văn Mới",
            "gender": "m",
            "birth_date": "1995-04-30",
            "decision_number": "88-QĐ/ĐU",
            "decision_date": (today() - dt.timedelta(days=5)).isoformat(),
            "effective_date": ceremony.isoformat(),
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(full_name="Hoàng Văn Mới")
    assert member.cell == world.cell and member.admitted_on == ceremony
    assert member.official_on is None and member.birth_date == dt.date(1995, 4, 30)
    event = MemberEvent.objects.get(member=member)
    assert event.kind == EventKind.ADMITTED and event.meeting == meeting
    roster = reviewer.get(reverse("register_roster", args=[world.cell.pk])).content.decode()
    row = roster.split(f'id="member-{member.pk}"')[1].split("</tr>")[0]
    assert "Hoàng Văn Mới" in row and "dự bị" in row
    assert verify_chain() == []


@pytest.mark.django_db
def test_discipline_and_expulsion(world):
    target = Member.objects.get(user=world.member)
    other = MemberFactory(cell=world.cell, full_name="Bùi Văn Lỗi")
    approved(
        world,
        minutes_with(
            world,
            {
                "kind": DecisionKind.DISCIPLINE,
                "text": "Đề nghị khiển trách đồng chí Bùi Văn Lỗi",
                "subject_member": other,
                "votes_for": 7,
            },
            {
                "kind": DecisionKind.EXPULSION,
                "text": "Đề nghị khai trừ đồng chí Lê Thị Thu Hằng",
                "votes_for": 7,
            },
        ),
    )
    discipline, expulsion = RegisterProposal.objects.order_by("pk")
    services.decide_proposal(
        proposal=discipline,
        by=world.reviewer,
        decision_number="5-QĐ/UBKT",
        decision_date=today(),
    )
    assert MemberEvent.objects.get(member=other).kind == EventKind.DISCIPLINE
    # The expulsion names no member in the minutes: the committee picks them.
    reviewer = client_for(world.reviewer)
    missing = reviewer.post(
        reverse("register_proposal_decide", args=[expulsion.pk]),
        {"decision_number": "6-QĐ/ĐU", "decision_date": today().isoformat()},
    )
    assert missing.status_code == 200 and "bắt buộc" in missing.content.decode()
    response = reviewer.post(
        reverse("register_proposal_decide", args=[expulsion.pk]),
        {
            "member": target.pk,
            "decision_number": "6-QĐ/ĐU",
            "decision_date": today().isoformat(),
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    world.member.refresh_from_db()
    assert target.left_on == today() and not world.member.is_active
    assert MemberEvent.objects.get(member=target).kind == EventKind.EXPULSION
    assert verify_chain() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"decision_number": ""}, "decision_number", "bắt buộc"),
        ({"decision_date": "2099-01-01"}, "decision_date", "không được ở tương lai"),
        ({"decision_date": "40/40/2024"}, "decision_date", "Ngày không hợp lệ"),
        ({"decision_date": "2001-01-01"}, "decision_date", "trước ngày chi bộ họp"),
        ({"effective_date": "2001-01-01"}, "effective_date", "phải sau ngày vào Đảng"),
        ({"effective_date": "2099-01-01"}, "effective_date", "không được ở tương lai"),
    ],
)
def test_bad_decision_input_comes_back_with_a_message(world, probationary, data, field, message):
    approved(
        world,
        minutes_with(
            world,
            recognition_vote(probationary),
        ),
    )
    proposal = RegisterProposal.objects.get()
    values = {"decision_number": "123-QĐ/ĐU", "decision_date": today().isoformat(), **data}
    response = client_for(world.reviewer).post(
        reverse("register_proposal_decide", args=[proposal.pk]), values
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    if field != "decision_number":
        assert 'value="123-QĐ/ĐU"' in page  # nothing typed is lost
    proposal.refresh_from_db()
    probationary.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING and probationary.official_on is None


@pytest.mark.django_db
def test_proposals_outside_reach_are_not_found(world, probationary):
    approved(
        world,
        minutes_with(
            world,
            {
                "kind": DecisionKind.DISCIPLINE,
                "text": "Khiển trách",
                "subject_member": probationary,
                "votes_for": 6,
            },
        ),
    )
    proposal = RegisterProposal.objects.get()
    elsewhere = UserFactory(username="reviewer_b")
    grant(elsewhere, CellFactory(parent=CommitteeFactory()).parent, Role.REVIEWER)
    for user in (elsewhere, world.recorder, world.chair, world.member):
        client = client_for(user)
        assert (
            client.get(reverse("register_proposal_decide", args=[proposal.pk])).status_code == 404
        )
        assert (
            client.post(
                reverse("register_proposal_reject", args=[proposal.pk]), {"note": "x"}
            ).status_code
            == 404
        )
    pending = client_for(elsewhere).get(reverse("register_pending")).content.decode()
    assert "Khiển trách" not in pending
    assert (
        client_for(elsewhere)
        .get(reverse("register_pending"), {"org": world.committee.pk})
        .status_code
        == 404
    )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.reject_proposal(proposal=proposal, by=world.recorder, note="x")


@pytest.mark.django_db
def test_a_corrected_version_does_not_propose_again(world, probationary):
    from minutes.services import workflow
    from tests.review.conftest import fresh

    first = approved(
        world,
        minutes_with(
            world,
            recognition_vote(probationary),
        ),
    )
    outcome = workflow.reopen(meeting=first, by=world.reviewer, reason="Sửa lỗi chính tả.")
    second = approved(world, fresh(outcome.meeting))
    assert second.version == 2
    assert RegisterProposal.objects.count() == 1
    assert services.propose_from_minutes(second) == []
