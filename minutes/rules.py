"""The computations of domain.md §3, each in one place, in integer arithmetic.

Everything here works on objects already loaded (participants, decisions), so
a page that prefetched the meeting computes its figures without more queries.
Numbers are never typed by users: attendance figures, the vote denominator,
adoption, percentages and durations all come from these functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from minutes.models.meeting import (
    AttendanceStatus,
    MeetingKind,
    MembershipClass,
    Participant,
    ParticipantRole,
)
from minutes.models.rules import CommitteeSettings, DecisionKind, VotingRule

TEMP_IN = "in"
TEMP_OUT = "out"


def is_expected(row: Participant) -> bool:
    """Whether the rules expect this member at the meeting.

    Members on temporary activity elsewhere and suspended members are not
    expected; exempt members are not expected, but count once they come.
    """
    if row.attachment == TEMP_OUT or row.is_suspended:
        return False
    return not row.is_exempt or row.status == AttendanceStatus.PRESENT


@dataclass(frozen=True)
class AttendanceFigures:
    """Attendance by class, as the minutes state it (domain.md §3.8)."""

    total: int  # members of the cell (attached members from elsewhere excluded)
    official: int
    probationary: int
    exempt: int
    temp_out: int
    temp_in: int
    suspended: int
    expected: int
    present: int
    present_official: int
    present_probationary: int
    present_temp_in: int
    absent_excused: tuple[Participant, ...]
    absent_unexcused: tuple[Participant, ...]
    # Absent, the reason not known yet: absent all the same.
    absent_unknown: tuple[Participant, ...] = ()
    # Expected members nobody marked yet: neither present nor absent.
    unmarked: tuple[Participant, ...] = ()

    @property
    def absent(self) -> int:
        return len(self.absent_excused) + len(self.absent_unexcused) + len(self.absent_unknown)

    @property
    def ratio(self) -> str:
        """ "15/15": present over expected."""
        return f"{self.present}/{self.expected}"

    def rate_exceeds(self, percent: int) -> bool:
        """present / expected > percent %, compared exactly (85,0 % is not above 85 %)."""
        return self.expected > 0 and 100 * self.present > percent * self.expected


def attendance_figures(participants: Iterable[Participant]) -> AttendanceFigures:
    members = [p for p in participants if p.role == ParticipantRole.MEMBER]
    own = [p for p in members if p.attachment != TEMP_IN]
    expected = [p for p in members if is_expected(p)]
    present = [p for p in expected if p.status == AttendanceStatus.PRESENT]
    return AttendanceFigures(
        total=len(own),
        official=sum(p.membership == MembershipClass.OFFICIAL for p in own),
        probationary=sum(p.membership == MembershipClass.PROBATIONARY for p in own),
        exempt=sum(p.is_exempt for p in own),
        temp_out=sum(p.attachment == TEMP_OUT for p in own),
        temp_in=sum(p.attachment == TEMP_IN for p in members),
        suspended=sum(p.is_suspended for p in own),
        expected=len(expected),
        present=len(present),
        present_official=sum(
            p.membership == MembershipClass.OFFICIAL and p.attachment != TEMP_IN for p in present
        ),
        present_probationary=sum(
            p.membership == MembershipClass.PROBATIONARY and p.attachment != TEMP_IN
            for p in present
        ),
        present_temp_in=sum(p.attachment == TEMP_IN for p in present),
        absent_excused=tuple(p for p in expected if p.status == AttendanceStatus.ABSENT_EXCUSED),
        absent_unexcused=tuple(
            p for p in expected if p.status == AttendanceStatus.ABSENT_UNEXCUSED
        ),
        absent_unknown=tuple(p for p in expected if p.status == AttendanceStatus.ABSENT_UNKNOWN),
        unmarked=tuple(p for p in expected if p.status == AttendanceStatus.UNMARKED),
    )


@dataclass(frozen=True)
class Denominator:
    """Who counts as a member of the meeting for votes (QĐ 24 / QĐ 294 §9.3.2)."""

    value: int
    official_members: int
    minus_temp_out: int
    minus_exempt_absent: int
    minus_suspended: int
    minus_absent_excused: int
    plus_attached_present: int
    voters_present: int  # official members present who may vote

    def explain(self) -> str:
        parts = [_("%(n)d đảng viên chính thức") % {"n": self.official_members}]
        for amount, label in (
            (self.minus_temp_out, _("sinh hoạt tạm thời nơi khác")),
            (self.minus_exempt_absent, _("miễn sinh hoạt vắng mặt")),
            (self.minus_suspended, _("bị đình chỉ sinh hoạt")),
            (self.minus_absent_excused, _("vắng có lý do")),
        ):
            if amount:
                parts.append(f"− {amount} {label}")
        if self.plus_attached_present:
            parts.append(f"+ {self.plus_attached_present} " + _("sinh hoạt tạm thời tại chi bộ"))
        return " ".join(parts) + f" = {self.value}"


def vote_denominator(participants: Iterable[Participant], rules: CommitteeSettings) -> Denominator:
    """The denominator of the votes and the official members present who may vote.

    Only a recorded absence with its reason takes a member out (when the rules
    say so). Members not marked yet and members absent for a reason not known
    yet stay in, as members of the meeting: nothing about them is presumed,
    and they cannot vote since they are not recorded present. (Submission is
    refused while anyone is unmarked.)
    """
    official = [
        p
        for p in participants
        if p.role == ParticipantRole.MEMBER and p.membership == MembershipClass.OFFICIAL
    ]
    own = [p for p in official if p.attachment != TEMP_IN]
    present = AttendanceStatus.PRESENT
    temp_out = sum(p.attachment == TEMP_OUT for p in own)
    suspended = sum(p.is_suspended and p.attachment != TEMP_OUT for p in own)
    exempt_absent = sum(
        p.is_exempt and p.status != present and p.attachment != TEMP_OUT and not p.is_suspended
        for p in own
    )
    absent_excused = 0
    if rules.exclude_absent_with_reason:
        absent_excused = sum(
            p.status == AttendanceStatus.ABSENT_EXCUSED and is_expected(p) for p in own
        )
    attached_present = 0
    if rules.attached_members_vote:
        attached_present = sum(p.attachment == TEMP_IN and p.status == present for p in official)
    voters_present = sum(p.status == present and is_expected(p) for p in own) + attached_present
    value = len(own) - temp_out - suspended - exempt_absent - absent_excused + attached_present
    return Denominator(
        value=value,
        official_members=len(own),
        minus_temp_out=temp_out,
        minus_exempt_absent=exempt_absent,
        minus_suspended=suspended,
        minus_absent_excused=absent_excused,
        plus_attached_present=attached_present,
        voters_present=voters_present,
    )


# Defaults of domain.md §3.4, used where the VotingRule table has no row.
DEFAULT_RULES: dict[str, tuple[int, int, bool, str]] = {
    DecisionKind.ORDINARY: (1, 2, True, "hơn một nửa"),
    DecisionKind.ADMISSION: (2, 3, False, "ít nhất hai phần ba (2/3)"),
    DecisionKind.OFFICIAL_RECOGNITION: (2, 3, False, "ít nhất hai phần ba (2/3)"),
    DecisionKind.DISCIPLINE: (1, 2, True, "hơn một nửa"),
    DecisionKind.EXPULSION: (2, 3, False, "ít nhất hai phần ba (2/3)"),
    DecisionKind.OTHER: (1, 2, True, "hơn một nửa"),
}


def rule_for(kind: str, rules: Sequence[VotingRule] = ()) -> VotingRule:
    for rule in rules:
        if rule.kind == kind:
            return rule
    numerator, denominator, strict, label = DEFAULT_RULES[kind]
    return VotingRule(
        kind=kind, numerator=numerator, denominator=denominator, strict=strict, label=label
    )


def passes(votes_for: int, denominator: int, rule: VotingRule) -> bool:
    """votes_for / denominator against numerator / rule.denominator, in integers."""
    if denominator <= 0:
        return False
    left, right = votes_for * rule.denominator, rule.numerator * denominator
    return left > right if rule.strict else left >= right


@dataclass(frozen=True)
class DecisionOutcome:
    votes_for: int
    votes_against: int
    votes_other: int
    denominator: int
    rule: VotingRule
    adopted: bool
    errors: tuple[str, ...] = field(default=())

    @property
    def cast(self) -> int:
        return self.votes_for + self.votes_against + self.votes_other


def vote_errors(
    votes_for: int | None,
    votes_against: int | None,
    votes_other: int | None,
    denominator: Denominator,
) -> list[str]:
    """Why a vote count cannot be right; empty when it can."""
    errors = []
    counts = [votes_for, votes_against, votes_other]
    if any(v is not None and v < 0 for v in counts):
        errors.append(_("Số phiếu không được âm."))
    if votes_for is None:
        errors.append(_("Chưa nhập số đồng chí tán thành."))
    cast = sum(v or 0 for v in counts)
    if cast > denominator.voters_present:
        errors.append(
            _(
                "Tổng số biểu quyết (%(cast)d) nhiều hơn số đảng viên chính thức có mặt "
                "(%(voters)d). Đảng viên dự bị không biểu quyết."
            )
            % {"cast": cast, "voters": denominator.voters_present}
        )
    return errors


def decision_outcome(
    *,
    kind: str,
    votes_for: int | None,
    votes_against: int | None,
    votes_other: int | None,
    denominator: Denominator,
    rules: Sequence[VotingRule] = (),
) -> DecisionOutcome:
    rule = rule_for(kind, rules)
    errors = vote_errors(votes_for, votes_against, votes_other, denominator)
    adopted = not errors and passes(votes_for or 0, denominator.value, rule)
    return DecisionOutcome(
        votes_for=votes_for or 0,
        votes_against=votes_against or 0,
        votes_other=votes_other or 0,
        denominator=denominator.value,
        rule=rule,
        adopted=adopted,
        errors=tuple(errors),
    )


def duration_minutes(start: dt.time | None, end: dt.time | None) -> int | None:
    """Minutes from start to end on the same day; None if either is missing or end ≤ start."""
    if start is None or end is None:
        return None
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return minutes if minutes > 0 else None


def minimum_minutes(kind: str, rules: CommitteeSettings) -> int:
    if kind == MeetingKind.COMBINED:
        return rules.min_minutes_combined
    return rules.min_minutes_regular


# --- the discussion recorded as a whole (issue 13)


@dataclass(frozen=True)
class NamedTurns:
    """The speaking turns recorded one by one that a summary of the discussion counts.

    Guests' turns are printed apart ("Ý kiến của đại biểu") and are not among
    "x/y đảng viên có mặt đã có n lượt phát biểu".
    """

    turns: int
    speakers: int  # distinct members among them


def named_member_turns(speaking_turns: Iterable, participants: Iterable[Participant]) -> NamedTurns:
    guests = {p.pk for p in participants if p.role == ParticipantRole.GUEST}
    turns, speakers = 0, set()
    for turn in speaking_turns:
        speaker_id = getattr(turn, "speaker_id", None)
        if speaker_id in guests:
            continue
        turns += 1
        if speaker_id is not None:
            speakers.add(speaker_id)
    return NamedTurns(turns=turns, speakers=len(speakers))


def has_discussion_counts(meeting) -> bool:
    """Whether the minutes carry a counted summary of the discussion (turns or speakers)."""
    return bool(getattr(meeting, "discussion_turns", None)) or bool(
        getattr(meeting, "discussion_speakers", None)
    )


def discussion_errors(
    *, speakers: int | None, turns: int | None, present: int, named: NamedTurns
) -> list[tuple[str, str]]:
    """(field, message) for counts of a discussion summary that contradict the minutes.

    The summary never invents speakers: no more members spoke than were present,
    each of them spoke at least once, and the turns and members already recorded
    by name are among those counted. Unknown counts (None) are not checked.
    """
    errors: list[tuple[str, str]] = []
    if speakers is not None:
        if speakers > present:
            errors.append(
                (
                    "speakers",
                    _("Số đảng viên đã phát biểu (%(s)d) nhiều hơn số đảng viên có mặt (%(p)d).")
                    % {"s": speakers, "p": present},
                )
            )
        if speakers < named.speakers:
            errors.append(
                (
                    "speakers",
                    _(
                        "Đã ghi ý kiến của %(n)d đảng viên theo tên; số đảng viên đã phát biểu "
                        "không thể ít hơn."
                    )
                    % {"n": named.speakers},
                )
            )
    if turns is not None:
        if speakers is not None and turns < speakers:
            errors.append(
                (
                    "turns",
                    _("Số lượt phát biểu (%(t)d) ít hơn số đảng viên đã phát biểu (%(s)d).")
                    % {"t": turns, "s": speakers},
                )
            )
        if turns < named.turns:
            errors.append(
                (
                    "turns",
                    _(
                        "Đã ghi %(n)d lượt phát biểu của đảng viên theo tên; tổng số lượt "
                        "không thể ít hơn."
                    )
                    % {"n": named.turns},
                )
            )
        if turns > 0 and speakers == 0:
            errors.append(
                (
                    "speakers",
                    _("Có lượt phát biểu thì phải có ít nhất một đảng viên đã phát biểu."),
                )
            )
    return errors


@dataclass(frozen=True)
class Problem:
    """Something missing or inconsistent; errors block submission, warnings need a confirmation."""

    level: str  # "error" or "warning"
    part: str  # the part of the minutes it concerns, as an anchor
    message: str

    @property
    def is_error(self) -> bool:
        return self.level == "error"


def check_minutes(
    meeting,
    *,
    participants: Sequence[Participant],
    decisions: Sequence = (),
    reports: Sequence = (),
    speaking_turns: Sequence = (),
    roster_member_ids: Iterable[int] | None = None,
    rules: CommitteeSettings,
    voting_rules: Sequence[VotingRule] = (),
) -> list[Problem]:
    """What keeps the minutes from being submitted (errors) or needs a confirmation (warnings)."""
    problems: list[Problem] = []

    def error(part: str, message: str) -> None:
        problems.append(Problem("error", part, message))

    def warning(part: str, message: str) -> None:
        problems.append(Problem("warning", part, message))

    members = [p for p in participants if p.role == ParticipantRole.MEMBER]
    if not members:
        error("attendance", _("Chưa có danh sách đảng viên dự họp."))
    if roster_member_ids is not None:
        listed = {p.member_id for p in members if p.member_id}
        missing = set(roster_member_ids) - listed
        if missing:
            error(
                "attendance",
                _("%(n)d đảng viên trong danh sách chi bộ chưa có trong điểm danh.")
                % {"n": len(missing)},
            )
    figures = attendance_figures(members)
    # Nobody is presumed present: the figures mean nothing until everyone is marked.
    if figures.unmarked:
        error(
            "attendance",
            _("Còn %(n)d đảng viên chưa điểm danh: %(names)s.")
            % {
                "n": len(figures.unmarked),
                # A few names say where to look; all of a new meeting's would be noise.
                "names": ", ".join(p.full_name for p in figures.unmarked[:5])
                + (", …" if len(figures.unmarked) > 5 else ""),
            },
        )
    for p in members:
        if p.status == AttendanceStatus.ABSENT_EXCUSED and not p.absence_reason.strip():
            error(
                "attendance",
                _("Đồng chí %(name)s vắng có lý do nhưng chưa ghi lý do.") % {"name": p.full_name},
            )
    # Printed truthfully ("chưa rõ lý do"), so it may be submitted once confirmed.
    for p in figures.absent_unknown:
        warning(
            "attendance",
            _("Đồng chí %(name)s vắng, chưa rõ lý do: ghi lý do khi biết.") % {"name": p.full_name},
        )
    if meeting.chair_id is None:
        error("opening", _("Chưa chọn người chủ trì."))
    if meeting.secretary_id is None:
        error("opening", _("Chưa chọn thư ký."))
    if meeting.start_time is None:
        error("opening", _("Chưa ghi giờ bắt đầu."))
    if not (meeting.place or "").strip():
        error("opening", _("Chưa ghi địa điểm."))
    if meeting.end_time is None:
        error("closing", _("Chưa ghi giờ kết thúc."))
    elif meeting.start_time is not None:
        duration = duration_minutes(meeting.start_time, meeting.end_time)
        if duration is None:
            error("closing", _("Giờ kết thúc phải sau giờ bắt đầu."))
        else:
            minimum = minimum_minutes(meeting.kind, rules)
            if duration < minimum:
                warning(
                    "closing",
                    _("Buổi sinh hoạt kéo dài %(d)d phút, dưới mức tối thiểu %(m)d phút.")
                    % {"d": duration, "m": minimum},
                )
    if meeting.kind in (MeetingKind.THEMATIC, MeetingKind.COMBINED) and not reports:
        warning(
            "reports", _("Sinh hoạt chuyên đề nhưng chưa ghi báo cáo chuyên đề được trình bày.")
        )
    denominator = vote_denominator(members, rules)
    # A counted summary of the discussion stands for the turns not taken down one by one.
    if not speaking_turns and not has_discussion_counts(meeting):
        warning("turns", _("Chưa ghi ý kiến phát biểu nào."))
    # Attendance or named turns may have changed since the counts were saved.
    for _field, message in discussion_errors(
        speakers=getattr(meeting, "discussion_speakers", None),
        turns=getattr(meeting, "discussion_turns", None),
        present=figures.present,
        named=named_member_turns(speaking_turns, participants),
    ):
        error("turns", message)
    # Until everyone is marked these would only repeat the error above.
    marked = bool(members) and not figures.unmarked
    if marked and 2 * denominator.voters_present <= denominator.value:
        warning(
            "attendance",
            _(
                "Số đảng viên chính thức có mặt (%(p)d) không quá một nửa của %(d)d: "
                "không nghị quyết nào có thể được thông qua."
            )
            % {"p": denominator.voters_present, "d": denominator.value},
        )
    if marked and (
        figures.absent_unexcused or not figures.rate_exceeds(rules.good_attendance_percent)
    ):
        warning(
            "attendance",
            _(
                "Tỷ lệ dự họp chưa đạt tiêu chí chất lượng (trên %(p)d%% và không ai vắng không lý do)."
            )
            % {"p": rules.good_attendance_percent},
        )

    for index, decision in enumerate(decisions, start=1):
        for message in vote_errors(
            decision.votes_for, decision.votes_against, decision.votes_other, denominator
        ):
            error(f"decision:{decision.pk or index}", f"{_('Quyết định')} {index}: {message}")
        # An empty count is unknown, never 0: the document would print 0.
        for value, message in (
            (decision.votes_against, _("chưa ghi số không tán thành (không có ai thì ghi 0).")),
            (decision.votes_other, _("chưa ghi số ý kiến khác (không có ai thì ghi 0).")),
        ):
            if value is None and decision.votes_for is not None:
                error(f"decision:{decision.pk or index}", f"{_('Quyết định')} {index}: {message}")

    if not meeting.minutes_read_back:
        error("closing", _("Biên bản chưa được đọc lại và thông qua trước chi bộ."))
    elif meeting.closing_votes_for is None:
        error("closing", _("Chưa ghi kết quả biểu quyết thông qua biên bản."))
    else:
        cast = (
            (meeting.closing_votes_for or 0)
            + (meeting.closing_votes_against or 0)
            + (meeting.closing_votes_other or 0)
        )
        if cast > figures.present:
            error(
                "closing",
                _("Số biểu quyết thông qua biên bản (%(c)d) nhiều hơn số người có mặt (%(p)d).")
                % {"c": cast, "p": figures.present},
            )
    return problems


# --- quality of a meeting (xếp loại chất lượng sinh hoạt, models.quality) -------


def _threshold(grade) -> tuple[str, int]:
    """A grade as (label, min_points): a `QualityGrade` row or a plain pair."""
    if isinstance(grade, tuple):
        return grade[0], int(grade[1])
    return grade.label, int(grade.min_points)


def quality_grade(points: int, grades: Iterable) -> str | None:
    """The label of the highest grade whose threshold `points` reaches, or None.

    Thresholds are whole points and inclusive: with "Tốt" from 90, 90 is Tốt and
    89 is not. `grades` are `QualityGrade` rows or (label, min_points) pairs, in
    any order.
    """
    best: tuple[str, int] | None = None
    for grade in grades:
        label, minimum = _threshold(grade)
        if minimum <= points and (best is None or minimum > best[1]):
            best = (label, minimum)
    return best[0] if best else None


def framework_problems(
    criteria_max: Sequence[int], grades: Sequence, declared_total: int | None = None
) -> list[str]:
    """Why a framework (criteria's maximum points, grade thresholds) cannot be saved.

    Refused: no criterion, a criterion worth nothing, points that do not add up
    to the total the issuing document declares, no grade, two grades with the
    same label or threshold (they would overlap), a threshold no one can reach
    (above the total), and no grade starting at 0: every score, however low,
    must fall into a grade, so the lowest one starts at 0.
    """
    problems: list[str] = []
    if not criteria_max:
        problems.append(_("Khung đánh giá phải có ít nhất một tiêu chí."))
    for index, maximum in enumerate(criteria_max, start=1):
        if maximum <= 0:
            problems.append(_("Tiêu chí %(n)d: điểm tối đa phải lớn hơn 0.") % {"n": index})
    total = sum(m for m in criteria_max if m > 0)
    if declared_total is not None and criteria_max and total != declared_total:
        problems.append(
            _("Tổng điểm tối đa của các tiêu chí là %(s)d, không bằng tổng điểm %(t)d của khung.")
            % {"s": total, "t": declared_total}
        )
    pairs = [_threshold(g) for g in grades]
    if not pairs:
        problems.append(_("Khung đánh giá phải có ít nhất một mức xếp loại."))
        return problems
    seen_labels: set[str] = set()
    seen_minimums: dict[int, str] = {}
    for label, minimum in pairs:
        if not label.strip():
            problems.append(_("Mỗi mức xếp loại phải có tên (ví dụ: Tốt)."))
        elif label.strip().casefold() in seen_labels:
            problems.append(_("Mức xếp loại “%(l)s” được khai hai lần.") % {"l": label})
        seen_labels.add(label.strip().casefold())
        if minimum in seen_minimums:
            problems.append(
                _("Hai mức “%(a)s” và “%(b)s” cùng bắt đầu từ %(m)d điểm: các mức chồng lên nhau.")
                % {"a": seen_minimums[minimum], "b": label, "m": minimum}
            )
        else:
            seen_minimums[minimum] = label
        if criteria_max and minimum > total:
            problems.append(
                _(
                    "Mức “%(l)s” bắt đầu từ %(m)d điểm, cao hơn tổng điểm tối đa %(t)d: "
                    "không buổi sinh hoạt nào đạt được."
                )
                % {"l": label, "m": minimum, "t": total}
            )
    if 0 not in seen_minimums:
        problems.append(
            _("Mức xếp loại thấp nhất phải bắt đầu từ 0 điểm, để số điểm nào cũng được xếp loại.")
        )
    return problems
