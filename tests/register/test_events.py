"""Events of a member's standing: state follows, history shows them, leaving locks the account."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import Attachment, EventKind, Member, MemberEvent
from members.services import roster as services
from minutes.audit import verify_chain
from minutes.models import AuditEvent
from minutes.services.meetings import create_meeting
from tests.factories import PASSWORD, MemberFactory, UserFactory
from tests.review.conftest import build_world, fast_passwords  # noqa: F401 - autouse fixture


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def member(world):
    return MemberFactory(
        cell=world.cell, full_name="Đặng Văn Cao", admitted_on=dt.date(2000, 5, 19)
    )


def recorder(world) -> Client:
    client = Client()
    client.force_login(world.recorder)
    return client


def post_event(client, member, **data):
    return client.post(reverse("register_member_event", args=[member.pk]), data)


def log_in(client: Client, username: str):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def d(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


@pytest.mark.django_db
def test_exemption_recorded_changes_the_state_and_shows_on_the_history(world, member):
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=10), today + dt.timedelta(days=200)
    client = recorder(world)
    response = post_event(
        client,
        member,
        kind=EventKind.EXEMPTION,
        date=start.isoformat(),
        end_date=end.isoformat(),
        reason="Tuổi cao, sức khỏe yếu",
        decision_number="12-NQ/CB",
        decision_date=start.isoformat(),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.exempt_from, member.exempt_to, member.exempt_reason) == (
        start,
        end,
        "Tuổi cao, sức khỏe yếu",
    )
    page = client.get(reverse("register_member", args=[member.pk])).content.decode()
    assert "Miễn công tác và sinh hoạt đảng" in page
    assert "Tuổi cao, sức khỏe yếu" in page
    assert f"Số 12-NQ/CB, ngày {d(start)}" in page
    assert f"miễn sinh hoạt đến {d(end)}" in page
    # A meeting today takes the exemption (the snapshot rule is unchanged).
    meeting = create_meeting(
        cell=world.cell, kind="regular", date=today, start_time=dt.time(8), place="Hội trường"
    )
    assert meeting.participants.get(member=member).is_exempt
    assert AuditEvent.objects.filter(action="member_event", comment__contains="Đặng Văn Cao")
    assert verify_chain() == []

    back = today
    assert (
        post_event(client, member, kind=EventKind.EXEMPTION_END, date=back.isoformat()).status_code
        == 302
    )
    member.refresh_from_db()
    assert member.exempt_to == back - dt.timedelta(days=1)
    assert not member.is_exempt_on(today)


@pytest.mark.django_db
def test_attachment_and_suspension_toggle_the_state(world, member):
    today = timezone.localdate()
    by = world.recorder
    services.record_member_event(
        member=member,
        by=by,
        kind=EventKind.ATTACH_OUT,
        date=today - dt.timedelta(days=5),
        end_date=today + dt.timedelta(days=90),
        place="Ban Quản lý dự án tỉnh",
    )
    member.refresh_from_db()
    assert member.attachment == Attachment.TEMP_OUT
    assert member.attachment_place == "Ban Quản lý dự án tỉnh"
    page = recorder(world).get(reverse("register_roster", args=[world.cell.pk])).content.decode()
    assert "sinh hoạt tạm thời nơi khác: Ban Quản lý dự án tỉnh" in page
    services.record_member_event(member=member, by=by, kind=EventKind.ATTACH_END, date=today)
    member.refresh_from_db()
    assert member.attachment == "" and member.attachment_place == ""

    services.record_member_event(
        member=member, by=by, kind=EventKind.SUSPENSION, date=today, reason="Bị khởi tố"
    )
    member.refresh_from_db()
    assert member.suspended
    services.record_member_event(member=member, by=by, kind=EventKind.SUSPENSION_END, date=today)
    member.refresh_from_db()
    assert not member.suspended
    kinds = list(MemberEvent.objects.filter(member=member).values_list("kind", flat=True))
    assert kinds == [
        EventKind.ATTACH_OUT,
        EventKind.ATTACH_END,
        EventKind.SUSPENSION,
        EventKind.SUSPENSION_END,
    ]
    assert verify_chain() == []


@pytest.mark.django_db
def test_leaving_takes_the_member_off_the_roster_and_locks_the_account(world):
    member = Member.objects.get(user=world.member)
    login = Client()
    assert log_in(login, "member").status_code == 302
    today = timezone.localdate()
    response = post_event(
        recorder(world),
        member,
        kind=EventKind.TRANSFER_OUT,
        date=today.isoformat(),
        reason="Chuyển công tác",
        place="Đảng bộ Sở Tài chính",
        decision_number="45-QĐ/ĐU",
        decision_date=today.isoformat(),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on == today and member.left_reason == "Chuyển công tác"
    world.member.refresh_from_db()
    assert not world.member.is_active
    refused = log_in(Client(), "member")
    assert refused.status_code == 200 and not refused.wsgi_request.user.is_authenticated
    # The session already open no longer works either.
    assert login.get(reverse("register_home")).status_code == 302
    assert AuditEvent.objects.filter(action="account_deactivated").count() == 1
    page = recorder(world).get(reverse("register_roster", args=[world.cell.pk]))
    left = page.content.decode().split('id="left-members"')[1]
    assert "Lê Thị Thu Hằng" in left and d(today) in left
    assert not Member.objects.on_roster(world.cell, today).filter(pk=member.pk).exists()
    assert verify_chain() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "exemption", "date": "2024-13-01"}, "Ngày không hợp lệ"),
        ({"kind": "exemption", "date": "2099-01-01"}, "không được quá 31 ngày"),
        ({"kind": "attach_out", "date": "TODAY+1", "place": "X"}, "không được ở tương lai"),
        (
            {"kind": "exemption", "date": "TODAY", "end_date": "TODAY-1"},
            "Ngày kết thúc không được trước",
        ),
        ({"kind": "death", "date": "TODAY", "end_date": "TODAY"}, "không có ngày kết thúc"),
        ({"kind": "attach_out", "date": "TODAY"}, "Hãy ghi nơi sinh hoạt tạm thời"),
        ({"kind": "suspension_end", "date": "TODAY"}, "không bị đình chỉ"),
        ({"kind": "attach_end", "date": "TODAY"}, "không đang sinh hoạt tạm thời"),
        ({"kind": "exemption_end", "date": "TODAY"}, "không đang được miễn"),
        ({"kind": "exemption", "date": "1990-01-01"}, "trước ngày vào Đảng"),
        ({"kind": "recognized", "date": "TODAY"}, "hợp lệ"),
        (
            {"kind": "removal", "date": "TODAY", "decision_number": "1-QĐ"},
            "Hãy ghi ngày của quyết định",
        ),
        (
            {"kind": "removal", "date": "TODAY", "decision_date": "2099-01-01"},
            "Ngày quyết định không được ở tương lai",
        ),
        ({"kind": "removal", "date": "", "reason": "x" * 600}, "bắt buộc"),
    ],
)
def test_bad_event_input_comes_back_with_a_message(world, member, data, message):
    today = timezone.localdate()
    values = {}
    for key, value in data.items():
        if value.startswith("TODAY"):
            offset = int(value[5:] or 0)
            value = (today + dt.timedelta(days=offset)).isoformat()
        values[key] = value
    values.setdefault("reason", "Lý do đã ghi")
    response = post_event(recorder(world), member, **values)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert MemberEvent.objects.filter(member=member).count() == 0
    if len(values["reason"]) < 500:
        assert "Lý do đã ghi" in page  # nothing typed is lost


@pytest.mark.django_db
def test_a_member_who_left_takes_no_more_events(world, member):
    today = timezone.localdate()
    services.record_member_event(member=member, by=world.recorder, kind=EventKind.DEATH, date=today)
    with pytest.raises(services.RosterError, match="đã ra khỏi chi bộ"):
        services.record_member_event(
            member=member, by=world.recorder, kind=EventKind.SUSPENSION, date=today
        )


@pytest.mark.django_db
def test_another_cells_recorder_cannot_record(world, member):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.record_member_event(
            member=member,
            by=world.other_recorder,
            kind=EventKind.SUSPENSION,
            date=timezone.localdate(),
        )
    outsider = Client()
    outsider.force_login(world.other_recorder)
    assert post_event(outsider, member, kind="suspension", date="2024-01-01").status_code == 404
    stranger = UserFactory(username="stranger")
    outsider.force_login(stranger)
    assert post_event(outsider, member, kind="suspension", date="2024-01-01").status_code == 404
