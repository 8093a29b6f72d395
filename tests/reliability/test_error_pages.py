"""404, 403, 400, 500 and CSRF-failure pages: in the interface language, in the app's
layout, saying what to do, with a reference code that is also in the request's log line.

The production path: DEBUG off (tests/environment.py) and a client that does not
re-raise the view's exception, so what comes back is what a visitor would see.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client
from django.urls import include, path, reverse

from members.models import Role
from tests.factories import CellFactory, MemberFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("a bug in a view")


# The app's routes plus one view with a bug in it (the app has none on purpose).
urlpatterns = [path("boom/", boom), path("", include("config.urls"))]
handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def member(db):
    cell = CellFactory()
    user = UserFactory(username="member")
    MemberFactory(cell=cell, user=user, full_name="Lê Thị Thu Hằng")
    return user


@pytest.fixture
def recorder(db):
    user = UserFactory(username="secretary")
    grant(user, CellFactory(), Role.RECORDER)
    return user


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="bienban.request")

    def lines() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.name == "bienban.request"]

    return lines


def in_english(client: Client) -> Client:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def check_reference(response, request_lines) -> str:
    """The reference is 8 hex characters, in the header, on the page and in the log line."""
    reference = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{8}", reference)
    page = response.content.decode()
    assert f'<code class="error-reference">{reference}</code>' in page
    matching = [line for line in request_lines() if f"reference={reference}" in line]
    assert len(matching) == 1, request_lines()
    assert f"status={response.status_code}" in matching[0]
    return page


def check_clean(page: str) -> None:
    assert "Traceback" not in page
    assert 'File "' not in page
    assert "RuntimeError" not in page and "Exception" not in page


# --- 404 -------------------------------------------------------------------------------


def test_a_missing_page_is_a_vietnamese_404_in_the_layout(client, request_lines):
    response = Client(raise_request_exception=False).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = check_reference(response, request_lines)
    check_clean(page)
    assert '<html lang="vi">' in page
    assert "Không tìm thấy trang" in page
    assert "Kiểm tra lại địa chỉ đã nhập hoặc đường dẫn đã bấm." in page
    assert "Về trang chủ" in page
    assert "Bỏ qua, đến nội dung chính" in page  # base.html
    assert "Not Found" not in page


def test_a_meeting_outside_ones_reach_is_the_same_404_for_a_member(member, request_lines):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    response = client.get(reverse("meeting_detail", args=[999999]))
    assert response.status_code == 404
    page = check_reference(response, request_lines)
    assert "Không tìm thấy trang" in page
    assert "Đăng xuất" in page  # the signed-in layout, with its menu
    # The log names the user by id only.
    line = next(line for line in request_lines() if response["X-Request-ID"] in line)
    assert f"user={member.pk}" in line and "Hằng" not in line and "member" not in line


def test_the_404_page_in_english_after_switching(member, request_lines):
    client = in_english(Client(raise_request_exception=False))
    client.force_login(member)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = check_reference(response, request_lines)
    assert '<html lang="en">' in page
    assert "Page not found" in page
    assert "Không tìm thấy trang" not in page


# --- 403 -------------------------------------------------------------------------------


def test_a_step_one_may_not_take_is_a_vietnamese_403(member, request_lines):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    response = client.get(reverse("review_queue"))
    assert response.status_code == 403
    page = check_reference(response, request_lines)
    check_clean(page)
    assert "Không có quyền" in page
    assert "Tài khoản của bạn không được phép xem trang này hoặc làm việc này." in page
    assert "liên hệ cấp ủy hoặc quản trị viên" in page
    assert "Forbidden" not in page


def test_the_403_page_in_english(member, request_lines):
    client = in_english(Client(raise_request_exception=False))
    client.force_login(member)
    response = client.get(reverse("review_queue"))
    assert response.status_code == 403
    page = check_reference(response, request_lines)
    assert "Access denied" in page
    assert "Không có quyền" not in page


def test_a_403_asked_by_htmx_is_a_short_fragment(member):
    client = Client(raise_request_exception=False, headers={"HX-Request": "true"})
    client.force_login(member)
    response = client.get(reverse("review_queue"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "<html" not in page and len(page) < 400
    assert "Bạn không có quyền làm việc này." in page
    assert response["X-Request-ID"] in page


# --- 400 -------------------------------------------------------------------------------


def test_a_request_for_an_unknown_host_is_a_vietnamese_400(request_lines):
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="ke-gia-mao.example")
    assert response.status_code == 400
    page = check_reference(response, request_lines)
    check_clean(page)
    assert "Yêu cầu không hợp lệ" in page
    assert "Quay lại trang trước, tải lại trang rồi thử lại." in page
    assert "Bad Request" not in page


def test_too_many_fields_is_a_400_too(recorder, settings, request_lines):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client = Client(raise_request_exception=False)
    client.force_login(recorder)
    response = client.post(reverse("recording_start"), {f"f{i}": "x" for i in range(50)})
    assert response.status_code == 400
    page = check_reference(response, request_lines)
    assert "Yêu cầu không hợp lệ" in page


def test_the_400_page_in_english(request_lines):
    client = in_english(Client(raise_request_exception=False))
    response = client.get("/", HTTP_HOST="ke-gia-mao.example")
    assert response.status_code == 400
    page = check_reference(response, request_lines)
    assert "Bad request" in page
    assert "Yêu cầu không hợp lệ" not in page


# --- CSRF --------------------------------------------------------------------------------


def test_a_form_without_its_token_gets_the_csrf_page(recorder, request_lines):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(recorder)
    response = client.post(reverse("recording_start"), {"topic": "Sinh hoạt thường kỳ"})
    assert response.status_code == 403
    page = check_reference(response, request_lines)
    check_clean(page)
    assert "Biểu mẫu đã hết hạn" in page
    assert "(CSRF)" in page
    assert "Không có gì được lưu." in page
    assert "sao chép nội dung đã nhập, tải lại trang rồi gửi lại" in page
    # What the POST carried is not shown back: a forged cross-site POST lands here too.
    assert "Sinh hoạt thường kỳ" not in page


def test_the_csrf_page_in_english(recorder, settings, request_lines):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(recorder)
    # What the language switch sets (the switch itself is a form that needs the token).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("recording_start"), {})
    assert response.status_code == 403
    page = check_reference(response, request_lines)
    assert "Form expired" in page
    assert "Biểu mẫu đã hết hạn" not in page


# --- 500 ---------------------------------------------------------------------------------


@pytest.mark.urls(__name__)
def test_a_bug_is_a_vietnamese_500_with_the_reference_in_the_log(member, caplog, request_lines):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = check_reference(response, request_lines)
    check_clean(page)
    assert '<html lang="vi">' in page
    assert "Đã xảy ra lỗi" in page
    assert "Lỗi đã được ghi lại để quản trị viên xem xét." in page
    assert "Server Error" not in page
    assert response["Cache-Control"] == "no-store"
    # The traceback is in the server log, under the same reference.
    from config.request_log import ReferenceFilter

    error = next(r for r in caplog.records if r.name == "django.request")
    assert error.exc_info and error.exc_info[0] is RuntimeError
    ReferenceFilter().filter(error)
    assert error.reference == response["X-Request-ID"]


@pytest.mark.urls(__name__)
def test_the_500_page_in_english(request_lines):
    client = in_english(Client(raise_request_exception=False))
    response = client.get("/boom/")
    assert response.status_code == 500
    page = check_reference(response, request_lines)
    assert '<html lang="en">' in page
    assert "Something went wrong" in page
    assert "Đã xảy ra lỗi" not in page


@pytest.mark.urls(__name__)
def test_a_failed_post_shows_back_what_was_typed(member):
    client = Client(raise_request_exception=False)
    client.force_login(member)
    response = client.post(
        "/boom/",
        {"gist": "Ý kiến <b>dài</b> đã gõ", "password": "bí mật", "original": "v3", "n": "12"},
    )
    assert response.status_code == 500
    page = response.content.decode()
    assert "Thao tác vừa rồi có thể chưa hoàn tất." in page
    assert "Ý kiến &lt;b&gt;dài&lt;/b&gt; đã gõ" in page
    assert "bí mật" not in page and "v3" not in page


@pytest.mark.urls(__name__)
def test_a_500_asked_by_htmx_is_a_short_fragment():
    client = Client(raise_request_exception=False, headers={"HX-Request": "true"})
    response = client.post("/boom/", {"gist": "x"})
    assert response.status_code == 500
    page = response.content.decode()
    assert "<html" not in page and "Đã xảy ra lỗi; thao tác chưa hoàn tất." in page
