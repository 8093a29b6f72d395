"""Checking every row of a roster file against the register: what an import would write.

`build_plan` reads the file, checks each row (dates, required values, the
rules of the register), finds each row's cell under the committee and its
member (by party card number, else by name and date of birth), and returns a
`Plan`: per cell the members to add, to update and left unchanged, the cells
that would be created, and every problem by row and column. It reads the
database and writes nothing.

Cells are matched exactly (after NFC, case folding and collapsing spaces),
never guessed: "Chi bộ Văn phòng" and "Chi bộ Văn Phòng" are one cell, but
"Chi bộ Van phong" is another name, shown with a hint ("Có phải …?").
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from members.importing.columns import HEADERS, label
from members.importing.dates import NotADate, parse_date
from members.importing.reading import FileProblem, Row, Sheet, read_file
from members.models import REGISTER_FIELDS, Attachment, Gender, Member, Organization, Position
from minutes.vnformat import fold, nfc, short_date

ERROR = "error"
WARNING = "warning"

# Fields written to a member, in the order the preview names changes.
MEMBER_FIELDS = REGISTER_FIELDS
DATE_FIELDS = ("birth_date", "admitted_on", "official_on", "exempt_from", "exempt_to")
_MAX_LENGTH = {
    "full_name": 120,
    "card_number": 30,
    "job_title": 200,
    "exempt_reason": 200,
    "attachment_place": 200,
}

_GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE}
_POSITIONS = {
    "bi thu": Position.SECRETARY,
    "pho bi thu": Position.DEPUTY_SECRETARY,
    "chi uy vien": Position.COMMITTEE_MEMBER,
    "dang vien": Position.MEMBER,
}
_ATTACHMENTS = {"di": Attachment.TEMP_OUT, "den": Attachment.TEMP_IN}
# An exemption may be decided ahead of its dates; the other dates have happened.
_MAY_BE_AHEAD = ("exempt_from", "exempt_to")


def name_key(text: str) -> str:
    """Exact-match key of a name: NFC, case-folded, spaces collapsed (accents kept)."""
    return " ".join(nfc(text).casefold().split())


def clean_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(nfc(str(value)).split())


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None  # the header as the template writes it
    message: str
    level: str = ERROR

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return _("Dòng %(row)d, cột %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row is not None:
            return _("Dòng %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


@dataclass
class Entry:
    """One row of the file, read into member fields."""

    row: int
    cell_name: str
    values: dict[str, object] = field(default_factory=dict)
    valid: bool = True  # False: the row has errors and is only checked for duplicates

    @property
    def full_name(self) -> str:
        return str(self.values.get("full_name", ""))

    @property
    def admitted_shown(self) -> str:
        day = self.values.get("admitted_on")
        return short_date(day) if day else ""


@dataclass
class Update:
    member: Member
    entry: Entry
    changes: list[str]  # field names

    @property
    def change_labels(self) -> str:
        return ", ".join(label(f) for f in self.changes)


@dataclass
class CellPlan:
    name: str
    organization: Organization | None  # None: created by the import
    hint: str = ""  # an existing cell whose name differs only in accents
    added: list[Entry] = field(default_factory=list)
    updated: list[Update] = field(default_factory=list)
    unchanged: list[Update] = field(default_factory=list)
    not_in_file: int = 0  # members on the roster now that the file does not list

    @property
    def is_new(self) -> bool:
        return self.organization is None

    @property
    def touched(self) -> bool:
        return self.is_new or bool(self.added or self.updated)


@dataclass
class Plan:
    committee: Organization
    columns: list[str]  # fields the file has, in file order
    unknown_columns: list[tuple[str, str]]
    rows: int
    cells: list[CellPlan]
    problems: list[Problem]
    sheet_name: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    @property
    def new_cells(self) -> list[CellPlan]:
        return [c for c in self.cells if c.is_new]

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "cells": len(self.cells),
            "new_cells": len(self.new_cells),
            "added": sum(len(c.added) for c in self.cells),
            "updated": sum(len(c.updated) for c in self.cells),
            "unchanged": sum(len(c.unchanged) for c in self.cells),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
        }


# --- reading one row --------------------------------------------------------------


def _read_entry(
    row: Row, present: set[str], epoch, today: dt.date, problems: list[Problem]
) -> Entry:
    """The row's values as member fields; its problems are appended to `problems`."""
    errors_before = len(problems)

    def error(key: str | None, message: str) -> None:
        problems.append(Problem(row.number, label(key) if key else None, message))

    def warn(key: str | None, message: str) -> None:
        problems.append(Problem(row.number, label(key) if key else None, message, WARNING))

    for key, formula in row.formulas.items():
        error(
            key,
            _(
                "ô chứa công thức (%(formula)s); hãy sao chép rồi dán giá trị "
                "(Paste Special → Values) thay cho công thức."
            )
            % {"formula": formula[:60]},
        )
    raw = row.values
    values: dict[str, object] = {}
    for key in present:
        if key == "cell" or key in row.formulas:
            continue
        value = raw.get(key)
        if key in DATE_FIELDS:
            try:
                values[key] = parse_date(value, epoch)
            except NotADate as exc:
                error(key, _("'%(value)s' không phải là ngày.") % {"value": exc.shown})
                continue
            day = values[key]
            if day is not None and day.year < 1900:
                error(key, _("'%(value)s': năm trước 1900.") % {"value": short_date(day)})
                values[key] = None
            elif day is not None and day > today and key not in _MAY_BE_AHEAD:
                error(key, _("'%(value)s' là ngày sau hôm nay.") % {"value": short_date(day)})
                values[key] = None
            continue
        text = clean_text(value)
        if key == "gender":
            if not text:
                error(key, _("chưa ghi giới tính (Nam hoặc Nữ)."))
            elif fold(text) in _GENDERS:
                values[key] = _GENDERS[fold(text)]
            else:
                error(key, _("'%(value)s' không phải Nam hay Nữ.") % {"value": text})
        elif key == "position":
            if not text:
                values[key] = Position.MEMBER
            elif fold(text) in _POSITIONS:
                values[key] = _POSITIONS[fold(text)]
            else:
                error(
                    key,
                    _(
                        "'%(value)s' không phải một chức vụ trong chi bộ "
                        "(bí thư, phó bí thư, chi ủy viên, đảng viên)."
                    )
                    % {"value": text},
                )
        elif key == "attachment":
            if not text:
                values[key] = Attachment.NONE
            elif fold(text) in _ATTACHMENTS:
                values[key] = _ATTACHMENTS[fold(text)]
            else:
                error(
                    key,
                    _("'%(value)s': hãy ghi “đi” (sinh hoạt tạm thời nơi khác) hoặc “đến”.")
                    % {"value": text},
                )
        else:
            limit = _MAX_LENGTH.get(key)
            if limit and len(text) > limit:
                error(key, _("dài quá %(n)d ký tự.") % {"n": limit})
                continue
            values[key] = text

    cell_name = clean_text(raw.get("cell")) if "cell" not in row.formulas else ""
    if not values.get("full_name") and "full_name" not in row.formulas:
        error("full_name", _("chưa ghi họ và tên."))
    if "admitted_on" not in row.formulas and not clean_text(raw.get("admitted_on")):
        error("admitted_on", _("chưa ghi ngày vào Đảng."))

    birth, admitted = values.get("birth_date"), values.get("admitted_on")
    official = values.get("official_on")
    if birth and admitted and admitted <= birth:
        error("admitted_on", _("ngày vào Đảng không thể trước ngày sinh."))
    if official and admitted and official < admitted:
        error(
            "official_on",
            _("ngày chính thức %(official)s trước ngày vào Đảng %(admitted)s.")
            % {"official": short_date(official), "admitted": short_date(admitted)},
        )
    start, end = values.get("exempt_from"), values.get("exempt_to")
    if end and not start:
        error("exempt_from", _("có ngày hết miễn sinh hoạt nhưng chưa ghi từ ngày nào."))
    if start and end and end < start:
        error("exempt_to", _("ngày hết miễn sinh hoạt trước ngày bắt đầu."))
    if values.get("exempt_reason") and not start:
        warn("exempt_from", _("có lý do miễn nhưng chưa ghi từ ngày nào: không tính là miễn."))
    if values.get("attachment_place") and not values.get("attachment"):
        error("attachment", _("có nơi sinh hoạt tạm thời nhưng chưa ghi “đi” hay “đến”."))
    if (
        values.get("attachment")
        and "attachment_place" in present
        and not values.get("attachment_place")
    ):
        warn("attachment_place", _("chưa ghi nơi sinh hoạt tạm thời."))
    valid = not any(p.level == ERROR for p in problems[errors_before:])
    return Entry(row=row.number, cell_name=cell_name, values=values, valid=valid)


