"""What changed since the last submission, part by part, for the reviewer.

Each submission stores `build_document(meeting).parts()` (the official text as
plain lines per part) in a SubmissionSnapshot. Comparing two snapshots gives,
for each part that changed, the lines added, removed or changed, with the
changed words marked, so a reviewer reads the corrections and not the whole
document again. Unchanged parts are only named.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from minutes.document import SHORTCOMING_HEADINGS, MinutesDocument
from minutes.models import Meeting, MeetingKind, SessionPart, ShortcomingSubject, SubmissionSnapshot


def _lazy_join(part, group):
    """ "Phần chuyên đề – Ý kiến tham gia", translated when shown."""
    return format_lazy("{} – {}", part, group)


# Parts that only group others, whose lines repeat their children's: compared
# through the children when the document lists them as parts of their own.
GROUPING_PARTS = {
    "proceedings": "",
    "shortcomings": "shortcomings:",
    # A combined session: each part groups its own reports, turns and directives,
    # and section III groups the conclusions of both parts.
    "regular": "regular:",
    "thematic": "thematic:",
    "conclusions": ("regular:conclusions", "thematic:conclusions"),
}


def _grouping(anchor: str, anchors: set[str]) -> bool:
    if anchor not in GROUPING_PARTS:
        return False
    prefix = GROUPING_PARTS[anchor]
    return not prefix or any(a.startswith(prefix) for a in anchors)


PART_LABELS = {
    "header": _("Số và trích yếu"),
    "opening": _("Thời gian, địa điểm, chủ trì, thư ký, nội dung"),
    "attendance": _("I. Thành phần"),
    "reports": _("Báo cáo trình bày"),
    "turns": _("Ý kiến tham gia"),
    "guest_turns": _("Ý kiến của đại biểu"),
    "non_member_turns": _("Ý kiến của người dự không phải đảng viên"),
    "shortcomings": _("Những tồn tại, hạn chế"),
    "directives": _("Ý kiến chỉ đạo"),
    "conclusions": _("III. Kết luận, nghị quyết"),
    # The cell's own grade, a part of its own after both parts of a combined session.
    "quality": _("Tự đánh giá chất lượng sinh hoạt"),
    "votes": _("IV. Biểu quyết"),
    "closing": _("Kết thúc, thông qua biên bản"),
}
for _subject in ShortcomingSubject:
    PART_LABELS[f"shortcomings:{_subject.value}"] = SHORTCOMING_HEADINGS[_subject]
# The two parts of a combined session ("regular:turns", "thematic:conclusions").
SESSION_PART_LABELS = {
    SessionPart.REGULAR: _("Phần thường kỳ"),
    SessionPart.THEMATIC: _("Phần chuyên đề"),
}
for _part, _part_label in SESSION_PART_LABELS.items():
    PART_LABELS[_part.value] = _part_label
    for _group in ("reports", "turns", "guest_turns", "non_member_turns", "directives"):
        PART_LABELS[f"{_part.value}:{_group}"] = _lazy_join(_part_label, PART_LABELS[_group])
    PART_LABELS[f"{_part.value}:conclusions"] = _lazy_join(_part_label, _("Kết luận"))


def part_label(anchor: str) -> str:
    return str(PART_LABELS.get(anchor, anchor))


def snapshot_data(document: MinutesDocument) -> dict:
    """What a SubmissionSnapshot stores: the parts as an ordered list of [anchor, lines].

    A list, not a mapping: PostgreSQL's jsonb does not keep the order of keys.
    """
    return {"parts": [[anchor, lines] for anchor, lines in document.parts().items()]}


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


@dataclass(frozen=True)
class LineChange:
    kind: str  # "added", "removed" or "changed"
    old: tuple[Segment, ...] = ()
    new: tuple[Segment, ...] = ()


@dataclass(frozen=True)
class PartChange:
    anchor: str
    label: str
    kind: str  # "added", "removed" or "changed"
    lines: tuple[LineChange, ...]
    unchanged_lines: int


@dataclass(frozen=True)
class Comparison:
    old_label: str
    new_label: str
    changed: tuple[PartChange, ...]
    unchanged: tuple[str, ...]  # labels of the parts that did not change

    @property
    def has_changes(self) -> bool:
        return bool(self.changed)


_TOKEN = re.compile(r"\s+|[^\s]+")


def _word_diff(old: str, new: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    old_out: list[Segment] = []
    new_out: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        same = op == "equal"
        if i2 > i1:
            old_out.append(Segment("".join(a[i1:i2]), not same))
        if j2 > j1:
            new_out.append(Segment("".join(b[j1:j2]), not same))
    return tuple(old_out), tuple(new_out)


def _whole(line: str) -> tuple[Segment, ...]:
    return (Segment(line, True),)


def compare_lines(old: list[str], new: list[str]) -> tuple[list[LineChange], int]:
    changes: list[LineChange] = []
    unchanged = 0
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            unchanged += i2 - i1
            continue
        olds, news = old[i1:i2], new[j1:j2]
        paired = min(len(olds), len(news)) if op == "replace" else 0
        for k in range(paired):
            o, n = _word_diff(olds[k], news[k])
            changes.append(LineChange("changed", o, n))
        changes.extend(LineChange("removed", old=_whole(line)) for line in olds[paired:])
        changes.extend(LineChange("added", new=_whole(line)) for line in news[paired:])
    return changes, unchanged


def _parts(data: dict) -> list[tuple[str, list[str]]]:
    return [(anchor, list(lines)) for anchor, lines in data.get("parts", [])]


def compare(old_data: dict, new_data: dict, *, old_label: str, new_label: str) -> Comparison:
    old_parts, new_parts = dict(_parts(old_data)), _parts(new_data)
    new_anchors = {anchor for anchor, _lines in new_parts}
    changed: list[PartChange] = []
    unchanged: list[str] = []
    for anchor, lines in new_parts:
        if _grouping(anchor, new_anchors):
            continue
        if anchor not in old_parts:
            changed.append(
                PartChange(
                    anchor,
                    part_label(anchor),
                    "added",
                    tuple(LineChange("added", new=_whole(line)) for line in lines),
                    0,
                )
            )
            continue
        line_changes, same = compare_lines(old_parts[anchor], lines)
        if line_changes:
            changed.append(
                PartChange(anchor, part_label(anchor), "changed", tuple(line_changes), same)
            )
        else:
            unchanged.append(part_label(anchor))
    for anchor, lines in _parts(old_data):
        if anchor in new_anchors or _grouping(anchor, set(old_parts)):
            continue
        changed.append(
            PartChange(
                anchor,
                part_label(anchor),
                "removed",
                tuple(LineChange("removed", old=_whole(line)) for line in lines),
                0,
            )
        )
    return Comparison(old_label, new_label, tuple(changed), tuple(unchanged))


def latest_comparison(meeting: Meeting) -> Comparison | None:
    """The last submission against the one before it, or, for the first submission of a new
    version, against the approved text of the version it corrects. None if nothing to compare.

    One query; for a new version's first submission, the fixed set of `with_parts`.
    """
    snapshots = list(
        SubmissionSnapshot.objects.filter(meeting=meeting)
        .order_by("-round")[:2]
        .only("round", "data", "created_at")
    )
    if not snapshots:
        return None
    newest = snapshots[0]
    new_label = str(_("Lần gửi %(n)d") % {"n": newest.round})
    if len(snapshots) == 2:
        older = snapshots[1]
        old_label = str(_("Lần gửi %(n)d") % {"n": older.round})
    elif meeting.previous_version_id:
        # Approved minutes never change, so their text now is the approved text
        # (with its number, which its last submission did not have yet).
        from minutes.document import build_document
        from minutes.selectors import with_parts

        previous = with_parts(Meeting.objects.filter(pk=meeting.previous_version_id)).get()
        old_data = snapshot_data(build_document(previous))
        old_label = str(_("Phiên bản %(v)d đã duyệt") % {"v": previous.version})
        return compare(old_data, newest.data, old_label=old_label, new_label=new_label)
    else:
        return None
    return compare(older.data, newest.data, old_label=old_label, new_label=new_label)


# --- what a reviewer can comment on ------------------------------------------


@dataclass(frozen=True)
class Target:
    anchor: str  # "turns", or one item: "turn:12"
    label: str


@dataclass(frozen=True)
class SectionTargets:
    anchor: str
    label: str
    items: tuple[Target, ...]


def comment_targets(meeting: Meeting) -> list[SectionTargets]:
    """The parts of `meeting` (loaded with_parts) a comment can be tied to, in document order.

    Sections are anchored like the document's parts; items by their row:
    "report:<pk>", "turn:<pk>", "shortcoming:<pk>", "directive:<pk>", "decision:<pk>".
    """
    from minutes.vnformat import ordinal_la

    participants = {p.pk: p for p in meeting.participants.all()}

    def speaker(pk: int | None) -> str:
        person = participants.get(pk)
        return person.full_name if person else str(_("không rõ"))

    def short(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= 60 else text[:59] + "…"

    def is_guest(pk: int | None) -> bool:
        return getattr(participants.get(pk), "is_guest", False)

    def is_non_member(pk: int | None) -> bool:
        return is_guest(pk) and bool(getattr(participants.get(pk), "non_member", ""))

    def talk(prefix: str, reports, turns) -> list[SectionTargets]:
        """Reports and the three kinds of turns, anchored like the document's groups."""
        member_turns = [t for t in turns if not is_guest(t.speaker_id)]
        guest_turns = [
            t for t in turns if is_guest(t.speaker_id) and not is_non_member(t.speaker_id)
        ]
        non_member_turns = [t for t in turns if is_non_member(t.speaker_id)]
        out = [
            SectionTargets(
                f"{prefix}reports",
                part_label(f"{prefix}reports"),
                tuple(
                    Target(f"report:{r.pk}", f"{_('Báo cáo')}: {short(r.title)}") for r in reports
                ),
            ),
            SectionTargets(
                f"{prefix}turns",
                part_label(f"{prefix}turns"),
                tuple(
                    Target(f"turn:{t.pk}", f"{i}. {speaker(t.speaker_id)}: {short(t.gist)}")
                    for i, t in enumerate(member_turns, 1)
                ),
            ),
            SectionTargets(
                f"{prefix}guest_turns",
                part_label(f"{prefix}guest_turns"),
                tuple(
                    Target(f"turn:{t.pk}", f"{speaker(t.speaker_id)}: {short(t.gist)}")
                    for t in guest_turns
                ),
            ),
        ]
        if non_member_turns:
            # Filed after the guests' turns, as the document prints them.
            out.append(
                SectionTargets(
                    f"{prefix}non_member_turns",
                    part_label(f"{prefix}non_member_turns"),
                    tuple(
                        Target(f"turn:{t.pk}", f"{speaker(t.speaker_id)}: {short(t.gist)}")
                        for t in non_member_turns
                    ),
                )
            )
        return out

    def directives(prefix: str, points) -> SectionTargets:
        return SectionTargets(
            f"{prefix}directives",
            part_label(f"{prefix}directives"),
            tuple(
                Target(f"directive:{p.pk}", f"{ordinal_la(i)}: {short(p.text)}")
                for i, p in enumerate(points, 1)
            ),
        )

    reports = list(meeting.reports.all())
    turns = list(meeting.speaking_turns.all())
    points = list(meeting.directive_points.all())
    shortcomings = list(meeting.shortcomings.all())
    combined = meeting.kind == MeetingKind.COMBINED

    sections = [
        SectionTargets("header", part_label("header"), ()),
        SectionTargets("opening", part_label("opening"), ()),
        SectionTargets("attendance", part_label("attendance"), ()),
    ]
    if combined:
        for part in SessionPart:
            prefix = f"{part.value}:"
            sections += talk(
                prefix,
                [r for r in reports if (r.part or SessionPart.REGULAR) == part],
                [t for t in turns if (t.part or SessionPart.REGULAR) == part],
            )
            sections.append(
                directives(prefix, [p for p in points if (p.part or SessionPart.REGULAR) == part])
            )
    else:
        sections += talk("", reports, turns)
    subjects = dict(ShortcomingSubject.choices)
    sections.append(
        SectionTargets(
            "shortcomings",
            part_label("shortcomings"),
            tuple(
                Target(f"shortcoming:{s.pk}", f"{subjects.get(s.subject, '')}: {short(s.text)}")
                for subject in ShortcomingSubject
                for s in shortcomings
                if s.subject == subject
            ),
        )
    )
    if not combined:
        sections.append(directives("", points))
    sections += [
        SectionTargets(
            "conclusions",
            part_label("conclusions"),
            tuple(
                Target(f"decision:{d.pk}", f"{_('Quyết định')} {i}: {short(d.text)}")
                for i, d in enumerate(meeting.decisions.all(), 1)
            ),
        ),
        SectionTargets("votes", part_label("votes"), ()),
        SectionTargets("closing", part_label("closing"), ()),
    ]
    return sections


def valid_anchors(meeting: Meeting) -> set[str]:
    anchors: set[str] = set()
    for section in comment_targets(meeting):
        anchors.add(section.anchor)
        anchors.update(item.anchor for item in section.items)
    return anchors


def section_of(anchor: str, targets: list[SectionTargets]) -> str:
    """The section an anchor belongs to (itself for a section; "" if the item is gone)."""
    for section in targets:
        if anchor == section.anchor or any(item.anchor == anchor for item in section.items):
            return section.anchor
    return ""
