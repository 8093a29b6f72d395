"""In Chromium: the secretary records a whole meeting; a failed save loses nothing; axe passes.

Run from the demonstration data (`load_demo`), as the demonstration
`secretary`, against the live server. Screenshots go to artifacts/.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from minutes.models import Meeting, MinutesStatus, ParticipantRole
from tests.recording.conftest import ensure_reference_data

PASSWORD = "bienban-demo"
CELL = "Chi bộ Quản lý đô thị"

GUESTS = [
    ("Nguyễn Văn Quý", "Bí thư Đảng ủy cơ quan", "Đảng ủy cơ quan HĐND - UBND Thành phố"),
    ("Lê Quang Đức", "Thủ trưởng cơ quan", "Cơ quan HĐND - UBND Thành phố"),
    ("Nguyễn Duy Đức", "Phó Bí thư Đảng ủy cơ quan", "Đảng ủy cơ quan HĐND - UBND Thành phố"),
]
# (typed without diacritics, the person meant, the gist)
TURNS = [
    ("thai hoa", "Tô Thái Hòa", "Đánh giá chung kết quả tháng 6: hoàn thành các chỉ tiêu chính."),
    ("minh nguyet", "Nguyễn Thị Minh Nguyệt", "Đề nghị bổ sung số liệu cấp phép xây dựng."),
    ("dinh tuan", "Phan Đình Tuấn", "Công tác kiểm tra trật tự xây dựng cần sát hơn."),
    ("van quy", "Nguyễn Văn Quý", "Ghi nhận sự chuẩn bị của chi bộ, đề nghị rút kinh nghiệm."),
    ("thu trang", "Nguyễn Thị Thu Trang", "Nhất trí với dự thảo nghị quyết tháng 7."),
]
DIRECTIVES = [
    "Tiếp tục nâng cao chất lượng sinh hoạt chi bộ.",
    "Tập trung giải quyết hồ sơ tồn đọng.",
    "Chuẩn bị tốt sơ kết 6 tháng đầu năm.",
]


def log_in(page, live_server, username: str = "secretary") -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def serious_axe_violations(page, live_server) -> list[str]:
    # Colours are measured once Bootstrap's transitions have finished.
    page.wait_for_function("() => document.getAnimations().length === 0")
    page.add_script_tag(url=f"{live_server.url}/static/vendor/axe-core/axe.min.js")
    result = page.evaluate("async () => await axe.run()")
    return [
        f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:5])})"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def wait_for_htmx(page) -> None:
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def choose_person(page, input_selector: str, typed: str, expected: str) -> None:
    """Type part of a name, pick the suggestion with the keyboard."""
    field = page.locator(input_selector)
    field.click()
    field.press_sequentially(typed, delay=20)
    listbox = page.locator(f"#{field.get_attribute('id')}-listbox")
    expect(listbox.locator("[role=option]").first).to_contain_text(expected)
    field.press("Enter")
    expect(field).to_have_value(expected)


def add_and_wait(page, form_id: str, list_id: str) -> None:
    before = page.locator(f"#{list_id} > li").count()
    page.locator(f"#{form_id} button[type=submit]").click()
    expect(page.locator(f"#{list_id} > li")).to_have_count(before + 1)
    wait_for_htmx(page)


@pytest.fixture
def demo(transactional_db):
    ensure_reference_data()
    call_command("load_demo", force=True, verbosity=0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_secretary_records_a_whole_meeting(demo, page, live_server, artifacts_dir):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server)

    # Start a meeting from the home page: cell and kind, then the form prefilled from last time.
    page.click("text=Bắt đầu cuộc họp")
    page.select_option("#start-cell", label=CELL)
    page.check("#start-kind-regular")
    page.click("main button:has-text('Tiếp tục')")
    expect(page.locator("#id_place")).to_have_value(re.compile("Phòng họp Phòng Quản lý đô thị"))
    expect(page.locator("#id_chair_member option:checked")).to_have_text("Tô Thái Hòa")
    page.fill("#id_date", "2022-07-12")
    page.fill("#id_start_time", "19:30")
    page.fill("#id_topic", "Đánh giá 6 tháng đầu năm 2022")
    page.fill("#id_agenda", "Đánh giá kết quả tháng 6/2022\nPhương hướng, nhiệm vụ tháng 7/2022")
    page.click("main button:has-text('Tạo biên bản và bắt đầu ghi')")
    page.wait_for_url(re.compile(r"/meetings/\d+/edit/$"))
    meeting = Meeting.objects.get(cell__name=CELL, date="2022-07-12")
    assert meeting.status == MinutesStatus.DRAFT

    # Attendance: everyone present, then one absent with a reason, one without.
    figures = page.locator("#attendance-figures")
    with page.expect_response(lambda r: r.url.endswith("/attendance/all-present/")):
        page.click("text=Đánh dấu tất cả có mặt")
    expect(figures).to_contain_text("Có mặt 15/15")
    rows = meeting.participants.filter(role=ParticipantRole.MEMBER).order_by("order")
    excused, unexcused = rows[5], rows[9]
    page.click(f"label[for=status-{excused.pk}-absent_excused]")
    expect(page.locator(f"#att-msg-{excused.pk}")).to_contain_text("Ghi lý do vắng")
    expect(page.locator(f"#reason-{excused.pk}")).to_be_focused()
    page.keyboard.type("Đi công tác Hà Nội")
    page.keyboard.press("Tab")
    expect(page.locator(f"#att-msg-{excused.pk}")).to_have_text("Đã lưu.")
    page.click(f"label[for=status-{unexcused.pk}-absent_unexcused]")
    expect(figures).to_contain_text("Có mặt 13/15")
    expect(figures).to_contain_text(f"{excused.full_name} (Đi công tác Hà Nội)")
    expect(figures).to_contain_text(f"không có lý do: {unexcused.full_name}")

    # Guests.
    for name, title, organization in GUESTS:
        page.fill("#id_guest-new-full_name", name)
        page.fill("#id_guest-new-title", title)
        page.fill("#id_guest-new-organization", organization)
        add_and_wait(page, "form-guest-new", "list-guest")
    expect(page.locator("#count-guest")).to_have_text("3")

    # Chair and secretary (autosaved as soon as they change).
    meeting.refresh_from_db()
    assert meeting.chair.full_name == "Tô Thái Hòa"  # as at the last regular meeting
    previous = meeting.secretary.full_name if meeting.secretary else ""
    secretary = "Phan Đình Tuấn" if previous == "Nguyễn Thị Thu Trang" else "Nguyễn Thị Thu Trang"
    page.select_option("#id_roles-secretary", label=secretary)
    expect(page.locator("#msg-roles")).to_contain_text("Đã lưu lúc")

    # Speaking turns, by keyboard: part of the name without diacritics, Enter, the gist, Ctrl+Enter.
    for typed, person, gist in TURNS:
        choose_person(page, "#id_turn-new-speaker", typed, person)
        page.keyboard.press("Tab")
        page.keyboard.type(gist)
        before = page.locator("#list-turn > li").count()
        page.keyboard.press("Control+Enter")
        expect(page.locator("#list-turn > li")).to_have_count(before + 1)
        expect(page.locator("#id_turn-new-speaker")).to_be_focused()
    # The order can be changed: the last turn goes up one place.
    last = page.locator("#list-turn > li").last
    last.locator(".rec-move-up").click()
    expect(page.locator("#list-turn > li").nth(3)).to_contain_text(TURNS[4][2])
    wait_for_htmx(page)
    turns_in_order = [*TURNS[:3], TURNS[4], TURNS[3]]

    # Two shortcomings tagged from the catalogues: by words without diacritics, by code.
    page.select_option("#id_shortcoming-new-subject", value="cell")
    page.fill("#id_shortcoming-new-text", "Việc học tập nghị quyết chưa sâu.")
    tags = page.locator("#id_shortcoming-new-tags")
    tags.click()
    tags.press_sequentially("luoi hoc tap", delay=20)
    expect(page.locator("#id_shortcoming-new-tags-listbox [role=option]").first).to_contain_text(
        "SD-TT-3"
    )
    tags.press("Enter")
    expect(tags).to_have_value("SD-TT-3, ")
    page.fill("#id_shortcoming-new-causes", "Chủ quan: chưa bố trí thời gian.")
    page.fill("#id_shortcoming-new-action_text", "Tổ chức học tập chuyên đề hằng quý.")
    page.fill("#id_shortcoming-new-action_owner", "Chi ủy")
    page.fill("#id_shortcoming-new-action_deadline", "2022-09-30")
    add_and_wait(page, "form-shortcoming-new", "list-shortcoming")
    page.select_option("#id_shortcoming-new-subject", value="member")
    choose_person(page, "#id_shortcoming-new-subject_participant", "dinh tuan", "Phan Đình Tuấn")
    page.fill("#id_shortcoming-new-text", "Có lúc chưa gương mẫu chấp hành kỷ luật phát ngôn.")
    page.fill("#id_shortcoming-new-tags", "QD37-01")
    add_and_wait(page, "form-shortcoming-new", "list-shortcoming")
    shortcomings = page.locator("#list-shortcoming")
    expect(shortcomings).to_contain_text("SD-TT-3")
    expect(shortcomings).to_contain_text("QD37-01")
    expect(shortcomings).to_contain_text("giao Chi ủy, hạn 30/09/2022")

    # Three directive points, numbered as they come.
    for text in DIRECTIVES:
        choose_person(page, "#id_directive-new-given_by", "van quy", "Nguyễn Văn Quý")
        page.fill("#id_directive-new-text", text)
        add_and_wait(page, "form-directive-new", "list-directive")
    expect(page.locator("#list-directive")).to_contain_text("Ba là,")

    # A decision with its votes: the outcome shows while typing, then with the item.
    page.fill("#id_decision-new-text", "Thông qua nghị quyết tháng 7/2022")
    page.fill("#id_decision-new-votes_for", "16")
    expect(page.locator("#outcome-decision-new")).to_contain_text(
        "nhiều hơn số đảng viên chính thức có mặt (13)"
    )
    page.fill("#id_decision-new-votes_for", "13")
    page.fill("#id_decision-new-votes_against", "0")
    page.fill("#id_decision-new-votes_other", "0")
    expect(page.locator("#outcome-decision-new")).to_contain_text("Được thông qua")
    add_and_wait(page, "form-decision-new", "list-decision")
    expect(page.locator("#list-decision")).to_contain_text(
        "13/15 đồng chí tán thành; cần hơn một nửa số đảng viên chính thức."
    )

    # The chair's conclusion, the end, the minutes read back and adopted.
    page.fill("#id_closing-conclusion", "Chi bộ thống nhất các nhiệm vụ tháng 7/2022.")
    page.fill("#id_closing-end_time", "21:45")
    page.check("#id_closing-minutes_read_back")
    page.fill("#id_closing-closing_votes_for", "13")
    page.fill("#id_closing-closing_votes_against", "0")
    page.fill("#id_closing-closing_votes_other", "0")
    page.locator("#form-closing button[type=submit]").click()
    expect(page.locator("#msg-closing")).to_contain_text("Đã lưu lúc")
    wait_for_htmx(page)
    page.screenshot(path=artifacts_dir / "recording-editor.png", full_page=True)

    # Everything reached the database.
    meeting.refresh_from_db()
    assert meeting.end_time.strftime("%H:%M") == "21:45"
    assert meeting.closing_votes_for == 13
    assert meeting.secretary.full_name == secretary
    assert meeting.speaking_turns.count() == 5
    assert meeting.participants.filter(role=ParticipantRole.GUEST).count() == 3

    # The preview: the official layout, in order, with the right figures.
    page.click("text=Xem trước và kiểm tra >> nth=0")
    page.wait_for_url(re.compile(r"/preview/$"))
    document = page.locator(".minutes-document")
    expect(document.locator(".draft-mark")).to_have_text("DỰ THẢO")
    text = document.inner_text()
    assert "Sinh hoạt chi bộ thường kỳ tháng 7/2022: Đánh giá 6 tháng đầu năm 2022" in text
    assert "Có mặt: 13/15 đồng chí (chính thức 13, dự bị 0)." in text
    assert f"có lý do: {excused.full_name} (Đi công tác Hà Nội)" in text
    assert f"không có lý do: {unexcused.full_name}" in text
    for name, title, organization in GUESTS:
        assert f"đồng chí {name} – {title}, {organization}" in text
    positions = [text.index(f"Đồng chí {person}: {gist}") for _t, person, gist in turns_in_order]
    assert positions == sorted(positions)
    assert text.index("Một là,") < text.index("Hai là,") < text.index("Ba là,")
    for ordinal, directive in zip(("Một là,", "Hai là,", "Ba là,"), DIRECTIVES, strict=True):
        assert f"{ordinal} {directive}" in text
    assert "(đối chiếu: SD-TT-3)" in text and "(đối chiếu: QD37-01)" in text
    assert "13/15 đồng chí tán thành" in text and "Kết quả: thông qua" in text
    assert "Biên bản đã được thông qua trước chi bộ, 13/13 đồng chí dự họp nhất trí." in text
    assert "Buổi sinh hoạt kết thúc lúc 21 giờ 45 phút cùng ngày." in text
    assert "0 lỗi phải sửa" in page.locator(".rec-problems").inner_text()
    page.screenshot(path=artifacts_dir / "recording-preview.png", full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-javascript"])
def test_a_failed_save_keeps_what_was_typed(demo, browser, live_server, artifacts_dir, javascript):
    context = browser.new_context(
        java_script_enabled=javascript, locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    log_in(page, live_server)
    seed = Meeting.objects.get(cell__name=CELL, date="2022-06-21")
    page.goto(f"{live_server.url}/meetings/{seed.pk}/edit/")
    gist = "Một ý kiến dài đã gõ trong lúc họp, không được mất. <b>Không phải thẻ HTML</b>"

    page.fill("#id_turn-new-speaker", "Người Không Dự Họp")
    page.fill("#id_turn-new-gist", gist)
    page.locator("#form-turn-new button[type=submit]").click()
    if javascript:
        wait_for_htmx(page)
    error = page.locator("#id_turn-new-speaker-error")
    expect(error).to_contain_text("Không có ai tên “Người Không Dự Họp”")
    expect(page.locator("#id_turn-new-speaker")).to_have_value("Người Không Dự Họp")
    expect(page.locator("#id_turn-new-gist")).to_have_value(gist)
    assert seed.speaking_turns.count() == 19

    # Fix the name and save: now it is added, text as typed (and shown as text).
    page.fill("#id_turn-new-speaker", "Tô Thái Hòa")
    page.locator("#form-turn-new button[type=submit]").click()
    if javascript:
        expect(page.locator("#list-turn > li")).to_have_count(20)
    else:
        page.wait_for_url(re.compile(r"#turn-\d+$"))
    assert seed.speaking_turns.filter(gist=gist).exists()
    expect(page.locator("#list-turn")).to_contain_text("<b>Không phải thẻ HTML</b>")

    # A closing vote larger than the people present is refused beside the field.
    page.fill("#id_closing-closing_votes_for", "99")
    page.fill("#id_closing-conclusion", "Kết luận mới đang gõ.")
    page.locator("#form-closing button[type=submit]").click()
    if javascript:
        wait_for_htmx(page)
    expect(page.locator("#id_closing-closing_votes_for-error")).to_contain_text(
        "nhiều hơn số người có mặt (15)"
    )
    expect(page.locator("#id_closing-closing_votes_for")).to_have_value("99")
    expect(page.locator("#id_closing-conclusion")).to_have_value("Kết luận mới đang gõ.")
    seed.refresh_from_db()
    assert seed.closing_votes_for == 15
    page.screenshot(
        path=artifacts_dir / f"recording-failed-save-{'js' if javascript else 'nojs'}.png"
    )
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_no_serious_accessibility_violations(demo, page, live_server):
    log_in(page, live_server)
    seed = Meeting.objects.get(cell__name=CELL, date="2022-06-21")
    for path in ("/", f"/meetings/{seed.pk}/edit/", f"/meetings/{seed.pk}/preview/"):
        page.goto(f"{live_server.url}{path}")
        assert serious_axe_violations(page, live_server) == [], path
    # An item opened for editing, and a delete confirmation, too.
    page.goto(f"{live_server.url}/meetings/{seed.pk}/edit/")
    first = page.locator("#list-turn > li").first
    first.locator("a", has_text="Sửa").click()
    expect(first.locator("input[data-person-picker]")).to_be_focused()
    second = page.locator("#list-turn > li").nth(1)
    second.locator("a", has_text="Xóa").click()
    expect(second.locator("button", has_text="Xóa hẳn")).to_be_focused()
    assert serious_axe_violations(page, live_server) == [], "editing"
