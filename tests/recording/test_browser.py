"""In Chromium: the secretary records a whole meeting; a failed save loses nothing; axe passes.

Run from the demonstration data (`load_demo`), as the demonstration
`secretary`, against the live server. Screenshots go to artifacts/.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from minutes.models import Meeting, MinutesStatus, ParticipantRole
from tests.browser import log_in, serious_axe_violations

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
    """Leave the add form (a click on the page's heading): the item is added by itself."""
    before = page.locator(f"#{list_id} > li").count()
    page.locator("h1").first.click()
    expect(page.locator(f"#{list_id} > li")).to_have_count(before + 1)
    wait_for_htmx(page)


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
    # Last time's place is a suggestion beside an empty field: this meeting's place is typed.
    expect(page.locator("#id_place")).to_have_value("")
    expect(page.locator("#id_place-help")).to_contain_text(
        "Lần trước họp tại: Phòng họp Phòng Quản lý đô thị"
    )
    expect(page.locator("#id_chair_member option:checked")).to_have_text("Tô Thái Hòa")
    page.fill("#id_date", "2022-07-12")
    page.fill("#id_start_time", "19:30")
    page.fill("#id_place", "Phòng họp Phòng Quản lý đô thị")
    page.fill("#id_topic", "Đánh giá 6 tháng đầu năm 2022")
    page.fill("#id_agenda", "Đánh giá kết quả tháng 6/2022\nPhương hướng, nhiệm vụ tháng 7/2022")
    page.click("main button:has-text('Tạo biên bản và bắt đầu ghi')")
    page.wait_for_url(re.compile(r"/meetings/\d+/edit/$"))
    meeting = Meeting.objects.get(cell__name=CELL, date="2022-07-12")
    assert meeting.status == MinutesStatus.DRAFT

    # Attendance: nobody presumed present; everyone marked present in one click,
    # then one absent with a reason, one without.
    figures = page.locator("#attendance-figures")
    expect(figures).to_contain_text("Có mặt 0/15")
    expect(figures).to_contain_text("Chưa điểm danh: 15")
    with page.expect_response(lambda r: r.url.endswith("/attendance/all-present/")):
        page.click("text=Đánh dấu tất cả có mặt")
    expect(figures).to_contain_text("Có mặt 15/15")
    rows = meeting.participants.filter(role=ParticipantRole.MEMBER).order_by("order")
    excused, unexcused = rows[5], rows[9]
    page.select_option(f"#status-{excused.pk}", "absent_excused")
    expect(page.locator(f"#att-msg-{excused.pk}")).to_contain_text("Ghi lý do vắng")
    expect(page.locator(f"#reason-{excused.pk}")).to_be_focused()
    page.keyboard.type("Đi công tác Hà Nội")
    page.keyboard.press("Tab")
    expect(page.locator(f"#att-msg-{excused.pk}")).to_have_text(
        re.compile(r"Đã lưu lúc \d\d:\d\d\.")
    )
    page.select_option(f"#status-{unexcused.pk}", "absent_unexcused")
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
    page.keyboard.press("Tab")  # leaving the field saves the form
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
    if javascript:  # no button: Ctrl+Enter (or leaving the form) adds
        page.locator("#id_turn-new-gist").press("Control+Enter")
        wait_for_htmx(page)
    else:
        page.locator("#form-turn-new button[type=submit]").click()
    error = page.locator("#id_turn-new-speaker-error")
    expect(error).to_contain_text("Không có ai tên “Người Không Dự Họp”")
    expect(page.locator("#id_turn-new-speaker")).to_have_value("Người Không Dự Họp")
    expect(page.locator("#id_turn-new-gist")).to_have_value(gist)
    assert seed.speaking_turns.count() == 19

    # Fix the name and save: now it is added, text as typed (and shown as text).
    page.fill("#id_turn-new-speaker", "Tô Thái Hòa")
    if javascript:
        page.locator("#id_turn-new-gist").press("Control+Enter")
    else:
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
    if javascript:
        page.keyboard.press("Tab")  # leaving the field saves the form
        wait_for_htmx(page)
    else:
        page.locator("#form-closing button[type=submit]").click()
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


# --- saving as you go (issue 14): a short meeting, no save button, on a wide screen and a phone

SHORT = {
    "reason": "Đi công tác Đà Nẵng",
    "turns": [
        ("thai hoa", "Tô Thái Hòa", "Đánh giá chung: hoàn thành các chỉ tiêu tháng 7."),
        ("minh nguyet", "Nguyễn Thị Minh Nguyệt", "Đề nghị bổ sung số liệu cấp phép."),
    ],
    "shortcoming": "Việc nắm tình hình địa bàn còn chậm.",
    "directive": "Tăng cường kiểm tra trật tự xây dựng.",
    "decision": "Thông qua phương hướng tháng 8/2022",
    "conclusion": "Chi bộ thống nhất các nhiệm vụ tháng 8/2022.",
}


def new_meeting():
    """A meeting just started (what "Bắt đầu cuộc họp" creates): the roster of the day, nothing else."""
    import datetime as dt

    from members.models import Organization
    from minutes.services.meetings import create_meeting

    cell = Organization.objects.get(name=CELL)
    return create_meeting(
        cell=cell,
        kind="regular",
        date=dt.date(2022, 8, 9),
        start_time=dt.time(19, 30),
        place="Phòng họp Phòng Quản lý đô thị",
        topic="Sinh hoạt thường kỳ tháng 8/2022",
        agenda=["Đánh giá kết quả tháng 7/2022"],
    )


def wait_saved(page) -> None:
    """Every save has been answered (no request under way, no autosave waiting)."""
    wait_for_htmx(page)
    page.wait_for_timeout(50)
    wait_for_htmx(page)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def small_targets(page) -> list[str]:
    """Visible controls of the editor smaller than 44 × 44 px (a finger's width)."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(
            '#editor-root button, #editor-root a.btn, #editor-root select, #editor-root input:not([type=hidden]), #editor-root textarea, #editor-root summary'
        )).filter(e => e.offsetParent !== null && !e.closest('.rec-toc'))
          .filter(e => { const r = e.getBoundingClientRect(); return r.height < 44 || (r.width < 44 && e.type !== 'checkbox'); })
          .filter(e => !(e.type === 'checkbox' && e.getBoundingClientRect().height >= 24))
          .map(e => e.outerHTML.slice(0, 80))"""
    )


