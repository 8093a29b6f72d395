"""The menu offers each role only the areas it can use."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.review.conftest import build_world, fast_passwords  # noqa: F401 - autouse fixture

pytestmark = pytest.mark.django_db

MENU = ["Trang chủ", "Cuộc họp", "Giám sát", "Sổ đảng viên", "Việc của tôi", "Tìm kiếm"]


def menu_of(user) -> list[str]:
    client = Client()
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    nav = html[html.index('aria-label="Điều hướng chính"') : html.index("</nav>")]
    links = re.findall(r'class="nav-link[^"]*"[^>]*>([^<]+)<', nav)
    return [link.strip() for link in links if link.strip() in MENU]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("member", ["Trang chủ", "Cuộc họp", "Việc của tôi", "Tìm kiếm"]),
        ("recorder", ["Trang chủ", "Cuộc họp", "Sổ đảng viên", "Việc của tôi", "Tìm kiếm"]),
        ("other_recorder", ["Trang chủ", "Cuộc họp", "Sổ đảng viên", "Việc của tôi", "Tìm kiếm"]),
        ("reviewer", MENU),
        ("admin", MENU),
    ],
)
def test_each_role_sees_only_what_it_can_use(role, expected):
    world = build_world()
    assert menu_of(world.users[role]) == expected
