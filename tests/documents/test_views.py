"""Downloads and the public verify page, through the URLs users have."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from members.models import Role
from minutes import signing
from minutes.document import build_document
from minutes.models import Meeting, SignedDocument
from minutes.models.meeting import workflow_write
from minutes.selectors import with_parts
from minutes.services.documents import issue_signed_document
from tests.documents.conftest import approve_directly, pdftotext
from tests.documents.test_signing import change_one_signed_byte
from tests.factories import MemberFactory, UserFactory, grant, meeting_with_parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorder():
    return UserFactory()


@pytest.fixture
def meeting(recorder):
    meeting = meeting_with_parts(turns=3, guests=2)
    grant(recorder, meeting.cell, Role.RECORDER)
    return with_parts(Meeting.objects.filter(pk=meeting.pk)).get()


@pytest.fixture
def issued(meeting):
    approved = approve_directly(meeting)
    signing.create_self_signed_key(organization=approved.cell.parent)
    return issue_signed_document(approved)


def test_draft_pdf_is_marked_and_nothing_is_stored(client, recorder, meeting, tmp_path, media_root):
    client.force_login(recorder)
    response = client.get(reverse("document_draft_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "DỰ THẢO" in pdftotext(response.content, tmp_path)
    assert b"/ByteRange" not in response.content
    assert not SignedDocument.objects.exists()
    assert not media_root.exists() or not any(media_root.rglob("*.pdf"))


def test_the_unsigned_rendering_of_approved_minutes_is_still_marked_draft(
    client, recorder, issued, tmp_path
):
    client.force_login(recorder)
    response = client.get(reverse("document_draft_pdf", args=[issued.meeting_id]))
    text = pdftotext(response.content, tmp_path)
    assert "DỰ THẢO" in text and "Đã ký số" not in text


def test_documents_404_for_those_who_may_not_see_the_meeting(client, meeting, issued):
    client.force_login(UserFactory())
    for name in ("document_draft_pdf", "document_docx", "document_signed_pdf"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 404


def test_documents_need_a_login(client, meeting):
    response = client.get(reverse("document_draft_pdf", args=[meeting.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_member_downloads_the_exact_signed_bytes(client, issued):
    member_user = UserFactory()
    MemberFactory(cell=issued.meeting.cell, user=member_user)
    client.force_login(member_user)
    response = client.get(reverse("document_signed_pdf", args=[issued.meeting_id]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == issued.sha256
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.pdf"')


def test_signed_pdf_404_when_none_was_issued(client, recorder, meeting):
    client.force_login(recorder)
    assert client.get(reverse("document_signed_pdf", args=[meeting.pk])).status_code == 404


def test_docx_has_the_same_parts_in_the_same_order(client, recorder, meeting):
    client.force_login(recorder)
    response = client.get(reverse("document_docx", args=[meeting.pk]))
    assert response.status_code == 200
    assert "wordprocessingml" in response["Content-Type"]
    doc = Document(io.BytesIO(response.content))
    body = [p.text for p in doc.paragraphs]
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    document = build_document(meeting)
    assert document.header.number in cells[0]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in cells[1]
    assert document.header.place_date in cells[1]
    expected = [document.title, document.summary]
    for section in document.sections:
        if section.heading:
            expected.append(section.heading)
        expected += [f"{line.label} {line.text}".strip() for line in section.lines]
    expected += list(document.closing)
    positions = []
    for line in expected:
        matches = [i for i, text in enumerate(body) if text.endswith(line) or text == line]
        assert matches, line
        positions.append(matches[0])
    assert positions == sorted(positions)
    assert body[0] == "DỰ THẢO"
    assert document.secretary.name in cells[2] and document.chair.name in cells[3]
    section = doc.sections[0]
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    assert section.different_first_page_header_footer


def test_verify_page_is_public_and_shows_only_the_identity(client, issued):
    meeting = issued.meeting
    response = client.get(f"/v/{issued.public_code}", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Văn bản hiện hành." in page
    assert meeting.cell.name in page
    assert "Số 05-BB/CB" in page
    assert "ngày 21 tháng 6 năm 2022" in page
    assert issued.sha256 in page
    assert issued.signer_name in page
    assert issued.certificate_fingerprint in page
    for person in meeting.participants.all():
        assert person.full_name not in page, person.full_name
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_verify_page_marks_a_superseded_version(client, issued):
    with workflow_write():  # as the approval of a later version does
        Meeting.objects.filter(pk=issued.meeting_id).update(superseded_at=timezone.now())
    response = client.get(reverse("document_verify", args=[issued.public_code]))
    page = response.content.decode()
    assert "Văn bản đã bị thay thế." in page
    assert "Văn bản hiện hành." not in page


def test_verify_page_unknown_code_is_404(client):
    assert client.get(reverse("document_verify", args=["NOSUCHCODE"])).status_code == 404


def test_verify_page_query_count_is_fixed(client, issued, django_assert_num_queries):
    url = reverse("document_verify", args=[issued.public_code])
    with django_assert_num_queries(2):  # the record with its meeting and cell; the wording
        client.get(url)
    with workflow_write():
        Meeting.objects.filter(pk=issued.meeting_id).update(superseded_at=timezone.now())
    with django_assert_num_queries(3):  # and the current version
        client.get(url)


def _upload(client, code, name, content, content_type="application/pdf"):
    return client.post(
        reverse("document_verify", args=[code]),
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_uploading_the_issued_file_matches(client, issued):
    data = issued.file.open("rb").read()
    response = _upload(client, issued.public_code, "ban.pdf", data)
    assert response.status_code == 200
    assert "Khớp với hồ sơ." in response.content.decode()


def test_uploading_a_changed_file_does_not_match(client, issued):
    data = change_one_signed_byte(issued.file.open("rb").read())
    page = _upload(client, issued.public_code, "ban.pdf", data).content.decode()
    assert "Không khớp với hồ sơ." in page
    assert "SHA-256 khác" in page
    assert "Chữ ký số không hợp lệ" in page


def test_uploading_another_signed_document_does_not_match_this_one(client, issued):
    other = approve_directly(meeting_with_parts(cell=issued.meeting.cell, date=issued.meeting.date))
    other_record = issue_signed_document(other)
    data = other_record.file.open("rb").read()
    page = _upload(client, issued.public_code, "khac.pdf", data).content.decode()
    assert "Không khớp với hồ sơ." in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "Tệp này không phải là tệp PDF."),
        ("rong.pdf", b"", "Tệp đã chọn rỗng."),
        ("hong.pdf", b"%PDF-1.7\n garbage", "Không khớp với hồ sơ."),
    ],
)
def test_bad_uploads_get_a_message_not_a_500(client, issued, name, content, message):
    response = _upload(client, issued.public_code, name, content)
    assert response.status_code in (200, 400)
    assert message in response.content.decode()


def test_no_file_chosen(client, issued):
    response = client.post(reverse("document_verify", args=[issued.public_code]), {})
    assert response.status_code == 400
    assert "Hãy chọn một tệp PDF." in response.content.decode()


def test_a_huge_upload_is_refused(client, issued, settings):
    settings.DOCUMENT_VERIFY_MAX_BYTES = 2 * 2**20
    response = _upload(client, issued.public_code, "to.pdf", b"%PDF-1.7\n" + b"0" * (3 * 2**20))
    assert response.status_code == 413
    assert "Tệp quá lớn (tối đa 2 MB)." in response.content.decode()


def test_meeting_page_offers_the_downloads(client, recorder, meeting, issued):
    client.force_login(recorder)
    page = client.get(reverse("meeting_detail", args=[issued.meeting_id])).content.decode()
    assert reverse("document_signed_pdf", args=[issued.meeting_id]) in page
    assert reverse("document_verify", args=[issued.public_code]) in page
    assert reverse("document_docx", args=[issued.meeting_id]) in page


def test_meeting_page_of_a_draft_offers_the_draft_pdf(client, recorder, meeting):
    client.force_login(recorder)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert reverse("document_draft_pdf", args=[meeting.pk]) in page
    assert reverse("document_signed_pdf", args=[meeting.pk]) not in page


def test_meeting_page_of_a_superseded_version_says_so(client, recorder, issued):
    with workflow_write():
        Meeting.objects.filter(pk=issued.meeting_id).update(superseded_at=timezone.now())
    client.force_login(recorder)
    page = client.get(reverse("meeting_detail", args=[issued.meeting_id])).content.decode()
    assert "Tải PDF đã ký số (phiên bản đã bị thay thế)" in page


@pytest.mark.parametrize("name", ["document_draft_pdf", "document_docx"])
def test_document_downloads_use_a_fixed_number_of_queries(client, name):
    counts = []
    for size in (1, 12):
        user = UserFactory()
        meeting = meeting_with_parts(
            members=size + 2, turns=size, guests=size, directives=size, decisions=size
        )
        grant(user, meeting.cell, Role.RECORDER)
        client.force_login(user)
        url = reverse(name, args=[meeting.pk])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
