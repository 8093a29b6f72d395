"""The files the import page offers: the empty template, a filled sample, a benchmark file.

All three have the same header row (the Vietnamese headers the importer
recognises); dates are Excel date cells shown as 21/6/2022 and card numbers are
text cells (so leading zeros survive). The sample and the benchmark file are
made from a seeded random generator: the same arguments give the same people.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from collections.abc import Iterable

from django.utils import timezone

from members.importing.columns import COLUMNS

TEMPLATE_FIELDS = [key for key, _header, _aliases in COLUMNS]
DATE_FORMAT = "d/m/yyyy"
WIDTHS = {
    "cell": 28,
    "full_name": 26,
    "gender": 9,
    "birth_date": 12,
    "card_number": 16,
    "admitted_on": 14,
    "official_on": 14,
    "position": 18,
    "job_title": 34,
    "exempt_from": 14,
    "exempt_to": 14,
    "exempt_reason": 22,
    "attachment": 12,
    "attachment_place": 34,
}

EXAMPLE_ROW = {
    "cell": "Chi bộ Văn phòng",
    "full_name": "Nguyễn Thị Minh Nguyệt",
    "gender": "Nữ",
    "birth_date": dt.date(1985, 3, 14),
    "card_number": "45012345",
    "admitted_on": dt.date(2010, 5, 19),
    "official_on": dt.date(2011, 5, 19),
    "position": "Bí thư",
    "job_title": "Chánh Văn phòng",
    "exempt_from": None,
    "exempt_to": None,
    "exempt_reason": "",
    "attachment": "",
    "attachment_place": "",
}

GUIDE = [
    "Mỗi dòng là một đảng viên. Không đổi tên các cột ở dòng tiêu đề; có thể đổi thứ tự cột.",
    "Chi bộ: ghi đúng tên chi bộ như trong ứng dụng. Chi bộ chưa có sẽ được tạo mới sau khi xác nhận.",
    "Ngày: ghi theo kiểu 21/6/2022 hoặc 21/06/2022, hoặc dùng ô ngày của Excel.",
    "Ngày chính thức: để trống khi còn là đảng viên dự bị.",
    "Chức vụ trong chi bộ: bí thư, phó bí thư, chi ủy viên hoặc đảng viên.",
    "Giới tính: Nam hoặc Nữ.",
    "Sinh hoạt tạm thời: “đi” (đang sinh hoạt tạm thời nơi khác) hoặc “đến” (từ nơi khác đến), "
    "kèm Nơi sinh hoạt tạm thời.",
    "Không dùng công thức: hãy dán giá trị (Paste Special → Values).",
    "Đảng viên được nhận ra theo số thẻ đảng viên; thiếu số thẻ thì theo họ tên và ngày sinh.",
]


def workbook_bytes(rows: Iterable[dict], *, guide: bool = False) -> bytes:
    """An XLSX file with the template header and `rows` (dicts keyed by field)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from members.importing.columns import HEADERS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách đảng viên")
    for index, key in enumerate(TEMPLATE_FIELDS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS[key]
    sheet.freeze_panes = "C2"
    bold = Font(bold=True)
    header = []
    for key in TEMPLATE_FIELDS:
        cell = WriteOnlyCell(sheet, value=HEADERS[key])
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    sheet.append(header)
    for row in rows:
        line = []
        for key in TEMPLATE_FIELDS:
            value = row.get(key)
            cell = WriteOnlyCell(sheet, value=value if value not in ("", None) else None)
            if isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
            elif key == "card_number":
                cell.number_format = "@"
            line.append(cell)
        sheet.append(line)
    if guide:
        notes = workbook.create_sheet("Hướng dẫn")
        notes.column_dimensions["A"].width = 110
        notes.append([WriteOnlyCell(notes, value="Cách điền danh sách đảng viên")])
        for line in GUIDE:
            notes.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_bytes() -> bytes:
    return workbook_bytes([EXAMPLE_ROW], guide=True)


# --- generated people ---------------------------------------------------------------

FAMILY = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Tô", "Đào", "Hà",
]  # fmt: skip
MIDDLE = {
    "Nam": ["Văn", "Đình", "Quang", "Minh", "Đức", "Hữu", "Xuân", "Thanh", "Công", "Tiến"],
    "Nữ": ["Thị", "Thị Thu", "Thị Minh", "Thị Hồng", "Thị Thanh", "Ngọc", "Thị Kim", "Thị Lan"],
}
GIVEN = {
    "Nam": [
        "Hòa", "Tuấn", "Dũng", "Hùng", "Quý", "Thắng", "Sơn", "Long", "Cường", "Hiếu",
        "Phúc", "Lộc", "Khánh", "Trung", "Nghĩa", "Tâm", "Hải", "Vinh", "Đạt", "Thành",
    ],
    "Nữ": [
        "Nguyệt", "Trang", "Hương", "Lan", "Hà", "Mai", "Thảo", "Hằng", "Nga", "Yến",
        "Linh", "Phương", "Thủy", "Hạnh", "Oanh", "Dung", "Loan", "Huyền", "Vân", "Ngân",
    ],
}  # fmt: skip
JOBS = [
    "Chuyên viên", "Chuyên viên chính", "Phó Chánh Văn phòng", "Kế toán", "Văn thư",
    "Lái xe", "Cán bộ hợp đồng", "Phó Trưởng phòng", "Trưởng phòng", "Nhân viên",
]  # fmt: skip
EXEMPT_REASONS = ["Tuổi cao", "Sức khỏe yếu", "Tuổi cao, sức khỏe yếu", "Ốm đau dài ngày"]
AWAY_PLACES = [
    "Chi bộ Trường Chính trị tỉnh (đi học tập trung)",
    "Chi bộ Ban Quản lý dự án huyện Cẩm Xuyên (biệt phái)",
    "Đảng bộ Bệnh viện Đa khoa tỉnh (điều trị dài ngày)",
]


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max((end - start).days, 1)))


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return dt.date(day.year + years, 3, 1)


