"""The meeting list stays correct and constant in queries on any page (deferred join)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from minutes.models import Meeting
from tests.oversight.conftest import hold


def dates_on(page_html: str) -> list[str]:
    import re

    return re.findall(r'href="/meetings/\d+/">(\d\d/\d\d/\d{4})<', page_html)


def test_pages_hold_the_right_meetings_newest_first(world, client):
    for day in range(1, 31):
        hold(world.a1 if day % 2 else world.a2, dt.date(2024, 1, 1) + dt.timedelta(days=day))
    hold(world.b1, dt.date(2024, 3, 1))  # outside the reviewer's committee
    client.force_login(world.reviewer_a)
    first = dates_on(client.get(reverse("meeting_list")).content.decode())
    second = dates_on(client.get(reverse("meeting_list") + "?page=2").content.decode())
    expected = [
        m.date.strftime("%d/%m/%Y")
        for m in Meeting.objects.filter(cell__parent=world.a).order_by(
            "-date", "-start_time", "-id"
        )
    ]
    assert first + second == expected
    assert len(first) == 25 and "01/03/2024" not in first


def test_a_deep_page_costs_the_same_queries_as_the_first(world, client):
    client.force_login(world.reviewer_a)
    hold(world.a1, dt.date(2024, 1, 2))
    client.get(reverse("meeting_list"))  # the session settles
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("meeting_list"))
    for day in range(3, 60):
        hold(world.a2, dt.date(2024, 1, 1) + dt.timedelta(days=day), status="draft")
    with CaptureQueriesContext(connection) as deep:
        response = client.get(reverse("meeting_list") + "?page=3")
    assert len(dates_on(response.content.decode())) == 8
    assert len(deep) == len(one)
