"""Pilot sessions (sinh hoạt điểm, issue 13).

A meeting marked in the editor as a pilot held under a guiding document: the
title and the opening of the minutes say so in the preview, the issued PDF
(pdftotext) and the DOCX (python-docx); bad input is refused beside its field
and nothing typed is lost. Once approved, the campaign's page offers the
minutes to the secretaries of the other cells as the model, and they can open
them; an outsider still gets 404, and a draft pilot is never shown.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from docx import Document as DocxDocument

from members.models import Role
from minutes.document import build_document
from minutes.models import Campaign, Meeting, MeetingKind, MinutesStatus
from minutes.selectors import with_parts
from minutes.services.documents import ensure_demo_signing_key, issue_signed_document
from tests.documents.conftest import pdftotext
from tests.factories import CellFactory, CommitteeFactory, UserFactory, grant, meeting_with_parts

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
TOPIC = "Nâng cao chất lượng sinh hoạt chi bộ"
GUIDE_LINE = (
    "Sinh hoạt điểm: theo Hướng dẫn số 03-HD/Th.U ngày 19/5/2022 của Ban Thường vụ Thành ủy."
)


@pytest.fixture
def place(db):
    """A committee with the pilot's cell and another cell; a cell under another committee."""
    committee = CommitteeFactory(name="Đảng bộ Cơ quan HĐND - UBND Thành phố")
    far = CommitteeFactory(name="Đảng bộ Khối Doanh nghiệp")
    return {
        "committee": committee,
        "cell": CellFactory(parent=committee, name="Chi bộ Văn phòng"),
        "other_cell": CellFactory(parent=committee, name="Chi bộ Tài chính - Kế hoạch"),
        "far_cell": CellFactory(parent=far, name="Chi bộ Công ty Cấp nước"),
    }


def user_with(role, organization, name):
    user = UserFactory(username=name)
    grant(user, organization, role)
    return user


@pytest.fixture
def users(place):
    return {
        "recorder": user_with(Role.RECORDER, place["cell"], "pilot-recorder"),
        "other_recorder": user_with(Role.RECORDER, place["other_cell"], "other-recorder"),
        "other_chair": user_with(Role.CHAIR, place["other_cell"], "other-chair"),
        "outsider": user_with(Role.RECORDER, place["far_cell"], "far-recorder"),
        "reviewer": user_with(Role.REVIEWER, place["committee"], "pilot-reviewer"),
    }


@pytest.fixture
def campaign(place):
    return Campaign.objects.create(
        committee=place["committee"],
        topic=TOPIC,
        deadline=dt.date(2022, 10, 31),
        pilot_cell=place["cell"],
    )


@pytest.fixture
def pilot(place, campaign):
    meeting = meeting_with_parts(place["cell"], members=3)
    Meeting.objects.filter(pk=meeting.pk).update(
        kind=MeetingKind.THEMATIC, topic=f"Sinh hoạt chuyên đề “{TOPIC}”", campaign=campaign
    )
    return Meeting.objects.get(pk=meeting.pk)


def details(meeting, **changes):
    data = {
        "details-revision": str(meeting.revision),
        "details-kind": meeting.kind,
        "details-date": "21/6/2022",
        "details-start_time": "19:30",
        "details-place": meeting.place,
        "details-topic": meeting.topic,
        "details-title_override": "",
        "details-legal_bases": "",
        "details-documents_used": "",
    }
    data.update({f"details-{k}": v for k, v in changes.items()})
    return data


PILOT_FIELDS = {
    "is_pilot": "on",
    "pilot_guide_number": "03-HD/Th.U",
    "pilot_guide_date": "19/5/2022",
    "pilot_guide_issuer": "Ban Thường vụ Thành ủy",
}


def mark_as_pilot(client, meeting, **changes):
    url = reverse("recording_meeting_fields", args=[meeting.pk, "details"])
    return client.post(url, details(meeting, **{**PILOT_FIELDS, **changes}), **HTMX)


