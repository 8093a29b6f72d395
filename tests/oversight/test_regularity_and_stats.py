"""Regularity flags and statistics on a hand-made half year with known answers.

Chi bộ A1, 2024 (today is 15/7/2024, so January to June are over):
  Jan  regular, approved, 120 min, all 6 present, decision 5–0, a shortcoming (SD-TT-5, QD37-04)
  Feb  no regular meeting; an extraordinary one (approved)
  Mar  combined, approved, 100 min (under 120), shortcoming SD-TT-5
  Apr  regular, submitted only
  May  regular, approved, Trần Thị Hoa absent without reason (5/6), decision 2–2
  Jun  regular, approved, 90 min
  (no thematic meeting in the second quarter)
Chi bộ A2: one regular meeting in April, approved: two members away with reason and
  one exempt member away (3/5 present); decision 2–0 out of a denominator of 4;
  shortcoming SD-TT-5.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes.models import MeetingFigures
from minutes.oversight.regularity import (
    FLAG_ATTENDANCE,
    FLAG_NO_REGULAR,
    FLAG_NO_THEMATIC,
    FLAG_NOT_APPROVED,
    FLAG_SHORT,
    cell_regularity,
    regularity_summary,
)
from minutes.oversight.stats import decisions_by_kind, member_attendance, statistics
from tests.oversight.conftest import TODAY, hold

TAGGED = ("Chưa thẳng thắn trong phê bình.", ("SD-TT-5", "QD37-04"))
SD_TT_5 = ("Còn nể nang, né tránh.", ("SD-TT-5",))
START, END = dt.date(2024, 1, 1), dt.date(2024, 6, 30)


@pytest.fixture
def half_year(world):
    a1, a2 = world.a1, world.a2
    meetings = {
        "jan": hold(a1, dt.date(2024, 1, 16), decisions=((5, 0),), shortcomings=(TAGGED,)),
        "feb": hold(a1, dt.date(2024, 2, 20), kind="extraordinary"),
        "mar": hold(
            a1, dt.date(2024, 3, 19), kind="combined", minutes=100, shortcomings=(SD_TT_5,)
        ),
        "apr": hold(a1, dt.date(2024, 4, 16), status="submitted"),
        "may": hold(a1, dt.date(2024, 5, 14), unexcused=(3,), decisions=((2, 2),)),
        "jun": hold(a1, dt.date(2024, 6, 18), minutes=90),
        "a2": hold(
            a2,
            dt.date(2024, 4, 9),
            excused=(1, 2),
            exempt_away=(4,),
            decisions=((2, 0),),
            shortcomings=(SD_TT_5,),
        ),
    }
    return meetings


def flags_of(world) -> dict[str, list[str]]:
    (row,) = cell_regularity([world.a1], 2024, today=TODAY)
    out = {f"{m.month.month:02d}": m.flags for m in row.months}
    out.update({f"Q{q.quarter}": q.flags for q in row.quarters})
    return out


def test_regularity_flags_month_by_month(world, half_year):
    flags = flags_of(world)
    assert flags["01"] == []
    assert flags["02"] == [FLAG_NO_REGULAR]  # an extraordinary meeting is not the regular one
    assert flags["03"] == [FLAG_SHORT]  # 100 minutes, combined needs 120
    assert flags["04"] == [FLAG_NOT_APPROVED]
    assert flags["05"] == [FLAG_ATTENDANCE]  # 5/6 and an absence without reason
    assert flags["06"] == []  # 90 minutes is enough for a regular meeting
    assert flags["07"] == []  # July is not over
    assert flags["08"] == [] and flags["12"] == []
    assert flags["Q1"] == []  # the combined meeting of March counts as thematic
    assert flags["Q2"] == [FLAG_NO_THEMATIC]
    assert flags["Q3"] == []  # not over yet


def test_regularity_summary_over_the_committee(world, half_year):
    summary = regularity_summary(world.a, 2024, today=TODAY)
    assert (summary.cells, summary.finished_months, summary.finished_quarters) == (2, 6, 2)
    # A1 held Jan, Mar, Apr, May, Jun; A2 held April.
    assert (summary.months_held, summary.months_expected, summary.months_missing) == (6, 12, 6)
    assert summary.months_approved == 5
    assert (summary.quarters_thematic, summary.quarters_expected) == (1, 4)
    assert (summary.meetings, summary.short, summary.attendance_bad) == (7, 1, 2)


def test_figures_come_from_the_rules(world, half_year):
    may = MeetingFigures.objects.get(meeting=half_year["may"])
    assert (may.expected, may.present, may.absent_unexcused, may.attendance_good) == (
        6,
        5,
        1,
        False,
    )
    assert (may.decisions, may.decisions_adopted) == (1, 0)  # 2 of 5 is not more than half
    a2 = MeetingFigures.objects.get(meeting=half_year["a2"])
    # The exempt member who stayed away is neither expected nor in the denominator of 4.
    assert (a2.expected, a2.present, a2.absent_excused) == (5, 3, 2)
    assert (a2.decisions, a2.decisions_adopted) == (1, 0)  # 2 of 4 is not more than half
    jan = MeetingFigures.objects.get(meeting=half_year["jan"])
    assert (jan.duration, jan.minimum_duration, jan.decisions_adopted) == (120, 90, 1)
    mar = MeetingFigures.objects.get(meeting=half_year["mar"])
    assert (mar.duration, mar.minimum_duration, mar.duration_short) == (100, 120, True)


def test_statistics_per_cell(world, half_year):
    stats = statistics(world.a, START, END)
    rows = {r.unit.name: r.totals for r in stats.cells}
    a1, a2 = rows["Chi bộ A1"], rows["Chi bộ A2"]
    # April's submitted minutes are not counted: only approved minutes are.
    assert (a1.meetings, a1.regular, a1.thematic) == (5, 4, 1)
    assert (a1.present, a1.expected) == (29, 30)
    assert (a1.decisions, a1.decisions_adopted, a1.shortcomings) == (2, 1, 2)
    assert (a2.meetings, a2.present, a2.expected, a2.decisions_adopted) == (1, 3, 5, 0)
    assert (stats.total.meetings, stats.total.present, stats.total.expected) == (6, 32, 35)
    assert (stats.total.decisions, stats.total.decisions_adopted) == (3, 1)


def test_heat_map_by_catalogue_item_and_unit(world, half_year):
    stats = statistics(world.a, START, END)
    assert [u.unit.name for u in stats.units] == ["Chi bộ A1", "Chi bộ A2"]
    items = {i["item"].code: i["counts"] for g in stats.groups for i in g["items"]}
    assert items["SD-TT-5"] == [2, 1]
    assert items["QD37-04"] == [1, 0]
    assert items["SD-DD-1"] == [0, 0]
    groups = {g["code"]: g["total"] for g in stats.groups}
    assert groups["SD-TT"] == 3 and groups["SD-DD"] == 0
    assert stats.heat_max == 2
    # From the province, the cells add up under their committees.
    province = statistics(world.province, START, END)
    assert [u.unit.name for u in province.units] == ["Đảng ủy A", "Đảng ủy B"]
    items = {i["item"].code: i["counts"] for g in province.groups for i in g["items"]}
    assert items["SD-TT-5"] == [3, 0]


def test_attendance_per_member(world, half_year):
    rows = {r.name: r for r in member_attendance(world.a1, START, END)}
    hoa = rows["Trần Thị Hoa"]
    assert (hoa.meetings, hoa.present, hoa.absent_unexcused, hoa.permille) == (5, 4, 1, 800)
    assert rows["Võ Thị Lan"].present == 5  # probationary members attend too
    a2 = {r.name: r for r in member_attendance(world.a2, START, END)}
    # The exempt member who stayed away was not expected: no meeting counted.
    assert a2["Phạm Quốc Bảo"].meetings == 0 and a2["Phạm Quốc Bảo"].permille is None
    assert a2["Nguyễn Thị Minh Nguyệt"].absent_excused == 1


def test_decisions_by_kind(world, half_year):
    counts = {d["kind"]: d["count"] for d in decisions_by_kind(world.a, START, END)}
    assert counts["ordinary"] == 3 and counts["admission"] == 0


def test_statistics_page_shows_the_figures_and_exports(world, half_year, client):
    client.force_login(world.reviewer_a)
    url = reverse("statistics") + f"?org={world.a.pk}&start=2024-01-01&end=2024-06-30"
    page = client.get(url).content.decode()
    assert "29/30" in page and "3/5" in page and "32/35" in page
    assert 'class="text-center figure heat-5">2<' in page
    body = client.get(url + "&table=cells&format=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1] == ["Chi bộ A1", "5", "4", "1", "96,67%", "2", "1", "2"]
    xlsx = client.get(url + "&table=shortcomings&format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(url + "&table=nothing&format=csv").status_code == 404
    assert client.get(url + "&table=cells&format=pdf").status_code == 404


def test_a_bad_period_keeps_what_was_typed(world, half_year, client):
    client.force_login(world.reviewer_a)
    page = client.get(reverse("statistics") + "?start=2024-06-30&end=2024-01-01").content.decode()
    assert "Ngày kết thúc phải sau ngày bắt đầu." in page
    # The ISO date of the link comes back the Vietnamese way (minutes.datetime_fields).
    assert 'value="30/6/2024"' in page
    page = client.get(reverse("statistics") + "?start=abc&end=").content.decode()
    assert 'value="abc"' in page


def test_member_table_only_for_a_cell(world, half_year, client):
    client.force_login(world.reviewer_a)
    page = client.get(reverse("statistics") + f"?org={world.a1.pk}&start=2024-01-01&end=2024-06-30")
    assert "Dự họp theo đảng viên" in page.content.decode()
    page = client.get(reverse("statistics") + f"?org={world.a.pk}")
    assert "Dự họp theo đảng viên" not in page.content.decode()


def test_regularity_page_and_export(world, half_year, client):
    client.force_login(world.reviewer_a)
    url = reverse("regularity") + f"?org={world.a.pk}&year=2024"
    page = client.get(url).content.decode()
    # The page looks from the real today: all of 2024 is over.
    assert "6/24" in page and "1/8" in page
    rows = client.get(url + "&format=csv").content.decode("utf-8-sig").splitlines()
    assert any(
        r.startswith("Chi bộ A1,02/2024,,1,") and "Không sinh hoạt thường kỳ" in r for r in rows
    )
    assert any(
        r.startswith("Chi bộ A1,06/2024,Đã duyệt") and "Quý không sinh hoạt chuyên đề" in r
        for r in rows
    )


@pytest.mark.parametrize("name", ["regularity", "statistics", "oversight_dashboard"])
def test_committee_pages_keep_their_query_count(world, client, name):
    client.force_login(world.reviewer_p)
    url = reverse(name)
    hold(world.a1, dt.date(2024, 1, 16), decisions=((5, 0),), shortcomings=(TAGGED,))
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    from tests.factories import CellFactory
    from tests.oversight.conftest import roster

    for n in range(4):
        cell = CellFactory(parent=world.b, name=f"Chi bộ thêm {n}")
        roster(cell)
        for month in (2, 3, 4):
            hold(
                cell,
                dt.date(2024, month, 10),
                decisions=((5, 0),),
                shortcomings=(TAGGED,),
                status="approved" if month < 4 else "submitted",
            )
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(one)
    assert len(many) <= 20
