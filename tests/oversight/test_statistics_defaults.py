"""What a reviewer sees on the statistics page before choosing anything: the last 12
months, only the rows with something in them (the rest behind a toggle), and buttons
that look like buttons. The dates here follow the real today, as the page does."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from minutes.oversight.stats import last_twelve_months
from minutes.vnformat import short_date
from tests.oversight.conftest import hold

TAGGED = ("Chưa thẳng thắn trong phê bình.", ("SD-TT-5",))


def months_before(day: dt.date, n: int) -> dt.date:
    """The first day of the month `n` months before `day`'s."""
    year, month = divmod(day.year * 12 + day.month - 1 - n, 12)
    return dt.date(year, month + 1, 1)


def rows_of(page: str, table_id: str) -> list[str]:
    """The body rows of the table with `table_id` (or the table after the heading id)."""
    table = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return re.findall(r"<tr.*?</tr>", body, flags=re.S)


def test_the_default_period_is_the_last_twelve_months(world, client):
    today = timezone.localdate()
    start = months_before(today, 12)  # on 4/12/2026: 1/12/2025, not 1/1/2026
    hold(world.a1, start, decisions=((5, 0),))  # the first day of the period: counts
    hold(world.a2, months_before(today, 11) + dt.timedelta(days=4))  # 11 months ago: counts
    hold(world.a2, start - dt.timedelta(days=1))  # the day before: does not
    hold(world.a1, months_before(today, 13) + dt.timedelta(days=9))  # 13 months ago: does not
    client.force_login(world.reviewer_a)
    page = client.get(reverse("statistics")).content.decode()
    assert (
        f"12 tháng gần nhất, từ ngày {start:%d/%m/%Y} đến ngày {today:%d/%m/%Y}, "
        "theo các biên bản đã được duyệt."
    ) in page
    assert 'data-testid="total-meetings">2 (2 thường kỳ' in page
    # The form shows the period in use, so "Xem" without changes keeps it.
    assert f'value="{short_date(start)}"' in page and f'value="{short_date(today)}"' in page
    # A period chosen by hand is stated without "12 tháng gần nhất".
    chosen = client.get(
        reverse("statistics") + f"?start={months_before(today, 13):%Y-%m-%d}&end={today:%Y-%m-%d}"
    ).content.decode()
    assert "12 tháng gần nhất" not in chosen
    assert 'data-testid="total-meetings">4 (4 thường kỳ' in chosen


def test_the_period_starts_on_the_first_of_this_month_a_year_ago():
    assert last_twelve_months(dt.date(2026, 12, 4)) == (dt.date(2025, 12, 1), dt.date(2026, 12, 4))
    assert last_twelve_months(dt.date(2027, 1, 31)) == (dt.date(2026, 1, 1), dt.date(2027, 1, 31))


def test_the_buttons_look_like_buttons(world, client):
    client.force_login(world.reviewer_a)
    page = client.get(reverse("statistics")).content.decode()
    assert '<button type="submit" class="btn btn-primary">Xem</button>' in page
    assert '<button type="button" class="btn btn-outline-secondary" data-print>In</button>' in page


def test_all_zero_rows_are_hidden_behind_a_toggle(world, client):
    hold(
        world.a1,
        timezone.localdate().replace(day=1),
        decisions=((5, 0),),
        shortcomings=(TAGGED,),
    )
    client.force_login(world.reviewer_a)
    url = reverse("statistics") + f"?org={world.a.pk}"
    page = client.get(url).content.decode()
    heat, decisions = rows_of(page, "heatmap"), rows_of(page, "decisions-heading")
    # Only the tagged item and its group, and the one kind of decision taken.
    assert len(heat) == 2 and ">SD-TT-5</abbr>" in heat[1]
    assert len(decisions) == 1 and ">1</td>" in decisions[0]
    # The toggle says how many rows it would add, and the page says they are hidden.
    match = re.search(r"Hiện cả các dòng bằng 0 \((\d+) dòng\)", page)
    assert match, page
    hidden = int(match.group(1))
    assert f"Đã ẩn {hidden} dòng mà mọi số liệu đều bằng 0" in page
    assert 'aria-describedby="zero-rows-state"' in page
    assert f'href="?org={world.a.pk}&amp;zeros=1"' in page

    shown = client.get(url + "&zeros=1").content.decode()
    all_heat, all_decisions = rows_of(shown, "heatmap"), rows_of(shown, "decisions-heading")
    assert len(all_heat) + len(all_decisions) == len(heat) + len(decisions) + hidden
    assert len(all_decisions) > 1 and any(">0</td>" in row for row in all_decisions)
    assert "Ẩn các dòng bằng 0" in shown and f'href="?org={world.a.pk}"' in shown
    # The choice survives "Xem" and goes with the exports and the links to each cell.
    assert '<input type="hidden" name="zeros" value="1">' in shown
    assert "zeros=1&amp;table=shortcomings&amp;format=csv" in shown
    assert f"?org={world.a1.pk}&amp;start=" in shown and "&amp;zeros=1" in shown


def test_the_exports_keep_the_choice(world, client):
    hold(world.a1, timezone.localdate().replace(day=1), shortcomings=(TAGGED,))
    client.force_login(world.reviewer_a)
    url = reverse("statistics") + f"?org={world.a.pk}&table=shortcomings&format=csv"

    def rows(query: str) -> list[list[str]]:
        body = client.get(url + query).content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(body)))[1:]

    hidden, shown = rows(""), rows("&zeros=1")
    assert [row[1] for row in hidden][1:] == ["SD-TT-5"]
    assert len(shown) > len(hidden) and "SD-TT-5" in [row[1] for row in shown]
    decisions = reverse("statistics") + f"?org={world.a.pk}&table=decisions&format=csv"
    assert len(client.get(decisions).content.decode("utf-8-sig").splitlines()) == 1
    assert len(client.get(decisions + "&zeros=1").content.decode("utf-8-sig").splitlines()) > 1


def test_outsiders_still_get_nothing(world, client):
    client.force_login(world.member_a1)
    assert client.get(reverse("statistics") + "?zeros=1").status_code == 403
    client.force_login(world.outsider)
    assert client.get(reverse("statistics") + f"?org={world.a.pk}&zeros=1").status_code == 404
    csv_url = reverse("statistics") + f"?org={world.a.pk}&zeros=1&table=cells&format=csv"
    assert client.get(csv_url).status_code == 404


def test_showing_the_zero_rows_costs_no_query(world, client):
    hold(world.a1, timezone.localdate().replace(day=1), shortcomings=(TAGGED,))
    client.force_login(world.reviewer_a)
    url = reverse("statistics") + f"?org={world.a.pk}"
    client.get(url)
    with CaptureQueriesContext(connection) as hidden:
        client.get(url)
    with CaptureQueriesContext(connection) as shown:
        client.get(url + "&zeros=1")
    assert len(shown) == len(hidden)