def approve_and_issue(meeting, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    Meeting.objects.filter(pk=meeting.pk).update(
        status=MinutesStatus.APPROVED, number=7, approved_at=timezone.now()
    )
    ensure_demo_signing_key(meeting.cell.parent)
    return issue_signed_document(Meeting.objects.get(pk=meeting.pk))


def test_the_editor_shows_the_pilot_fields(client, users, pilot):
    client.force_login(users["recorder"])
    page = client.get(reverse("recording_editor", args=[pilot.pk])).content.decode()
    for name in PILOT_FIELDS:
        assert f'name="details-{name}"' in page
    assert "Số hiệu văn bản hướng dẫn" in page


def test_marked_in_the_editor_it_prints_in_preview_pdf_and_docx(
    client, users, pilot, settings, tmp_path
):
    client.force_login(users["recorder"])
    response = mark_as_pilot(client, pilot)
    assert "Đã lưu lúc" in response.content.decode()
    pilot.refresh_from_db()
    assert pilot.is_pilot and pilot.pilot_guide_number == "03-HD/Th.U"
    assert pilot.pilot_guide_date == dt.date(2022, 5, 19)

    title = f"Sinh hoạt chi bộ chuyên đề “{TOPIC}” (sinh hoạt điểm)"
    # Read as text: the symbol and the date sit in no-wrap spans.
    preview = strip_tags(client.get(reverse("recording_preview", args=[pilot.pk])).content.decode())
    assert title in preview
    assert "Sinh hoạt điểm: theo Hướng dẫn số 03-HD/Th.U ngày 19/5/2022" in preview

    record = approve_and_issue(pilot, settings, tmp_path)
    with record.file.open("rb") as handle:
        text = " ".join(pdftotext(handle.read(), tmp_path).split())
    assert title in text
    assert GUIDE_LINE in text
    docx = client.get(reverse("document_docx", args=[pilot.pk]))
    paragraphs = [p.text for p in DocxDocument(io.BytesIO(docx.content)).paragraphs]
    assert GUIDE_LINE in paragraphs
    assert title in paragraphs


def test_the_guide_line_comes_first_in_the_opening(pilot):
    Meeting.objects.filter(pk=pilot.pk).update(
        is_pilot=True,
        pilot_guide_number="126-KH/ĐUCQ",
        pilot_guide_date=dt.date(2022, 5, 30),
        legal_bases="Kết luận số 21-KL/TW ngày 25/10/2021",
    )
    document = build_document(with_parts(Meeting.objects.filter(pk=pilot.pk)).get())
    opening = next(s for s in document.sections if s.anchor == "opening")
    first = opening.lines[0]
    # A Kế hoạch is named so from its symbol; no issuer typed, none printed.
    assert (first.label, first.text) == (
        "Sinh hoạt điểm:",
        "theo Kế hoạch số 126-KH/ĐUCQ ngày 30/5/2022.",
    )
    assert opening.lines[1].label == "Căn cứ:"


def test_a_meeting_that_is_no_pilot_prints_no_guide(pilot):
    document = build_document(with_parts(Meeting.objects.filter(pk=pilot.pk)).get())
    assert "sinh hoạt điểm" not in document.text().casefold()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"pilot_guide_number": ""},
            "pilot_guide_number",
            "Buổi sinh hoạt điểm cần ghi số hiệu văn bản hướng dẫn",
        ),
        (
            {"pilot_guide_number": "   "},
            "pilot_guide_number",
            "Buổi sinh hoạt điểm cần ghi số hiệu văn bản hướng dẫn",
        ),
        ({"pilot_guide_date": "31/2/2022"}, "pilot_guide_date", "không"),
        ({"pilot_guide_date": "hôm qua"}, "pilot_guide_date", ""),
        (
            {"pilot_guide_date": "22/6/2022"},
            "pilot_guide_date",
            "Văn bản hướng dẫn phải có trước ngày họp (21/6/2022).",
        ),
        ({"pilot_guide_number": "x" * 61}, "pilot_guide_number", "60"),
        ({"pilot_guide_issuer": "y" * 201}, "pilot_guide_issuer", "200"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_kept(
    client, users, pilot, changes, field, message
):
    client.force_login(users["recorder"])
    # Without JavaScript: the editor comes back with the form as typed.
    url = reverse("recording_meeting_fields", args=[pilot.pk, "details"])
    response = client.post(url, details(pilot, **{**PILOT_FIELDS, **changes}))
    assert response.status_code == 200
    page = response.content.decode()
    error = page.split(f'id="id_details-{field}-error">', 1)[1].split("</div>", 1)[0]
    assert error.strip(), f"no message beside {field}"
    assert message in error
    # Nothing typed is lost.
    assert 'value="Ban Thường vụ Thành ủy"' in page or field == "pilot_guide_issuer"
    pilot.refresh_from_db()
    assert not pilot.is_pilot and pilot.revision == 1


def test_the_campaign_page_offers_the_approved_pilot_to_the_other_cells(
    client, users, pilot, settings, tmp_path
):
    client.force_login(users["recorder"])
    mark_as_pilot(client, pilot)
    url = reverse("campaign_detail", args=[pilot.campaign_id])
    detail = reverse("meeting_detail", args=[pilot.pk])

    # A draft pilot is never shown, and another cell cannot open it.
    client.force_login(users["other_recorder"])
    page = client.get(url).content.decode()
    assert "Sinh hoạt điểm – mẫu để tham khảo" not in page
    assert detail not in page
    assert client.get(detail).status_code == 404

    approve_and_issue(pilot, settings, tmp_path)
    for who in ("other_recorder", "other_chair", "reviewer"):
        client.force_login(users[who])
        page = client.get(url).content.decode()
        assert "Sinh hoạt điểm – mẫu để tham khảo" in page, who
        assert detail in page, who
        assert "Theo Hướng dẫn số 03-HD/Th.U ngày 19/5/2022 của Ban Thường vụ Thành ủy." in page
        assert client.get(detail).status_code == 200, who
        signed = client.get(reverse("document_signed_pdf", args=[pilot.pk]))
        assert signed.status_code == 200, who
    # The other cell's secretary reads the model, not the other cells' progress,
    # and reads it only: nothing of the pilot's cell to edit.
    client.force_login(users["other_recorder"])
    assert 'id="campaign-cells"' not in client.get(url).content.decode()
    page = client.get(detail).content.decode()
    assert f"Sinh hoạt chi bộ chuyên đề “{TOPIC}” (sinh hoạt điểm)" in page
    assert reverse("recording_editor", args=[pilot.pk]) not in page
    assert client.get(reverse("recording_editor", args=[pilot.pk])).status_code in (403, 404)


def test_an_outsider_still_gets_404(client, users, pilot, settings, tmp_path):
    Meeting.objects.filter(pk=pilot.pk).update(is_pilot=True, pilot_guide_number="03-HD/Th.U")
    approve_and_issue(pilot, settings, tmp_path)
    client.force_login(users["outsider"])
    assert client.get(reverse("campaign_detail", args=[pilot.campaign_id])).status_code == 404
    for name in ("meeting_detail", "document_docx", "document_signed_pdf", "recording_preview"):
        assert client.get(reverse(name, args=[pilot.pk])).status_code == 404, name
    # A plain member of another cell (no role) neither.
    member = UserFactory(username="plain-member")
    client.force_login(member)
    assert client.get(reverse("meeting_detail", args=[pilot.pk])).status_code == 404


def test_only_the_current_approved_pilot_of_the_campaign_is_opened(users, pilot, place):
    from members.access import meetings_visible_to
    from minutes.models.meeting import workflow_write

    def seen_by_other_cell() -> bool:
        # A fresh user object: the grants are cached per request.
        other = type(users["other_recorder"]).objects.get(username="other-recorder")
        return meetings_visible_to(other).filter(pk=pilot.pk).exists()

    def change(**fields) -> None:
        with workflow_write():  # approved minutes: only the workflow writes them
            Meeting.objects.filter(pk=pilot.pk).update(**fields)

    change(is_pilot=True, status=MinutesStatus.APPROVED, number=1)
    assert seen_by_other_cell()
    # Replaced by a later version: the earlier one is no model any more.
    change(superseded_at=timezone.now())
    assert not seen_by_other_cell()
    # Approved but not a pilot, or a pilot of no campaign: not opened either.
    change(superseded_at=None, is_pilot=False)
    assert not seen_by_other_cell()
    change(is_pilot=True, campaign=None)
    assert not seen_by_other_cell()
    # Returned for changes: a pilot that is no longer approved is no model.
    change(campaign=pilot.campaign_id, status=MinutesStatus.RETURNED)
    assert not seen_by_other_cell()
    # Its own cell sees everything of it, as before.
    assert meetings_visible_to(users["recorder"]).filter(pk=pilot.pk).exists()


def test_the_home_panel_links_the_campaign_page(client, users, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.localdate())
    client.force_login(users["other_recorder"])
    page = client.get(reverse("home")).content.decode()
    assert reverse("campaign_detail", args=[campaign.pk]) in page
