"""The file pickers of the verify page and the register import carry Vietnamese labels.

The browser's own file input says "Choose File / No file chosen" in its own
language; the pages show "Chọn tệp…" and "Chưa chọn tệp nào" instead
(templates/widgets/file_picker.html), and keep the native input, described
to screen readers, for the keyboard and for browsers without JavaScript.
(In Chromium: tests/test_vietnamese_inputs_browser.py.)
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from minutes import signing
from minutes.models import Meeting
from minutes.selectors import with_parts
from minutes.services.documents import issue_signed_document
from tests.documents.conftest import approve_directly
from tests.factories import meeting_with_parts
from tests.review.conftest import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def record():
    meeting = meeting_with_parts(turns=1)
    approved = approve_directly(with_parts(Meeting.objects.filter(pk=meeting.pk)).get())
    signing.create_self_signed_key(organization=approved.cell.parent)
    return issue_signed_document(approved)


def native_input(page: str) -> str:
    match = re.search(r'<input type="file"[^>]*>', page)
    assert match, "no file input on the page"
    return match[0]


def assert_vietnamese_picker(page: str) -> None:
    assert (
        '<label class="btn btn-outline-primary file-picker-button" for="id_file">Chọn tệp…</label>'
        in page
    )
    assert 'id="id_file-chosen"' in page and ">Chưa chọn tệp nào</span>" in page
    tag = native_input(page)
    # The native control stays (usable without JavaScript), named by the field's label.
    assert 'id="id_file"' in tag and "file-picker-input" in tag and "form-control" in tag
    assert '<label class="form-label" for="id_file">' in page
    assert 'aria-describedby="id_file-chosen' in tag
    assert 'href="/static/css/forms.css"' in page


def test_the_verify_page_has_the_vietnamese_picker(client, record):
    page = client.get(reverse("document_verify", args=[record.public_code])).content.decode()
    assert_vietnamese_picker(page)
    assert 'accept="application/pdf,.pdf"' in native_input(page)
    assert 'id="id_file_helptext">Tệp PDF đã tải về hoặc nhận được.' in page


def test_a_missing_file_on_the_verify_page_is_said_beside_the_picker(client, record):
    response = client.post(reverse("document_verify", args=[record.public_code]), {})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_file_error">Hãy chọn một tệp PDF.' in page
    tag = native_input(page)
    assert 'aria-invalid="true"' in tag and "is-invalid" in tag
    assert 'aria-describedby="id_file-chosen id_file_helptext id_file_error"' in tag


def test_the_register_import_page_has_the_vietnamese_picker(client):
    world = build_world()
    client.force_login(world.reviewer)
    page = client.get(reverse("register_import")).content.decode()
    assert_vietnamese_picker(page)
    assert ".xlsx,.csv" in native_input(page)
    assert 'id="id_committee"' in page  # the rest of the form is still there
    missing = client.post(reverse("register_import"), {"committee": world.committee.pk})
    assert "Hãy chọn tệp danh sách đảng viên." in missing.content.decode()