# --- the whole file ---------------------------------------------------------------


def _chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _comparable(member: Member, key: str) -> object:
    value = getattr(member, key)
    return nfc(value) if isinstance(value, str) else value


def build_plan(
    content: bytes, file_name: str, committee: Organization, *, today: dt.date | None = None
) -> Plan:
    """Check the file for an import into `committee`; FileProblem when it cannot be read at all."""
    today = today or timezone.localdate()
    sheet: Sheet = read_file(content, file_name)
    header = sheet.header
    problems: list[Problem] = []
    if header.duplicates:
        raise FileProblem(
            _("Cột “%(column)s” có hai lần (cột %(letter)s). Hãy xóa một cột.")
            % {"column": header.duplicates[0][1], "letter": header.duplicates[0][0]}
        )
    missing = header.missing()
    if missing:
        raise FileProblem(
            _("Tệp thiếu cột: %(columns)s. Hãy dùng tệp mẫu.")
            % {"columns": ", ".join(f"“{HEADERS[k]}”" for k in missing)}
        )
    present = set(header.fields.values())
    columns = [key for _i, key in sorted(header.fields.items())]
    for letter, text in header.unknown:
        problems.append(
            Problem(
                None,
                None,
                _("Cột %(letter)s “%(text)s” không được nhận ra và sẽ bỏ qua.")
                % {"letter": letter, "text": text},
                WARNING,
            )
        )
    if not sheet.rows:
        raise FileProblem(_("Tệp chỉ có dòng tiêu đề, không có đảng viên nào."))

    # Rows read; a cell name left empty continues the one above (a merged cell).
    entries: list[Entry] = []
    previous_cell = ""
    for row in sheet.rows:
        entry = _read_entry(row, present, sheet.epoch, today, problems)
        if not entry.cell_name:
            if previous_cell and "cell" not in row.formulas:
                entry.cell_name = previous_cell
            elif "cell" not in row.formulas:
                problems.append(Problem(row.number, label("cell"), _("chưa ghi tên chi bộ.")))
                continue
            else:
                continue
        previous_cell = entry.cell_name
        entries.append(entry)

    cells = _resolve_cells(committee, entries, problems)
    _match_members(committee, entries, cells, present, problems)
    problems.sort(key=lambda p: (p.row or 0, p.level != ERROR))
    return Plan(
        committee=committee,
        columns=columns,
        unknown_columns=header.unknown,
        rows=len(sheet.rows),
        cells=list(cells.values()),
        problems=problems,
        sheet_name=sheet.sheet_name,
    )


