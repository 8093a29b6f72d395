"""The bad-file matrix of the roster import: every kind of bad row or file, made by hand here.

Each file is built in memory (openpyxl or csv) and checked with `build_plan`,
the same check the preview and the confirmation run; nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
import unicodedata
import zipfile

import pytest
from openpyxl import Workbook

from members.importing.plan import build_plan
from members.importing.reading import MAX_BYTES, FileProblem
from members.models import Attachment, Gender, Position
from tests.factories import CellFactory, CommitteeFactory, MemberFactory

TODAY = dt.date(2024, 6, 1)
HEADER = [
    "Chi bộ",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Số thẻ đảng viên",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Chức vụ trong chi bộ",
]


def xlsx(rows: list[list], *, header=HEADER, prepare=None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    if prepare:
        prepare(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], *, header=HEADER, delimiter=",", bom=False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def row(name="Nguyễn Văn An", *, cell="Chi bộ Văn phòng", card="", **overrides) -> list:
    values = {
        "gender": "Nam",
        "birth": "12/3/1980",
        "admitted": "21/6/2010",
        "official": "21/6/2011",
        "position": "Đảng viên",
    } | overrides
    return [
        cell,
        name,
        values["gender"],
        values["birth"],
        card,
        values["admitted"],
        values["official"],
        values["position"],
    ]


@pytest.fixture
def committee(db):
    committee = CommitteeFactory(name="Đảng bộ Cơ quan tỉnh")
    CellFactory(name="Chi bộ Văn phòng", parent=committee)
    return committee


def plan_of(content: bytes, committee, name="danh-sach.xlsx"):
    return build_plan(content, name, committee, today=TODAY)


def messages(plan) -> list[str]:
    return [str(p) for p in plan.errors]


# --- rows ----------------------------------------------------------------------


def test_a_good_file_has_no_problems(committee):
    plan = plan_of(xlsx([row(card="1"), row("Trần Thị Bình", card="2", gender="Nữ")]), committee)
    assert messages(plan) == []
    assert plan.counts()["added"] == 2
    added = plan.cells[0].added
    assert added[1].values["gender"] == Gender.FEMALE
    assert added[0].values["birth_date"] == dt.date(1980, 3, 12)


def test_impossible_dates_are_errors_by_row_and_column(committee):
    content = xlsx([row(card="1"), row("Lê Văn Cường", card="2", admitted="31/02/2019")])
    plan = plan_of(content, committee)
    assert "Dòng 3, cột Ngày vào Đảng: '31/02/2019' không phải là ngày." in messages(plan)
    assert not plan.ok


@pytest.mark.parametrize(
    "value, message",
    [
        ("12/13/1980", "'12/13/1980' không phải là ngày."),
        ("hôm qua", "'hôm qua' không phải là ngày."),
        ("1/1/2099", "'01/01/2099' là ngày sau hôm nay."),
        ("80", None),  # a small serial number is a day of 1900: before the member's birth
    ],
)
def test_bad_birth_dates(committee, value, message):
    plan = plan_of(xlsx([row(card="1", birth=value)]), committee)
    if message:
        assert f"Dòng 2, cột Ngày sinh: {message}" in messages(plan)
    else:
        assert not plan.ok


def test_dates_as_people_type_them(committee):
    plan = plan_of(
        xlsx(
            [
                row("A Một", card="1", admitted="21/6/2022", official=""),
                row("B Hai", card="2", admitted="21/06/2022", official=""),
                row("C Ba", card="3", admitted=dt.datetime(2022, 6, 21), official=""),
                row("D Bốn", card="4", admitted=44733, official=""),  # Excel serial of 21/6/2022
                row("Đ Năm", card="5", admitted="2022-06-21", official=""),
            ]
        ),
        committee,
    )
    assert messages(plan) == []
    assert {e.values["admitted_on"] for e in plan.cells[0].added} == {dt.date(2022, 6, 21)}


def test_excel_date_cells_are_read_as_dates(committee):
    def as_dates(sheet):
        for cell in sheet["F"][1:]:
            cell.number_format = "dd/mm/yyyy"

    content = xlsx(
        [row(card="1", admitted=dt.date(2015, 9, 2), birth=dt.date(1990, 1, 5), official="")],
        prepare=as_dates,
    )
    entry = plan_of(content, committee).cells[0].added[0]
    assert entry.values["admitted_on"] == dt.date(2015, 9, 2)
    assert entry.values["birth_date"] == dt.date(1990, 1, 5)


def test_duplicate_card_numbers_within_the_file(committee):
    plan = plan_of(xlsx([row(card="0045"), row("Phạm Văn Dũng", card="0045")]), committee)
    assert "Dòng 3, cột Số thẻ đảng viên: số thẻ '0045' trùng với dòng 2." in messages(plan)


def test_no_official_date_means_probationary(committee):
    plan = plan_of(xlsx([row(card="1", admitted="1/3/2024", official="")]), committee)
    assert plan.ok
    assert plan.cells[0].added[0].values["official_on"] is None


def test_official_date_before_admission_is_an_error(committee):
    plan = plan_of(xlsx([row(card="1", admitted="1/3/2020", official="1/3/2019")]), committee)
    assert (
        "Dòng 2, cột Ngày chính thức: ngày chính thức 01/3/2019 trước ngày vào Đảng 01/3/2020."
        in messages(plan)
    )


def test_admission_before_birth_is_an_error(committee):
    plan = plan_of(xlsx([row(card="1", birth="1/1/2000", admitted="1/1/1999")]), committee)
    assert "Dòng 2, cột Ngày vào Đảng: ngày vào Đảng không thể trước ngày sinh." in messages(plan)


def test_required_values_and_choices(committee):
    plan = plan_of(
        xlsx(
            [
                row("", card="1"),
                row("Hồ Văn Em", card="2", gender="X"),
                row("Hồ Văn Giang", card="3", position="Trưởng ban"),
                row("Hồ Văn Hải", card="4", admitted=""),
            ]
        ),
        committee,
    )
    errors = messages(plan)
    assert "Dòng 2, cột Họ và tên: chưa ghi họ và tên." in errors
    assert "Dòng 3, cột Giới tính: 'X' không phải Nam hay Nữ." in errors
    assert any(e.startswith("Dòng 4, cột Chức vụ trong chi bộ: 'Trưởng ban'") for e in errors)
    assert "Dòng 5, cột Ngày vào Đảng: chưa ghi ngày vào Đảng." in errors


def test_positions_accent_insensitively(committee):
    plan = plan_of(
        xlsx(
            [
                row("A", card="1", position="BÍ THƯ"),
                row("B", card="2", position="pho bi thu"),
                row("C", card="3", position="Chi uỷ viên"),
                row("D", card="4", position=""),
            ]
        ),
        committee,
    )
    assert [e.values["position"] for e in plan.cells[0].added] == [
        Position.SECRETARY,
        Position.DEPUTY_SECRETARY,
        Position.COMMITTEE_MEMBER,
        Position.MEMBER,
    ]


def test_unknown_cells_are_new_cells_never_guessed(committee):
    CellFactory(name="Chi bộ Kế toán", parent=CellFactory(name="x").parent)  # elsewhere
    plan = plan_of(
        xlsx(
            [
                row(card="1", cell="  chi bộ   VĂN PHÒNG "),  # same name: case and spaces
                row("Bùi Văn Khoa", card="2", cell="Chi bộ Tài chính"),
            ]
        ),
        committee,
    )
    assert plan.ok
    assert [(c.name, c.is_new) for c in plan.cells] == [
        ("Chi bộ Văn phòng", False),
        ("Chi bộ Tài chính", True),
    ]


def test_an_accent_only_difference_is_not_a_match_but_a_hint(committee):
    plan = plan_of(xlsx([row(card="1", cell="Chi bo Van phong")]), committee)
    assert plan.cells[0].is_new
    assert plan.cells[0].hint == "Chi bộ Văn phòng"
    # Creating it beside the existing cell would give two names that read alike.
    assert any("Có phải “Chi bộ Văn phòng”?" in e for e in messages(plan))


def test_formulas_are_refused_cell_by_cell(committee):
    content = xlsx([row(card="1"), row("Ngô Văn Lâm", card="2", admitted="=DATE(2010,6,21)")])
    plan = plan_of(content, committee)
    errors = messages(plan)
    assert len(errors) == 1
    assert errors[0].startswith("Dòng 3, cột Ngày vào Đảng: ô chứa công thức (=DATE(2010,6,21))")
    assert "Paste Special → Values" in errors[0]


def test_formulas_in_csv_are_refused_too(committee):
    plan = plan_of(csv_bytes([row(card='=HYPERLINK("x")')]), committee, "a.csv")
    assert any("ô chứa công thức" in e for e in messages(plan))


def test_merged_header_cells(committee):
    """A title block, then a header over two rows with merged group titles."""

    def layout(sheet):
        sheet.insert_rows(1, 2)
        sheet["A1"] = "DANH SÁCH ĐẢNG VIÊN"
        sheet.merge_cells("A1:H1")
        sheet.insert_rows(4)
        for column in "ABCDEFGH":
            top, below = sheet[f"{column}3"], sheet[f"{column}4"]
            below.value = None
            top.value = top.value
        sheet["I3"] = "Miễn sinh hoạt"
        sheet.merge_cells("I3:K3")
        sheet["I4"], sheet["J4"], sheet["K4"] = "Từ ngày", "Đến ngày", "Lý do"
        for column in "ABCDEFGH":
            sheet.merge_cells(f"{column}3:{column}4")
        sheet["I5"], sheet["K5"] = "1/1/2020", "Tuổi cao"

    content = xlsx([row(card="1")], prepare=layout)
    plan = plan_of(content, committee)
    assert messages(plan) == [], messages(plan)
    entry = plan.cells[0].added[0]
    assert entry.row == 5
    assert entry.values["exempt_from"] == dt.date(2020, 1, 1)
    assert entry.values["exempt_reason"] == "Tuổi cao"
    assert entry.values["exempt_to"] is None


def test_merged_cell_names_continue_downwards(committee):
    def merge(sheet):
        sheet.merge_cells("A2:A3")

    plan = plan_of(xlsx([row(card="1"), row("Đinh Văn Mạnh", card="2")], prepare=merge), committee)
    assert plan.ok and plan.counts()["added"] == 2 and len(plan.cells) == 1


def test_ten_thousand_empty_trailing_rows_are_quick(committee):
    def trailing(sheet):
        for number in range(3, 10_003):
            sheet.cell(row=number, column=1, value=" ")
            sheet.cell(row=number, column=9).number_format = "dd/mm/yyyy"

    content = xlsx([row(card="1")], prepare=trailing)
    started = time.perf_counter()
    plan = plan_of(content, committee)
    assert time.perf_counter() - started < 3
    assert plan.ok and plan.rows == 1


def test_nfd_names_are_stored_nfc(committee):
    nfd = unicodedata.normalize("NFD", "Tô Thái Hòa")
    plan = plan_of(
        csv_bytes([row(nfd, card="1", cell=unicodedata.normalize("NFD", "Chi bộ Văn phòng"))]),
        committee,
        "a.csv",
    )
    assert plan.ok
    assert not plan.cells[0].is_new
    assert plan.cells[0].added[0].values["full_name"] == "Tô Thái Hòa"
    assert unicodedata.is_normalized("NFC", plan.cells[0].added[0].values["full_name"])


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [True, False])
def test_csv_utf8_with_or_without_bom_comma_or_semicolon(committee, delimiter, bom):
    content = csv_bytes([row(card="1")], delimiter=delimiter, bom=bom)
    plan = plan_of(content, committee, "a.csv")
    assert plan.ok and plan.cells[0].added[0].values["full_name"] == "Nguyễn Văn An"


def test_headers_in_any_order_any_case_without_accents(committee):
    header = ["ho va ten", "NGÀY VÀO ĐẢNG", "chi bo", "Gioi tinh", "Ghi chú"]
    content = csv_bytes([["Lý Văn Nam", "1/1/2001", "Chi bộ Văn phòng", "nam", "x"]], header=header)
    plan = plan_of(content, committee, "a.csv")
    assert plan.ok
    assert [str(w) for w in plan.warnings] == ["Cột E “Ghi chú” không được nhận ra và sẽ bỏ qua."]


def test_attachment_and_exemption_columns(committee):
    header = HEADER + [
        "Miễn sinh hoạt từ ngày",
        "Miễn sinh hoạt đến ngày",
        "Lý do miễn",
        "Sinh hoạt tạm thời",
        "Nơi sinh hoạt tạm thời",
    ]
    content = xlsx(
        [
            row(card="1") + ["1/1/2020", "", "Tuổi cao", "", ""],
            row("B", card="2") + ["", "", "", "Đi", "Chi bộ Trường Chính trị"],
            row("C", card="3") + ["", "", "", "đến", "Chi bộ xã Kỳ Anh"],
            row("D", card="4") + ["1/1/2020", "1/1/2019", "", "", ""],
            row("E", card="5") + ["", "", "", "", "Hà Nội"],
        ],
        header=header,
    )
    plan = plan_of(content, committee)
    added = {e.full_name: e.values for e in plan.cells[0].added}
    assert added["B"]["attachment"] == Attachment.TEMP_OUT
    assert added["C"]["attachment"] == Attachment.TEMP_IN
    assert added["Nguyễn Văn An"]["exempt_reason"] == "Tuổi cao"
    errors = messages(plan)
    assert (
        "Dòng 5, cột Miễn sinh hoạt đến ngày: ngày hết miễn sinh hoạt trước ngày bắt đầu." in errors
    )
    assert (
        "Dòng 6, cột Sinh hoạt tạm thời: có nơi sinh hoạt tạm thời nhưng chưa ghi “đi” hay “đến”."
        in errors
    )


def test_a_card_number_of_another_cell_is_an_error(committee):
    other = CellFactory(name="Chi bộ Kế hoạch", parent=committee)
    MemberFactory(cell=other, full_name="Võ Văn Phúc", card_number="77")
    plan = plan_of(xlsx([row("Võ Văn Phúc", card="77")]), committee)
    assert any("là của đồng chí Võ Văn Phúc ở Chi bộ Kế hoạch" in e for e in messages(plan))


# --- whole files ------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "Tệp rỗng (0 byte)."),
        (b"%PDF-1.7 binary\x00\x01", "Tệp không phải bảng tính XLSX hay CSV."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "Tệp không phải bảng tính XLSX hay CSV."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "Tệp ở định dạng Excel cũ (.xls)"),
        (
            "Chi bo;Ho va ten\nChi bo A;Trần Văn Bình\n".encode("cp1258", "replace"),
            "Tệp CSV không ở mã UTF-8",
        ),
        (b"just some words\nand more\n", "Không tìm thấy dòng tiêu đề"),
        (b"   \n\n", "Tệp không có dữ liệu."),
    ],
)
def test_files_that_are_not_rosters(committee, content, message):
    with pytest.raises(FileProblem) as problem:
        plan_of(content, committee, "x.csv")
    assert message in problem.value.message


def test_a_zip_that_is_not_a_workbook(committee):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(FileProblem, match="không phải bảng tính XLSX"):
        plan_of(buffer.getvalue(), committee)


def test_a_damaged_workbook(committee):
    content = xlsx([row(card="1")])
    damaged = content[: len(content) // 2]
    with pytest.raises(FileProblem):
        plan_of(damaged, committee)


def test_an_empty_workbook(committee):
    with pytest.raises(FileProblem, match="trống"):
        plan_of(xlsx([], header=None), committee)


def test_a_header_without_rows(committee):
    with pytest.raises(FileProblem, match="chỉ có dòng tiêu đề"):
        plan_of(xlsx([]), committee)


def test_missing_required_columns(committee):
    content = csv_bytes([["Nguyễn Văn An", "Nam"]], header=["Họ và tên", "Giới tính"])
    with pytest.raises(FileProblem) as problem:
        plan_of(content, committee, "a.csv")
    assert problem.value.message == "Tệp thiếu cột: “Chi bộ”, “Ngày vào Đảng”. Hãy dùng tệp mẫu."


def test_too_big(committee):
    content = b"Chi bo,Ho va ten\n" + b"x" * MAX_BYTES
    with pytest.raises(FileProblem, match="lớn hơn 5 MB"):
        plan_of(content, committee, "a.csv")


def test_too_many_rows(committee):
    content = csv_bytes([row(f"Người {i}", card=str(i)) for i in range(20_001)])
    with pytest.raises(FileProblem, match=r"hơn 20\.000 dòng"):
        plan_of(content, committee, "a.csv")
