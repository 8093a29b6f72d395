"""In Chromium: the reviewer imports a roster from the template; the secretary's meeting agrees.

The reviewer downloads the template, fills it (here, with openpyxl) with six
members of a new cell and one impossible date, uploads it, sees exactly that
error in the preview, uploads the corrected file and imports it. A secretary
of the new cell then starts a meeting and the attendance figures on the
editor are the file's: six members, one exempt, one away, one probationary.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from members.models import Member, Organization, RegisterImport, Role
from tests.browser import log_in
from tests.factories import PASSWORD, CommitteeFactory, UserFactory, grant
from tests.recording.conftest import ensure_reference_data

CELL = "Chi bộ Kiểm tra"
# (name, gender, birth, card, admitted, official, position, exempt from, reason, away, place)
PEOPLE = [
    ("Tô Thái Hòa", "Nam", "12/3/1975", "3301", "21/6/2000", "21/6/2001", "Bí thư", "", "", "", ""),
    ("Nguyễn Thị Minh Nguyệt", "Nữ", "5/9/1985", "3302", "3/2/2010", "3/2/2011", "Phó bí thư", "", "", "", ""),
    ("Phan Đình Tuấn", "Nam", "20/11/1990", "3303", "31/02/2019", "", "Đảng viên", "", "", "", ""),
    ("Lê Văn Cường", "Nam", "1/1/1950", "3304", "19/5/1975", "19/5/1976", "Đảng viên", "1/1/2020", "Tuổi cao", "", ""),
    ("Hồ Thị Lan", "Nữ", "14/7/1992", "3305", "2/9/2018", "2/9/2019", "Đảng viên", "", "", "đi", "Trường Chính trị tỉnh"),
    ("Đặng Văn Sơn", "Nam", "8/8/1988", "3306", "6/1/2015", "6/1/2016", "Chi ủy viên", "", "", "", ""),
]  # fmt: skip
FIELDS = [
    "Họ và tên", "Giới tính", "Ngày sinh", "Số thẻ đảng viên", "Ngày vào Đảng",
    "Ngày chính thức", "Chức vụ trong chi bộ", "Miễn sinh hoạt từ ngày", "Lý do miễn",
    "Sinh hoạt tạm thời", "Nơi sinh hoạt tạm thời",
]  # fmt: skip


def fill(template, target, people) -> None:
    """Write `people` into the downloaded template, below its header, replacing the example."""
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    sheet.delete_rows(2, sheet.max_row)
    for person in people:
        values = dict(zip(FIELDS, person, strict=True)) | {"Chi bộ": CELL}
        sheet.append([values.get(title, "") for title in header])
    workbook.save(target)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_from_the_template_then_a_meeting_counts_the_file(
    page, live_server, artifacts_dir, tmp_path
):
    ensure_reference_data()
    committee = CommitteeFactory(name="Đảng bộ Cơ quan Sở Nội vụ")
    reviewer = UserFactory(username="import-reviewer", first_name="Quý", last_name="Nguyễn Văn")
    grant(reviewer, committee, Role.REVIEWER)
    secretary = UserFactory(username="import-secretary")
    page.set_viewport_size({"width": 1280, "height": 1000})
    log_in(page, live_server, reviewer.username, PASSWORD)

    page.goto(f"{live_server.url}/register/import/")
    with page.expect_download() as download:
        page.click("#download-template")
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)

    # Not a spreadsheet: the message comes back in place, nothing is stored.
    picture = tmp_path / "anh.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page.set_input_files("#id_file", str(picture))
    page.click("main button:has-text('Tải lên và kiểm tra')")
    expect(page.locator("main")).to_contain_text("Tệp không phải bảng tính XLSX hay CSV.")
    assert not RegisterImport.objects.exists()

    # One impossible date in the third member's row (file row 4).
    bad = tmp_path / "danh-sach.xlsx"
    fill(template, bad, PEOPLE)
    page.select_option("#id_committee", label=committee.name)
    page.set_input_files("#id_file", str(bad))
    page.click("main button:has-text('Tải lên và kiểm tra')")
    page.wait_for_url(re.compile(r"/register/import/\d+/$"))
    errors = page.locator("#import-errors li")
    expect(errors).to_have_count(1)
    expect(errors).to_have_text("Dòng 4, cột Ngày vào Đảng: '31/02/2019' không phải là ngày.")
    expect(page.locator("#import-confirm-form")).to_have_count(0)
    expect(page.locator("#import-new-cells")).to_contain_text(CELL)
    page.screenshot(path=str(artifacts_dir / "register-import-preview.png"), full_page=True)
    assert not Member.objects.exists()

    # Fixed: the member was admitted a hundred days ago and is still probationary.
    page.click("text=Tải lên tệp đã sửa")
    fixed_people = [list(p) for p in PEOPLE]
    fixed_people[2][4] = (dt.date.today() - dt.timedelta(days=100)).strftime("%d/%m/%Y")
    fixed = tmp_path / "danh-sach-da-sua.xlsx"
    fill(template, fixed, [tuple(p) for p in fixed_people])
    expect(page.locator("#id_committee option:checked")).to_have_text(committee.name)
    page.set_input_files("#id_file", str(fixed))
    page.click("main button:has-text('Tải lên và kiểm tra')")
    page.wait_for_url(re.compile(r"/register/import/\d+/$"))
    expect(page.locator("#import-errors")).to_have_count(0)
    expect(page.locator("#import-counts")).to_contain_text("Thêm mới: 6")
    page.check("#id_confirm_new_cells")
    page.click("main button:has-text('Xác nhận nhập vào sổ đảng viên')")
    expect(page.locator(".messages")).to_contain_text(
        "Đã nhập: thêm 6, cập nhật 0, không đổi 0 đảng viên; tạo 1 chi bộ mới."
    )
    expect(page.locator("#import-rosters")).to_contain_text(CELL)
    cell = Organization.objects.get(name=CELL)
    assert cell.parent_id == committee.pk
    assert Member.objects.filter(cell=cell).count() == 6

    # The secretary of the new cell starts a meeting: the figures are the file's.
    grant(secretary, cell, Role.RECORDER)
    page.click("button:has-text('Đăng xuất')")
    log_in(page, live_server, secretary.username, PASSWORD)
    page.goto(f"{live_server.url}/meetings/new/?cell={cell.pk}&kind=regular")
    page.fill("#id_place", "Phòng họp Sở Nội vụ")
    page.fill("#id_start_time", "08:00")
    page.click("main button:has-text('Tạo biên bản và bắt đầu ghi')")
    page.wait_for_url(re.compile(r"/meetings/\d+/edit/$"))
    figures = page.locator("#attendance-figures")
    # Nobody is presumed present: four expected, none marked yet, until one click.
    expect(figures).to_contain_text("Có mặt 0/4")
    expect(figures).to_contain_text("Chưa điểm danh: 4")
    page.click("button:has-text('Đánh dấu tất cả có mặt')")
    expect(figures).to_contain_text("Có mặt 4/4")
    expect(figures).to_contain_text(
        "Tổng số đảng viên: 6 (chính thức 5, dự bị 1); miễn sinh hoạt: 1; "
        "sinh hoạt tạm thời nơi khác: 1"
    )
