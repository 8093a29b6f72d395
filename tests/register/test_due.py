"""What falls due: probation ending or overdue, exemptions ending this month, attachments overrun."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.due import add_working_days, due_items
from members.models import Attachment, EventKind, MemberEvent, Role
from members.services.proposals import add_months
from minutes.models import CommitteeSettings
from tests.factories import MemberFactory, UserFactory, grant
from tests.review.conftest import build_world, fast_passwords  # noqa: F401 - autouse fixture


@pytest.fixture
def world(db):
    return build_world()


def today() -> dt.date:
    return timezone.localdate()


def d(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


@pytest.fixture
def due_cell(world):
    """One member per case, and one that is not due for each."""
    t = today()
    last_day = t.replace(day=monthrange(t.year, t.month)[1])
    next_month = last_day + dt.timedelta(days=5)
    m = {
        "soon": MemberFactory(
            cell=world.cell,
            full_name="Dự Bị Sắp Hết",
            admitted_on=add_months(t, -12) + dt.timedelta(days=30),
            official_on=None,
        ),
        "overdue": MemberFactory(
            cell=world.cell,
            full_name="Dự Bị Vừa Hết",
            admitted_on=add_months(t, -12) - dt.timedelta(days=5),
            official_on=None,
        ),
        "late": MemberFactory(
            cell=world.cell,
            full_name="Dự Bị Quá Hạn Xét",
            admitted_on=add_months(t, -15),
            official_on=None,
        ),
        "young": MemberFactory(
            cell=world.cell,
            full_name="Dự Bị Mới Vào",
            admitted_on=add_months(t, -6),
            official_on=None,
        ),
        "exempt": MemberFactory(
            cell=world.cell,
            full_name="Miễn Hết Tháng Này",
            exempt_from=t - dt.timedelta(days=300),
            exempt_to=last_day,
        ),
        "exempt_later": MemberFactory(
            cell=world.cell,
            full_name="Miễn Còn Dài",
            exempt_from=t - dt.timedelta(days=300),
            exempt_to=next_month,
        ),
        "away": MemberFactory(
            cell=world.cell, full_name="Đi Quá Hạn", attachment=Attachment.TEMP_OUT
        ),
        "away_ok": MemberFactory(
            cell=world.cell, full_name="Đi Còn Hạn", attachment=Attachment.TEMP_OUT
        ),
        "other_cell": MemberFactory(
            cell=world.other_cell,
            full_name="Dự Bị Chi Bộ Khác",
            admitted_on=add_months(t, -12) + dt.timedelta(days=10),
            official_on=None,
        ),
    }
    MemberEvent.objects.create(
        member=m["away"],
        kind=EventKind.ATTACH_OUT,
        date=t - dt.timedelta(days=200),
        end_date=t - dt.timedelta(days=20),
    )
    MemberEvent.objects.create(
        member=m["away_ok"],
        kind=EventKind.ATTACH_OUT,
        date=t - dt.timedelta(days=200),
        end_date=t + dt.timedelta(days=20),
    )
    return m


@pytest.mark.django_db
def test_due_items_find_each_case(world, due_cell):
    items = due_items(world.committee, today=today())
    found = {(i.member.full_name, i.kind, i.overdue, i.late) for i in items}
    assert found == {
        ("Dự Bị Sắp Hết", "probation", False, False),
        ("Dự Bị Vừa Hết", "probation", True, False),
        ("Dự Bị Quá Hạn Xét", "probation", True, True),
        ("Miễn Hết Tháng Này", "exemption", today() > due_cell["exempt"].exempt_to, False),
        ("Đi Quá Hạn", "attachment", True, False),
        ("Dự Bị Chi Bộ Khác", "probation", False, False),
    }
    soon = next(i for i in items if i.member.full_name == "Dự Bị Sắp Hết")
    assert soon.due == add_months(due_cell["soon"].admitted_on, 12)
    assert soon.window_end == add_working_days(soon.due, 30)
    # Only the cell asked for.
    names = {i.member.full_name for i in due_items(world.cell, today=today())}
    assert "Dự Bị Chi Bộ Khác" not in names and "Dự Bị Sắp Hết" in names


def test_working_days_skip_weekends():
    friday = dt.date(2024, 7, 12)
    assert add_working_days(friday, 1) == dt.date(2024, 7, 15)
    assert add_working_days(friday, 30) == dt.date(2024, 8, 23)


@pytest.mark.django_db
def test_the_committee_settings_decide_the_terms(world, due_cell):
    CommitteeSettings.objects.create(
        organization=world.committee, probation_months=18, due_notice_days=10
    )
    names = {
        i.member.full_name
        for i in due_items(world.committee, today=today())
        if i.kind == "probation"
    }
    # 18 months: nobody's probation ends within 10 days now.
    assert names == set()


@pytest.mark.django_db
def test_due_page_shows_the_cells_items_and_exports(world, due_cell):
    client = Client()
    client.force_login(world.reviewer)
    response = client.get(reverse("register_due"), {"org": world.committee.pk})
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("Dự Bị Sắp Hết", "Dự Bị Quá Hạn Xét", "Miễn Hết Tháng Này", "Đi Quá Hạn"):
        assert name in page
    for name in ("Dự Bị Mới Vào", "Miễn Còn Dài", "Đi Còn Hạn"):
        assert name not in page
    assert 'id="due-late">1<' in page and 'id="due-attachments">1<' in page
    assert "quá thời hạn xét" in page
    assert d(add_months(due_cell["soon"].admitted_on, 12)) in page
    csv = client.get(reverse("register_due"), {"org": world.committee.pk, "format": "csv"})
    body = csv.content.decode("utf-8-sig")
    assert "Dự Bị Quá Hạn Xét" in body and "Hết thời gian dự bị" in body
    xlsx = client.get(reverse("register_due"), {"org": world.committee.pk, "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


@pytest.mark.django_db
def test_due_page_access(world, due_cell):
    recorder = Client()
    recorder.force_login(world.recorder)
    own = recorder.get(reverse("register_due"))
    assert own.status_code == 200 and "Dự Bị Sắp Hết" in own.content.decode()
    assert "Dự Bị Chi Bộ Khác" not in own.content.decode()
    assert recorder.get(reverse("register_due"), {"org": world.other_cell.pk}).status_code == 404
    assert recorder.get(reverse("register_due"), {"org": world.committee.pk}).status_code == 404
    assert recorder.get(reverse("register_due"), {"org": "abc"}).status_code == 404
    member = Client()
    member.force_login(world.member)
    assert member.get(reverse("register_due")).status_code == 403
    viewer = UserFactory(username="viewer")
    grant(viewer, world.committee, Role.VIEWER)
    member.force_login(viewer)
    assert member.get(reverse("register_due"), {"org": world.committee.pk}).status_code == 403
    assert Client().get(reverse("register_due")).status_code == 302
