"""Turn the demonstration specs into rows, idempotently.

Everything is looked up by a natural key before it is created: an organization
by (name, parent), a member by card number, a user by username, a role grant by
(user, organization, role), a campaign by (committee, topic), a meeting by
(cell, date, kind). What exists is left as it is (a meeting someone has since
edited or submitted keeps their changes); only the demonstration password is
set again when it no longer matches.

Meetings are created through `create_meeting` (the roster snapshot), filled
with model saves, then put in the state the demonstration shows; approved ones
get the signed PDF that approval issues, with a demonstration key of the
agency committee.

After the 2022 data come the register facts since then (`register`) and a year
of meetings up to the day of loading (`year`), in that order: the year's
roster snapshots must see the register as it is now, and the 2022 snapshots as
it was then. Those facts are written once, from the day of the first load; the
year adds, on each run, the months after each cell's latest meeting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from members.demo import meetings as other_meetings
from members.demo import organizations as tree
from members.demo import quality as demo_quality
from members.demo import register, seed_meeting, shapes, year
from members.demo.specs import AccountSpec, CampaignSpec, MeetingSpec, MemberSpec
from members.models import (
    Member,
    MemberEvent,
    Organization,
    ProposalStatus,
    RegisterProposal,
    RoleGrant,
)
from members.services.proposals import propose_from_minutes
from minutes.audit import record_imported_state
from minutes.models import (
    AttendanceStatus,
    Campaign,
    CatalogItem,
    CorrectiveAction,
    Decision,
    DecisionKind,
    DirectivePoint,
    Meeting,
    MembershipClass,
    MinutesStatus,
    Participant,
    ParticipantRole,
    Report,
    ReviewComment,
    Shortcoming,
    SpeakingTurn,
)
from minutes.rules import TEMP_IN, attendance_figures
from minutes.services.documents import ensure_demo_signing_key, issue_signed_document
from minutes.services.meetings import create_meeting
from minutes.services.workflow import next_number
from minutes.signals import minutes_transitioned
from minutes.vnformat import nfc

User = get_user_model()

MEETINGS: tuple[MeetingSpec, ...] = (seed_meeting.SEED_MEETING, *other_meetings.OTHER_MEETINGS)
CAMPAIGNS: tuple[CampaignSpec, ...] = (seed_meeting.CAMPAIGN, shapes.CAMPAIGN)
_REVIEWED = (MinutesStatus.RETURNED, MinutesStatus.APPROVED)


@dataclass
class Result:
    created: dict[str, int] = field(default_factory=dict)
    missing_codes: set[str] = field(default_factory=set)
    unsigned: list[str] = field(default_factory=list)

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1


class DemoLoader:
    def __init__(
        self, log: Callable[[str], None] = lambda message: None, today: dt.date | None = None
    ) -> None:
        """`today`: the day the year of meetings ends (by default the real one).

        Another day is for seeing what a later run adds; the states of that day's
        minutes are then those of its evening.
        """
        self.log = log
        self.today = today or timezone.localdate()
        self.now = (
            timezone.now()
            if today is None
            else dt.datetime.combine(today, dt.time(18, 0), timezone.get_current_timezone())
        )
        self.result = Result()
        self.orgs: dict[str, Organization] = {}
        self.members: dict[tuple[str, str], Member] = {}
        self.users: dict[str, User] = {}
        self.campaigns: dict[str, Campaign] = {}
        self.catalog: dict[str, CatalogItem] = {}
        self.register_events: tuple[register.EventSpec, ...] = ()

    @transaction.atomic
    def run(self) -> Result:
        self.load_organizations()
        self.load_members()
        self.load_accounts()
        self.load_campaigns()
        self.catalog = {item.code: item for item in CatalogItem.objects.all()}
        for spec in MEETINGS:
            self.load_meeting(spec)
        shapes.load(self)  # a pilot session and a combined one, after each cell's 2022 minutes
        self.load_register(self.today)
        self.load_year(self.today)
        return self.result

    # -- the tree, rosters, accounts --------------------------------------

    def load_organizations(self) -> None:
        for spec in tree.ORGANIZATIONS:
            parent = self.orgs[spec.parent] if spec.parent else None
            org, created = Organization.objects.get_or_create(
                name=nfc(spec.name),
                parent=parent,
                defaults={
                    "kind": spec.kind,
                    "symbol": spec.symbol,
                    "place_name": spec.place_name,
                    "term_start": spec.term_start,
                    "header_name": spec.header_name,
                },
            )
            self.orgs[spec.name] = org
            if created:
                self.result.count("organizations")
                self.log(f"Organization: {org.name}")

    def load_members(self) -> None:
        for cell_name, roster in tree.ROSTERS.items():
            for spec in roster:
                self.load_member(cell_name, spec)

    def load_member(self, cell_name: str, spec: MemberSpec) -> Member:
        cell = self.orgs[cell_name]
        member, created = Member.objects.get_or_create(
            card_number=spec.card_number,
            defaults={
                "cell": cell,
                "full_name": spec.full_name,
                "gender": spec.gender,
                "birth_date": spec.birth_date,
                "admitted_on": spec.admitted_on,
                "official_on": spec.official_on,
                "position": spec.position,
                "job_title": spec.job_title,
                "exempt_from": spec.exempt_from,
                "exempt_to": spec.exempt_to,
                "exempt_reason": spec.exempt_reason,
                "attachment": spec.attachment,
                "attachment_place": spec.attachment_place,
            },
        )
        self.members[(cell_name, spec.full_name)] = member
        if created:
            self.result.count("members")
            self.log(f"Member: {member.full_name} ({cell.name})")
        return member

    def load_accounts(self) -> None:
        for spec in tree.ACCOUNTS:
            self.users[spec.username] = self.load_account(spec)

    def load_account(self, spec: AccountSpec):
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@example.org",
                "is_staff": spec.superuser,
                "is_superuser": spec.superuser,
            },
        )
        if created:
            self.result.count("users")
            self.log(f"User: {spec.username}")
        # Set the password only when it is not the demonstration one already, so a
        # rerun leaves the stored hash (and everything else) unchanged.
        if created or not user.check_password(tree.PASSWORD):
            user.set_password(tree.PASSWORD)
            user.save(update_fields=["password"])
        if spec.member:
            member = self.members[spec.member]
            if member.user_id is None and not Member.objects.filter(user=user).exists():
                member.user = user
                member.save(update_fields=["user"])
        for role, org_name in spec.grants:
            _, granted = RoleGrant.objects.get_or_create(
                user=user, organization=self.orgs[org_name], role=role
            )
            if granted:
                self.result.count("role grants")
        return user

    def load_campaigns(self) -> None:
        for spec in CAMPAIGNS:
            campaign, created = Campaign.objects.get_or_create(
                committee=self.orgs[spec.committee],
                topic=spec.topic,
                defaults={
                    "legal_bases": "\n".join(spec.legal_bases),
                    "deadline": spec.deadline,
                    "pilot_cell": self.orgs.get(spec.pilot_cell),
                    "created_by": self.users.get(spec.created_by),
                },
            )
            self.campaigns[spec.topic] = campaign
            if created:
                self.result.count("campaigns")

    # -- the register since 2022, and a year of meetings up to today ---------

    def load_register(self, today: dt.date) -> None:
        """New members and dated events; an event's member fields are set when it is written.

        An event is looked up by member and kind, not by date: its date may be
        relative to the day of the first load, and a later run must not write
        it again (nor move the member's fields) with other dates.
        """
        for cell_name, specs in register.new_members(today).items():
            for spec in specs:
                self.load_member(cell_name, spec)
        by_card = {m.card_number: m for m in self.members.values()}
        for spec in register.events(today):
            member = by_card[spec.card_number]
            if MemberEvent.objects.filter(member=member, kind=spec.kind).exists():
                continue
            MemberEvent.objects.create(
                member=member,
                kind=spec.kind,
                date=spec.date,
                end_date=spec.end_date,
                reason=spec.reason,
                place=spec.place,
                decision_number=spec.decision_number,
                decision_date=spec.decision_date,
                meeting=self.find_meeting(spec.meeting),
            )
            self.result.count("register events")
            if spec.fields:
                for name, value in spec.fields.items():
                    setattr(member, name, value)
                member.save(update_fields=list(spec.fields))
        self.register_events = register.events(today)

    def find_meeting(self, where: tuple[str, dt.date] | None) -> Meeting | None:
        if where is None:
            return None
        cell, day = where
        return Meeting.objects.filter(cell=self.orgs[cell], date=day, version=1).first()

    def load_year(self, today: dt.date) -> None:
        """Meetings of the months after each cell's latest meeting, up to today (see `year`)."""
        cells = {name: self.orgs[name] for name in year.COMMON}
        latest = {
            name: Meeting.objects.filter(cell=cell).aggregate(day=Max("date"))["day"]
            for name, cell in cells.items()
        }
        rosters = {name: list(Member.objects.filter(cell=cell)) for name, cell in cells.items()}
        specs = year.year_meetings(today, self.now, rosters, latest)
        for spec in specs:
            meeting = self.load_meeting(spec)
            if meeting is not None and any(
                d.kind == DecisionKind.OFFICIAL_RECOGNITION for d in spec.decisions
            ):
                # Approval offers the vote to the committee (the workflow's receiver does
                # it on the signal set_status sends); asked again here, it changes nothing
                # and the demonstration does not depend on the receiver being connected.
                propose_from_minutes(meeting)
        self.link_events()
        self.settle_admissions()

    def link_events(self) -> None:
        """Link events to minutes loaded after them (an exemption decided last month)."""
        for spec in self.register_events:
            if spec.meeting is None:
                continue
            meeting = self.find_meeting(spec.meeting)
            if meeting is not None:
                MemberEvent.objects.filter(
                    member__card_number=spec.card_number, kind=spec.kind, meeting=None
                ).update(meeting=meeting)

    def settle_admissions(self) -> None:
        """Admission votes whose candidate the register already holds: the committee decided.

        Their minutes offered them to the committee when they were approved; the
        demonstration has each candidate admitted since (an ADMITTED event with
        the committee's decision), so the proposal is shown confirmed and the
        event links the minutes, as confirming it in the app would have done.
        """
        reviewer = self.users.get("reviewer")
        for proposal in RegisterProposal.objects.filter(
            cell__in=self.orgs.values(),
            kind=DecisionKind.ADMISSION,
            status=ProposalStatus.PENDING,
        ).select_related("decision", "meeting"):
            event = (
                MemberEvent.objects.filter(
                    member__cell=proposal.cell_id,
                    kind="admitted",
                    date__gt=proposal.meeting.date,
                )
                .select_related("member")
                .order_by("date")
            )
            event = next((e for e in event if e.member.full_name in proposal.decision.text), None)
            if event is None:
                continue
            proposal.member = event.member
            proposal.status = ProposalStatus.CONFIRMED
            proposal.decision_number = event.decision_number
            proposal.decision_date = event.decision_date
            proposal.effective_date = event.date
            proposal.decided_by = reviewer
            proposal.decided_at = dt.datetime.combine(
                event.decision_date or event.date, dt.time(10, 0), timezone.get_current_timezone()
            )
            proposal.save()
            if event.meeting_id is None:
                event.meeting = proposal.meeting
                event.save(update_fields=["meeting"])

    # -- meetings ----------------------------------------------------------

    def load_meeting(self, spec: MeetingSpec) -> Meeting | None:
        cell = self.orgs[spec.cell]
        if Meeting.objects.filter(cell=cell, date=spec.date, kind=spec.kind).exists():
            return None
        meeting = create_meeting(
            cell=cell,
            kind=spec.kind,
            date=spec.date,
            start_time=spec.start_time,
            place=spec.place,
            topic=spec.topic,
            legal_bases="\n".join(spec.legal_bases),
            agenda=list(spec.agenda),
            campaign=self.campaigns.get(spec.campaign),
            by=self.users.get(spec.recorded_by),
        )
        self.result.count("meetings")
        self.log(f"Meeting: {meeting}")

        people = self.record_attendance(meeting, spec)
        meeting.chair = people[spec.chair]
        meeting.secretary = people[spec.secretary]
        meeting.end_time = spec.end_time
        meeting.documents_used = spec.documents_used
        meeting.conclusion = spec.conclusion
        meeting.commendations = spec.commendations
        meeting.reminders = spec.reminders

        for order, report in enumerate(spec.reports, 1):
            Report.objects.create(
                meeting=meeting,
                order=order,
                presenter=people[report.presenter],
                title=report.title,
                summary=report.summary,
            )
        for order, (speaker, gist) in enumerate(spec.turns, 1):
            SpeakingTurn.objects.create(
                meeting=meeting, order=order, speaker=people[speaker], gist=gist
            )
        self.record_shortcomings(meeting, spec, people)
        for order, (giver, text) in enumerate(spec.directive_points, 1):
            DirectivePoint.objects.create(
                meeting=meeting, order=order, given_by=people[giver], text=text
            )

        voters = sum(
            p.role == ParticipantRole.MEMBER
            and p.membership == MembershipClass.OFFICIAL
            and p.attachment != TEMP_IN
            and p.status == AttendanceStatus.PRESENT
            for p in people.values()
        )
        decisions = []
        for order, decision in enumerate(spec.decisions, 1):
            votes_for, against, other = decision.votes or (voters, 0, 0)
            decisions.append(
                Decision.objects.create(
                    meeting=meeting,
                    order=order,
                    kind=decision.kind,
                    text=decision.text,
                    subject_member=self.members.get((spec.cell, decision.subject_member)),
                    votes_for=votes_for,
                    votes_against=against,
                    votes_other=other,
                )
            )
        meeting.minutes_read_back = spec.minutes_read_back
        if spec.minutes_read_back:
            # Everyone present agrees to the minutes as read back ("… đồng chí dự họp
            # nhất trí"), probationary members included: it is not a resolution.
            present = attendance_figures(people.values()).present
            closing = spec.closing_votes or (present, 0, 0)
            (
                meeting.closing_votes_for,
                meeting.closing_votes_against,
                meeting.closing_votes_other,
            ) = closing
        meeting.save()
        demo_quality.assess(self, meeting, spec.status)
        self.set_status(meeting, spec, decisions)
        return meeting

    def record_attendance(self, meeting: Meeting, spec: MeetingSpec) -> dict[str, Participant]:
        """Apply the spec's attendance to the roster snapshot; add the guests."""
        people = {p.full_name: p for p in meeting.participants.all()}
        for name, (status, reason) in spec.attendance.items():
            row = people[nfc(name)]
            row.status = status
            row.absence_reason = "" if status == AttendanceStatus.PRESENT else reason
            row.save()
        # The snapshot leaves expected members unmarked; the specs list only
        # who was not present, so the secretary of these meetings marked the
        # rest present (the "Đánh dấu tất cả có mặt" click).
        for row in people.values():
            if row.status == AttendanceStatus.UNMARKED:
                row.status = AttendanceStatus.PRESENT
                row.save(update_fields=["status"])
        order = len(people)
        for guest in spec.guests:
            order += 1
            people[nfc(guest.full_name)] = Participant.objects.create(
                meeting=meeting,
                role=ParticipantRole.GUEST,
                order=order,
                full_name=guest.full_name,
                title=guest.title,
                organization=guest.organization,
            )
        return _NfcKeys(people)

    def record_shortcomings(self, meeting: Meeting, spec: MeetingSpec, people) -> None:
        for order, item in enumerate(spec.shortcomings, 1):
            shortcoming = Shortcoming.objects.create(
                meeting=meeting,
                order=order,
                subject=item.subject,
                subject_participant=people[item.subject_member] if item.subject_member else None,
                text=item.text,
                causes=item.causes,
                responsibility=item.responsibility,
            )
            tags = []
            for code in item.tags:
                if code in self.catalog:
                    tags.append(self.catalog[code])
                else:
                    self.result.missing_codes.add(code)
            shortcoming.tags.set(tags)
            for action in item.actions:
                CorrectiveAction.objects.create(
                    meeting=meeting,
                    cell=meeting.cell,
                    shortcoming=shortcoming,
                    text=action.text,
                    owner_member=self.members[(spec.cell, action.owner)] if action.owner else None,
                    owner_name=action.owner_name,
                    deadline=action.deadline,
                    status=action.status,
                    done_at=action.done_at,
                )

    def set_status(self, meeting: Meeting, spec: MeetingSpec, decisions: list[Decision]) -> None:
        """Put the record in the state it is in today.

        Demonstration data reproduces a past state; it is not a transition, so it
        is written directly rather than through the workflow services (which
        would check permissions, stamp the current time, write audit events and
        send notifications for events that happened in 2022).
        """
        if spec.status == MinutesStatus.DRAFT:
            return
        number = None
        if spec.status == MinutesStatus.APPROVED:
            # Meetings are loaded in date order per cell, so this numbers them by date
            # as approval would have, continuing after what is there already.
            number = next_number(meeting.cell)
        Meeting.objects.filter(pk=meeting.pk).update(
            status=spec.status,
            submitted_at=spec.submitted_at,
            approved_at=spec.approved_at,
            number=number,
        )
        meeting.refresh_from_db()
        # The audit trail says openly that this state was brought in, not made here.
        record_imported_state(
            meeting, note="Dữ liệu minh họa: trạng thái nhập sẵn, không qua các bước duyệt."
        )
        reviewer = self.users.get("reviewer")
        for comment in spec.review_comments:
            anchor = comment.anchor
            if anchor.startswith("decision:"):
                anchor = f"decision:{decisions[int(anchor.split(':')[1]) - 1].pk}"
            ReviewComment.objects.create(
                meeting=meeting, author=reviewer, anchor=anchor, text=comment.text
            )
        # Derived data (search text, figures) follows the state through this signal.
        minutes_transitioned.send(
            sender=type(self),
            meeting=meeting,
            from_status=MinutesStatus.DRAFT,
            to_status=spec.status,
            actor=reviewer if spec.status in _REVIEWED else self.users.get(spec.recorded_by),
        )
        if spec.status == MinutesStatus.APPROVED:
            self.sign(meeting)

    def sign(self, meeting: Meeting) -> None:
        """Issue the signed PDF that approval issues, with a demonstration key of the committee.

        The demonstration still loads where PDFs cannot be made (no signing
        passphrase, no fonts): the minutes then stay approved without a PDF,
        and the command says so.
        """
        try:
            with transaction.atomic():  # a savepoint: a failure leaves the rest loadable
                ensure_demo_signing_key(meeting.cell.parent or meeting.cell)
                issue_signed_document(meeting)
        except Exception as error:  # any failure costs only the PDF
            self.result.unsigned.append(f"{meeting}: {error}")
        else:
            self.result.count("signed documents")


class _NfcKeys(dict):
    """Participants by full name, whatever normalization the caller's string is in."""

    def __getitem__(self, name: str) -> Participant:
        return super().__getitem__(nfc(name))


def demo_logins() -> list[tuple[str, str]]:
    """(username, description) of every demonstration account."""
    return [(spec.username, spec.description) for spec in tree.ACCOUNTS]
