"""Log-in throttling per user name across addresses (a short, growing delay), while the
hour-long lock stays per address; the address comes from X-Forwarded-For only behind a
declared proxy."""

from __future__ import annotations

import re
import time

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG = "sai-mat-khau"
DELAY = re.compile(r"Đăng nhập sai nhiều lần; vui lòng thử lại sau (\d+) giây\.")
WRONG_PASSWORD_FORM = 'id="id_password"'
ADDRESS_LOCK = "Đã nhập sai mật khẩu quá nhiều lần."


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def secretary(db):
    UserFactory(username="chair")
    return UserFactory(username="secretary")


def log_in(username: str, password: str, address: str, **extra):
    return Client().post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def refused_for(response) -> int:
    """The seconds the delay message names (and Retry-After repeats)."""
    assert response.status_code == 429
    page = response.content.decode()
    found = DELAY.search(page)
    assert found, page
    assert response["Retry-After"] == found.group(1)
    assert WRONG_PASSWORD_FORM in page  # the log-in form is still there
    return int(found.group(1))


def test_ten_addresses_cannot_guess_one_password(secretary):
    for i in range(1, 11):
        response = log_in("secretary", WRONG, f"10.0.0.{i}")
        if i <= 5:
            assert response.status_code == 200  # the form again, "wrong password"
            assert not DELAY.search(response.content.decode())
        else:
            assert 0 < refused_for(response) <= 32
    # The eleventh attempt, with the right password, from yet another address.
    response = log_in("secretary", PASSWORD, "10.0.0.11")
    assert 0 < refused_for(response) <= 32
    assert "_auth_user_id" not in response.client.session
    # Nobody is locked for an hour: no address reached axes' limit.
    assert ADDRESS_LOCK not in response.content.decode()
    # Other accounts are not affected.
    assert log_in("chair", PASSWORD, "10.0.0.12").status_code == 302


def test_the_delay_doubles_with_each_tried_password_up_to_its_ceiling(secretary, settings):
    settings.BIENBAN_LOGIN_NAME_FAILURES = 1  # delays from the first failure: 2 s, 4 s, ...
    assert log_in("secretary", WRONG, "10.0.1.1").status_code == 200
    assert refused_for(log_in("secretary", WRONG, "10.0.1.2")) in (1, 2)
    # Refused attempts do not make it longer; only a password that was tried does.
    assert refused_for(log_in("secretary", WRONG, "10.0.1.3")) <= 2
    time.sleep(2.1)
    assert log_in("secretary", WRONG, "10.0.1.4").status_code == 200
    assert 3 <= refused_for(log_in("secretary", WRONG, "10.0.1.5")) <= 4
    settings.BIENBAN_LOGIN_MAX_DELAY = 3
    assert refused_for(log_in("secretary", WRONG, "10.0.1.6")) <= 3


def test_the_right_password_after_the_delay_logs_in(secretary, settings):
    settings.BIENBAN_LOGIN_MAX_DELAY = 1  # a one-second ceiling, so the test can wait it out
    for i in range(1, 6):
        log_in("secretary", WRONG, f"10.0.2.{i}")
    assert refused_for(log_in("secretary", PASSWORD, "10.0.2.6")) == 1
    time.sleep(1.1)
    response = log_in("secretary", PASSWORD, "10.0.2.6")
    assert response.status_code == 302 and response.url == reverse("home")
    # A successful log-in clears the count: one more mistake is just a mistake.
    assert log_in("secretary", WRONG, "10.0.2.7").status_code == 200


def test_the_per_address_lock_still_holds_for_an_hour(secretary, settings):
    settings.BIENBAN_LOGIN_MAX_DELAY = 1
    for _ in range(4):
        assert log_in("secretary", WRONG, "192.0.2.1").status_code == 200
    response = log_in("secretary", WRONG, "192.0.2.1")
    assert response.status_code == 429 and ADDRESS_LOCK in response.content.decode()
    time.sleep(1.1)
    # The name's delay is over: from another address the owner gets in ...
    assert log_in("secretary", PASSWORD, "192.0.2.2").status_code == 302
    # ... while the guessing address stays locked, even with the right password.
    response = log_in("secretary", PASSWORD, "192.0.2.1")
    assert response.status_code == 429 and ADDRESS_LOCK in response.content.decode()


def test_the_admin_log_in_is_throttled_too(secretary):
    for i in range(1, 6):
        log_in("secretary", WRONG, f"10.0.3.{i}")
    response = Client().post(
        reverse("admin:login"),
        {"username": "secretary", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="10.0.3.6",
    )
    assert response.status_code == 429
    assert DELAY.search(response.content.decode())


def test_a_user_name_differing_only_in_case_shares_the_count(secretary):
    for i, name in enumerate(["secretary", "Secretary", "SECRETARY", "secretary ", "sEcretary"]):
        log_in(name, WRONG, f"10.0.4.{i}")
    refused_for(log_in("secretary", PASSWORD, "10.0.4.9"))


# --- which address counts --------------------------------------------------------------------


def recorded_address(**extra) -> str:
    AccessAttempt.objects.all().delete()
    log_in("secretary", WRONG, "10.9.9.9", **extra)
    return AccessAttempt.objects.get().ip_address


def test_without_a_declared_proxy_x_forwarded_for_is_ignored(secretary):
    assert recorded_address(HTTP_X_FORWARDED_FOR="198.51.100.7") == "10.9.9.9"


def test_behind_a_declared_proxy_the_hop_it_appended_counts(secretary, settings):
    settings.BIENBAN_BEHIND_PROXY = True
    assert recorded_address(HTTP_X_FORWARDED_FOR="198.51.100.7") == "198.51.100.7"
    # What the client wrote itself, to the left, is not believed.
    assert recorded_address(HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7") == "198.51.100.7"
    # Two proxies (e.g. a CDN, then nginx): the second entry from the right.
    settings.BIENBAN_PROXY_COUNT = 2
    assert recorded_address(HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.8, 10.0.0.2") == (
        "198.51.100.8"
    )
    # Garbage or too few hops: the proxy's own address.
    assert recorded_address(HTTP_X_FORWARDED_FOR="not-an-address, x") == "10.9.9.9"
    assert recorded_address(HTTP_X_FORWARDED_FOR="198.51.100.7") == "10.9.9.9"
