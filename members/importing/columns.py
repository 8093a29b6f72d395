"""Which column of the file holds which field of a member.

Headers are recognised case- and accent-insensitively (`fold`) and without
their punctuation, in any order, so "HỌ VÀ TÊN", "Ho va ten" and "Họ và tên:"
are one column. A header written over two rows (a merged "Miễn sinh hoạt"
above "Từ ngày" / "Đến ngày") is read as the two lines joined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from minutes.vnformat import fold

# The field, the header the template writes, and the other spellings accepted.
COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("cell", "Chi bộ", ("ten chi bo", "chi bo sinh hoat")),
    ("full_name", "Họ và tên", ("ho ten", "ho va ten dang vien", "ten dang vien")),
    ("gender", "Giới tính", ("gioi",)),
    ("birth_date", "Ngày sinh", ("ngay thang nam sinh", "sinh ngay")),
    ("card_number", "Số thẻ đảng viên", ("so the", "so the dang", "so the dv")),
    ("admitted_on", "Ngày vào Đảng", ("ngay ket nap", "ngay ket nap dang", "ngay vao dang du bi")),
    ("official_on", "Ngày chính thức", ("ngay chinh thuc dang", "ngay cong nhan chinh thuc")),
    ("position", "Chức vụ trong chi bộ", ("chuc vu dang", "chuc vu chi bo")),
    (
        "job_title",
        "Chức vụ, đơn vị công tác",
        (
            "chuc vu don vi",
            "chuc vu chinh quyen",
            "don vi cong tac",
            "chuc vu chinh quyen doan the",
        ),
    ),
    ("exempt_from", "Miễn sinh hoạt từ ngày", ("mien sinh hoat tu", "mien tu ngay")),
    ("exempt_to", "Miễn sinh hoạt đến ngày", ("mien sinh hoat den", "mien den ngay")),
    ("exempt_reason", "Lý do miễn", ("ly do mien sinh hoat", "mien sinh hoat ly do")),
    ("attachment", "Sinh hoạt tạm thời", ("sinh hoat tam thoi di den",)),
    (
        "attachment_place",
        "Nơi sinh hoạt tạm thời",
        ("sinh hoat tam thoi noi", "sinh hoat tam thoi noi sinh hoat", "noi sinh hoat"),
    ),
]

HEADERS: dict[str, str] = {key: header for key, header, _aliases in COLUMNS}

# Without these a row cannot become a member.
REQUIRED = ("cell", "full_name", "gender", "admitted_on")

# A file without a cell column cannot say where anyone belongs; without a name
# column it is not a roster at all.
_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)


def header_key(text: object) -> str:
    """The comparison key of a header: folded, punctuation removed, spaces collapsed."""
    if text is None:
        return ""
    return " ".join(_PUNCTUATION.sub(" ", fold(str(text))).split())


_BY_KEY: dict[str, str] = {}
for _key, _header, _aliases in COLUMNS:
    for _spelling in (_header, *_aliases):
        _BY_KEY[header_key(_spelling)] = _key


def field_for(text: object) -> str | None:
    """The field a header names, or None."""
    return _BY_KEY.get(header_key(text))


def label(field_name: str) -> str:
    return HEADERS.get(field_name, field_name)


def column_letter(index: int) -> str:
    """0 → "A", 27 → "AB": how a spreadsheet names the column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Header:
    """Where each field is, read from the header row (or two rows)."""

    row: int  # 1-based number of the (last) header row in the file
    fields: dict[int, str] = field(default_factory=dict)  # column index → field
    unknown: list[tuple[str, str]] = field(default_factory=list)  # (column letter, text)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (column letter, header)

    def missing(self) -> list[str]:
        present = set(self.fields.values())
        return [key for key in REQUIRED if key not in present]

    def has(self, field_name: str) -> bool:
        return field_name in self.fields.values()


def _text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def _matches(values: list[object]) -> int:
    return sum(1 for value in values if field_for(value))


def looks_like_header(values: list[object]) -> bool:
    """A row is the header when it names the member's name and at least one other field."""
    found = {field_for(value) for value in values} - {None}
    return "full_name" in found and len(found) >= 2


def _combined(top: list[object], below: list[object]) -> list[str] | None:
    """Column titles of a header written over two rows, or None if `below` is not a header line.

    A merged cell leaves its text in its first column only: the top line is
    carried to the right across the empty cells so each column under it gets
    the group title ("Miễn sinh hoạt" + "Từ ngày").
    """
    if not any(_text(v) for v in below) or any(
        not isinstance(v, str) and v is not None for v in below
    ):
        return None
    width = max(len(top), len(below))
    top = list(top) + [None] * (width - len(top))
    below = list(below) + [None] * (width - len(below))
    carried: list[str] = []
    last = ""
    for value in top:
        text = _text(value)
        last = text or last
        carried.append(last)
    titles: list[str] = []
    gained = False
    for index in range(width):
        child = _text(below[index])
        own = _text(top[index])
        if not child:
            titles.append(own)
            continue
        joined = f"{carried[index]} {child}".strip()
        if field_for(joined):
            titles.append(joined)
            gained = True
        elif field_for(child):
            titles.append(child)
            gained = True
        else:
            titles.append(joined if carried[index] else child)
    return titles if gained else None


def read_header(rows: list[list[object]], first_row: int = 1) -> Header | None:
    """Find the header among the first rows (titles may stand above it); None if there is none."""
    for offset, values in enumerate(rows):
        if not looks_like_header(values):
            continue
        titles = [_text(v) for v in values]
        row = first_row + offset
        if offset + 1 < len(rows):
            joined = _combined(values, rows[offset + 1])
            if joined is not None and _matches(joined) > _matches(titles):
                titles, row = joined, row + 1
        header = Header(row=row)
        seen: dict[str, str] = {}
        for index, title in enumerate(titles):
            if not title:
                continue
            key = field_for(title)
            if key is None:
                header.unknown.append((column_letter(index), title))
            elif key in seen:
                header.duplicates.append((column_letter(index), HEADERS[key]))
            else:
                seen[key] = column_letter(index)
                header.fields[index] = key
        return header
    return None


NO_HEADER = _(
    "Không tìm thấy dòng tiêu đề: trong 20 dòng đầu không có dòng nào ghi “Họ và tên” "
    "cùng các cột khác như “Chi bộ”, “Ngày vào Đảng”. Hãy dùng tệp mẫu."
)
