"""The computations of domain.md §3, checked with its worked examples."""

import datetime as dt

import pytest

from minutes import rules
from minutes.models import (
    AttendanceStatus,
    CommitteeSettings,
    Meeting,
    MembershipClass,
    Participant,
    ParticipantRole,
    VotingRule,
)

PRESENT = AttendanceStatus.PRESENT
EXCUSED = AttendanceStatus.ABSENT_EXCUSED
UNEXCUSED = AttendanceStatus.ABSENT_UNEXCUSED
NOT_EXPECTED = AttendanceStatus.NOT_EXPECTED


def member(
    status=PRESENT, *, official=True, exempt=False, attachment="", suspended=False, reason=""
):
    return Participant(
        role=ParticipantRole.MEMBER,
        full_name="Đảng viên",
        membership=MembershipClass.OFFICIAL if official else MembershipClass.PROBATIONARY,
        is_exempt=exempt,
        attachment=attachment,
        is_suspended=suspended,
        status=status,
        absence_reason=reason,
    )


def rows(**counts):
    """rows(official_present=17, official_excused=3, ...) → a list of attendance rows."""
    out = []
    out += [member() for _ in range(counts.get("official_present", 0))]
    out += [member(EXCUSED, reason="Đi công tác") for _ in range(counts.get("official_excused", 0))]
    out += [member(UNEXCUSED) for _ in range(counts.get("official_unexcused", 0))]
    out += [member(official=False) for _ in range(counts.get("probationary_present", 0))]
    out += [
        member(EXCUSED, official=False, reason="Ốm")
        for _ in range(counts.get("probationary_excused", 0))
    ]
    out += [member(NOT_EXPECTED, exempt=True) for _ in range(counts.get("exempt_absent", 0))]
    out += [member(PRESENT, exempt=True) for _ in range(counts.get("exempt_present", 0))]
    out += [member(NOT_EXPECTED, attachment="out") for _ in range(counts.get("temp_out", 0))]
    out += [member(PRESENT, attachment="in") for _ in range(counts.get("temp_in_present", 0))]
    out += [member(NOT_EXPECTED, suspended=True) for _ in range(counts.get("suspended", 0))]
    return out


DEFAULTS = CommitteeSettings.defaults()


def test_quiz_example_denominator_is_all_official_members_not_those_present():
    # 22 members (20 official, 2 probationary); 18 attend; 3 official and
    # 1 probationary absent on business: the rate is computed over 20, not 17.
    attendance = rows(
        official_present=17, official_excused=3, probationary_present=1, probationary_excused=1
    )
    denominator = rules.vote_denominator(attendance, DEFAULTS)
    assert denominator.value == 20
    assert denominator.voters_present == 17
    figures = rules.attendance_figures(attendance)
    assert (figures.total, figures.official, figures.probationary) == (22, 20, 2)
    assert figures.ratio == "18/22"
    assert (figures.present_official, figures.present_probationary) == (17, 1)


def test_absent_exempt_members_leave_the_denominator_but_count_when_they_attend():
    # Lâm Đồng case: 17 official, 1 exempt (absent), 2 absent with reason, 14 present.
    absent = rows(official_present=14, official_excused=2, exempt_absent=1)
    assert rules.vote_denominator(absent, DEFAULTS).value == 16
    assert rules.attendance_figures(absent).ratio == "14/16"
    attending = rows(official_present=14, official_excused=2, exempt_present=1)
    assert rules.vote_denominator(attending, DEFAULTS).value == 17
    assert rules.vote_denominator(attending, DEFAULTS).voters_present == 15


def test_temp_out_and_suspended_members_are_outside_the_denominator():
    attendance = rows(official_present=10, temp_out=2, suspended=1)
    denominator = rules.vote_denominator(attendance, DEFAULTS)
    assert denominator.value == 10
    assert "− 2 sinh hoạt tạm thời nơi khác" in denominator.explain()
    figures = rules.attendance_figures(attendance)
    assert (figures.total, figures.temp_out, figures.expected) == (13, 2, 10)


def test_attached_members_from_elsewhere_vote_only_when_the_committee_says_so():
    attendance = rows(official_present=8, temp_in_present=2)
    assert rules.vote_denominator(attendance, DEFAULTS).value == 8
    lenient = CommitteeSettings(attached_members_vote=True)
    denominator = rules.vote_denominator(attendance, lenient)
    assert (denominator.value, denominator.voters_present) == (10, 10)
    figures = rules.attendance_figures(attendance)
    assert (figures.total, figures.temp_in, figures.present) == (8, 2, 10)


def test_absent_with_reason_leaves_the_denominator_only_if_configured():
    attendance = rows(official_present=12, official_excused=3)
    assert rules.vote_denominator(attendance, DEFAULTS).value == 15
    strict = CommitteeSettings(exclude_absent_with_reason=True)
    assert rules.vote_denominator(attendance, strict).value == 12


