"""One-time activation codes: the owner of a new account sets their own password."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from members import activation
from members.models import ActivationCode, Role
from members.services import accounts as services
from tests.factories import CellFactory, MemberFactory, UserFactory, grant

GOOD_PASSWORD = "Sen-hong-Ha-Tinh-2022"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def new_account(db):
    """(member, user, code): an account made from the roster, not yet activated."""
    cell = CellFactory(name="Chi bộ Quản lý đô thị")
    staff = UserFactory(username="reviewer")
    grant(staff, cell.parent, Role.REVIEWER)
    member = MemberFactory(cell=cell, full_name="Nguyễn Thị Thu Trang")
    (created,) = services.create_accounts_for_members([member], staff)
    return created


def test_codes_look_right_and_only_their_hash_is_stored(new_account):
    code = new_account.code
    assert len(code) == 14 and code[4] == code[9] == "-"
    assert all(ch in activation.ALPHABET for ch in code.replace("-", ""))
    stored = ActivationCode.objects.get(user=new_account.user)
    expected = hashlib.sha256(code.replace("-", "").encode()).hexdigest()
    assert stored.code_hash == expected
    assert code.replace("-", "") not in stored.code_hash
    assert stored.expires_at - stored.created_at == pytest.approx(
        dt.timedelta(days=7), abs=dt.timedelta(seconds=5)
    )


def test_normalising_case_spaces_and_dashes():
    assert activation.normalise(" k7pm 3xqa–9drt ") == "K7PM3XQA9DRT"
    assert activation.hash_code("k7pm-3xqa-9drt") == activation.hash_code("K7PM3XQA9DRT")
    assert not activation.well_formed("K7PM-3XQA-9DR")
    assert not activation.well_formed("O0O0-1111-IIII")


@pytest.mark.django_db
def test_expiry_is_a_setting(settings, new_account):
    settings.BIENBAN_ACTIVATION_DAYS = 10
    code = services.issue_activation_code(new_account.user, UserFactory(username="reviewer"))
    stored = ActivationCode.objects.get(code_hash=activation.hash_code(code))
    assert (stored.expires_at - stored.created_at).days == 9  # 10 days less a few microseconds
    assert stored.expires_at > timezone.now() + dt.timedelta(days=9, hours=23)


def test_member_activates_sets_a_password_and_logs_in(client, new_account):
    start = client.get(reverse("activate"))
    assert start.status_code == 200
    assert "Kích hoạt tài khoản" in start.content.decode()
    # Typed in lower case with spaces, as people do.
    typed = new_account.code.lower().replace("-", " ")
    response = client.post(reverse("activate"), {"code": typed})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "trang.ntt" in text and "Nguyễn Thị Thu Trang" in text

    url = reverse("activate_code", args=[new_account.code])
    response = client.post(url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == new_account.user.pk
    home = client.get(reverse("home"))
    assert "Tài khoản đã được kích hoạt" in home.content.decode()
    stored = ActivationCode.objects.get(user=new_account.user)
    assert stored.used_at is not None

    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "trang.ntt", "password": GOOD_PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == new_account.user.pk


def test_a_code_works_once(client, new_account):
    url = reverse("activate_code", args=[new_account.code])
    client.post(url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    client.post(reverse("logout"))
    again = client.get(url)
    assert "Mã kích hoạt không đúng hoặc đã được dùng." in again.content.decode()
    response = client.post(
        url, {"new_password1": "Khac-hoan-toan-99", "new_password2": "Khac-hoan-toan-99"}
    )
    assert "Mã kích hoạt không đúng hoặc đã được dùng." in response.content.decode()
    new_account.user.refresh_from_db()
    assert new_account.user.check_password(GOOD_PASSWORD)


def test_unknown_and_used_codes_get_the_same_message(client, new_account):
    url = reverse("activate_code", args=[new_account.code])
    client.post(url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    used = client.get(url).content.decode()
    unknown = client.get(reverse("activate_code", args=["ABCD-EFGH-JKMN"])).content.decode()
    junk = client.get(reverse("activate_code", args=["<script>"]))
    assert junk.status_code == 200
    message = "Mã kích hoạt không đúng hoặc đã được dùng."
    assert message in used and message in unknown and message in junk.content.decode()


def test_a_code_eight_days_old_is_refused(client, new_account):
    eight_days_ago = timezone.now() - dt.timedelta(days=8)
    ActivationCode.objects.filter(user=new_account.user).update(
        created_at=eight_days_ago, expires_at=activation.expiry_from(eight_days_ago)
    )
    url = reverse("activate_code", args=[new_account.code])
    page = client.get(url).content.decode()
    assert "Mã kích hoạt này đã hết hạn." in page
    response = client.post(url, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert "đã hết hạn" in response.content.decode()
    new_account.user.refresh_from_db()
    assert not new_account.user.has_usable_password()


@pytest.mark.parametrize(
    ("password1", "password2", "message"),
    [
        ("abc", "abc", "Mật khẩu quá ngắn"),
        ("12345678901", "12345678901", "hoàn toàn là số"),
        ("password123", "password123", "quá phổ biến"),
        (GOOD_PASSWORD, GOOD_PASSWORD + "x", "Hai trường mật khẩu không giống nhau."),
        ("", "", "Nhập mật khẩu."),
    ],
)
def test_bad_passwords_get_vietnamese_messages(client, new_account, password1, password2, message):
    url = reverse("activate_code", args=[new_account.code])
    response = client.post(url, {"new_password1": password1, "new_password2": password2})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ActivationCode.objects.get(user=new_account.user).used_at is None
    assert "_auth_user_id" not in client.session


def test_junk_typed_on_the_code_page(client, db):
    for junk in ("", "xin chào", "K7PM-3XQA", "'; DROP TABLE users; --"):
        response = client.post(reverse("activate"), {"code": junk})
        assert response.status_code == 200
        text = response.content.decode()
        assert "Nhập mã kích hoạt." in text or "Mã kích hoạt gồm 12 chữ và số" in text


def test_deactivated_accounts_code_is_refused(client, new_account):
    new_account.user.is_active = False
    new_account.user.save()
    page = client.get(reverse("activate_code", args=[new_account.code])).content.decode()
    assert "Mã kích hoạt không đúng hoặc đã được dùng." in page


def test_ten_failures_from_one_address_pause_activation(client, new_account):
    for i in range(10):
        client.get(reverse("activate_code", args=[f"ABCD-EFGH-{i + 2}JKM"]))
    response = client.get(reverse("activate_code", args=[new_account.code]))
    assert response.status_code == 429
    assert "thử lại sau 15 phút" in response.content.decode()
    assert client.post(reverse("activate"), {"code": new_account.code}).status_code == 429
    # Another address is not held back.
    other = client.get(reverse("activate_code", args=[new_account.code]), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    cache.clear()
    assert client.get(reverse("activate_code", args=[new_account.code])).status_code == 200
