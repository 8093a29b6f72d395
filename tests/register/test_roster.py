"""The roster of a cell: what the page shows, counts equal to a meeting's, keeping it, access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from lxml import html

from members.models import Attachment, EventKind, Member, MemberEvent, Position, Role
from members.services import roster as services
from minutes import rules as minutes_rules
from minutes.audit import verify_chain
from minutes.models import AuditEvent
from minutes.services.meetings import create_meeting
from tests.factories import CellFactory, MemberFactory, UserFactory, grant, mark_everyone_present
from tests.review.conftest import build_world, fast_passwords  # noqa: F401 - autouse fixture

ROLES = ("anonymous", "member", "recorder", "chair", "reviewer", "other_recorder", "admin")


@pytest.fixture
def world(db):
    return build_world()


def client_for(world, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def text_of(response, element_id: str) -> str:
    node = html.fromstring(response.content.decode()).get_element_by_id(element_id)
    return " ".join(node.text_content().split())


def fill_cell(cell) -> dict[str, Member]:
    """A cell with one member in each state the roster shows."""
    today = timezone.localdate()
    return {
        "secretary": MemberFactory(cell=cell, full_name="Tô Thái Hòa", position=Position.SECRETARY),
        "official": MemberFactory(cell=cell, full_name="Nguyễn Thị Thu Trang"),
        "probationary": MemberFactory(
            cell=cell,
            full_name="Phan Văn Dự",
            admitted_on=today - dt.timedelta(days=100),
            official_on=None,
        ),
        "exempt": MemberFactory(
            cell=cell,
            full_name="Đặng Văn Cao",
            exempt_from=today - dt.timedelta(days=30),
            exempt_to=today + dt.timedelta(days=30),
            exempt_reason="Tuổi cao",
        ),
        "away": MemberFactory(
            cell=cell,
            full_name="Lê Văn Đi",
            attachment=Attachment.TEMP_OUT,
            attachment_place="Sở Xây dựng",
        ),
        "guest": MemberFactory(
            cell=cell,
            full_name="Hồ Văn Đến",
            attachment=Attachment.TEMP_IN,
            attachment_place="Huyện Can Lộc",
        ),
        "suspended": MemberFactory(cell=cell, full_name="Trịnh Văn Treo", suspended=True),
        "left": MemberFactory(
            cell=cell,
            full_name="Võ Văn Chuyển",
            left_on=today - dt.timedelta(days=3),
            left_reason="Chuyển sinh hoạt đảng chính thức",
        ),
    }


@pytest.mark.django_db
def test_roster_shows_classes_states_and_counts_equal_to_a_meeting_of_today(world):
    members = fill_cell(world.cell)
    response = client_for(world, "recorder").get(reverse("register_roster", args=[world.cell.pk]))
    assert response.status_code == 200
    roster = text_of(response, "roster")
    for key in ("secretary", "official", "probationary", "exempt", "away", "guest", "suspended"):
        assert members[key].full_name in roster
    assert "Võ Văn Chuyển" not in roster
    left = text_of(response, "left-members")
    assert "Võ Văn Chuyển" in left
    exempt_row = text_of(response, f"member-{members['exempt'].pk}")
    exempt_to = members["exempt"].exempt_to
    assert f"miễn sinh hoạt đến {exempt_to.day}/{exempt_to.month}/{exempt_to.year}" in exempt_row
    assert "sinh hoạt tạm thời nơi khác: Sở Xây dựng" in text_of(
        response, f"member-{members['away'].pk}"
    )
    assert "sinh hoạt tạm thời tại chi bộ" in text_of(response, f"member-{members['guest'].pk}")
    assert "đình chỉ sinh hoạt" in text_of(response, f"member-{members['suspended'].pk}")
    assert "dự bị" in text_of(response, f"member-{members['probationary'].pk}")
    assert "chính thức" in text_of(response, f"member-{members['official'].pk}")

    meeting = create_meeting(
        cell=world.cell,
        kind="regular",
        date=timezone.localdate(),
        start_time=dt.time(8, 0),
        place="Hội trường",
    )
    # The page's ratio is the one "nếu tất cả có mặt": as after "Đánh dấu tất cả có mặt".
    mark_everyone_present(meeting)
    figures = minutes_rules.attendance_figures(list(meeting.participants.all()))
    shown = {
        key: text_of(response, f"fig-{key}").split()[0]
        for key in (
            "total",
            "official",
            "probationary",
            "exempt",
            "temp-out",
            "temp-in",
            "suspended",
            "expected",
        )
    }
    assert shown == {
        "total": str(figures.total),
        "official": str(figures.official),
        "probationary": str(figures.probationary),
        "exempt": str(figures.exempt),
        "temp-out": str(figures.temp_out),
        "temp-in": str(figures.temp_in),
        "suspended": str(figures.suspended),
        "expected": str(figures.expected),
    }
    # The world's own member is on the roster too: 1 + 7 on it today, 6 of the cell's own.
    assert figures.total == 7 and figures.expected == 5
    assert f"{figures.ratio}" in text_of(response, "fig-expected")
    assert figures.ratio == "5/5"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_roster_exports(world, fmt):
    fill_cell(world.cell)
    response = client_for(world, "reviewer").get(
        reverse("register_roster", args=[world.cell.pk]), {"format": fmt}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "csv":
        body = response.content.decode("utf-8-sig")
        assert "Họ và tên" in body and "Đặng Văn Cao" in body and "Tuổi cao" in body
        assert "Võ Văn Chuyển" not in body
    bad = client_for(world, "reviewer").get(
        reverse("register_roster", args=[world.cell.pk]), {"format": "pdf"}
    )
    assert bad.status_code == 404


@pytest.mark.django_db
def test_home_lists_cells_in_reach_with_counts(world):
    fill_cell(world.cell)
    response = client_for(world, "reviewer").get(reverse("register_home"))
    cells = text_of(response, "register-cells")
    assert world.cell.name in cells and world.other_cell.name in cells
    links = text_of(response, "register-links")
    assert "Chờ quyết định của cấp trên" in links
    assert "Nhập từ tệp" in links and "Tài khoản và phân quyền" in links
    response = client_for(world, "recorder").get(reverse("register_home"))
    cells = text_of(response, "register-cells")
    assert world.cell.name in cells and world.other_cell.name not in cells
    assert "Chờ quyết định của cấp trên" not in response.content.decode()
    response = client_for(world, "member").get(reverse("register_home"))
    assert response.status_code == 200
    assert "Lý lịch đảng viên của tôi" in response.content.decode()


@pytest.mark.django_db
def test_home_paginates_hundreds_of_cells(world):
    for i in range(120):
        CellFactory(parent=world.committee, name=f"Chi bộ Thôn {i:03d}")
    response = client_for(world, "reviewer").get(reverse("register_home"))
    assert "Trang 1/3" in response.content.decode()
    response = client_for(world, "reviewer").get(reverse("register_home"), {"page": "x"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_keeper_adds_and_edits_a_member(world):
    client = client_for(world, "recorder")
    response = client.post(
        reverse("register_member_add", args=[world.cell.pk]),
        {
            "full_name": "Nguyễn Văn Mới",
            "gender": "m",
            "birth_date": "15/3/1990",
            "card_number": "79.012345",
            "admitted_on": "2/9/2015",
            "official_on": "2/9/2016",
            "position": Position.MEMBER,
            "job_title": "Chuyên viên",
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(full_name="Nguyễn Văn Mới")
    assert member.admitted_on == dt.date(2015, 9, 2) and member.card_number == "79.012345"
    page = client.get(reverse("register_roster", args=[world.cell.pk]))
    assert "Nguyễn Văn Mới" in page.content.decode()
    assert AuditEvent.objects.filter(action="member_added", comment__contains="Nguyễn Văn Mới")
    assert verify_chain() == []

    response = client.post(
        reverse("register_member_edit", args=[member.pk]),
        {
            "full_name": "Nguyễn Văn Mới",
            "gender": "m",
            "birth_date": "1990-03-15",
            "card_number": "79.012345",
            "admitted_on": "2015-09-02",
            "official_on": "2016-09-02",
            "position": Position.COMMITTEE_MEMBER,
            "job_title": "Phó Trưởng phòng",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.position == Position.COMMITTEE_MEMBER
    history = client.get(reverse("register_member", args=[member.pk])).content.decode()
    assert "Sửa thông tin" in history and "chức vụ trong chi bộ" in history
    assert verify_chain() == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"full_name": "  "}, "full_name", "Trường này là bắt buộc"),
        ({"admitted_on": "31/02/2019"}, "admitted_on", "Ngày không hợp lệ"),
        (
            {"admitted_on": "2015-09-02", "official_on": "2014-01-01"},
            "official_on",
            "không được trước ngày vào Đảng",
        ),
        ({"admitted_on": "2099-01-01"}, "admitted_on", "không được ở tương lai"),
        ({"birth_date": "2020-01-01"}, "birth_date", "Ngày sinh phải trước ngày vào Đảng"),
        ({"gender": "x"}, "gender", "hợp lệ"),
        ({"full_name": "A" * 500}, "full_name", "120"),
    ],
)
def test_bad_member_input_comes_back_with_a_message(world, changes, field, message):
    data = {
        "full_name": "Nguyễn Văn Mới",
        "gender": "m",
        "admitted_on": "2015-09-02",
        "position": Position.MEMBER,
        **changes,
    }
    response = client_for(world, "recorder").post(
        reverse("register_member_add", args=[world.cell.pk]), data
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'id="error_1_id_{field}"' in page or "invalid-feedback" in page
    assert not Member.objects.filter(full_name="Nguyễn Văn Mới").exists()
    if field != "full_name":
        assert 'value="Nguyễn Văn Mới"' in page  # nothing typed is lost


@pytest.mark.django_db
def test_service_refuses_people_who_do_not_keep_the_roster(world):
    from django.core.exceptions import PermissionDenied

    for user in (world.member, world.other_recorder):
        with pytest.raises(PermissionDenied):
            services.add_member(
                cell=world.cell, by=user, full_name="X", gender="m", admitted_on=dt.date(2015, 1, 1)
            )
    viewer = UserFactory(username="viewer")
    grant(viewer, world.committee, Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.add_member(
            cell=world.cell, by=viewer, full_name="X", gender="m", admitted_on=dt.date(2015, 1, 1)
        )


# --- access: every new URL × role --------------------------------------------------

#                                 anon mem rec chair rev other admin
MATRIX = {
    "register_home": (None, "302 200 200 200 200 200 200"),
    "register_roster": ("cell", "302 404 200 200 200 404 200"),
    "register_member_add": ("cell", "302 404 200 200 200 404 200"),
    "register_member": ("other_member", "302 404 200 200 200 404 200"),
    "register_member_edit": ("other_member", "302 404 200 200 200 404 200"),
    "register_member_event": ("other_member", "302 404 200 200 200 404 200"),
    "register_due": (None, "302 403 200 200 200 200 200"),
    "register_pending": (None, "302 403 403 403 200 403 200"),
    "register_proposal_decide": ("proposal", "302 404 404 404 200 404 200"),
    "register_proposal_reject": ("proposal", "302 405 405 405 405 405 405"),
}


def matrix_kwargs(world, target: str | None) -> dict:
    if target is None:
        return {}
    if target == "cell":
        return {"pk": world.cell.pk}
    if target == "other_member":
        return {"pk": world.items["other_member"].pk}
    return {"pk": world.items["proposal"].pk}


@pytest.fixture
def matrix_world(world):
    from members.models import RegisterProposal
    from minutes.models import Decision, DecisionKind, MinutesStatus
    from tests.factories import meeting_with_parts

    other = MemberFactory(cell=world.cell, full_name="Phạm Văn Khác")
    meeting = meeting_with_parts(world.cell, members=0, decisions=0, complete=False)
    decision = Decision.objects.create(
        meeting=meeting, order=1, kind=DecisionKind.DISCIPLINE, text="Khiển trách", votes_for=1
    )
    type(meeting).objects.filter(pk=meeting.pk).update(status=MinutesStatus.APPROVED)
    proposal = RegisterProposal.objects.create(
        decision=decision, meeting=meeting, cell=world.cell, kind=decision.kind, member=other
    )
    world.items = {"other_member": other, "proposal": proposal}
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access_matrix(matrix_world, name):
    target, statuses = MATRIX[name]
    url = reverse(name, kwargs=matrix_kwargs(matrix_world, target))
    got = {}
    for role in ROLES:
        got[role] = client_for(matrix_world, role).get(url).status_code
    expected = dict(zip(ROLES, (int(s) for s in statuses.split()), strict=True))
    assert got == expected


@pytest.mark.django_db
def test_a_plain_member_sees_only_their_own_record(world):
    own = Member.objects.get(user=world.member)
    other = MemberFactory(cell=world.cell, full_name="Phạm Văn Khác")
    client = client_for(world, "member")
    assert client.get(reverse("register_member", args=[own.pk])).status_code == 200
    assert client.get(reverse("register_member", args=[other.pk])).status_code == 404
    assert client.get(reverse("register_member_edit", args=[own.pk])).status_code == 403
    assert client.get(reverse("register_member_event", args=[own.pk])).status_code == 403


@pytest.mark.django_db
def test_viewer_reads_but_does_not_keep(world):
    viewer = UserFactory(username="viewer")
    grant(viewer, world.committee, Role.VIEWER)
    client = Client()
    client.force_login(viewer)
    page = client.get(reverse("register_roster", args=[world.cell.pk]))
    assert page.status_code == 200 and "Thêm đảng viên" not in page.content.decode()
    assert client.get(reverse("register_member_add", args=[world.cell.pk])).status_code == 403
    recorder_page = client_for(world, "recorder").get(
        reverse("register_roster", args=[world.cell.pk])
    )
    assert "Thêm đảng viên" in recorder_page.content.decode()


@pytest.mark.django_db
def test_member_text_is_escaped(world):
    MemberFactory(cell=world.cell, full_name="<script>alert(1)</script>", job_title="<b>x</b>")
    page = client_for(world, "recorder").get(reverse("register_roster", args=[world.cell.pk]))
    body = page.content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
    assert MemberEvent.objects.filter(kind=EventKind.JOINED).count() == 0