def _resolve_cells(
    committee: Organization, entries: list[Entry], problems: list[Problem]
) -> dict[str, CellPlan]:
    """One CellPlan per cell name in the file (in file order), existing or to be created."""
    below = list(
        Organization.objects.within(committee)
        .exclude(pk=committee.pk)
        .only("pk", "name", "kind", "parent_id", "path")
    )
    by_key: dict[str, list[Organization]] = defaultdict(list)
    by_fold: dict[str, list[Organization]] = defaultdict(list)
    for org in below:
        by_key[name_key(org.name)].append(org)
        by_fold[fold(org.name)].append(org)
    plans: dict[str, CellPlan] = {}
    for entry in entries:
        key = name_key(entry.cell_name)
        if key in plans:
            continue
        found = by_key.get(key, [])
        cells = [org for org in found if org.is_cell]
        column = label("cell")
        if len(cells) == 1:
            plans[key] = CellPlan(name=cells[0].name, organization=cells[0])
            continue
        if len(cells) > 1:
            problems.append(
                Problem(
                    entry.row,
                    column,
                    _(
                        "có %(n)d chi bộ cùng tên “%(name)s” ở các đảng bộ khác nhau; "
                        "hãy nhập riêng cho từng đảng bộ."
                    )
                    % {"n": len(cells), "name": entry.cell_name},
                )
            )
            plans[key] = CellPlan(name=entry.cell_name, organization=cells[0])
            continue
        if found or key == name_key(committee.name):
            problems.append(
                Problem(
                    entry.row,
                    column,
                    _("“%(name)s” là một đảng bộ, không phải chi bộ.") % {"name": entry.cell_name},
                )
            )
        similar = [org for org in by_fold.get(fold(entry.cell_name), []) if org.is_cell]
        plan = CellPlan(name=entry.cell_name, organization=None)
        if similar:
            plan.hint = similar[0].name
            clash = any(org.parent_id == committee.pk for org in similar)
            problems.append(
                Problem(
                    entry.row,
                    column,
                    (
                        _(
                            "chưa có chi bộ “%(name)s”. Có phải “%(hint)s”? Tên chỉ khác dấu "
                            "với chi bộ đã có nên không tạo chi bộ mới: hãy sửa tên trong tệp."
                        )
                        if clash
                        else _("chi bộ “%(name)s” sẽ được tạo mới. Có phải “%(hint)s”?")
                    )
                    % {"name": entry.cell_name, "hint": similar[0].name},
                    ERROR if clash else WARNING,
                )
            )
        plans[key] = plan
    return plans


