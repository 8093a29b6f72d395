"""In Chromium, on the demonstration data: a campaign from creation to a cell done,
and the follow-up board putting the overdue action first.

The reviewer creates a campaign; the secretary sees it on the home page and
starts the thematic meeting from it (topic and legal bases filled in); the
record is completed and goes through the real workflow (the chair confirms,
the secretary submits, the reviewer approves, which signs); the campaign page
then shows the cell as approved, and the follow-up board shows the meeting's
overdue corrective action before the one still in time.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from members.models import Organization
from minutes.models import (
    AttendanceStatus,
    Campaign,
    CorrectiveAction,
    Meeting,
    MinutesStatus,
    Report,
    Shortcoming,
    SpeakingTurn,
)
from minutes.services import workflow
from tests.browser import log_in, serious_axe_violations

TOPIC = "Nêu cao vai trò nêu gương năm 2026"
LEGAL = "Quy định số 37-QĐ/TW ngày 25/10/2021 của Ban Chấp hành Trung ương"
CELL = "Chi bộ Quản lý đô thị"
OVERDUE = "Hoàn thành bản tự kiểm điểm bổ sung (đã quá hạn)"
IN_TIME = "Báo cáo kết quả khắc phục trong sinh hoạt tháng sau"


@pytest.fixture
def browser_context_args(browser_context_args):
    """A Vietnamese browser: the interface follows Accept-Language once English is compiled."""
    return {**browser_context_args, "locale": "vi-VN"}


def user(username: str):
    return get_user_model().objects.get(username=username)


def complete_the_record(meeting: Meeting) -> None:
    """What the secretary types during the meeting (the recording screens have their own
    browser test): the time and place (one click leaves them empty, never guessed),
    everyone present, a report, a turn, a shortcoming with two actions."""
    rows = list(meeting.participants.filter(role="member"))
    for row in rows:
        if row.status != AttendanceStatus.NOT_EXPECTED:
            row.status = AttendanceStatus.PRESENT
            row.save()
    present = [r for r in rows if r.status == AttendanceStatus.PRESENT]
    Report.objects.create(
        meeting=meeting, order=1, presenter=present[1], title="báo cáo chuyên đề nêu gương"
    )
    SpeakingTurn.objects.create(
        meeting=meeting, order=1, speaker=present[2], gist="Thống nhất với báo cáo chuyên đề."
    )
    shortcoming = Shortcoming.objects.create(
        meeting=meeting, order=1, subject="cell", text="Vai trò nêu gương có lúc chưa phát huy."
    )
    today = timezone.localdate()
    for text, deadline in (
        (IN_TIME, today + dt.timedelta(days=30)),
        (OVERDUE, today - dt.timedelta(days=1)),
    ):
        CorrectiveAction.objects.create(
            meeting=meeting,
            shortcoming=shortcoming,
            text=text,
            owner_member=present[2].member,
            deadline=deadline,
        )
    meeting.chair = meeting.chair or present[0]
    meeting.secretary = meeting.secretary or present[1]
    meeting.start_time, meeting.end_time = dt.time(19, 30), dt.time(21, 30)
    meeting.place = "Hội trường Sở Nội vụ"
    meeting.minutes_read_back = True
    meeting.closing_votes_for = len(present)
    meeting.save()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_campaign_from_creation_to_a_cell_done(page, live_server, artifacts_dir):
    call_command("load_demo", force=True, verbosity=0)
    cell = Organization.objects.get(name=CELL)
    deadline = timezone.localdate() + dt.timedelta(days=60)

    # The reviewer creates the campaign for the committee above the cell.
    log_in(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/oversight/campaigns/new/")
    page.select_option("#id_committee", str(cell.parent_id))
    page.fill("#id_topic", TOPIC)
    page.fill("#id_legal_bases", LEGAL)
    page.fill("#id_deadline", deadline.isoformat())
    page.click("main form button[type=submit]")
    page.wait_for_url("**/oversight/campaigns/*/")
    campaign = Campaign.objects.get(topic=TOPIC)
    cells = Organization.objects.cells().within(cell.parent).count()
    assert page.locator("[data-testid=completion]").inner_text() == f"0/{cells}"
    assert problems_free(page, live_server)

    # The secretary sees it at home and starts the thematic meeting from it.
    log_in(page, live_server, "secretary")
    item = page.locator("#home-campaigns-todo li", has_text=TOPIC)
    assert CELL in item.inner_text() and "Chưa tổ chức" in item.inner_text()
    page.screenshot(path=artifacts_dir / "oversight-1-home-campaign.png", full_page=True)
    # One click: the draft is made from the campaign and the cell's last thematic meeting.
    item.locator("button", has_text="Tổ chức sinh hoạt chuyên đề").click()
    page.wait_for_url("**/edit/**")
    meeting = Meeting.objects.get(campaign=campaign)
    assert (meeting.cell, meeting.kind, meeting.topic) == (cell, "thematic", TOPIC)
    assert LEGAL in meeting.legal_bases

    # The meeting is recorded, confirmed, submitted and approved through the workflow.
    complete_the_record(meeting)
    workflow.confirm_as_chair(meeting=meeting, by=user("chair"))
    workflow.submit(
        meeting=Meeting.objects.get(pk=meeting.pk), by=user("secretary"), confirm_warnings=True
    )
    workflow.approve(meeting=Meeting.objects.get(pk=meeting.pk), by=user("reviewer"))
    assert Meeting.objects.get(pk=meeting.pk).status == MinutesStatus.APPROVED

    # The campaign now shows the cell as done.
    log_in(page, live_server, "reviewer")
    page.goto(f"{live_server.url}/oversight/campaigns/{campaign.pk}/")
    assert page.locator("[data-testid=completion]").inner_text() == f"1/{cells}"
    row = page.locator("#campaign-cells tr", has_text=CELL)
    assert row.get_attribute("data-state") == "approved"
    assert "Đã duyệt" in row.inner_text()
    page.screenshot(path=artifacts_dir / "oversight-2-campaign-done.png", full_page=True)

    # The follow-up board: overdue first, and this meeting's overdue action before its other one.
    page.goto(f"{live_server.url}/oversight/follow-up/")
    rows = page.locator("#followup-board tbody tr")
    assert "Quá hạn" in rows.first.inner_text()
    texts = rows.all_inner_texts()
    overdue_at = next(i for i, t in enumerate(texts) if OVERDUE in t)
    in_time_at = next(i for i, t in enumerate(texts) if IN_TIME in t)
    assert overdue_at < in_time_at
    assert all("Quá hạn" in t for t in texts[: overdue_at + 1])
    page.screenshot(path=artifacts_dir / "oversight-3-follow-up-board.png", full_page=True)
    assert problems_free(page, live_server)

    # The owner finds it under "Việc của tôi"; the statistics page prints without the chrome.
    for path in ("/oversight/", "/oversight/statistics/", "/oversight/regularity/"):
        page.goto(f"{live_server.url}{path}")
        assert problems_free(page, live_server), path
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/oversight/statistics/")
    assert not page.locator("header nav").is_visible()
    page.screenshot(path=artifacts_dir / "oversight-4-statistics-print.png", full_page=True)


def problems_free(page, live_server) -> bool:
    problems = serious_axe_violations(page, live_server)
    assert problems == [], problems
    return True