@pytest.mark.parametrize(
    ("kind", "votes_for", "denominator", "adopted"),
    [
        ("ordinary", 11, 20, True),
        ("ordinary", 10, 20, False),  # exactly half is not more than half
        ("ordinary", 8, 15, True),
        ("ordinary", 0, 0, False),
        ("admission", 10, 15, True),  # 2/3 exactly is enough for "at least two thirds"
        ("admission", 9, 15, False),
        ("recognition", 14, 20, True),
        ("recognition", 13, 20, False),
        ("expulsion", 12, 18, True),
        ("discipline", 9, 18, False),
    ],
)
def test_adoption_uses_integer_comparison_against_the_rule(kind, votes_for, denominator, adopted):
    assert rules.passes(votes_for, denominator, rules.rule_for(kind)) is adopted


@pytest.mark.django_db
def test_the_voting_rule_table_is_what_decides():
    VotingRule.objects.filter(kind="ordinary").update(numerator=2, denominator=3, strict=False)
    rule = rules.rule_for("ordinary", list(VotingRule.objects.all()))
    assert rules.passes(11, 20, rule) is False
    assert rules.passes(14, 20, rule) is True


def test_votes_from_more_people_than_official_members_present_are_refused():
    attendance = rows(official_present=14, probationary_present=2)
    denominator = rules.vote_denominator(attendance, DEFAULTS)
    outcome = rules.decision_outcome(
        kind="ordinary", votes_for=15, votes_against=1, votes_other=0, denominator=denominator
    )
    assert outcome.adopted is False
    assert "Đảng viên dự bị không biểu quyết" in outcome.errors[0]
    assert "(16)" in outcome.errors[0] and "(14)" in outcome.errors[0]


def test_a_valid_vote_is_adopted_and_says_by_which_rule():
    denominator = rules.vote_denominator(rows(official_present=14, official_excused=1), DEFAULTS)
    outcome = rules.decision_outcome(
        kind="ordinary", votes_for=14, votes_against=0, votes_other=0, denominator=denominator
    )
    assert (outcome.adopted, outcome.denominator, outcome.rule.label) == (True, 15, "hơn một nửa")


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        (dt.time(19, 30), dt.time(21, 0), 90),
        (dt.time(8, 0), dt.time(9, 59), 119),
        (dt.time(19, 30), dt.time(19, 30), None),
        (dt.time(19, 30), dt.time(18, 0), None),
        (dt.time(19, 30), None, None),
    ],
)
def test_duration(start, end, minutes):
    assert rules.duration_minutes(start, end) == minutes


def test_good_attendance_must_be_above_85_percent_and_exactly_85_is_not():
    assert (
        rules.attendance_figures(rows(official_present=17, official_excused=3)).rate_exceeds(85)
        is False
    )
    assert (
        rules.attendance_figures(rows(official_present=18, official_excused=2)).rate_exceeds(85)
        is True
    )


def meeting(**fields):
    base = {
        "kind": "regular",
        "date": dt.date(2022, 6, 21),
        "start_time": dt.time(19, 30),
        "end_time": dt.time(21, 30),
        "place": "Hội trường",
        "chair_id": 1,
        "secretary_id": 2,
        "minutes_read_back": True,
        "closing_votes_for": 15,
    }
    base.update(fields)
    return Meeting(**base)


def problems(m, attendance, **kwargs):
    found = rules.check_minutes(
        m, participants=attendance, rules=DEFAULTS, speaking_turns=[1], **kwargs
    )
    return {(p.level, p.part) for p in found}, found


def test_complete_minutes_have_no_problems():
    levels, found = problems(meeting(), rows(official_present=15))
    assert found == []


def test_a_short_meeting_is_a_warning_not_an_error():
    levels, found = problems(meeting(end_time=dt.time(20, 45)), rows(official_present=15))
    assert levels == {("warning", "closing")}
    assert "75 phút" in found[0].message and "90 phút" in found[0].message
    levels, found = problems(
        meeting(kind="combined", end_time=dt.time(21, 20)), rows(official_present=15)
    )
    assert "120 phút" in found[0].message


def test_missing_parts_are_errors():
    m = meeting(chair_id=None, secretary_id=None, end_time=None, minutes_read_back=False)
    attendance = rows(official_present=14) + [member(EXCUSED, reason="")]
    levels, found = problems(m, attendance)
    messages = " ".join(p.message for p in found if p.is_error)
    assert "chủ trì" in messages and "thư ký" in messages
    assert "giờ kết thúc" in messages and "lý do" in messages and "đọc lại" in messages


def test_low_attendance_warns_that_no_resolution_can_pass():
    levels, found = problems(
        meeting(closing_votes_for=5), rows(official_present=5, official_excused=5)
    )
    assert any("không nghị quyết nào có thể được thông qua" in p.message for p in found)


def test_every_roster_member_needs_an_attendance_row():
    attendance = rows(official_present=3)
    for i, row in enumerate(attendance, 1):
        row.member_id = i
    levels, found = problems(
        meeting(closing_votes_for=3), attendance, roster_member_ids=[1, 2, 3, 4]
    )
    assert ("error", "attendance") in levels
    assert "1 đảng viên" in found[0].message