def check_everything_is_there(page, meeting, excused, turns=SHORT["turns"]) -> None:
    """After a reload: what was recorded is in the page and in the database."""
    page.reload()
    expect(page.locator("#count-attendance")).to_have_text("14/15")
    expect(page.locator(f"#reason-{excused.pk}")).to_have_value(SHORT["reason"])
    expect(page.locator("#list-turn > li")).to_have_count(2)
    for _typed, person, gist in turns:
        expect(page.locator("#list-turn")).to_contain_text(f"{person}: {gist}")
    expect(page.locator("#list-shortcoming")).to_contain_text(SHORT["shortcoming"])
    expect(page.locator("#list-directive")).to_contain_text(f"Một là, {SHORT['directive']}")
    expect(page.locator("#list-decision")).to_contain_text("Được thông qua")
    expect(page.locator("#id_closing-conclusion")).to_have_value(SHORT["conclusion"])
    expect(page.locator("#id_closing-minutes_read_back")).to_be_checked()
    expect(page.locator("#id_closing-closing_votes_for")).to_have_value("14")
    meeting.refresh_from_db()
    assert meeting.conclusion == SHORT["conclusion"]
    assert meeting.minutes_read_back and meeting.closing_votes_for == 14
    assert [t.gist for t in meeting.speaking_turns.all()] == [g for _t, _p, g in turns]
    assert meeting.shortcomings.get().text == SHORT["shortcoming"]
    assert meeting.directive_points.get().text == SHORT["directive"]
    assert meeting.decisions.get().votes_for == 14


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_short_meeting_by_keyboard_on_a_wide_screen_without_a_save_button(
    demo, browser, live_server, artifacts_dir
):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    log_in(page, live_server)
    meeting = new_meeting()
    documents = []
    page.on(
        "request",
        lambda r: documents.append(r.method) if r.url.endswith("/preview/document/") else None,
    )
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/edit/")
    live = page.locator("#live-document")
    expect(live.locator(".minutes-document")).to_be_visible()  # the document beside the editor
    for button in ("Lưu", "Thêm", "Thêm lượt phát biểu", "Lưu điểm danh"):
        expect(page.get_by_role("button", name=button, exact=True)).to_have_count(0)

    # Attendance: everyone present, then one absent with a reason (the select's own keys).
    page.locator("button", has_text="Đánh dấu tất cả có mặt").focus()
    with page.expect_response(lambda r: r.url.endswith("/attendance/all-present/")):
        page.keyboard.press("Enter")
    wait_saved(page)
    expect(page.locator("#count-attendance")).to_have_text("15/15")
    rows = meeting.participants.filter(role=ParticipantRole.MEMBER).order_by("order")
    excused = rows[4]
    page.locator(f"#status-{excused.pk}").focus()
    page.keyboard.press("ArrowDown")  # Có mặt → Vắng có lý do
    expect(page.locator(f"#reason-{excused.pk}")).to_be_focused()
    expect(page.locator(f"#att-msg-{excused.pk}")).to_contain_text("Ghi lý do vắng")
    page.keyboard.type(SHORT["reason"])
    page.keyboard.press("Tab")
    expect(page.locator(f"#att-msg-{excused.pk}")).to_contain_text("Đã lưu lúc")
    expect(page.locator("#count-attendance")).to_have_text("14/15")

    # Two turns: name, Tab, gist, Ctrl+Enter; the second is added by leaving its form (Tab).
    for i, (typed, person, gist) in enumerate(SHORT["turns"]):
        choose_person(page, "#id_turn-new-speaker", typed, person)
        page.keyboard.press("Tab")
        page.keyboard.type(gist)
        page.keyboard.press("Control+Enter" if i == 0 else "Tab")
        expect(page.locator("#list-turn > li")).to_have_count(i + 1)
    expect(page.locator("#saved-turn")).to_contain_text("Đã lưu lúc")
    wait_saved(page)
    expect(live).to_contain_text(SHORT["turns"][1][2])  # the document followed

    # A shortcoming, a directive point, a decision: typed, Ctrl+Enter.
    page.locator("#id_shortcoming-new-text").focus()
    page.keyboard.type(SHORT["shortcoming"])
    page.keyboard.press("Control+Enter")
    expect(page.locator("#list-shortcoming > li")).to_have_count(1)
    choose_person(page, "#id_directive-new-given_by", "thai hoa", "Tô Thái Hòa")
    page.keyboard.press("Tab")
    page.keyboard.type(SHORT["directive"])
    page.keyboard.press("Control+Enter")
    expect(page.locator("#list-directive > li")).to_have_count(1)
    page.locator("#id_decision-new-votes_for").focus()
    page.keyboard.type("14")
    page.keyboard.press("Tab")
    page.keyboard.type("0")
    page.keyboard.press("Tab")
    page.keyboard.type("0")
    page.locator("#id_decision-new-text").focus()
    page.keyboard.type(SHORT["decision"])
    page.keyboard.press("Control+Enter")
    expect(page.locator("#list-decision > li")).to_have_count(1)

    # Editing an item: it saves itself while typing, the caret stays, Escape closes it.
    turn = page.locator("#list-turn > li").first
    turn.locator("a", has_text="Sửa").focus()
    page.keyboard.press("Enter")
    expect(turn.locator("input[data-person-picker]")).to_be_focused()  # the form is open
    gist = turn.locator("textarea")
    gist.focus()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Cần sát hơn.")
    expect(turn.locator(".rec-save-status")).to_contain_text("Đã lưu lúc")
    expect(gist).to_be_focused()
    page.keyboard.type(" Xong.")
    page.keyboard.press("Escape")
    expect(turn).to_contain_text("Cần sát hơn. Xong.")
    first_gist = SHORT["turns"][0][2] + " Cần sát hơn. Xong."

    # The closing: saved when a field is left or typing pauses.
    page.locator("#id_closing-conclusion").focus()
    page.keyboard.type(SHORT["conclusion"])
    expect(page.locator("#msg-closing")).to_contain_text("Đã lưu lúc")  # after the pause
    page.locator("#id_closing-minutes_read_back").focus()
    page.keyboard.press("Space")
    page.locator("#id_closing-closing_votes_for").focus()
    page.keyboard.type("14")
    page.keyboard.press("Tab")
    wait_saved(page)
    expect(live).to_contain_text(SHORT["conclusion"])
    assert serious_axe_violations(page, live_server) == []
    page.screenshot(path=artifacts_dir / "recording-autosave-desktop.png")

    edited = [(*SHORT["turns"][0][:2], first_gist), SHORT["turns"][1]]
    check_everything_is_there(page, meeting, excused, turns=edited)
    assert "POST" not in documents and documents, documents  # the pane only reads
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_short_meeting_by_taps_on_a_phone_without_a_save_button(
    demo, browser, live_server, artifacts_dir
):
    context = browser.new_context(
        locale="vi-VN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    log_in(page, live_server)
    meeting = new_meeting()
    documents = []
    page.on("request", lambda r: documents.append(r.url) if "/preview/document/" in r.url else None)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/edit/")
    heading = page.locator("h1").first

    # Folded to headings with their counts; nothing wider than the phone; fingers fit.
    expect(page.locator("#sec-turn summary")).to_have_text(
        re.compile(r"Ý kiến phát biểu\s*\(?0\)?")
    )
    expect(page.locator("#sec-turn details")).not_to_have_attribute("open", "")
    assert no_sideways_scroll(page)
    assert small_targets(page) == []

    def open_section(kind: str) -> None:
        page.locator(f"#sec-{kind} summary").tap()
        expect(page.locator(f"#sec-{kind} details")).to_have_attribute("open", "")

    def leave() -> None:
        heading.tap()  # a tap outside the form: leaving it saves it

    def pick(selector: str, typed: str, expected: str) -> None:
        field = page.locator(selector)
        field.tap()
        field.press_sequentially(typed, delay=20)
        option = page.locator(f"#{field.get_attribute('id')}-listbox [role=option]").first
        expect(option).to_contain_text(expected)
        option.tap()
        expect(field).to_have_value(expected)

    # Attendance.
    open_section("attendance")
    assert small_targets(page) == []
    with page.expect_response(lambda r: r.url.endswith("/attendance/all-present/")):
        page.get_by_role("button", name="Đánh dấu tất cả có mặt").tap()
    wait_saved(page)
    expect(page.locator("#count-attendance")).to_have_text("15/15")
    rows = meeting.participants.filter(role=ParticipantRole.MEMBER).order_by("order")
    excused = rows[4]
    page.locator(f"#status-{excused.pk}").select_option("absent_excused")
    reason = page.locator(f"#reason-{excused.pk}")
    expect(reason).to_be_visible()
    reason.tap()
    reason.press_sequentially(SHORT["reason"])
    leave()
    expect(page.locator(f"#att-msg-{excused.pk}")).to_contain_text("Đã lưu lúc")
    expect(page.locator("#count-attendance")).to_have_text("14/15")

    # Two turns: each added when the user taps away from its form.
    open_section("turn")
    for i, (typed, person, gist) in enumerate(SHORT["turns"]):
        pick("#id_turn-new-speaker", typed, person)
        page.locator("#id_turn-new-gist").tap()
        page.locator("#id_turn-new-gist").press_sequentially(gist)
        leave()
        expect(page.locator("#list-turn > li")).to_have_count(i + 1)
        wait_saved(page)
    expect(page.locator("#count-turn")).to_have_text("2")

    open_section("shortcoming")
    page.locator("#id_shortcoming-new-text").tap()
    page.locator("#id_shortcoming-new-text").press_sequentially(SHORT["shortcoming"])
    leave()
    expect(page.locator("#list-shortcoming > li")).to_have_count(1)

    open_section("directive")
    pick("#id_directive-new-given_by", "thai hoa", "Tô Thái Hòa")
    page.locator("#id_directive-new-text").tap()
    page.locator("#id_directive-new-text").press_sequentially(SHORT["directive"])
    leave()
    expect(page.locator("#list-directive > li")).to_have_count(1)

    open_section("decision")
    for name, value in (
        ("text", SHORT["decision"]),
        ("votes_for", "14"),
        ("votes_against", "0"),
        ("votes_other", "0"),
    ):
        field = page.locator(f"#id_decision-new-{name}")
        field.tap()
        field.press_sequentially(value)
    expect(page.locator("#outcome-decision-new")).to_contain_text("Được thông qua")
    leave()
    expect(page.locator("#list-decision > li")).to_have_count(1)

    open_section("closing")
    conclusion = page.locator("#id_closing-conclusion")
    conclusion.tap()
    conclusion.press_sequentially(SHORT["conclusion"])
    page.locator("#id_closing-minutes_read_back").tap()
    votes = page.locator("#id_closing-closing_votes_for")
    votes.tap()
    votes.press_sequentially("14")
    leave()
    expect(page.locator("#msg-closing")).to_contain_text("Đã lưu lúc")
    wait_saved(page)
    assert no_sideways_scroll(page)
    assert serious_axe_violations(page, live_server) == []
    page.screenshot(path=artifacts_dir / "recording-autosave-phone.png", full_page=True)

    check_everything_is_there(page, meeting, excused)
    assert documents == []  # no live document on a phone: not even requested
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/preview/")
    assert no_sideways_scroll(page)
    context.close()