def _person(
    rng: random.Random, cell: str, card: str, today: dt.date, *, exempt: bool, away: bool
) -> dict:
    gender = "Nam" if rng.random() < 0.55 else "Nữ"
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
    if exempt:
        birth = _day(rng, dt.date(1938, 1, 1), dt.date(1962, 12, 31))
    else:
        birth = _day(rng, dt.date(1966, 1, 1), dt.date(2000, 12, 31))
    earliest = _years_after(birth, 19)
    admitted = _day(rng, earliest, min(today - dt.timedelta(days=400), dt.date(2023, 12, 31)))
    row = {
        "cell": cell,
        "full_name": name,
        "gender": gender,
        "birth_date": birth,
        "card_number": card,
        "admitted_on": admitted,
        "official_on": _years_after(admitted, 1),
        "position": "Đảng viên",
        "job_title": "Hưu trí" if exempt else rng.choice(JOBS),
    }
    if exempt:
        row["exempt_from"] = _day(rng, dt.date(2015, 1, 1), today - dt.timedelta(days=30))
        row["exempt_reason"] = rng.choice(EXEMPT_REASONS)
    if away:
        row["attachment"] = "đi"
        row["attachment_place"] = rng.choice(AWAY_PLACES)
    return row


def cell_rows(
    cell: str,
    members: int,
    *,
    exempt: int = 0,
    away: int = 0,
    probationary: int = 0,
    seed: int = 1,
    card_prefix: str = "45",
    today: dt.date | None = None,
) -> list[dict]:
    """`members` realistic people of `cell`: the first `exempt` are exempt, then `away` are away."""
    today = today or timezone.localdate()
    rng = random.Random(f"{seed}-{cell}")
    rows = []
    for index in range(members):
        card = f"{card_prefix}{seed % 100:02d}{index + 1:04d}"
        is_exempt = index < exempt
        is_away = exempt <= index < exempt + away
        row = _person(rng, cell, card, today, exempt=is_exempt, away=is_away)
        if members - index <= probationary:
            row["admitted_on"] = _day(rng, today - dt.timedelta(days=330), today)
            row["official_on"] = None
        rows.append(row)
    # The cell's committee: a secretary, a deputy and three members, among the active.
    active = [r for r in rows if not r.get("exempt_from") and not r.get("attachment")]
    for row, position in zip(
        active, ["Bí thư", "Phó Bí thư", "Chi ủy viên", "Chi ủy viên", "Chi ủy viên"], strict=False
    ):
        if row["official_on"]:
            row["position"] = position
    return rows


SAMPLE_CELL = "Chi bộ Văn phòng"


def sample_rows(today: dt.date | None = None) -> list[dict]:
    """The sample file: one cell of 86 members, 34 exempt, 3 away, 4 probationary."""
    return cell_rows(
        SAMPLE_CELL, 86, exempt=34, away=3, probationary=4, seed=7, card_prefix="93", today=today
    )


def sample_bytes(today: dt.date | None = None) -> bytes:
    return workbook_bytes(sample_rows(today))


def benchmark_rows(
    rows: int = 5000, per_cell: int = 100, today: dt.date | None = None
) -> list[dict]:
    """`rows` members in cells of `per_cell` ("Chi bộ Phòng số 1", …), about 1 in 10 exempt."""
    out: list[dict] = []
    number = 0
    while len(out) < rows:
        number += 1
        size = min(per_cell, rows - len(out))
        out += cell_rows(
            f"Chi bộ Phòng số {number}",
            size,
            exempt=size // 10,
            away=1 if size > 20 else 0,
            probationary=2 if size > 20 else 0,
            seed=number,
            card_prefix=f"{10 + number // 100:02d}",
            today=today,
        )
    return out