def _match_members(
    committee: Organization,
    entries: list[Entry],
    cells: dict[str, CellPlan],
    present: set[str],
    problems: list[Problem],
) -> None:
    """Find each row's member and sort the rows into added, updated and unchanged."""
    existing_ids = [c.organization.pk for c in cells.values() if c.organization is not None]
    roster: dict[int, list[Member]] = defaultdict(list)
    by_card: dict[str, Member] = {}
    if existing_ids:
        for ids in _chunks(existing_ids):
            for member in Member.objects.filter(cell_id__in=ids):
                if member.left_on is None:
                    roster[member.cell_id].append(member)
                if member.card_number:
                    by_card.setdefault(member.card_number, member)
    cards = sorted({str(e.values["card_number"]) for e in entries if e.values.get("card_number")})
    unknown_cards = [c for c in cards if c not in by_card]
    for chunk in _chunks(unknown_cards):
        elsewhere = (
            Member.objects.filter(cell__path__startswith=committee.path, card_number__in=chunk)
            .select_related("cell")
            .order_by("pk")
        )
        for member in elsewhere:
            by_card.setdefault(member.card_number, member)
    by_name: dict[tuple[int, str, dt.date | None], list[Member]] = defaultdict(list)
    for cell_id, members in roster.items():
        for member in members:
            if not member.card_number:
                by_name[(cell_id, name_key(member.full_name), member.birth_date)].append(member)

    card_rows: dict[str, int] = {}
    name_rows: dict[tuple[str, str, dt.date | None], int] = {}
    claimed: dict[int, int] = {}  # member pk → row
    compared = [key for key in MEMBER_FIELDS if key in present]
    for entry in entries:
        plan = cells[name_key(entry.cell_name)]
        cell = plan.organization
        card = str(entry.values.get("card_number") or "")
        column_card = label("card_number")
        if card:
            if card in card_rows:
                problems.append(
                    Problem(
                        entry.row,
                        column_card,
                        _("số thẻ '%(card)s' trùng với dòng %(other)d.")
                        % {"card": card, "other": card_rows[card]},
                    )
                )
                continue
            card_rows[card] = entry.row
        else:
            key = (
                name_key(entry.cell_name),
                name_key(entry.full_name),
                entry.values.get("birth_date"),
            )
            if key in name_rows:
                problems.append(
                    Problem(
                        entry.row,
                        label("full_name"),
                        _(
                            "trùng họ tên và ngày sinh với dòng %(other)d, cả hai đều không "
                            "có số thẻ đảng viên."
                        )
                        % {"other": name_rows[key]},
                    )
                )
                continue
            name_rows[key] = entry.row

        member = by_card.get(card) if card else None
        if member is not None:
            if member.left_on is not None:
                problems.append(
                    Problem(
                        entry.row,
                        column_card,
                        _(
                            "số thẻ '%(card)s' là của đồng chí %(name)s, đã ra khỏi danh sách "
                            "ngày %(day)s."
                        )
                        % {
                            "card": card,
                            "name": member.full_name,
                            "day": short_date(member.left_on),
                        },
                    )
                )
                continue
            if cell is None or member.cell_id != cell.pk:
                problems.append(
                    Problem(
                        entry.row,
                        column_card,
                        _(
                            "số thẻ '%(card)s' là của đồng chí %(name)s ở %(cell)s. Chuyển "
                            "sinh hoạt giữa các chi bộ ghi trên danh sách chi bộ, không qua "
                            "nhập tệp."
                        )
                        % {"card": card, "name": member.full_name, "cell": member.cell.name},
                    )
                )
                continue
        elif cell is not None:
            candidates = by_name.get(
                (cell.pk, name_key(entry.full_name), entry.values.get("birth_date")), []
            )
            if len(candidates) > 1:
                problems.append(
                    Problem(
                        entry.row,
                        label("full_name"),
                        _(
                            "chi bộ có %(n)d đồng chí cùng họ tên và ngày sinh, chưa có số "
                            "thẻ: hãy ghi số thẻ đảng viên."
                        )
                        % {"n": len(candidates)},
                    )
                )
                continue
            if candidates:
                member = candidates[0]
                message = (
                    _(
                        "không có số thẻ đảng viên: đã khớp theo họ tên và ngày sinh với "
                        "đồng chí %(name)s."
                    )
                    if not card
                    else _(
                        "đã khớp theo họ tên và ngày sinh với đồng chí %(name)s (chưa có số "
                        "thẻ); số thẻ sẽ được ghi thêm."
                    )
                )
                problems.append(
                    Problem(
                        entry.row,
                        label("card_number"),
                        message % {"name": member.full_name},
                        WARNING,
                    )
                )
        if not entry.valid:
            continue
        if member is not None:
            if member.pk in claimed:
                problems.append(
                    Problem(
                        entry.row,
                        label("full_name"),
                        _("đồng chí %(name)s đã có ở dòng %(other)d.")
                        % {"name": member.full_name, "other": claimed[member.pk]},
                    )
                )
                continue
            claimed[member.pk] = entry.row
            changes = [
                key
                for key in compared
                if key in entry.values and entry.values[key] != _comparable(member, key)
            ]
            (plan.updated if changes else plan.unchanged).append(Update(member, entry, changes))
        else:
            plan.added.append(entry)

    for plan in cells.values():
        if plan.organization is not None:
            plan.not_in_file = sum(
                1 for m in roster.get(plan.organization.pk, []) if m.pk not in claimed
            )
