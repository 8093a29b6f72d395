"""The statistics page at volume: what it counts, and a fixed number of queries.

The figures are read from the cells' side (each cell joined to its current
approved minutes of the period), so that the databases look the minutes up by
cell and date; these tests hold the edges of that join: the first and last day
of the period count, the day after does not, nor a superseded version or
minutes not yet approved. The page's query count does not grow with the
number of cells, meetings or members.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from minutes.models import Meeting
from minutes.models.meeting import workflow_write
from minutes.oversight.stats import decisions_by_kind, member_attendance, statistics
from tests.factories import CellFactory
from tests.oversight.conftest import hold, roster

SD_TT_5 = ("Còn nể nang, né tránh.", ("SD-TT-5",))
START, END = dt.date(2024, 1, 1), dt.date(2024, 6, 30)
PERIOD = "start=2024-01-01&end=2024-06-30"

# Session and user, the scope (choices, grants, the organization asked for),
# the cells with their totals, the units, the heat map, the catalogue, the
# decisions by kind (a cell has no units to ask for, and adds its members' attendance),
# and the quality grades with, when any grade was met, the order of the grades
# (minutes.oversight.quality, issue 13).
PAGE_QUERIES = 12


def test_only_current_approved_minutes_of_the_period_count(world):
    a1, a2 = world.a1, world.a2
    hold(a1, START, decisions=((5, 0),), shortcomings=(SD_TT_5,))
    hold(a1, END, decisions=((2, 2),))
    hold(a1, END + dt.timedelta(days=1), decisions=((5, 0),), shortcomings=(SD_TT_5,))
    old = hold(a1, dt.date(2024, 3, 5), decisions=((5, 0),), shortcomings=(SD_TT_5,))
    with workflow_write():  # as approving its corrected version does
        Meeting.objects.filter(pk=old.pk).update(superseded_at=timezone.now())
    hold(a2, dt.date(2024, 2, 6), status="submitted", shortcomings=(SD_TT_5,))

    stats = statistics(world.a, START, END)
    rows = {r.unit.name: r.totals for r in stats.cells}
    assert (rows["Chi bộ A1"].meetings, rows["Chi bộ A1"].decisions) == (2, 2)
    assert rows["Chi bộ A1"].decisions_adopted == 1
    assert rows["Chi bộ A2"].meetings == 0
    assert (stats.total.meetings, stats.total.present, stats.total.expected) == (2, 12, 12)
    items = {i["item"].code: i["counts"] for g in stats.groups for i in g["items"]}
    assert items["SD-TT-5"] == [1, 0]
    counts = {d["kind"]: d["count"] for d in decisions_by_kind(world.a, START, END)}
    assert counts["ordinary"] == 2
    members = {m.name: m for m in member_attendance(a1, START, END)}
    assert members["Tô Thái Hòa"].meetings == 2


def test_a_cell_without_minutes_is_listed_with_zeros(world, client):
    client.force_login(world.reviewer_p)
    page = client.get(reverse("statistics") + f"?org={world.province.pk}&{PERIOD}")
    html = page.content.decode()
    assert "Chi bộ B1" in html and "0/0" in html


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_committee_page_queries_do_not_grow_with_cells(
    world, client, django_assert_max_num_queries
):
    client.force_login(world.reviewer_p)
    url = reverse("statistics") + f"?org={world.province.pk}&{PERIOD}"
    hold(world.a1, dt.date(2024, 1, 16), decisions=((5, 0),), shortcomings=(SD_TT_5,))
    client.get(url)
    one = _queries(client, url)
    for n in range(6):
        cell = CellFactory(parent=world.b if n % 2 else world.a, name=f"Chi bộ thêm {n}")
        roster(cell)
        for month in (2, 3):
            hold(cell, dt.date(2024, month, 10), decisions=((5, 0),), shortcomings=(SD_TT_5,))
    with django_assert_max_num_queries(PAGE_QUERIES):
        page = client.get(url)
    assert "Chi bộ thêm 5" in page.content.decode()
    assert _queries(client, url) == one


def test_cell_page_queries_do_not_grow_with_meetings(world, client, django_assert_max_num_queries):
    client.force_login(world.reviewer_a)
    url = reverse("statistics") + f"?org={world.a1.pk}&{PERIOD}"
    hold(world.a1, dt.date(2024, 1, 16), decisions=((5, 0),))
    client.get(url)
    one = _queries(client, url)
    for month in (2, 3, 4, 5):
        hold(world.a1, dt.date(2024, month, 10), decisions=((5, 0),), shortcomings=(SD_TT_5,))
    with django_assert_max_num_queries(PAGE_QUERIES):
        page = client.get(url)
    assert "Dự họp theo đảng viên" in page.content.decode()
    assert _queries(client, url) == one
