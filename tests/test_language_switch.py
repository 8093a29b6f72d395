"""The language switch: one click, after the page's own forms, in the footer."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def buttons(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(r"<button\b[^>]*>(.*?)</button>", html, flags=re.S)
    ]


def test_the_log_in_pages_first_button_logs_in():
    html = Client().get(reverse("login")).content.decode()
    assert buttons(html)[0] == "Đăng nhập"
    # The other language is one button away; the current one is marked, not offered.
    assert buttons(html)[1:] == ["English"]
    assert 'aria-current="true" lang="vi">Tiếng Việt<' in html


def test_one_click_switches_the_interface_and_back():
    client = Client()
    page = reverse("login")
    response = client.post(reverse("set_language"), {"language": "en", "next": page}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == page
    assert '<html lang="en">' in html
    assert buttons(html) == ["Sign in", "Tiếng Việt"]
    # The footer speaks English too.
    footer = html[html.index("<footer") :]
    assert "record, review and issue" in footer and "Biên bản –" not in footer

    response = client.post(reverse("set_language"), {"language": "vi", "next": page}, follow=True)
    assert '<html lang="vi">' in response.content.decode()
