"""The official minutes document as plain data: one model, three renderings.

`build_document(meeting)` turns a meeting (loaded with `selectors.with_parts`)
into a `MinutesDocument` holding every line of the official text in the order
of domain.md §2.4 and §7. The on-screen preview, the PDF and the DOCX all
render this one structure, and the reviewers' comparison reads its `parts()`.
All strings are plain text: the renderers escape them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Sum

from minutes import rules as minutes_rules
from minutes import vnformat as vn
from minutes.models import (
    AssessmentSource,
    CommitteeSettings,
    Meeting,
    MeetingKind,
    MinutesStatus,
    NonMemberKind,
    Participant,
    ParticipantRole,
    PresentationKind,
    QualityAssessment,
    Report,
    SessionPart,
    ShortcomingSubject,
    VotingRule,
)

SUMMARY_BY_KIND = {
    MeetingKind.REGULAR: "Sinh hoạt chi bộ thường kỳ tháng {month}/{year}",
    MeetingKind.THEMATIC: "Sinh hoạt chi bộ chuyên đề",
    MeetingKind.EXTRAORDINARY: "Sinh hoạt chi bộ bất thường",
    MeetingKind.COMBINED: "Sinh hoạt chi bộ thường kỳ tháng {month}/{year} kết hợp chuyên đề",
}


@dataclass(frozen=True)
class Header:
    superior: str  # upright, upper case
    issuer: str  # bold, upper case
    number: str  # "Số 05-BB/CB", or "Số -BB/CB" before one is issued
    place_date: str  # italic


@dataclass(frozen=True)
class Line:
    """A paragraph; `label` is printed bold before the text ("Đồng chí X: …")."""

    text: str
    label: str = ""


@dataclass(frozen=True)
class Section:
    anchor: str  # stable key of the part, for review comments and comparisons
    heading: str
    lines: tuple[Line, ...] = ()
    subsections: tuple[Section, ...] = ()

    def plain(self) -> list[str]:
        out = [f"{line.label} {line.text}".strip() for line in self.lines]
        for sub in self.subsections:
            out.append(sub.heading)
            out.extend(sub.plain())
        return out


@dataclass(frozen=True)
class Signature:
    label: str
    authority: str
    name: str


@dataclass(frozen=True)
class MinutesDocument:
    meeting_id: int
    is_draft: bool
    header: Header
    title: str
    summary: str
    sections: tuple[Section, ...]
    closing: tuple[str, ...]
    secretary: Signature
    chair: Signature
    recipients: tuple[str, ...] = field(default=())

    def parts(self) -> dict[str, list[str]]:
        """Each part of the minutes as plain lines, keyed by anchor (for comparisons)."""
        out: dict[str, list[str]] = {"header": [self.header.number, self.summary]}
        for section in self.sections:
            out[section.anchor] = section.plain()
            for sub in section.subsections:
                out[sub.anchor] = sub.plain()
                if sub.anchor in SessionPart.values:
                    # A part of a combined session: its groups ("regular:turns") are
                    # parts of their own, the part itself only groups them.
                    for group in sub.subsections:
                        out[group.anchor] = group.plain()
        out["closing"] = list(self.closing)
        return out

    def text(self) -> str:
        """The whole document as plain text (search index, tests)."""
        lines = [self.header.superior, self.header.issuer, self.header.number]
        lines += [self.header.place_date, self.title, self.summary]
        for section in self.sections:
            lines.append(section.heading)
            lines.extend(section.plain())
        lines.extend(self.closing)
        return "\n".join(line for line in lines if line)


def _is_group(p: Participant | None) -> bool:
    return p is not None and p.role == ParticipantRole.GUEST and p.is_group


def _is_non_member(p: Participant | None) -> bool:
    return p is not None and p.role == ParticipantRole.GUEST and bool(p.non_member)


def _non_member(p: Participant) -> str:
    """ "Nguyễn Văn A – kế toán, UBND xã (quần chúng ưu tú)": the name as typed, no honorific."""
    # A group has no personal title (as for party guests).
    parts = (p.organization,) if p.is_group else (p.title, p.organization)
    details = ", ".join(part for part in parts if part)
    kind = NON_MEMBER_WORDS.get(p.non_member, "")
    return p.full_name + (f" – {details}" if details else "") + (f" ({kind})" if kind else "")


# As the minutes say it, in Vietnamese whatever the interface language.
NON_MEMBER_WORDS = {
    NonMemberKind.OUTSTANDING: "quần chúng ưu tú",
    NonMemberKind.ADMISSION: "đang trong quy trình kết nạp Đảng",
    NonMemberKind.STAFF: "cán bộ được mời, không phải đảng viên",
}


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _comrade(p: Participant | None) -> str:
    if p is None:
        return "…"
    if _is_non_member(p):
        # Not a party member: never "đồng chí".
        return _non_member(p)
    if _is_group(p):
        # A group of guests is named as it is: no "đồng chí", no personal title.
        return p.full_name + (f" – {p.organization}" if p.organization else "")
    details = ", ".join(part for part in (p.title, p.organization if p.is_guest else "") if part)
    return f"đồng chí {p.full_name}" + (f" – {details}" if details else "")


def _speaker(p: Participant | None) -> str:
    if _is_non_member(p):
        return _non_member(p)
    if _is_group(p):
        return _capitalized(p.full_name)
    return f"Đồng chí {p.full_name}" if p else "Ý kiến"


def discussion_line(meeting: Meeting, present: int) -> str:
    """The discussion recorded as a whole, as the minutes state it; "" when there is none.

    "15/15 đảng viên có mặt đã có 19 lượt phát biểu. Các ý kiến thống nhất cao …":
    the denominator is the members present (attendance), never typed.
    """
    speakers, turns = meeting.discussion_speakers, meeting.discussion_turns
    summary = (meeting.discussion_summary or "").strip()
    if speakers is not None and turns is not None:
        counted = f"{speakers}/{present} đảng viên có mặt đã có {turns} lượt phát biểu."
    elif speakers is not None:
        counted = f"{speakers}/{present} đảng viên có mặt đã phát biểu ý kiến."
    elif turns is not None:
        counted = f"Đã có {turns} lượt phát biểu."
    else:
        counted = ""
    return " ".join(part for part in (counted, summary) if part)


def presentation_line(report: Report, presenter: Participant | None) -> Line:
    """A report, an opening presentation (đề dẫn) or a prepared contribution (tham luận).

    Printed as presentations, apart from the speaking turns; a tham luận names
    its title first, then its author.
    """
    rest = f": {report.summary}" if report.summary else "."
    if report.presentation == PresentationKind.OPENING:
        return Line(f"{_comrade(presenter)} trình bày {report.title}{rest}", "- Đề dẫn:")
    if report.presentation == PresentationKind.CONTRIBUTION:
        return Line(f"{report.title} – {_comrade(presenter)}{rest}", "- Tham luận:")
    return Line(f"{_comrade(presenter)} trình bày {report.title}{rest}", "-")


# Topics often begin with the kind of meeting the title already names ("Sinh
# hoạt chuyên đề …", "Chuyên đề: …"): that beginning is left out, so the title
# never says it twice. Matched on folded words (no case, no diacritics).
_SEP = r"[\s:,.;–—-]*"
_KIND_PREFIX = {
    MeetingKind.REGULAR: r"(sinh hoat )?(chi bo )?thuong ky( thang \d{1,2}(/\d{2,4})?)?",
    MeetingKind.THEMATIC: r"(sinh hoat )?(chi bo )?chuyen de",
    MeetingKind.EXTRAORDINARY: r"(sinh hoat )?(chi bo )?bat thuong",
    MeetingKind.COMBINED: (
        r"(sinh hoat )?(chi bo )?((thuong ky( thang \d{1,2}(/\d{2,4})?)? )?ket hop )?chuyen de"
    ),
}
# Whatever the kind, the title begins "Sinh hoạt chi bộ …": a topic beginning so
# (or "Sinh hoạt" with another kind of meeting) drops those words only.
_ANY_PREFIX = r"sinh hoat( chi bo)?"
_ANY_PREFIX_WHEN = re.compile(r"sinh hoat (chi bo|chuyen de|thuong ky|bat thuong)\b")
_QUOTES = "“”\"'‘’«»"
PILOT_WORDS = "sinh hoạt điểm"


def _drop_prefix(topic: str, pattern: str) -> str:
    """`topic` without a leading run of whole words matching `pattern` (folded)."""
    words = topic.split()
    for n in range(len(words), 0, -1):
        head = vn.fold(" ".join(words[:n])).strip(_QUOTES)
        if re.fullmatch(pattern + _SEP, head):
            rest = " ".join(words[n:])
            quoted = words[n - 1][-1:] in _QUOTES or rest[:1] in _QUOTES
            rest = rest.lstrip(_QUOTES + ":,.;–—- ")
            if quoted:
                rest = rest.rstrip(_QUOTES)
            return rest.strip()
    return topic


def title_topic(kind: str, topic: str) -> str:
    """The topic as the title shows it: without the kind of meeting it repeats."""
    topic = " ".join(topic.split())
    rest = _drop_prefix(topic, _KIND_PREFIX.get(kind, r"$^"))
    if rest == topic and _ANY_PREFIX_WHEN.match(vn.fold(topic).lstrip(_QUOTES)):
        rest = _drop_prefix(topic, _ANY_PREFIX)
    return rest


def _says_pilot(text: str) -> bool:
    folded = vn.fold(text)
    return "sinh hoat diem" in folded or "lam diem" in folded or "chi bo diem" in folded


def summary_line(meeting: Meeting) -> str:
    """The title under "BIÊN BẢN": kind, month, topic; "(sinh hoạt điểm)" for a pilot."""
    if meeting.title_override:
        summary = meeting.title_override
    else:
        summary = SUMMARY_BY_KIND[meeting.kind].format(
            month=meeting.date.month, year=meeting.date.year
        )
        topic = title_topic(meeting.kind, meeting.topic or "")
        if topic and meeting.kind in (MeetingKind.THEMATIC, MeetingKind.COMBINED):
            summary += f" “{_capitalized(topic)}”"
        elif topic:
            summary += f": {topic}"
    if meeting.is_pilot and not _says_pilot(summary):
        # The wording of the superior committees' guides: "sinh hoạt điểm".
        summary += f" ({PILOT_WORDS})"
    return summary


# The kind of a guiding document, read from its symbol ("03-HD/Th.U" is a Hướng dẫn).
GUIDE_KINDS = {
    "HD": "Hướng dẫn",
    "KH": "Kế hoạch",
    "CV": "Công văn",
    "TB": "Thông báo",
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "QD": "Quyết định",
    "KL": "Kết luận",
}


def pilot_line(meeting: Meeting) -> Line:
    """ "Sinh hoạt điểm: theo Hướng dẫn số 03-HD/Th.U ngày 21/6/2022 của Thành ủy Thái Bình."."""
    number = meeting.pilot_guide_number.strip()
    parts = []
    if number:
        code = re.match(r"^[^-]*-([^/]+)", number)
        kind = GUIDE_KINDS.get(vn.fold(code.group(1)).upper() if code else "", "văn bản")
        parts.append(f"{kind} số {number}")
    if meeting.pilot_guide_date:
        parts.append(f"ngày {vn.short_date(meeting.pilot_guide_date)}")
    issuer = meeting.pilot_guide_issuer.strip()
    if issuer:
        parts.append(f"của {issuer}")
    text = ("theo " + " ".join(parts) if parts else "theo hướng dẫn của cấp ủy cấp trên") + "."
    return Line(text, "Sinh hoạt điểm:")


def number_line(meeting: Meeting, settings: CommitteeSettings) -> str:
    if meeting.number is None:
        return vn.document_number(None, "BB", meeting.cell.symbol)
    return settings.number_pattern.format(
        number=f"{meeting.number:02d}", symbol=meeting.cell.symbol
    )


def quality_line(meeting: Meeting) -> Line | None:
    """The cell's own grade, as the minutes state it; the superior's is never printed."""
    found = getattr(meeting, "self_assessments", None)  # selectors.with_parts
    if found is None:
        found = (
            QualityAssessment.objects.filter(meeting=meeting, source=AssessmentSource.SELF)
            .select_related("framework")
            .annotate(max_points=Sum("framework__criteria__max_points"))
        )
    own = next(iter(found), None)
    if own is None or not own.grade:
        return None
    framework = own.framework
    source = f" ({framework.document_number})" if framework.document_number else ""
    total = getattr(own, "max_points", None)
    points = f"{own.total_points}/{total}" if total else f"{own.total_points}"
    return Line(
        f"Chi bộ tự đánh giá, xếp loại chất lượng sinh hoạt: {own.grade} ({points} điểm), "
        f"theo {framework.name}{source}."
    )


def build_document(
    meeting: Meeting,
    *,
    settings: CommitteeSettings | None = None,
    voting_rules: Sequence[VotingRule] | None = None,
) -> MinutesDocument:
    """The official document of `meeting`; its parts must be prefetched (`with_parts`)."""
    settings = settings or CommitteeSettings.for_organization(meeting.cell)
    if voting_rules is None:
        voting_rules = list(VotingRule.objects.all())
    participants = list(meeting.participants.all())
    members = [p for p in participants if p.role == ParticipantRole.MEMBER]
    guests = [p for p in participants if p.role == ParticipantRole.GUEST and not p.non_member]
    non_members = [p for p in participants if _is_non_member(p)]
    figures = minutes_rules.attendance_figures(members)
    denominator = minutes_rules.vote_denominator(members, settings)
    by_pk = {p.pk: p for p in participants}
    superior = meeting.cell.parent.document_name if meeting.cell.parent else ""

    header = Header(
        superior=vn.upper(superior),
        issuer=vn.upper(meeting.cell.document_name),
        number=number_line(meeting, settings),
        place_date=vn.place_date_line(meeting.cell.place_name or "…", meeting.date),
    )

    # What nobody recorded prints as a gap to fill, never as an invented value
    # (the preview lists it and submission asks for it).
    start = vn.time_words(meeting.start_time) if meeting.start_time else "… giờ … phút"
    opening: list[Line] = [
        Line(f"bắt đầu lúc {start}, {vn.date_line(meeting.date)}.", "Thời gian:"),
        Line(f"{meeting.place.strip() or '…'}.", "Địa điểm:"),
        Line(f"{_comrade(by_pk.get(meeting.chair_id))}.", "Chủ trì:"),
        Line(f"{_comrade(by_pk.get(meeting.secretary_id))}.", "Thư ký:"),
    ]
    if meeting.legal_basis_lines:
        opening.insert(0, Line("; ".join(meeting.legal_basis_lines) + ".", "Căn cứ:"))
    if meeting.is_pilot:
        # A pilot names its guiding document first: the other cells read it as the model.
        opening.insert(0, pilot_line(meeting))
    agenda = [item.title for item in meeting.agenda_items.all()]
    if agenda:
        opening.append(Line("; ".join(agenda) + ".", "Nội dung:"))
    if meeting.documents_used.strip():
        opening.append(Line(meeting.documents_used.strip(), "Tài liệu sử dụng:"))

    attendance = [
        Line(
            f"Tổng số đảng viên của chi bộ: {figures.total} đồng chí (chính thức {figures.official}, "
            f"dự bị {figures.probationary}); được miễn công tác và sinh hoạt đảng: {figures.exempt}; "
            f"sinh hoạt tạm thời nơi khác: {figures.temp_out}; "
            f"sinh hoạt tạm thời tại chi bộ: {figures.temp_in}.",
            "1.",
        ),
        Line(
            f"{figures.present}/{figures.expected} đồng chí (chính thức {figures.present_official}, "
            f"dự bị {figures.present_probationary}"
            + (f", sinh hoạt tạm thời {figures.present_temp_in}" if figures.present_temp_in else "")
            + ").",
            "2. Có mặt:",
        ),
    ]
    absent = figures.absent
    missing = ""
    if figures.unmarked:
        # Only a draft gets here (submission is refused): never counted as present.
        missing = f"chưa rõ, còn {len(figures.unmarked)} đồng chí chưa điểm danh: " + ", ".join(
            p.full_name for p in figures.unmarked
        )
    if absent:
        parts = []
        if figures.absent_excused:
            names = ", ".join(f"{p.full_name} ({p.absence_reason})" for p in figures.absent_excused)
            parts.append(f"có lý do: {names}")
        if figures.absent_unexcused:
            parts.append(
                "không có lý do: " + ", ".join(p.full_name for p in figures.absent_unexcused)
            )
        if figures.absent_unknown:
            parts.append("chưa rõ lý do: " + ", ".join(p.full_name for p in figures.absent_unknown))
        text = f"{absent} đồng chí – " + "; ".join(parts)
        attendance.append(Line(text + (f"; {missing}." if missing else "."), "3. Vắng mặt:"))
    else:
        attendance.append(Line(f"{missing}." if missing else "không.", "3. Vắng mặt:"))
    if guests:
        attendance.append(Line("; ".join(_comrade(g) for g in guests) + ".", "4. Đại biểu dự:"))
    if non_members:
        # Their own line, after the members and the guests: never counted above.
        attendance.append(
            Line(
                "; ".join(_non_member(p) for p in non_members) + ".",
                f"{len(attendance) + 1}. Người dự không phải đảng viên:",
            )
        )

    proceedings: list[Section] = []
    combined = meeting.kind == MeetingKind.COMBINED
    discussion = discussion_line(meeting, figures.present)
    reports = list(meeting.reports.all())
    turns = list(meeting.speaking_turns.all())
    points = list(meeting.directive_points.all())
    if combined:
        # One meeting in two parts, each with its presentations, turns and
        # directives; the attendance and the signatures stay one. Items not yet
        # given a part belong to the regular part (the form's default).
        for part, heading in session_parts(meeting):
            talk, directives = _proceedings(
                f"{part}:",
                [r for r in reports if _part_of(r) == part],
                [t for t in turns if _part_of(t) == part],
                [p for p in points if _part_of(p) == part],
                by_pk,
                # The discussion counted as a whole is the meeting's: said once, in part one.
                discussion if part == SessionPart.REGULAR else "",
                meeting.discussion_turns if part == SessionPart.REGULAR else None,
            )
            groups = talk + directives
            proceedings.append(Section(part, heading, subsections=tuple(groups)))
        directives = []
    else:
        proceedings, directives = _proceedings(
            "", reports, turns, points, by_pk, discussion, meeting.discussion_turns
        )
    shortcomings = list(meeting.shortcomings.all())
    if shortcomings:
        groups = []
        for subject in ShortcomingSubject:
            items = [s for s in shortcomings if s.subject == subject]
            if not items:
                continue
            lines = []
            for s in items:
                label = "-"
                if subject == ShortcomingSubject.MEMBER and s.subject_participant_id:
                    person = by_pk.get(s.subject_participant_id)
                    label = f"- Đồng chí {person.full_name}:" if person else "-"
                codes = ", ".join(tag.code for tag in s.tags.all())
                lines.append(Line(s.text + (f" (đối chiếu: {codes})" if codes else ""), label))
                if s.causes:
                    lines.append(Line(s.causes, "Nguyên nhân:"))
                if s.responsibility:
                    lines.append(Line(s.responsibility, "Trách nhiệm:"))
                for action in s.actions.all():
                    owner = action.owner_display
                    deadline = (
                        f", hoàn thành trước {vn.short_date(action.deadline)}"
                        if action.deadline
                        else ""
                    )
                    lines.append(
                        Line(
                            f"{action.text}" + (f" (giao {owner}{deadline})" if owner else ""),
                            "Biện pháp khắc phục:",
                        )
                    )
            groups.append(
                Section(
                    f"shortcomings:{subject.value}",
                    str(SHORTCOMING_HEADINGS[subject]),
                    tuple(lines),
                )
            )
        proceedings.append(
            Section("shortcomings", "Những tồn tại, hạn chế được chỉ ra", subsections=tuple(groups))
        )
    # Directives close the proceedings of a single-part meeting; in a combined
    # one each part has its own, and the shortcomings (of no one part) follow both.
    proceedings += directives

    decisions = list(meeting.decisions.all())
    conclusion_parts: list[Section] = []
    conclusions: list[Line] = []
    if combined:
        # Each part its conclusions and decisions; the decisions are numbered on
        # through both parts, as section IV numbers their votes.
        decisions.sort(key=lambda d: _part_of(d) == SessionPart.THEMATIC)
        number = 0
        for part, heading in session_parts(meeting):
            lines = (
                _conclusion_lines(meeting)
                if part == SessionPart.REGULAR
                else _conclusion_lines(meeting, thematic=True)
            )
            for d in decisions:
                if _part_of(d) == part:
                    number += 1
                    lines.append(Line(d.text, f"{number}."))
            if lines:
                conclusion_parts.append(Section(f"{part}:conclusions", heading, tuple(lines)))
    else:
        conclusions = _conclusion_lines(meeting)
        for i, d in enumerate(decisions, 1):
            conclusions.append(Line(d.text, f"{i}."))
    if (quality := quality_line(meeting)) is not None:
        # The cell's own grade is about the whole meeting: after both parts of a
        # combined session, at the end of section III otherwise.
        if conclusion_parts:
            conclusion_parts.append(
                Section("quality", "Chi bộ tự đánh giá chất lượng sinh hoạt", (quality,))
            )
        else:
            conclusions.append(quality)

    votes: list[Line] = []
    for i, d in enumerate(decisions, 1):
        outcome = minutes_rules.decision_outcome(
            kind=d.kind,
            votes_for=d.votes_for,
            votes_against=d.votes_against,
            votes_other=d.votes_other,
            denominator=denominator,
            rules=voting_rules,
        )
        votes.append(Line(vote_sentence(outcome), f"{i}. {d.text.rstrip('.')}:"))

    sections = [
        Section("opening", "", tuple(opening)),
        Section("attendance", "I. THÀNH PHẦN", tuple(attendance)),
        Section("proceedings", "II. NỘI DUNG VÀ DIỄN BIẾN", subsections=tuple(proceedings)),
        Section(
            "conclusions",
            "III. KẾT LUẬN, NGHỊ QUYẾT",
            tuple(conclusions),
            subsections=tuple(conclusion_parts),
        ),
        Section("votes", "IV. BIỂU QUYẾT", tuple(votes)),
    ]

    closing = []
    if meeting.minutes_read_back and meeting.closing_votes_for is not None:
        closing.append(
            f"Biên bản đã được thông qua trước chi bộ, {meeting.closing_votes_for}/{figures.present} "
            "đồng chí dự họp nhất trí."
        )
    if meeting.end_time:
        closing.append(settings.closing_formula.format(end_time=vn.time_words(meeting.end_time)))

    chair = by_pk.get(meeting.chair_id)
    secretary = by_pk.get(meeting.secretary_id)
    return MinutesDocument(
        meeting_id=meeting.pk,
        is_draft=meeting.status != MinutesStatus.APPROVED,
        header=header,
        title="BIÊN BẢN",
        summary=summary_line(meeting),
        sections=tuple(sections),
        closing=tuple(closing),
        secretary=Signature(settings.secretary_label, "", secretary.full_name if secretary else ""),
        chair=Signature(
            settings.chair_label, settings.chair_authority, chair.full_name if chair else ""
        ),
        recipients=tuple(line.strip() for line in settings.recipients.splitlines() if line.strip()),
    )


def _part_of(item) -> str:
    """The part of a combined session an item belongs to; unset counts as the regular part."""
    return item.part or SessionPart.REGULAR


def session_parts(meeting: Meeting) -> tuple[tuple[str, str], ...]:
    """The two parts of a combined session with their headings, in order."""
    topic = title_topic(meeting.kind, meeting.topic or "")
    thematic = "Phần thứ hai: Sinh hoạt chuyên đề" + (f" “{_capitalized(topic)}”" if topic else "")
    return (
        (SessionPart.REGULAR, "Phần thứ nhất: Sinh hoạt thường kỳ"),
        (SessionPart.THEMATIC, thematic),
    )


def turn_lines(speaker: str, gist: str) -> list[Line]:
    """A speaking turn: one line, or the speaker then "- point" for each line of the gist."""
    points = [p.strip().lstrip("-+•*–").strip() for p in gist.splitlines()]
    points = [p for p in points if p]
    if len(points) <= 1:
        return [Line(gist.strip(), f"+ {speaker}:")]
    return [Line("", f"+ {speaker}:"), *(Line(p, "-") for p in points)]


def _turns(turns, by_pk: dict[int, Participant]) -> tuple[Line, ...]:
    return tuple(
        line for t in turns for line in turn_lines(_speaker(by_pk.get(t.speaker_id)), t.gist)
    )


def _proceedings(
    prefix: str,
    reports: list[Report],
    turns: list,
    points: list,
    by_pk: dict[int, Participant],
    discussion: str,
    counted_turns: int | None,
) -> tuple[list[Section], list[Section]]:
    """Presentations and turns, then the directives, of a meeting or of one part of it.

    `prefix` ("regular:", "thematic:" or "") keeps the anchors unique: review
    comments and comparisons key on them.
    """
    talk: list[Section] = []
    if reports:
        kinds = {r.presentation for r in reports}
        talk.append(
            Section(
                f"{prefix}reports",
                "Báo cáo" if kinds <= {PresentationKind.REPORT} else "Báo cáo, đề dẫn, tham luận",
                tuple(presentation_line(r, by_pk.get(r.presenter_id)) for r in reports),
            )
        )
    member_turns = [t for t in turns if not _is_guest(by_pk.get(t.speaker_id))]
    guest_turns = [
        t
        for t in turns
        if _is_guest(by_pk.get(t.speaker_id)) and not _is_non_member(by_pk.get(t.speaker_id))
    ]
    non_member_turns = [t for t in turns if _is_non_member(by_pk.get(t.speaker_id))]
    if member_turns or discussion:
        # The turns taken down one by one, then what was recorded of the discussion as a whole.
        total = counted_turns or len(member_turns)
        lines = list(_turns(member_turns, by_pk))
        if discussion:
            lines.append(Line(discussion))
        talk.append(
            Section(
                f"{prefix}turns",
                f"Ý kiến tham gia ({total} lượt phát biểu)" if total else "Ý kiến tham gia",
                tuple(lines),
            )
        )
    if guest_turns:
        talk.append(
            Section(f"{prefix}guest_turns", "Ý kiến của đại biểu", _turns(guest_turns, by_pk))
        )
    if non_member_turns:
        talk.append(
            Section(
                f"{prefix}non_member_turns",
                "Ý kiến của người dự không phải đảng viên",
                _turns(non_member_turns, by_pk),
            )
        )
    directives: list[Section] = []
    if points:
        givers = []
        for point in points:
            giver = by_pk.get(point.given_by_id)
            if giver and giver not in givers:
                givers.append(giver)
        intro = (
            "Phát biểu chỉ đạo, " + "; ".join(_comrade(g) for g in givers) + " nhấn mạnh:"
            if givers
            else "Ý kiến chỉ đạo:"
        )
        directives.append(
            Section(
                f"{prefix}directives",
                intro,
                tuple(Line(p.text, f"{vn.ordinal_la(i)},") for i, p in enumerate(points, 1)),
            )
        )
    return talk, directives


def _conclusion_lines(meeting: Meeting, *, thematic: bool = False) -> list[Line]:
    """The chair's conclusion (of the thematic part: `thematic_conclusion`), praise, reminders."""
    if thematic:
        text = meeting.thematic_conclusion.strip()
        return [Line(text, "Đồng chí chủ trì kết luận:")] if text else []
    lines = []
    if meeting.conclusion.strip():
        lines.append(Line(meeting.conclusion.strip(), "Đồng chí chủ trì kết luận:"))
    if meeting.commendations.strip():
        lines.append(Line(meeting.commendations.strip(), "Biểu dương:"))
    if meeting.reminders.strip():
        lines.append(Line(meeting.reminders.strip(), "Nhắc nhở:"))
    return lines


SHORTCOMING_HEADINGS = {
    ShortcomingSubject.CELL: "Đối với tập thể chi bộ",
    ShortcomingSubject.COMMITTEE: "Đối với chi ủy, đồng chí bí thư chi bộ",
    ShortcomingSubject.MEMBER: "Đối với đảng viên",
}


def _is_guest(p: Participant | None) -> bool:
    return p is not None and p.role == ParticipantRole.GUEST


def vote_sentence(outcome: minutes_rules.DecisionOutcome) -> str:
    """ "14/15 đồng chí tán thành, đạt 93,33%; không tán thành 1; ý kiến khác 0." and the result."""
    if outcome.errors or outcome.denominator <= 0:
        return "chưa có kết quả biểu quyết hợp lệ."
    verdict = "thông qua" if outcome.adopted else "không được thông qua"
    return (
        f"{vn.vote_phrase(outcome.votes_for, outcome.denominator)}; "
        f"không tán thành {outcome.votes_against}; ý kiến khác {outcome.votes_other}. "
        f"Kết quả: {verdict} (cần {outcome.rule.label} số đảng viên chính thức)."
    )
