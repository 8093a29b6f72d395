"""The overview leads with what needs action, then twelve months of trends.

Dates are relative to the real today (the view asks the clock). The window is the
twelve finished months before this one; index 0 is the oldest.

  Chi bộ A1  a regular meeting every month of the window but the fourth (index 3); all
             approved except the last (index 11, submitted 3 days ago); index 7 has one
             member absent without reason (5/6); index 0 decides an action now 30 days
             overdue; a draft regular meeting this month.
  Chi bộ A2  regular meetings in months 0–5 only, approved except month 5 (submitted
             20 days ago); nothing this month.

So regularity is 100 % in months 0–2, 4, 5; 50 % in month 3 and 6–11. Attendance is 100 %
except month 7 (A1 alone, 5 of 6: 83,33 %) and month 11, which has no approved
minutes and is a gap.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from minutes.models import CorrectiveAction, Meeting
from minutes.oversight.dashboard import overview
from minutes.oversight.trends import PLOT_HEIGHT, TrendPoint, trend_window
from tests.browser import log_in, serious_axe_violations
from tests.factories import CellFactory
from tests.oversight.conftest import hold, roster

# The session and its user (2), the scope and the menu's grants (3), the overview (8: units,
# cells, the waiting count and the oldest five, minutes per cell and month, the overdue
# actions, the text of the oldest five, whether minutes existed before the window), the
# campaigns (1). One fewer when nothing is overdue.
QUERIES = 14
OVERDUE_TEXT = "Hoàn thành bản tự kiểm điểm bổ sung <b>ngay</b>"
SHORTCOMING = (("Còn nể nang, né tránh.", ()),)


def _submitted(meeting: Meeting, days_ago: int) -> None:
    at = timezone.now() - dt.timedelta(days=days_ago)
    Meeting.objects.filter(pk=meeting.pk).update(submitted_at=at)


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def window(today) -> list[dt.date]:
    return trend_window(today)


@pytest.fixture
def year_of_meetings(world, today, window):
    a1, a2 = world.a1, world.a2
    for index, month in enumerate(window):
        day = month.replace(day=10)
        if index != 3:
            meeting = hold(
                a1,
                day,
                status="submitted" if index == 11 else "approved",
                unexcused=(2,) if index == 7 else (),
                shortcomings=SHORTCOMING if index == 0 else (),
                actions=((OVERDUE_TEXT, today - dt.timedelta(days=30), 2),) if index == 0 else (),
            )
            if index == 11:
                _submitted(meeting, 3)
        if index <= 5:
            meeting = hold(a2, day, status="submitted" if index == 5 else "approved")
            if index == 5:
                _submitted(meeting, 20)
    hold(a1, today.replace(day=1), status="draft")
    return world


def _page(client, user, org) -> str:
    client.force_login(user)
    response = client.get(reverse("oversight_dashboard") + f"?org={org.pk}")
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    return page[start : page.index("</section>", start)]


def _table(page: str, key: str) -> dict[str, str]:
    """Month label -> percentage (or the gap's words) from a trend's table."""
    start = page.index(f'id="trend-{key}-table"')
    table = page[start : page.index("</table>", start)]
    return dict(re.findall(r'<th scope="row"[^>]*>([0-9/]+)</th><td[^>]*>([^<]+)</td>', table))


def _label(month: dt.date) -> str:
    return f"{month.month}/{month.year}"


def test_the_minutes_waiting_longest_come_first_with_their_cell(year_of_meetings, client):
    world = year_of_meetings
    waiting = _section(_page(client, world.reviewer_a, world.a), "todo-waiting")
    a2 = Meeting.objects.get(cell=world.a2, status="submitted")
    a1 = Meeting.objects.get(cell=world.a1, status="submitted")
    first = waiting.index(f'href="{reverse("review_meeting", args=[a2.pk])}">Chi bộ A2</a>')
    second = waiting.index(f'href="{reverse("review_meeting", args=[a1.pk])}">Chi bộ A1</a>')
    assert first < second
    assert "chờ 20 ngày" in waiting and "chờ 3 ngày" in waiting


def test_an_overdue_action_is_listed_with_a_link_to_its_follow_up(year_of_meetings, client):
    world = year_of_meetings
    action = CorrectiveAction.objects.get(text=OVERDUE_TEXT)
    overdue = _section(_page(client, world.reviewer_a, world.a), "todo-overdue")
    link = reverse("action_detail", args=[action.pk])
    # The member-written text is escaped, never markup.
    assert f'<a href="{link}">Hoàn thành bản tự kiểm điểm bổ sung &lt;b&gt;ngay' in overdue
    assert "Chi bộ A1" in overdue and "quá hạn 30 ngày" in overdue
    assert f"?org={world.a.pk}&amp;tab=overdue" in overdue


def test_a_cell_without_this_months_meeting_is_named(year_of_meetings, client, today):
    world = year_of_meetings
    regular = _section(_page(client, world.reviewer_a, world.a), "todo-regular")
    this_month = regular[: regular.index('id="todo-last-month"')]
    assert f"tháng {today.month}/{today.year} (1 chi bộ)" in this_month
    assert f'?org={world.a2.pk}&amp;year={today.year}">Chi bộ A2</a>' in this_month
    assert "Chi bộ A1" not in this_month  # its draft counts as recorded


def test_empty_lists_say_so(world, client):
    page = _page(client, world.reviewer_a, world.a)
    assert "Không có biên bản nào chờ duyệt." in _section(page, "todo-waiting")
    assert "Không có việc khắc phục nào quá hạn." in _section(page, "todo-overdue")
    # Nothing was ever recorded: no month of the trends is a zero, each is a gap.
    assert set(_table(page, "regularity").values()) == {"chưa có số liệu"}
    assert set(_table(page, "attendance").values()) == {"chưa có số liệu"}
    assert "Chưa có số liệu trong 12 tháng qua." in page


def test_the_charts_have_twelve_months_and_a_gap_where_nothing_was_approved(
    year_of_meetings, client, window
):
    world = year_of_meetings
    page = _page(client, world.reviewer_a, world.a)
    regularity = _section(page, "trend-regularity")
    attendance = _section(page, "trend-attendance")
    for chart in (regularity, attendance):
        svg = chart[chart.index("<svg") : chart.index("</svg>")]
        assert 'role="img"' in svg and "aria-labelledby=" in svg
        assert len(re.findall(r'class="trend-month-\d+"', svg)) == 12
    assert regularity.count('class="trend-bar ') == 12
    assert attendance.count('class="trend-bar ') == 11 and 'class="trend-gap"' in attendance
    rates = _table(page, "attendance")
    assert list(rates) == [_label(m) for m in window]
    assert rates[_label(window[7])] == "83,33%"  # 5 present of 6 expected
    assert rates[_label(window[11])] == "chưa có số liệu"
    assert rates[_label(window[0])] == "100%"
    assert f"Tháng {_label(window[10])}: <strong>100%</strong>" in attendance


def test_the_regularity_trend_agrees_with_the_regularity_page(year_of_meetings, client, window):
    world = year_of_meetings
    page = _page(client, world.reviewer_a, world.a)
    trend = _table(page, "regularity")
    held: dict[str, int] = {}
    for year in sorted({m.year for m in window}):
        url = reverse("regularity") + f"?org={world.a.pk}&year={year}&format=csv"
        rows = csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig")))
        next(rows)
        for _cell, month, status, *_rest in rows:
            label = f"{int(month[:2])}/{month[3:]}"
            held[label] = held.get(label, 0) + bool(status)
    expected = {_label(m): held[_label(m)] for m in window}
    assert [expected[_label(m)] for m in window] == [2, 2, 2, 1, 2, 2, 1, 1, 1, 1, 1, 1]
    for label, n in expected.items():
        assert trend[label] == ("100%" if n == 2 else "50%"), label


def test_the_attendance_trend_agrees_with_the_statistics_page(year_of_meetings, client, window):
    world = year_of_meetings
    page = _page(client, world.reviewer_a, world.a)
    month = window[7]
    end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    query = f"?org={world.a.pk}&start={month}&end={end}&table=units&format=csv"
    url = reverse("statistics") + query
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert any("83,33%" in row for row in rows)
    assert _table(page, "attendance")[_label(month)] == "83,33%"


def test_another_committees_user_sees_none_of_it(year_of_meetings, client):
    world = year_of_meetings
    client.force_login(world.outsider)
    assert client.get(reverse("oversight_dashboard") + f"?org={world.a.pk}").status_code == 404
    own = client.get(reverse("oversight_dashboard")).content.decode()
    assert "Chi bộ A1" not in own and "Chi bộ A2" not in own
    assert "tự kiểm điểm bổ sung" not in own
    assert "Không có biên bản nào chờ duyệt." in own


def test_the_window_is_the_twelve_finished_months():
    window = trend_window(dt.date(2026, 12, 4))
    assert (window[0], window[-1], len(window)) == (dt.date(2025, 12, 1), dt.date(2026, 11, 1), 12)
    assert trend_window(dt.date(2026, 1, 31))[-1] == dt.date(2025, 12, 1)


def test_bars_are_as_tall_as_their_share_and_a_gap_has_none():
    half, full = TrendPoint(dt.date(2026, 3, 1), 1, 2, 3), TrendPoint(dt.date(2026, 4, 1), 4, 4, 4)
    assert half.bar_height * 2 == full.bar_height == PLOT_HEIGHT
    assert half.bar_y + half.bar_height == full.bar_y + full.bar_height  # one baseline
    assert (half.label, half.percent, half.rounded) == ("3/2026", "50%", 50)
    third = TrendPoint(dt.date(2026, 5, 1), 2, 3, 5)
    assert (third.percent, third.rounded) == ("66,67%", 67)
    gap = TrendPoint(dt.date(2026, 6, 1), 0, 0, 6)
    assert (gap.has_data, gap.bar_height, gap.percent) == (False, 0, None)


def test_a_scope_never_used_shows_gaps_not_zeros(year_of_meetings, today):
    trends = overview(year_of_meetings.b, today=today).trends
    assert not any(p.has_data for p in trends.regularity.points)
    assert not any(p.has_data for p in trends.attendance.points)


def test_the_overview_takes_the_same_queries_for_more_cells_and_months(
    world, client, today, window, django_assert_num_queries
):
    client.force_login(world.reviewer_p)
    url = reverse("oversight_dashboard") + f"?org={world.province.pk}"
    hold(world.a1, window[-1].replace(day=10), status="submitted")
    hold(
        world.a2,
        window[-1].replace(day=12),
        shortcomings=SHORTCOMING,
        actions=(("Việc quá hạn", today - dt.timedelta(days=5), 1),),
    )
    client.get(url)
    with django_assert_num_queries(QUERIES):
        assert client.get(url).status_code == 200
    for n in range(3):
        cell = CellFactory(parent=world.b, name=f"Chi bộ thêm {n}")
        roster(cell)
        for index in (0, 4, 8, 11):
            hold(
                cell,
                window[index].replace(day=12),
                status="submitted" if index == 11 else "approved",
                shortcomings=SHORTCOMING,
                actions=(("Việc quá hạn", today - dt.timedelta(days=5), 1),),
            )
    with django_assert_num_queries(QUERIES):
        page = client.get(url).content.decode()
    assert "Chi bộ thêm 2" in page


def test_the_english_interface_translates_the_labels(year_of_meetings, client):
    world = year_of_meetings
    client.force_login(world.reviewer_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/oversight/"})
    page = client.get(reverse("oversight_dashboard") + f"?org={world.a.pk}").content.decode()
    assert '<html lang="en">' in page
    assert "Minutes awaiting review" in page and "Month" in page
    for label in ("Needs action", "Overdue corrective actions", "Trends over 12 months"):
        assert label in page, label
    assert "Cần xử lý" not in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_overview_fits_a_phone_and_a_laptop(page, live_server, artifacts_dir):
    """On the demonstration data (a year of minutes up to today): no sideways scrolling at
    390 and 1366 px, and axe finds nothing serious."""
    call_command("load_demo", force=True, verbosity=0)
    log_in(page, live_server, "reviewer")
    for width, height in ((390, 844), (1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/oversight/")
        assert page.locator("#overview-todo h2").inner_text() == "Cần xử lý"
        assert page.locator("#trend-regularity svg rect.trend-bar").count() >= 1
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (width, overflow)
        page.screenshot(path=artifacts_dir / f"oversight-overview-{width}.png", full_page=True)
        assert serious_axe_violations(page, live_server) == []
    page.emulate_media(media="print")
    assert page.locator("#trend-regularity-table").is_visible()
    assert page.locator("#trend-regularity-table").bounding_box()["width"] > 100
    page.screenshot(path=artifacts_dir / "oversight-overview-print.png", full_page=True)
