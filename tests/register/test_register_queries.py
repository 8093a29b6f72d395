"""Query counts of the register's list pages do not grow with the number of members."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Attachment, EventKind, Member, MemberEvent
from members.services.proposals import add_months
from tests.review.conftest import build_world, fast_passwords  # noqa: F401 - autouse fixture

# Session and user; the user's grants (one query answers every role:
# members.access); the cell; its members; and a few reads of the page's own.
# Viewing writes nothing: the session is saved only every few minutes.
ROSTER_QUERIES = 8
# Session and user; scope choices; the user's grants; the organization; the
# settings that can apply; the members due.
DUE_QUERIES = 10


@pytest.fixture
def world(db):
    return build_world()


def populate(cell, count: int) -> None:
    """`count` members in every state the pages show, in bulk."""
    today = timezone.localdate()
    members = []
    for i in range(count):
        kind = i % 5
        members.append(
            Member(
                cell=cell,
                full_name=f"Nguyễn Văn Số {i:04d}",
                search_name=f"nguyen van so {i:04d}",
                gender="m",
                admitted_on=add_months(today, -12) + dt.timedelta(days=10)
                if kind == 0
                else dt.date(2010, 1, 1),
                official_on=None if kind == 0 else dt.date(2011, 1, 1),
                exempt_from=dt.date(2020, 1, 1) if kind == 1 else None,
                exempt_to=today if kind == 1 else None,
                attachment=Attachment.TEMP_OUT if kind == 2 else "",
                suspended=kind == 3,
            )
        )
    Member.objects.bulk_create(members)
    away = Member.objects.filter(cell=cell, attachment=Attachment.TEMP_OUT)
    MemberEvent.objects.bulk_create(
        MemberEvent(
            member=m,
            kind=EventKind.ATTACH_OUT,
            date=today - dt.timedelta(days=100),
            end_date=today - dt.timedelta(days=10),
        )
        for m in away
    )


def count_queries(client: Client, url: str, params: dict | None = None) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries), response.content


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 500])
def test_roster_page_query_count_is_fixed(world, size, django_assert_num_queries):
    populate(world.cell, size)
    client = Client()
    client.force_login(world.recorder)
    url = reverse("register_roster", args=[world.cell.pk])
    with django_assert_num_queries(ROSTER_QUERIES):
        response = client.get(url)
    assert response.content.decode().count('id="member-') == size + 1


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 500])
def test_due_list_query_count_is_fixed(world, size, django_assert_num_queries):
    populate(world.cell, size)
    client = Client()
    client.force_login(world.reviewer)
    with django_assert_num_queries(DUE_QUERIES):
        response = client.get(reverse("register_due"), {"org": world.committee.pk})
    page = response.content.decode()
    # Probation, exemption and attachment: three of every five members (200 a page).
    assert page.count('class="due-') == min(3 * size // 5, 200)


@pytest.mark.django_db
def test_home_and_pending_query_counts_do_not_grow_with_cells(world, django_assert_max_num_queries):
    from tests.factories import CellFactory

    client = Client()
    client.force_login(world.reviewer)
    client.get(reverse("register_home"))  # the session settles
    small, _ = count_queries(client, reverse("register_home"))
    for i in range(60):
        CellFactory(parent=world.committee, name=f"Chi bộ {i}")
    large, _ = count_queries(client, reverse("register_home"))
    assert small == large
    pending_small, _ = count_queries(client, reverse("register_pending"))
    assert pending_small <= 8
