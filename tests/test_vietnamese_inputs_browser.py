"""In Chromium with an English browser: dates, times and file pickers still speak Vietnamese.

`<input type=date>` in an en-US browser shows 12/04/2026 (month first) and the
file input says "Choose File / No file chosen". The app's own fields are text
boxes written 21/6/2022 and 19:30 (minutes.datetime_fields), and the file
picker's button and file name are the app's (templates/widgets/file_picker.html).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from members.models import Organization
from minutes.models import Meeting, SignedDocument
from tests.browser import log_in, serious_axe_violations
from tests.recording.conftest import ensure_reference_data

CELL = "Chi bộ Quản lý đô thị"
D_M_Y = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")


@pytest.fixture
def english_browser(browser):
    context = browser.new_context(locale="en-US", timezone_id="America/New_York")
    yield context
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_english_browser_types_vietnamese_dates_and_picks_files_in_vietnamese(
    english_browser, live_server, artifacts_dir
):
    ensure_reference_data()
    call_command("load_demo", force=True, verbosity=0)
    page = english_browser.new_page()
    assert page.evaluate("navigator.language") == "en-US"

    # The meeting start form: the date is d/m/Y text, typed the Vietnamese way.
    log_in(page, live_server, "secretary")
    cell = Organization.objects.get(name=CELL)
    page.goto(f"{live_server.url}{reverse('recording_start')}?cell={cell.pk}&kind=regular")
    date, start = page.locator("#id_date"), page.locator("#id_start_time")
    expect(date).to_have_attribute("type", "text")
    expect(date).to_have_attribute("placeholder", "ngày/tháng/năm")
    expect(date).to_have_value(D_M_Y)
    date.fill("21/6/2022")
    start.fill("19:30")
    page.fill("#id_topic", "Ngày giờ kiểu Việt Nam")
    page.click("main button:has-text('Tạo biên bản và bắt đầu ghi')")
    page.wait_for_url(re.compile(r"/meetings/\d+/edit/$"))
    meeting = Meeting.objects.get(cell=cell, topic="Ngày giờ kiểu Việt Nam")
    assert (meeting.date, meeting.start_time) == (dt.date(2022, 6, 21), dt.time(19, 30))
    expect(page.locator("#id_details-date")).to_have_value("21/6/2022")
    expect(page.locator("#id_details-start_time")).to_have_value("19:30")
    page.screenshot(path=str(artifacts_dir / "date-fields-en-us-editor.png"))

    # The statistics page: the period is d/m/Y text; typed dates are read and kept.
    page.context.clear_cookies()
    log_in(page, live_server, "reviewer")
    page.goto(live_server.url + reverse("statistics"))
    expect(page.locator("#id_start")).to_have_value(D_M_Y)
    page.fill("#id_start", "1/1/2022")
    page.fill("#id_end", "21/6/2022")
    page.click("main button:has-text('Xem')")
    expect(page.get_by_test_id("period")).to_contain_text("Từ ngày 01/01/2022 đến ngày 21/06/2022")
    expect(page.locator("#id_end")).to_have_value("21/6/2022")
    assert "end=21%2F6%2F2022" in page.url
    page.screenshot(path=str(artifacts_dir / "date-fields-en-us-statistics.png"))

    # The verify page's file picker: "Chọn tệp…", then the chosen file's name.
    record = SignedDocument.objects.order_by("pk").first()
    page.goto(live_server.url + reverse("document_verify", args=[record.public_code]))
    button = page.locator("label.file-picker-button")
    chosen = page.locator("#id_file-chosen")
    expect(button).to_have_text("Chọn tệp…")
    expect(button).to_be_visible()
    expect(chosen).to_have_text("Chưa chọn tệp nào")
    native = page.locator("#id_file")
    box = native.bounding_box()
    assert box is None or (box["width"] <= 1 and box["height"] <= 1)  # there, but not seen
    # The native input keeps the keyboard, and its focus ring shows on the button.
    native.focus()
    assert page.evaluate("document.activeElement.id") == "id_file"
    assert button.evaluate("el => getComputedStyle(el).outlineStyle") != "none"
    assert serious_axe_violations(page, live_server) == []
    path = Path(record.file.path)
    native.set_input_files(str(path))
    expect(chosen).to_have_text(path.name)
    page.screenshot(path=str(artifacts_dir / "file-picker-en-us.png"))
    page.click("main button:has-text('Kiểm tra tệp')")
    expect(page.locator("#verify-result")).to_contain_text("Khớp với hồ sơ.")
