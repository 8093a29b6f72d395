"""Accounts and roles without the admin: committee staff make accounts from the roster,
print the codes once, grant and revoke roles within their own part of the tree."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import activation
from members.models import ActivationCode, Member, Organization, OrganizationKind, Role, RoleGrant
from members.services import accounts as services
from minutes.audit import Action, verify_chain
from minutes.models import AuditEvent
from tests.factories import (
    PASSWORD,
    CellFactory,
    CommitteeFactory,
    MemberFactory,
    UserFactory,
    grant,
)

User = get_user_model()
CODE_RE = re.compile(r"\b[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}\b")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def clean_cache():
    # The activation pages count failures per client address in the cache.
    cache.clear()
    yield
    cache.clear()


class Tree:
    """Province → committee A (cells A1, A2), committee B (cell B1); one account per role."""

    def __init__(self) -> None:
        self.province = CommitteeFactory(
            name="Đảng bộ Tỉnh", kind=OrganizationKind.PROVINCIAL_COMMITTEE
        )
        self.committee = CommitteeFactory(name="Đảng bộ Cơ quan A", parent=self.province)
        self.cell = CellFactory(parent=self.committee, name="Chi bộ Quản lý đô thị")
        self.cell2 = CellFactory(parent=self.committee, name="Chi bộ Tài chính")
        self.other_committee = CommitteeFactory(name="Đảng bộ Cơ quan B", parent=self.province)
        self.other_cell = CellFactory(parent=self.other_committee, name="Chi bộ Giáo dục")
        self.reviewer = UserFactory(username="reviewer", first_name="Đức", last_name="Nguyễn Duy")
        grant(self.reviewer, self.committee, Role.REVIEWER)
        self.other_reviewer = UserFactory(username="other_reviewer")
        grant(self.other_reviewer, self.other_committee, Role.REVIEWER)
        self.recorder = UserFactory(username="recorder")
        grant(self.recorder, self.cell, Role.RECORDER)
        self.admin = UserFactory(username="admin", is_superuser=True, is_staff=True)
        names = ["Nguyễn Thị Thu Trang", "Trần Văn Hùng", "Lê Thị Hằng"]
        self.members = [MemberFactory(cell=self.cell, full_name=name) for name in names]
        self.other_member_user = UserFactory(username="b.member")
        MemberFactory(cell=self.other_cell, full_name="Phạm Văn Bình", user=self.other_member_user)


@pytest.fixture
def tree(db) -> Tree:
    return Tree()


def login(client, user):
    client.force_login(user)
    return client


def create_all(client, tree, role=""):
    url = reverse("accounts_create_for_cell", args=[tree.cell.pk])
    data = {"members": [m.pk for m in tree.members], "role": role}
    return client.post(url, data)


# --- creating accounts from the roster ------------------------------------------


def test_reviewer_creates_three_accounts_in_one_post_and_sees_the_sheet_once(client, tree):
    login(client, tree.reviewer)
    page = client.get(reverse("accounts_create_for_cell", args=[tree.cell.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for member in tree.members:
        assert member.full_name in html
    # All members are checked by default.
    assert html.count("checked") == 3

    response = create_all(client, tree)
    assert response.status_code == 302
    sheet = client.get(response["Location"])
    assert sheet.status_code == 200
    text = sheet.content.decode()
    codes = CODE_RE.findall(text)
    assert len(set(codes)) == 3
    for member in tree.members:
        assert member.full_name in text
    assert "trang.ntt" in text
    assert "Chi bộ Quản lý đô thị" in text
    assert "http://testserver/activate/" in text
    assert "no-store" in sheet["Cache-Control"]

    # Stored: accounts linked to the members, unusable passwords, hashes only.
    for member in tree.members:
        member.refresh_from_db()
        assert member.user is not None
        assert not member.user.has_usable_password()
    assert ActivationCode.objects.count() == 3
    stored = set(ActivationCode.objects.values_list("code_hash", flat=True))
    assert stored == {activation.hash_code(code) for code in codes}
    for code in codes:
        assert code not in stored
        assert activation.normalise(code) not in stored
        for session in Session.objects.all():
            assert code not in str(session.get_decoded())

    # A reload shows no codes, and offers new ones.
    again = client.get(response["Location"])
    assert again.status_code == 200
    assert CODE_RE.findall(again.content.decode()) == []
    assert "đã hiện một lần" in again.content.decode()
    assert "Cấp mã mới" in again.content.decode()


def test_reload_can_issue_new_codes_and_the_old_ones_stop_working(client, tree):
    login(client, tree.reviewer)
    sheet_url = create_all(client, tree)["Location"]
    old = CODE_RE.findall(client.get(sheet_url).content.decode())
    response = client.post(sheet_url)
    assert response.status_code == 302
    new = CODE_RE.findall(client.get(response["Location"]).content.decode())
    assert len(set(new)) == 3 and not set(new) & set(old)
    assert ActivationCode.objects.count() == 3
    for code in old:
        assert activation.lookup(code).state == activation.CodeState.INVALID
    for code in new:
        assert activation.lookup(code).state == activation.CodeState.VALID


def test_usernames_are_accent_free_and_unique():
    assert services.username_base("Nguyễn Thị Thu Trang") == "trang.ntt"
    assert services.username_base("Đỗ Đức") == "duc.d"
    assert services.username_base("Hòa") == "hoa"
    assert services.username_base("  ") == "dangvien"


@pytest.mark.django_db
def test_username_gets_a_numeric_suffix_when_taken(tree):
    UserFactory(username="trang.ntt")
    UserFactory(username="trang.ntt2")
    member = MemberFactory(cell=tree.cell, full_name="Nguyễn Thị Thu Trang")
    (created,) = services.create_accounts_for_members([member], tree.reviewer)
    assert created.user.username == "trang.ntt3"
    assert created.user.first_name == "Trang"
    assert created.user.last_name == "Nguyễn Thị Thu"


def test_role_given_with_the_accounts(client, tree):
    login(client, tree.reviewer)
    create_all(client, tree, role=Role.VIEWER)
    for member in tree.members:
        member.refresh_from_db()
        assert RoleGrant.objects.filter(
            user=member.user, organization=tree.cell, role=Role.VIEWER
        ).exists()


def test_blank_selection_and_bad_role_give_messages(client, tree):
    login(client, tree.reviewer)
    url = reverse("accounts_create_for_cell", args=[tree.cell.pk])
    response = client.post(url, {"role": ""})
    assert response.status_code == 200
    assert "Chọn ít nhất một đảng viên." in response.content.decode()
    response = client.post(url, {"members": [tree.members[0].pk], "role": Role.REVIEWER})
    assert "Chọn một vai trò trong danh sách." in response.content.decode()
    response = client.post(url, {"members": ["abc", "99999"]})
    assert response.status_code == 200
    assert "không còn trong danh sách chưa có tài khoản" in response.content.decode()
    assert User.objects.filter(member__isnull=False, member__cell=tree.cell).count() == 0


def test_staff_account_gets_its_role_and_a_code(client, tree):
    login(client, tree.reviewer)
    response = client.post(
        reverse("accounts_new_staff"),
        {
            "full_name": "Võ Thị Mai",
            "username": "",
            "email": "mai@example.org",
            "organization": tree.committee.pk,
            "role": Role.VIEWER,
        },
    )
    assert response.status_code == 302
    sheet = client.get(response["Location"]).content.decode()
    assert len(set(CODE_RE.findall(sheet))) == 1
    user = User.objects.get(username="mai.vt")
    assert user.email == "mai@example.org"
    assert RoleGrant.objects.filter(user=user, organization=tree.committee, role=Role.VIEWER)


def test_staff_account_bad_input(client, tree):
    login(client, tree.reviewer)
    url = reverse("accounts_new_staff")
    base = {"full_name": "Võ Thị Mai", "organization": tree.committee.pk, "role": Role.VIEWER}
    cases = [
        ({"full_name": ""}, "Nhập họ và tên."),
        ({"username": "Mai Võ!"}, "Tên đăng nhập chỉ gồm chữ thường không dấu"),
        ({"username": "reviewer"}, "Tên đăng nhập này đã có người dùng."),
        ({"email": "không-phải-thư"}, "Địa chỉ thư điện tử không hợp lệ."),
        ({"organization": "99999"}, "Chọn một tổ chức trong phạm vi bạn quản lý."),
        ({"organization": tree.province.pk}, "Chọn một tổ chức trong phạm vi bạn quản lý."),
        ({"organization": tree.cell.pk, "role": Role.REVIEWER}, "không giao trên chi bộ"),
    ]
    for change, message in cases:
        response = client.post(url, {**base, **change})
        assert response.status_code == 200, change
        assert message in response.content.decode(), change
    # What was typed comes back.
    assert 'value="Võ Thị Mai"' in response.content.decode()
    assert not User.objects.filter(first_name="Mai").exists()


# --- roles ---------------------------------------------------------------------


def test_granted_recorder_can_start_a_meeting(client, tree):
    login(client, tree.reviewer)
    create_all(client, tree)
    member = Member.objects.get(pk=tree.members[1].pk)
    user = member.user
    user.set_password(PASSWORD)
    user.save()
    other = type(client)()
    other.force_login(user)
    assert other.get(reverse("recording_start")).status_code == 403

    response = client.post(
        reverse("accounts_grant", args=[user.pk]),
        {"role": Role.RECORDER, "organization": tree.cell.pk},
    )
    assert response.status_code == 302
    page = client.get(reverse("accounts_user", args=[user.pk])).content.decode()
    assert "Thư ký (ghi biên bản)" in page
    assert "Đã giao vai trò" in page

    assert other.get(reverse("recording_start")).status_code == 200

    grant_row = RoleGrant.objects.get(user=user, role=Role.RECORDER)
    response = client.post(reverse("accounts_revoke", args=[user.pk, grant_row.pk]))
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=grant_row.pk).exists()
    assert other.get(reverse("recording_start")).status_code == 403

    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count(Action.ACCOUNT_CREATED) == 3
    assert Action.ROLE_GRANTED in actions and Action.ROLE_REVOKED in actions
    event = AuditEvent.objects.get(action=Action.ROLE_GRANTED)
    assert event.organization_id == tree.cell.pk
    assert verify_chain() == []


def test_grant_bad_input(client, tree):
    login(client, tree.reviewer)
    url = reverse("accounts_grant", args=[tree.recorder.pk])
    for data, message in [
        ({"role": Role.VIEWER, "organization": "junk"}, "Chọn một tổ chức trong phạm vi"),
        ({"role": Role.VIEWER, "organization": ""}, "Chọn một tổ chức trong phạm vi"),
        ({"role": "boss", "organization": tree.cell.pk}, "Chọn một vai trò trong danh sách."),
        ({"role": Role.RECORDER, "organization": tree.cell.pk}, "đã có vai trò này"),
        ({"role": Role.REVIEWER, "organization": tree.cell.pk}, "không giao trên chi bộ"),
    ]:
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert message in response.content.decode(), data
    assert RoleGrant.objects.filter(user=tree.recorder).count() == 1


def test_staff_never_reach_another_committee_nor_above(client, tree):
    login(client, tree.reviewer)
    # Committee B's accounts and cells are invisible.
    assert client.get(reverse("accounts_user", args=[tree.other_member_user.pk])).status_code == 404
    assert client.get(reverse("accounts_user", args=[tree.other_reviewer.pk])).status_code == 404
    url = reverse("accounts_create_for_cell", args=[tree.other_cell.pk])
    assert client.get(url).status_code == 404
    assert (
        client.post(reverse("accounts_grant", args=[tree.other_member_user.pk])).status_code == 404
    )
    listing = client.get(reverse("accounts_list")).content.decode()
    assert "b.member" not in listing and "other_reviewer" not in listing
    # Nor grant on committee B or the province, to someone they do manage.
    for org in (tree.other_committee, tree.other_cell, tree.province):
        response = client.post(
            reverse("accounts_grant", args=[tree.recorder.pk]),
            {"role": Role.VIEWER, "organization": org.pk},
        )
        assert "Chọn một tổ chức trong phạm vi bạn quản lý." in response.content.decode()
        assert org.name not in _options(response.content.decode())
    assert RoleGrant.objects.filter(user=tree.recorder).count() == 1
    # The services refuse it too, whatever a page lets through.
    with pytest.raises(PermissionDenied):
        services.grant_role(tree.recorder, tree.province, Role.VIEWER, tree.reviewer)
    with pytest.raises(PermissionDenied):
        services.grant_role(tree.other_member_user, tree.cell, Role.VIEWER, tree.reviewer)
    with pytest.raises(PermissionDenied):
        services.create_accounts_for_members([MemberFactory(cell=tree.other_cell)], tree.reviewer)


def _options(html: str) -> str:
    return " ".join(re.findall(r"<option[^>]*>([^<]*)</option>", html))


def test_account_owned_partly_above_cannot_be_locked_from_below(client, tree):
    # The province reviewer also views cell A1: committee A's staff sees the
    # account but may not lock it, issue it a code, or take its province role.
    boss = UserFactory(username="boss")
    grant(boss, tree.province, Role.REVIEWER)
    viewer_grant = grant(boss, tree.cell, Role.VIEWER)
    login(client, tree.reviewer)
    page = client.get(reverse("accounts_user", args=[boss.pk])).content.decode()
    assert "ngoài phạm vi của bạn" in page
    assert "Đảng bộ Tỉnh" not in page
    client.post(reverse("accounts_deactivate", args=[boss.pk]))
    client.post(reverse("accounts_issue_code", args=[boss.pk]))
    boss.refresh_from_db()
    assert boss.is_active and not ActivationCode.objects.filter(user=boss).exists()
    province_grant = RoleGrant.objects.get(user=boss, organization=tree.province)
    response = client.post(reverse("accounts_revoke", args=[boss.pk, province_grant.pk]))
    assert response.status_code == 404
    # The grant within reach can be revoked.
    client.post(reverse("accounts_revoke", args=[boss.pk, viewer_grant.pk]))
    assert not RoleGrant.objects.filter(pk=viewer_grant.pk).exists()


def test_superusers_and_oneself_are_not_changed_by_staff(client, tree):
    grant(tree.admin, tree.cell, Role.VIEWER)
    login(client, tree.reviewer)
    response = client.post(reverse("accounts_deactivate", args=[tree.admin.pk]), follow=True)
    assert "Không thể thay đổi tài khoản quản trị hệ thống." in response.content.decode()
    response = client.post(
        reverse("accounts_grant", args=[tree.admin.pk]),
        {"role": Role.RECORDER, "organization": tree.cell.pk},
        follow=True,
    )
    assert "Không thể thay đổi tài khoản quản trị hệ thống." in response.content.decode()
    response = client.post(reverse("accounts_deactivate", args=[tree.reviewer.pk]), follow=True)
    assert "Bạn không thể tự khóa tài khoản của mình." in response.content.decode()
    response = client.post(
        reverse("accounts_grant", args=[tree.reviewer.pk]),
        {"role": Role.RECORDER, "organization": tree.cell.pk},
        follow=True,
    )
    assert "Bạn không tự phân quyền cho mình" in response.content.decode()
    tree.admin.refresh_from_db()
    tree.reviewer.refresh_from_db()
    assert tree.admin.is_active and tree.reviewer.is_active
    assert not RoleGrant.objects.filter(user=tree.reviewer, role=Role.RECORDER).exists()


def test_deactivated_account_cannot_log_in_and_reactivated_can(client, tree):
    tree.recorder.set_password(PASSWORD)
    tree.recorder.save()
    login(client, tree.reviewer)
    response = client.post(
        reverse("accounts_deactivate", args=[tree.recorder.pk]), {"reason": "Chuyển công tác"}
    )
    assert response.status_code == 302
    page = client.get(reverse("accounts_user", args=[tree.recorder.pk])).content.decode()
    assert "Đã khóa" in page and "Mở khóa tài khoản" in page
    event = AuditEvent.objects.get(action=Action.ACCOUNT_DEACTIVATED)
    assert "Chuyển công tác" in event.comment and event.organization_id == tree.cell.pk

    anon = type(client)()
    attempt = anon.post(reverse("login"), {"username": "recorder", "password": PASSWORD})
    assert attempt.status_code == 200  # the form again, not a redirect
    assert "_auth_user_id" not in anon.session

    client.post(reverse("accounts_reactivate", args=[tree.recorder.pk]))
    attempt = anon.post(reverse("login"), {"username": "recorder", "password": PASSWORD})
    assert attempt.status_code == 302
    assert verify_chain() == []


def test_issue_code_from_the_account_page_replaces_the_old_one(client, tree):
    login(client, tree.reviewer)
    (created,) = services.create_accounts_for_members([tree.members[0]], tree.reviewer)
    response = client.post(reverse("accounts_issue_code", args=[created.user.pk]))
    assert response.status_code == 302
    sheet = client.get(response["Location"]).content.decode()
    (new,) = set(CODE_RE.findall(sheet))
    assert new != created.code
    assert activation.lookup(created.code).state == activation.CodeState.INVALID
    assert activation.lookup(new).state == activation.CodeState.VALID
    assert verify_chain() == []


# --- who sees what --------------------------------------------------------------


def test_cell_recorder_gets_403_in_own_cell_and_404_elsewhere(client, tree):
    login(client, tree.recorder)
    (created,) = services.create_accounts_for_members([tree.members[0]], tree.reviewer)
    assert client.get(reverse("accounts_list")).status_code == 403
    assert client.get(reverse("accounts_new_staff")).status_code == 403
    own = reverse("accounts_create_for_cell", args=[tree.cell.pk])
    assert client.get(own).status_code == 403
    assert client.get(reverse("accounts_user", args=[created.user.pk])).status_code == 403
    assert (
        client.get(reverse("accounts_create_for_cell", args=[tree.other_cell.pk])).status_code
        == 404
    )
    assert client.get(reverse("accounts_user", args=[tree.other_member_user.pk])).status_code == 404
    assert client.post(reverse("accounts_deactivate", args=[created.user.pk])).status_code == 403
    page = client.get(own).content.decode()
    assert "Chỉ cấp ủy cấp trên mới quản lý tài khoản và phân quyền." in page


def test_anonymous_is_sent_to_log_in_and_post_only_urls_refuse_get(client, tree):
    response = client.get(reverse("accounts_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert client.get(reverse("accounts_deactivate", args=[tree.recorder.pk])).status_code == 405
    login(client, tree.reviewer)
    assert client.get(reverse("accounts_grant", args=[tree.recorder.pk])).status_code == 405


def test_list_shows_roles_pending_codes_and_filters_by_cell(client, tree):
    services.create_accounts_for_members(tree.members[:1], tree.reviewer)
    login(client, tree.reviewer)
    page = client.get(reverse("accounts_list")).content.decode()
    assert "Nguyễn Thị Thu Trang" in page and "trang.ntt" in page
    assert "Chờ kích hoạt" in page and "mã hết hạn ngày" in page
    assert "Thư ký (ghi biên bản) – Chi bộ Quản lý đô thị" in page
    assert "reviewer" in page
    filtered = client.get(reverse("accounts_list"), {"org": tree.cell2.pk}).content.decode()
    assert "trang.ntt" not in filtered
    assert "Chưa có tài khoản nào trong phạm vi này." in filtered
    for junk in ("abc", "99999", str(tree.other_cell.pk), str(tree.province.pk)):
        response = client.get(reverse("accounts_list"), {"org": junk})
        assert response.status_code == 200
        assert "Chọn một tổ chức trong phạm vi bạn quản lý." in response.content.decode()
        assert "b.member" not in response.content.decode()


def _accounts(tree, n: int) -> None:
    users = User.objects.bulk_create(
        [User(username=f"u{tree.cell.pk}-{i}", first_name=f"Tên {i}") for i in range(n)]
    )
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=u, organization=tree.cell2, role=Role.VIEWER) for u in users]
    )
    Member.objects.bulk_create(
        [
            Member(
                cell=tree.cell2,
                user=u,
                full_name=f"Đảng viên {i}",
                gender="m",
                admitted_on="2010-01-01",
            )
            for i, u in enumerate(users)
        ]
    )
    for u in users[:: max(n // 5, 1)]:
        services.issue_activation_code(u, tree.reviewer)


@pytest.mark.parametrize("n", [10, 100])
def test_account_list_query_count_is_constant(client, tree, n, django_assert_num_queries):
    _accounts(tree, n)
    login(client, tree.reviewer)
    url = reverse("accounts_list")
    client.get(url)  # warm the session and the content types
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"org": tree.committee.pk})
    assert response.status_code == 200
    assert "Tên 1" in response.content.decode() or "Đảng viên 1" in response.content.decode()
    with django_assert_num_queries(len(queries)):
        client.get(url, {"org": tree.committee.pk})
    assert len(queries) == QUERIES


# Session, user, the reviewer's grants, "is staff", the scope form (depth of the
# top, the chosen org), count, page, their grants, their codes, the scope choices
# (committees, cells).
QUERIES = 12


@pytest.mark.django_db
def test_audit_chain_after_everything(tree):
    created = services.create_accounts_for_members(tree.members, tree.reviewer, role=Role.CHAIR)
    user = created[0].user
    services.grant_role(user, tree.cell2, Role.VIEWER, tree.reviewer)
    services.revoke_role(RoleGrant.objects.get(user=user, organization=tree.cell2), tree.reviewer)
    services.deactivate_account(user, tree.reviewer, reason="Chuyển đi")
    services.reactivate_account(user, tree.reviewer)
    services.create_staff_account(
        full_name="Hồ Văn Nam",
        role=Role.REVIEWER,
        organization=tree.committee,
        by=tree.reviewer,
    )
    assert verify_chain() == []
    assert AuditEvent.objects.filter(organization=tree.cell).count() == 3 + 3 + 2
    assert AuditEvent.objects.filter(organization=tree.committee).count() == 2
    assert set(Organization.objects.filter(audit_events__isnull=False).distinct()) == {
        tree.cell,
        tree.cell2,
        tree.committee,
    }
