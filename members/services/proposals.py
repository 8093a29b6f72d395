"""What approved minutes propose to the register, and the committee's decision on it.

The cell's vote alone never changes the register (domain.md §3.9): when minutes
are approved, each adopted decision that admits, recognises, disciplines or
expels a member becomes a pending `RegisterProposal`. Committee staff then
confirm it with the number and date of their own decision (the register
changes, with the minutes linked from the member's history) or record that no
decision was made.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.access import is_committee_staff
from members.models import (
    EventKind,
    Gender,
    Member,
    MemberEvent,
    ProposalStatus,
    RegisterProposal,
)
from members.services.roster import RosterError, deactivate_account
from minutes import rules as minutes_rules
from minutes.audit import Action, record_event
from minutes.models import (
    CommitteeSettings,
    DecisionKind,
    Meeting,
    MinutesStatus,
    ParticipantRole,
    VotingRule,
)
from minutes.vnformat import nfc, short_date

PROPOSING_KINDS = (
    DecisionKind.ADMISSION,
    DecisionKind.OFFICIAL_RECOGNITION,
    DecisionKind.DISCIPLINE,
    DecisionKind.EXPULSION,
)

ProposalError = RosterError


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month when it has fewer days)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, monthrange(year, month)[1]))


def probation_end(member: Member, settings: CommitteeSettings) -> dt.date:
    """The day probation ends: admission (the ceremony) + the probation term (Điều lệ, Điều 5)."""
    return add_months(member.admitted_on, settings.probation_months)


def _earlier_versions(meeting: Meeting) -> list[int]:
    ids, current = [], meeting.previous_version_id
    while current is not None:
        ids.append(current)
        current = (
            Meeting.objects.filter(pk=current).values_list("previous_version_id", flat=True).first()
        )
    return ids


@transaction.atomic
def propose_from_minutes(meeting: Meeting) -> list[RegisterProposal]:
    """Pending proposals for the adopted membership decisions of approved `meeting`.

    Idempotent: a decision proposes once. A corrected version does not propose
    again what an earlier version of the same minutes already proposed.
    Adoption is computed with minutes.rules from the meeting's own attendance,
    exactly as the minutes document states it.
    """
    meeting = (
        Meeting.objects.select_related("cell")
        .prefetch_related("participants", "decisions")
        .get(pk=meeting.pk)
    )
    if meeting.status != MinutesStatus.APPROVED:
        return []
    decisions = [d for d in meeting.decisions.all() if d.kind in PROPOSING_KINDS]
    if not decisions:
        return []
    members = [p for p in meeting.participants.all() if p.role == ParticipantRole.MEMBER]
    denominator = minutes_rules.vote_denominator(
        members, CommitteeSettings.for_organization(meeting.cell)
    )
    voting_rules = list(VotingRule.objects.all())
    existing = {p.decision_id: p for p in RegisterProposal.objects.filter(meeting=meeting)}
    earlier = {
        (p.kind, p.member_id, nfc(p.decision.text).strip())
        for p in RegisterProposal.objects.filter(
            meeting_id__in=_earlier_versions(meeting)
        ).select_related("decision")
    }
    proposals = []
    for decision in decisions:
        if decision.pk in existing:
            proposals.append(existing[decision.pk])
            continue
        outcome = minutes_rules.decision_outcome(
            kind=decision.kind,
            votes_for=decision.votes_for,
            votes_against=decision.votes_against,
            votes_other=decision.votes_other,
            denominator=denominator,
            rules=voting_rules,
        )
        if not outcome.adopted:
            continue
        if (decision.kind, decision.subject_member_id, nfc(decision.text).strip()) in earlier:
            continue
        proposal, _created = RegisterProposal.objects.get_or_create(
            decision=decision,
            defaults={
                "meeting": meeting,
                "cell": meeting.cell,
                "kind": decision.kind,
                "member_id": decision.subject_member_id,
            },
        )
        proposals.append(proposal)
    return proposals


def _lock(proposal: RegisterProposal) -> RegisterProposal:
    return (
        RegisterProposal.objects.select_for_update(of=("self",))
        .select_related("cell", "meeting", "decision", "member")
        .get(pk=proposal.pk)
    )


def _check_decision(
    locked: RegisterProposal, decision_number: str, decision_date: dt.date | None
) -> None:
    if not decision_number:
        raise RosterError(_("Hãy ghi số quyết định của cấp trên."), "decision_number")
    if decision_date is None:
        raise RosterError(_("Hãy ghi ngày quyết định."), "decision_date")
    if decision_date > timezone.localdate():
        raise RosterError(_("Ngày quyết định không được ở tương lai."), "decision_date")
    if decision_date < locked.meeting.date:
        raise RosterError(
            _("Ngày quyết định không được trước ngày chi bộ họp (%(date)s).")
            % {"date": short_date(locked.meeting.date)},
            "decision_date",
        )


@transaction.atomic
def decide_proposal(
    *,
    proposal: RegisterProposal,
    by,
    decision_number: str,
    decision_date: dt.date | None,
    effective_date: dt.date | None = None,
    member: Member | None = None,
    full_name: str = "",
    gender: str = "",
    birth_date: dt.date | None = None,
    note: str = "",
) -> RegisterProposal:
    """Confirm what the minutes proposed with the committee's decision; the register changes.

    - admission: a new probationary member (name, gender, birth date; the
      effective date is the admission ceremony, `admitted_on`);
    - recognition: the member is official from the effective date, by default
      the day probation ends (admission + the probation term), editable;
    - discipline: an entry in the member's history;
    - expulsion: the member leaves the roster from the effective date and
      their account is locked.
    Every event links the minutes it came from.
    """
    locked = _lock(proposal)
    if not is_committee_staff(by, locked.cell):
        raise PermissionDenied
    if locked.status != ProposalStatus.PENDING:
        raise RosterError(_("Đề nghị này đã được xử lý."))
    decision_number = nfc(decision_number or "").strip()[:50]
    _check_decision(locked, decision_number, decision_date)
    today = timezone.localdate()
    kind = locked.kind
    subject = locked.member
    if subject is None and kind != DecisionKind.ADMISSION:
        subject = member
    if subject is not None:
        subject = (
            Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=subject.pk)
        )
        if subject.cell_id != locked.cell_id:
            raise RosterError(_("Đảng viên này không thuộc chi bộ đã đề nghị."), "member")
    event_kind = {
        DecisionKind.ADMISSION: EventKind.ADMITTED,
        DecisionKind.OFFICIAL_RECOGNITION: EventKind.RECOGNIZED,
        DecisionKind.DISCIPLINE: EventKind.DISCIPLINE,
        DecisionKind.EXPULSION: EventKind.EXPULSION,
    }[kind]

    if kind == DecisionKind.ADMISSION:
        full_name = nfc(full_name or "").strip()
        if not full_name:
            raise RosterError(_("Hãy ghi họ và tên người được kết nạp."), "full_name")
        if gender not in Gender.values:
            raise RosterError(_("Hãy chọn giới tính."), "gender")
        if effective_date is None:
            raise RosterError(_("Hãy ghi ngày tổ chức lễ kết nạp."), "effective_date")
        if effective_date < locked.meeting.date:
            raise RosterError(
                _("Ngày kết nạp không được trước ngày chi bộ họp xét."), "effective_date"
            )
        if effective_date > today:
            raise RosterError(_("Ngày kết nạp không được ở tương lai."), "effective_date")
        if birth_date is not None and birth_date >= effective_date:
            raise RosterError(_("Ngày sinh phải trước ngày kết nạp."), "birth_date")
        subject = Member.objects.create(
            cell=locked.cell,
            full_name=full_name,
            gender=gender,
            birth_date=birth_date,
            admitted_on=effective_date,
        )
    else:
        if subject is None:
            raise RosterError(_("Hãy chọn đảng viên mà quyết định nói tới."), "member")
        if subject.left_on is not None and subject.left_on <= today:
            raise RosterError(
                _("Đồng chí %(name)s đã ra khỏi chi bộ.") % {"name": subject.full_name}, "member"
            )
        if kind == DecisionKind.OFFICIAL_RECOGNITION:
            if subject.official_on is not None:
                raise RosterError(
                    _("Đồng chí %(name)s đã là đảng viên chính thức.")
                    % {"name": subject.full_name},
                    "member",
                )
            settings = CommitteeSettings.for_organization(locked.cell)
            effective_date = effective_date or probation_end(subject, settings)
            if effective_date <= subject.admitted_on:
                raise RosterError(
                    _("Ngày chính thức phải sau ngày vào Đảng (%(date)s).")
                    % {"date": short_date(subject.admitted_on)},
                    "effective_date",
                )
            if effective_date > today:
                raise RosterError(_("Ngày chính thức không được ở tương lai."), "effective_date")
            subject.official_on = effective_date
            subject.save(update_fields=["official_on"])
        else:
            effective_date = effective_date or decision_date
            if effective_date < subject.admitted_on:
                raise RosterError(
                    _("Ngày có hiệu lực không được trước ngày vào Đảng."), "effective_date"
                )
            if kind == DecisionKind.EXPULSION:
                subject.left_on = effective_date
                subject.left_reason = str(EventKind.EXPULSION.label)
                subject.save(update_fields=["left_on", "left_reason"])

    MemberEvent.objects.create(
        member=subject,
        kind=event_kind,
        date=effective_date,
        reason=nfc(locked.decision.text).strip()[:500],
        decision_number=decision_number,
        decision_date=decision_date,
        meeting=locked.meeting,
        recorded_by=by,
    )
    locked.member = subject
    locked.status = ProposalStatus.CONFIRMED
    locked.decision_number = decision_number
    locked.decision_date = decision_date
    locked.effective_date = effective_date
    locked.note = nfc(note or "").strip()[:500]
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save()
    record_event(
        organization=locked.cell,
        action=Action.REGISTER_DECIDED,
        actor=by,
        comment=_("%(event)s: đồng chí %(name)s, quyết định số %(number)s ngày %(date)s")
        % {
            "event": EventKind(event_kind).label,
            "name": subject.full_name,
            "number": decision_number,
            "date": short_date(decision_date),
        },
    )
    if kind == DecisionKind.EXPULSION:
        deactivate_account(subject, by=by, reason=str(EventKind.EXPULSION.label))
    return locked


@transaction.atomic
def reject_proposal(*, proposal: RegisterProposal, by, note: str) -> RegisterProposal:
    """Record that the committee made no decision on what the minutes proposed."""
    locked = _lock(proposal)
    if not is_committee_staff(by, locked.cell):
        raise PermissionDenied
    if locked.status != ProposalStatus.PENDING:
        raise RosterError(_("Đề nghị này đã được xử lý."))
    note = nfc(note or "").strip()[:500]
    if not note:
        raise RosterError(_("Hãy ghi lý do không ra quyết định."), "note")
    locked.status = ProposalStatus.REJECTED
    locked.note = note
    locked.decided_by = by
    locked.decided_at = timezone.now()
    locked.save()
    who = locked.member.full_name if locked.member else locked.decision.text[:80]
    record_event(
        organization=locked.cell,
        action=Action.REGISTER_DECIDED,
        actor=by,
        comment=_("Không ra quyết định (%(kind)s) về %(who)s: %(note)s")
        % {"kind": DecisionKind(locked.kind).label, "who": who, "note": note},
    )
    return locked
