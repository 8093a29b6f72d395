"""`manage.py load_demo`: the demonstration data, the seed meeting recorded faithfully, idempotence."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import RequestFactory, override_settings
from django.utils import timezone

from members.demo import organizations as tree
from members.demo import register, schedule, year
from members.demo.loader import DemoLoader
from members.models import (
    REGISTER_FIELDS,
    EventKind,
    Member,
    MemberEvent,
    Organization,
    ProposalStatus,
    RegisterProposal,
    Role,
    RoleGrant,
)
from minutes.audit import verify_chain
from minutes.models import (
    AttendanceStatus,
    CatalogItem,
    CommitteeSettings,
    Decision,
    Meeting,
    MembershipClass,
    MinutesStatus,
    Participant,
    ParticipantRole,
    ReviewComment,
    Shortcoming,
    SignedDocument,
)
from minutes.oversight.regularity import FLAG_NO_REGULAR, FLAG_NOT_APPROVED, cell_regularity
from minutes.rules import attendance_figures, check_minutes

QLDT = tree.QLDT
VP = tree.VP
TCKH = tree.TCKH
TNMT = tree.TNMT
AGENCY = "Đảng bộ Cơ quan HĐND - UBND Thành phố"
SEED_DAY = dt.date(2022, 6, 21)
USERNAMES = ("secretary", "chair", "reviewer", "member", "outsider", "admin")
PASSWORD = "bienban-demo"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def run(**options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_demo", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def seed_meeting() -> Meeting:
    return Meeting.objects.get(cell__name=QLDT, date=SEED_DAY, kind="thematic")


def problems_of(meeting: Meeting):
    return check_minutes(
        meeting,
        participants=list(meeting.participants.all()),
        decisions=list(meeting.decisions.all()),
        reports=list(meeting.reports.all()),
        speaking_turns=list(meeting.speaking_turns.all()),
        roster_member_ids=Member.objects.on_roster(meeting.cell, meeting.date).values_list(
            "pk", flat=True
        ),
        rules=CommitteeSettings.defaults(),
    )


@pytest.fixture
def fast(settings, tmp_path):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.django_db
def test_refuses_to_run_with_debug_off_and_no_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        run()
    assert not Organization.objects.exists()
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_runs_without_force_when_debug_is_on_and_verbosity_0_is_silent(settings, fast):
    settings.DEBUG = True
    out, err = run(verbosity=0)
    assert out == ""
    assert err == ""
    assert Meeting.objects.filter(cell__name=QLDT, date=SEED_DAY).exists()


@pytest.mark.django_db
def test_a_missing_catalogue_code_is_skipped_with_a_warning(fast):
    CatalogItem.objects.filter(code="SD-DD-6").delete()
    CatalogItem.objects.get_or_create(
        code="SD-TT-4",
        defaults={
            "catalog": "NQ04-2016",
            "catalog_name": "NQ 04",
            "group_code": "SD-TT",
            "group_name": "Tư tưởng chính trị",
            "number": 4,
            "text": "Né tránh, thiếu trách nhiệm.",
        },
    )
    _, err = run(force=True)
    assert "SD-DD-6" in err
    waste = Shortcoming.objects.get(meeting=seed_meeting(), text__contains="lãng phí thời gian")
    assert set(waste.tags.values_list("code", flat=True)) == {"SD-TT-4"}


@pytest.mark.django_db
class TestLoadedTwice:
    """`load_demo --force` run twice in a row (DEBUG is off in tests)."""

    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def loaded(cls, django_db_setup, django_db_blocker, tmp_path_factory):
        # Load once for the class (two runs take seconds, mostly signing PDFs)
        # inside a transaction that is rolled back afterwards; each test's own
        # transaction nests inside it.
        with (
            django_db_blocker.unblock(),
            override_settings(
                PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=tmp_path_factory.mktemp("media")
            ),
            transaction.atomic(),
        ):
            # The catalogue rows come from a data migration; make sure every code
            # the seed uses exists, so tagging is tested whether or not it has run.
            for code in ("SD-TT-3", "SD-TT-4", "SD-TT-5", "SD-DD-5", "SD-DD-6", "QD37-03"):
                CatalogItem.objects.get_or_create(
                    code=code,
                    defaults={
                        "catalog": "test",
                        "catalog_name": "test",
                        "group_code": code.rsplit("-", 1)[0],
                        "group_name": "test",
                        "number": int(code.rsplit("-", 1)[1]),
                        "text": code,
                    },
                )
            first = run(force=True)
            after_first = row_counts()
            hashes = dict(get_user_model().objects.values_list("username", "password"))
            second = run(force=True)
            cls.runs = (first, second)
            cls.counts = (after_first, row_counts())
            cls.hashes = (
                hashes,
                dict(get_user_model().objects.values_list("username", "password")),
            )
            yield
            transaction.set_rollback(True)

    def test_the_second_run_changes_nothing(self):
        after_first, after_second = self.counts
        assert after_first["minutes.Meeting"] > 1
        assert after_first == after_second
        assert self.hashes[0] == self.hashes[1]
        assert "already loaded" in self.runs[1][0]

    def test_both_runs_print_the_logins_and_no_warnings(self):
        for out, err in self.runs:
            assert PASSWORD in out
            for username in USERNAMES:
                assert f"  {username} " in out
            assert err == ""

    def test_one_urban_management_cell_with_15_official_members(self):
        cell = Organization.objects.get(name=QLDT)
        assert cell.kind == "cell"
        assert cell.symbol == "CB"
        assert cell.term_start == dt.date(2020, 7, 1)
        assert cell.parent.name == AGENCY
        assert cell.parent.kind == "agency"
        assert cell.parent.symbol == "ĐU"
        members = list(Member.objects.on_roster(cell, SEED_DAY))
        assert len(members) == 15
        assert all(m.is_official_on(SEED_DAY) for m in members)
        assert not any(m.is_exempt_on(SEED_DAY) or m.attachment for m in members)
        secretary = Member.objects.get(cell=cell, position="bi_thu")
        assert secretary.full_name == "Tô Thái Hòa"
        assert Member.objects.filter(cell=cell, position="pho_bi_thu").count() == 1
        assert Member.objects.filter(cell=cell, position="chi_uy_vien").exists()

    def test_names_are_nfc_and_card_numbers_unique(self):
        names = list(Member.objects.values_list("full_name", flat=True))
        names += list(Participant.objects.values_list("full_name", flat=True))
        assert all(unicodedata.is_normalized("NFC", name) for name in names)
        cards = list(Member.objects.values_list("card_number", flat=True))
        assert len(cards) == len(set(cards)) > 15

    def test_seed_meeting_attendance_is_15_of_15(self):
        meeting = seed_meeting()
        rows = list(meeting.participants.filter(role=ParticipantRole.MEMBER))
        assert len(rows) == 15
        assert all(row.status == AttendanceStatus.PRESENT for row in rows)
        assert all(row.membership == MembershipClass.OFFICIAL for row in rows)
        figures = attendance_figures(meeting.participants.all())
        assert (figures.present, figures.expected, figures.ratio) == (15, 15, "15/15")

    def test_seed_meeting_facts_from_the_report(self):
        meeting = seed_meeting()
        assert meeting.topic == "Tự soi, tự sửa"
        assert meeting.start_time == dt.time(19, 30)
        assert meeting.status == MinutesStatus.DRAFT
        assert meeting.number is None
        lines = meeting.legal_basis_lines
        assert len(lines) == 3
        assert lines[0].startswith("Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành")
        assert lines[1].startswith("Hướng dẫn số 03-HD/Th.U ngày 19/5/2022")
        assert lines[2].startswith("Kế hoạch số 126-KH/ĐUCQ ngày 30/5/2022")
        assert meeting.chair.full_name == "Tô Thái Hòa"
        assert meeting.chair.role == ParticipantRole.MEMBER
        report = meeting.reports.get()
        assert report.presenter.position == "pho_bi_thu"
        assert "Tự soi, tự sửa" in report.title

    def test_seed_meeting_guests_by_exact_name(self):
        guests = dict(
            seed_meeting()
            .participants.filter(role=ParticipantRole.GUEST)
            .values_list("full_name", "title")
        )
        assert guests["Nguyễn Văn Quý"] == (
            "Ủy viên Ban Thường vụ Thành ủy, Bí thư Đảng ủy cơ quan HĐND - UBND Thành phố"
        )
        assert guests["Lê Quang Đức"] == (
            "Ủy viên Ban Thường vụ Thành ủy, Thủ trưởng Cơ quan HĐND - UBND Thành phố"
        )
        assert guests["Nguyễn Duy Đức"] == "Phó Bí thư Đảng ủy Cơ quan HĐND - UBND Thành phố"
        # The secretaries of the other cells under the agency committee.
        other_secretaries = set(
            Member.objects.filter(cell__parent__name=AGENCY, position="bi_thu")
            .exclude(cell__name=QLDT)
            .values_list("full_name", flat=True)
        )
        assert len(other_secretaries) == 3
        assert other_secretaries <= set(guests)

    def test_seed_meeting_has_19_turns_by_all_15_members(self):
        turns = list(seed_meeting().speaking_turns.select_related("speaker"))
        assert len(turns) == 19
        speakers = {turn.speaker.member_id for turn in turns}
        assert None not in speakers
        assert len(speakers) == 15

    def test_seed_meeting_has_five_directive_points_in_order(self):
        points = list(seed_meeting().directive_points.order_by("order", "pk"))
        assert len(points) == 5
        assert points[0].text.startswith("Tiếp tục tuyên truyền")
        assert points[1].text.startswith("Duy trì tốt chế độ sinh hoạt Chi bộ")
        assert points[4].text.startswith("Thực hiện tốt Quy định 213")
        assert {p.given_by.full_name for p in points} == {"Nguyễn Văn Quý"}
        assert not any(p.text.startswith(("Một là", "Năm là")) for p in points)

    def test_seed_meeting_shortcomings_tags_and_actions(self):
        meeting = seed_meeting()
        items = list(meeting.shortcomings.all())
        assert 8 <= len(items) <= 12
        assert {item.subject for item in items} == {"cell", "committee", "member"}
        assert all(item.causes and item.responsibility for item in items)
        waste = next(item for item in items if "lãng phí thời gian" in item.text)
        assert set(waste.tags.values_list("code", flat=True)) == {"SD-DD-6", "SD-TT-4"}
        assert any("tự thỏa mãn" in item.text for item in items)
        assert not any("mản" in item.text or "ngững" in item.text for item in items)
        actions = list(meeting.corrective_actions.all())
        assert actions
        assert all(action.deadline and action.status == "open" for action in actions)
        assert {a.owner_name for a in actions if not a.owner_member_id} == {"Chi ủy"}

    def test_seed_meeting_decision_and_closing(self):
        meeting = seed_meeting()
        decision = meeting.decisions.get()
        assert decision.kind == "ordinary"
        assert (decision.votes_for, decision.votes_against, decision.votes_other) == (15, 0, 0)
        assert meeting.minutes_read_back
        assert (
            meeting.closing_votes_for,
            meeting.closing_votes_against,
            meeting.closing_votes_other,
        ) == (15, 0, 0)

    def test_seed_meeting_passes_the_checks(self):
        problems = problems_of(seed_meeting())
        assert [p.message for p in problems if p.is_error] == []

    def test_other_meetings_in_every_state_and_the_reviewed_ones_pass_the_checks(self):
        others = Meeting.objects.exclude(pk=seed_meeting().pk)
        assert set(others.values_list("status", flat=True)) == set(MinutesStatus.values)
        for meeting in others.exclude(status=MinutesStatus.DRAFT):
            errors = [p.message for p in problems_of(meeting) if p.is_error]
            assert errors == [], str(meeting)
            assert meeting.submitted_at is not None
        for cell_id in others.values_list("cell", flat=True).distinct():
            approved = others.filter(cell=cell_id, status=MinutesStatus.APPROVED)
            numbers = list(approved.order_by("date").values_list("number", flat=True))
            assert numbers == list(range(1, len(numbers) + 1))
            assert all(approved.values_list("approved_at", flat=True))
        assert not others.exclude(status=MinutesStatus.APPROVED).exclude(number=None).exists()
        assert ReviewComment.objects.filter(meeting__status=MinutesStatus.RETURNED).exists()

    def test_other_meetings_have_varied_attendance_and_decisions(self):
        rows = Participant.objects.filter(role=ParticipantRole.MEMBER)
        assert rows.filter(status=AttendanceStatus.ABSENT_UNEXCUSED).exists()
        excused = rows.filter(status=AttendanceStatus.ABSENT_EXCUSED)
        assert excused.exists()
        assert all(excused.values_list("absence_reason", flat=True))
        assert rows.filter(is_exempt=True, status=AttendanceStatus.NOT_EXPECTED).exists()
        assert rows.filter(is_exempt=True, status=AttendanceStatus.PRESENT).exists()
        assert rows.filter(
            membership=MembershipClass.PROBATIONARY, status=AttendanceStatus.PRESENT
        ).exists()
        assert rows.filter(attachment="in").exists()
        assert rows.filter(attachment="out").exists()
        assert not rows.filter(meeting__cell__name=QLDT, membership="probationary").exists()
        for kind in ("admission", "recognition"):
            decisions = Decision.objects.filter(kind=kind).select_related("meeting")
            assert decisions.exists()
            for decision in decisions:
                assert decision.votes_for and decision.meeting.status != MinutesStatus.DRAFT

    def test_approved_minutes_have_their_signed_pdf(self):
        approved = Meeting.objects.filter(status=MinutesStatus.APPROVED)
        assert approved.count() >= 4
        assert SignedDocument.objects.filter(meeting__in=approved).count() == approved.count()

    def test_the_audit_trail_explains_every_state_and_verifies(self):
        out, err = StringIO(), StringIO()
        # verify_audit raises CommandError (exit 1) when any state lacks its event.
        call_command("verify_audit", stdout=out, stderr=err)
        assert "BROKEN" not in err.getvalue()
        assert "events, head" in out.getvalue()

    def test_six_accounts_log_in_with_the_demo_password(self):
        request = RequestFactory().post("/accounts/login/")
        for username in USERNAMES:
            user = authenticate(request, username=username, password=PASSWORD)
            assert user is not None, username
            assert user.first_name, username

    def test_accounts_roles_and_members(self):
        users = get_user_model().objects.in_bulk(USERNAMES, field_name="username")

        def grants(username):
            return set(
                RoleGrant.objects.filter(user=users[username]).values_list(
                    "role", "organization__name"
                )
            )

        meeting = seed_meeting()
        assert grants("secretary") == {(Role.RECORDER, QLDT)}
        assert users["secretary"].member == meeting.secretary.member
        assert grants("chair") == {(Role.CHAIR, QLDT)}
        assert users["chair"].member.full_name == "Tô Thái Hòa"
        assert users["chair"].member == meeting.chair.member
        assert grants("reviewer") == {(Role.REVIEWER, AGENCY)}
        assert grants("member") == set()
        assert users["member"].member.cell.name == QLDT
        assert users["member"].member.position == "dang_vien"
        [(role, cell)] = grants("outsider")
        assert role == Role.RECORDER
        assert cell != QLDT
        assert Organization.objects.get(name=cell).kind == "cell"
        assert users["admin"].is_superuser and users["admin"].is_staff
        assert not any(users[name].is_superuser for name in USERNAMES if name != "admin")

    # -- a year of meetings up to today, and the register since 2022 ------------

    def test_every_cell_meets_every_month_of_the_last_year_but_one_missed_month(self):
        today = timezone.localdate()
        last_month = schedule.add_months(schedule.month_start(today), -1)
        skipped = schedule.skipped_month(today)
        for name in schedule.CELLS:
            cell = Organization.objects.get(name=name)
            for month in schedule.window(today):
                regular = Meeting.objects.filter(
                    cell=cell, kind="regular", date__year=month.year, date__month=month.month
                )
                if name == TNMT and month == skipped:
                    assert not regular.exists()
                    continue
                [meeting] = regular
                if month < last_month:
                    assert meeting.status == MinutesStatus.APPROVED, (name, month)
                else:
                    assert meeting.status != MinutesStatus.DRAFT, (name, month)
                if schedule.is_thematic_month(month):
                    assert Meeting.objects.filter(
                        cell=cell, kind="thematic", date__year=month.year, date__month=month.month
                    ).exists(), (name, month)
            newest = Meeting.objects.filter(cell=cell).latest("date")
            assert last_month <= newest.date <= today, name

    def test_the_regularity_page_flags_the_missed_month_and_the_unapproved_ones(self):
        today = timezone.localdate()
        skipped = schedule.skipped_month(today)
        cells = list(Organization.objects.filter(name__in=schedule.CELLS))
        flags = {
            (row.cell.name, check.month): check.flags
            for row in cell_regularity(cells, skipped.year, today=today)
            for check in row.months
        }
        assert FLAG_NO_REGULAR in flags[(TNMT, skipped)]
        last_month = schedule.add_months(schedule.month_start(today), -1)
        if last_month.year == skipped.year:
            assert FLAG_NOT_APPROVED in flags[(QLDT, last_month)]
            assert FLAG_NOT_APPROVED in flags[(VP, last_month)]
            assert FLAG_NOT_APPROVED not in flags[(TCKH, last_month)]

    def test_recent_minutes_are_in_the_states_a_newcomer_should_see(self):
        today = timezone.localdate()
        last_month = schedule.add_months(schedule.month_start(today), -1)

        def regular(name, month):
            return Meeting.objects.get(
                cell__name=name, kind="regular", date__year=month.year, date__month=month.month
            )

        assert regular(QLDT, last_month).status == MinutesStatus.SUBMITTED
        returned = regular(VP, last_month)
        assert returned.status == MinutesStatus.RETURNED
        assert ReviewComment.objects.filter(meeting=returned).exists()
        draft = regular(QLDT, today)
        assert draft.status == MinutesStatus.DRAFT and draft.date <= today
        assert draft.participants.filter(role=ParticipantRole.MEMBER).count() == 15
        year_meetings = Meeting.objects.filter(date__gte=schedule.window(today)[0])
        assert year_meetings.filter(status=MinutesStatus.APPROVED).count() >= 40
        for meeting in year_meetings.exclude(status=MinutesStatus.DRAFT):
            assert meeting.speaking_turns.count() >= 3, str(meeting)
            assert meeting.directive_points.exists(), str(meeting)
            assert meeting.reports.exists() and meeting.decisions.exists(), str(meeting)
            assert meeting.submitted_at <= timezone.now()
        # Attendance is the roster snapshot of the day: the seconded member is not
        # expected, the exempt member not before her exemption and not during it.
        away = Member.objects.get(card_number=register.LUC)
        rows = Participant.objects.filter(member=away, meeting__in=year_meetings)
        assert rows.exists()
        assert set(rows.values_list("status", "attachment")) == {
            (AttendanceStatus.NOT_EXPECTED, "out")
        }
        exempt = Member.objects.get(card_number=register.THAO)
        during = Participant.objects.filter(member=exempt, meeting__date__gte=exempt.exempt_from)
        assert during.exists() and all(during.values_list("is_exempt", flat=True))

    def test_register_facts_make_every_due_list_show_something(self):
        today = timezone.localdate()
        members = Member.objects.filter(cell__name__in=schedule.CELLS)
        probationary = [m for m in members if m.official_on is None and m.left_on is None]
        ends = {m.card_number: schedule.add_months(m.admitted_on, 12) for m in probationary}
        assert any(today <= end <= today + dt.timedelta(days=60) for end in ends.values())
        assert any(end < today for end in ends.values())
        month_end = schedule.month_end(today)
        exempt = [m for m in members if m.exempt_to and today.replace(day=1) <= m.exempt_to]
        assert [m.exempt_to for m in exempt] == [month_end]
        assert MemberEvent.objects.filter(
            member=exempt[0],
            kind=EventKind.EXEMPTION,
            date=exempt[0].exempt_from,
            end_date=month_end,
        ).exists()
        away = members.get(attachment="out")
        attached = MemberEvent.objects.filter(member=away, kind=EventKind.ATTACH_OUT).latest("date")
        assert attached.end_date < today and attached.place == away.attachment_place
        # The events agree with the member fields.
        for event in MemberEvent.objects.filter(kind=EventKind.ADMITTED).select_related("member"):
            assert event.date == event.member.admitted_on
            assert event.decision_number and event.decision_date < event.date
        for event in MemberEvent.objects.filter(kind=EventKind.RECOGNIZED).select_related("member"):
            assert event.date == event.member.official_on
        gone = members.get(card_number=register.THUAN)
        assert (
            MemberEvent.objects.get(member=gone, kind=EventKind.TRANSFER_OUT).date == gone.left_on
        )
        # And what the due lists compute from them.
        from members.due import ATTACHMENT, EXEMPTION, PROBATION, due_items

        items = due_items(Organization.objects.get(name=AGENCY), today=today)
        kinds = {(item.kind, item.overdue) for item in items}
        assert {(PROBATION, False), (PROBATION, True), (EXEMPTION, False)} <= kinds
        assert (ATTACHMENT, True) in kinds

    def test_an_approved_recognition_vote_waits_for_the_committee(self):
        decision = Decision.objects.select_related("meeting", "subject_member").get(
            kind="recognition", meeting__status=MinutesStatus.APPROVED
        )
        member = decision.subject_member
        assert member is not None and member.official_on is None
        assert member.cell == decision.meeting.cell
        assert schedule.add_months(member.admitted_on, 12) < decision.meeting.date
        proposal = RegisterProposal.objects.get(decision=decision)
        assert proposal.status == ProposalStatus.PENDING and proposal.member == member
        # The admission votes whose candidates the register holds are settled.
        for proposal in RegisterProposal.objects.filter(kind="admission"):
            assert proposal.status == ProposalStatus.CONFIRMED
            assert proposal.member.admitted_on == proposal.effective_date
            assert (
                MemberEvent.objects.get(member=proposal.member, kind=EventKind.ADMITTED).meeting
                == proposal.meeting
            )
        assert RegisterProposal.objects.filter(status=ProposalStatus.PENDING).count() == 1

    def test_the_audit_chain_verifies(self):
        assert verify_chain() == []

    def test_a_run_on_a_later_day_adds_the_months_since_without_duplicates(self):
        today = timezone.localdate()
        later = today + dt.timedelta(days=75)
        events = MemberEvent.objects.count()
        members = Member.objects.count()
        result = DemoLoader(today=later).run()
        assert result.created["meetings"] >= 4
        assert MemberEvent.objects.count() == events
        assert Member.objects.count() == members
        months = Counter(
            (cell, kind, day.year, day.month)
            for cell, kind, day in Meeting.objects.values_list("cell", "kind", "date")
        )
        assert max(months.values()) == 1
        skipped = schedule.skipped_month(today)
        assert not Meeting.objects.filter(
            cell__name=TNMT, kind="regular", date__year=skipped.year, date__month=skipped.month
        ).exists()
        for name in schedule.CELLS:
            for month in schedule.window(later):
                if month > today:
                    assert Meeting.objects.filter(
                        cell__name=name,
                        kind="regular",
                        date__year=month.year,
                        date__month=month.month,
                    ).exists(), (name, month)
        assert verify_chain() == []
        assert DemoLoader(today=later).run().created == {}


# -- the year's generator on any day (no database) ---------------------------


def rosters_on(today: dt.date) -> dict[str, list[Member]]:
    """The demonstration rosters as the loader leaves them on `today`, unsaved."""
    fields = REGISTER_FIELDS
    rosters = {
        cell: [Member(**{f: getattr(spec, f) for f in fields}) for spec in specs]
        for cell, specs in tree.ROSTERS.items()
    }
    for cell, specs in register.new_members(today).items():
        rosters[cell] += [Member(**{f: getattr(spec, f) for f in fields}) for spec in specs]
    by_card = {m.card_number: m for roster in rosters.values() for m in roster}
    for event in register.events(today):
        for name, value in event.fields.items():
            setattr(by_card[event.card_number], name, value)
    return rosters


def sample_days() -> list[dt.date]:
    start = dt.date(2027, 1, 1)
    days = [start + dt.timedelta(days=n) for n in range(0, 800, 9)]
    return [*days, dt.date(2028, 2, 29), dt.date(2027, 12, 31), dt.date(2028, 3, 1)]


@pytest.mark.parametrize("today", sample_days(), ids=str)
def test_the_year_holds_together_on_any_day(today):
    now = dt.datetime.combine(today, dt.time(18, 0), tzinfo=year.TZ)
    rosters = rosters_on(today)
    specs = year.year_meetings(today, now, rosters, latest={})
    seen = Counter((s.cell, s.kind, s.date.year, s.date.month) for s in specs)
    assert max(seen.values()) == 1
    window = schedule.window(today)
    skipped = schedule.skipped_month(today)
    for cell in schedule.CELLS:
        for month in window:
            expected = not (cell == TNMT and month == skipped)
            assert ((cell, "regular", month.year, month.month) in seen) == expected
            if schedule.is_thematic_month(month):
                assert (cell, "thematic", month.year, month.month) in seen
    assert (QLDT, "regular", today.year, today.month) in seen
    assert len([s for s in specs if s.date >= schedule.month_start(today)]) == 1

    kinds = Counter(d.kind for s in specs for d in s.decisions)
    assert kinds["recognition"] == kinds["admission"] == 1
    last_month = schedule.add_months(schedule.month_start(today), -1)
    for spec in specs:
        assert window[0] <= spec.date <= today
        assert spec.submitted_at is None or spec.submitted_at <= now
        assert spec.approved_at is None or spec.submitted_at < spec.approved_at <= now
        assert (spec.status == "approved") == (spec.approved_at is not None)
        if spec.status != "draft":
            assert spec.end_time and spec.minutes_read_back and spec.decisions
        if any(d.kind == "recognition" for d in spec.decisions):
            assert (spec.cell, spec.status) == (TCKH, "approved")
            assert schedule.month_start(spec.date) == last_month
        # Everyone named is on the roster and expected that day (or a guest).
        expected = {
            m.full_name
            for m in rosters[spec.cell]
            if m.admitted_on <= spec.date
            and (m.left_on is None or m.left_on > spec.date)
            and not m.is_exempt_on(spec.date)
            and m.attachment != "out"
        }
        guests = {g.full_name for g in spec.guests}
        named = {spec.chair, spec.secretary, *(r.presenter for r in spec.reports)}
        named |= {speaker for speaker, _ in spec.turns}
        named |= {giver for giver, _ in spec.directive_points} - guests
        named |= set(spec.attendance)
        named |= {d.subject_member for d in spec.decisions if d.subject_member}
        assert named <= expected, (spec.cell, spec.date, named - expected)
        present = expected - set(spec.attendance)
        assert {speaker for speaker, _ in spec.turns} <= present | guests
