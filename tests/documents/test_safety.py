"""Member-written text cannot add markup, images or links to the PDF, nor make it fetch anything."""

from __future__ import annotations

import io

import pytest
from pyhanko.pdf_utils.generic import NameObject
from pyhanko.pdf_utils.reader import PdfFileReader

from minutes import pdf, signing
from minutes.document import build_document
from minutes.models import Meeting, Participant, ParticipantRole, SpeakingTurn
from minutes.selectors import with_parts
from minutes.services.documents import issue_signed_document
from tests.documents.conftest import approve_directly, pdftotext
from tests.factories import meeting_with_parts

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<img src="http://attacker.example/pixel.png">'
    '<a href="http://attacker.example/">bấm vào đây</a>'
    "<script>alert(1)</script>"
    "<style>body { background: url(http://attacker.example/bg.png) }</style>"
    '<link rel="stylesheet" href="file:///etc/passwd">'
    '<svg><image href="file:///etc/hostname"/></svg>'
    "url(http://attacker.example/font.ttf) @import 'http://attacker.example/x.css';"
)

# For the fields limited to 300 characters (PostgreSQL enforces it).
SHORT = (
    '<img src="http://attacker.example/p.png"><a href="http://attacker.example/">x</a>'
    "<script>alert(2)</script><style>@import url(http://attacker.example/s.css)</style>"
)


def hostile_meeting() -> Meeting:
    meeting = meeting_with_parts()
    Meeting.objects.filter(pk=meeting.pk).update(
        place=SHORT, conclusion=HOSTILE, topic=SHORT, documents_used=HOSTILE
    )
    SpeakingTurn.objects.filter(meeting=meeting).update(gist=HOSTILE)
    Participant.objects.filter(meeting=meeting, role=ParticipantRole.GUEST).update(
        title=SHORT, organization=SHORT
    )
    return with_parts(Meeting.objects.filter(pk=meeting.pk)).get()


def inventory(data: bytes) -> tuple[list[str], int]:
    """Annotation subtypes and the number of image XObjects over all pages."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    annotations: list[str] = []
    images: set = set()
    for page in (reader.root["/Pages"]["/Kids"][i] for i in range(reader.root["/Pages"]["/Count"])):
        page = page.get_object()
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            annotations.append(str(annot.get("/Subtype")))
            assert "/URI" not in str(annot.get("/A", ""))
        xobjects = page["/Resources"].get("/XObject", {})
        for name in xobjects:
            # Pages may share one resource dictionary: count distinct objects.
            ref = xobjects.raw_get(name)
            if xobjects[name].get_object().get("/Subtype") == NameObject("/Image"):
                images.add(getattr(ref, "idnum", id(ref)))
    return annotations, len(images)


def test_hostile_text_is_printed_as_text_and_nothing_is_fetched(tmp_path):
    meeting = hostile_meeting()
    fetcher = pdf.AppFetcher()
    data = pdf.render_pdf(build_document(meeting), fetcher=fetcher)

    assert fetcher.refused == []
    assert fetcher.requested, "the fonts and stylesheet come through the fetcher"
    assert all(url.startswith("app:") for url in fetcher.requested)
    assert not any("attacker" in url or "file:" in url for url in fetcher.requested)

    # Printed literally (line breaks may fall anywhere inside it).
    text = "".join(pdftotext(data, tmp_path).split())
    assert '<imgsrc="http://attacker.example/pixel.png">' in text
    assert "<script>alert(1)</script>" in text
    assert "<script>alert(2)</script>" in text
    assert b"/URI" not in data
    assert inventory(data) == ([], 0)


def test_a_signed_document_has_one_image_the_qr_code_and_no_links(tmp_path):
    meeting = approve_directly(hostile_meeting())
    signing.create_self_signed_key(organization=meeting.cell)
    record = issue_signed_document(meeting)
    data = record.file.open("rb").read()
    annotations, images = inventory(data)
    assert images == 1
    # The only annotation is the (invisible) signature widget, never a link.
    assert annotations == ["/Widget"]
    assert b"/URI" not in data


@pytest.mark.parametrize(
    "url",
    [
        "http://attacker.example/x.png",
        "https://127.0.0.1/static/css/document-print.css",
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "app:static/../../config/settings.py",
        "app:static/css/app.css",
        "app:font/../../etc/passwd",
        "app:generated/other.png",
    ],
)
def test_the_fetcher_refuses_everything_but_its_own_files(url):
    fetcher = pdf.AppFetcher()
    with pytest.raises(pdf.FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_the_stylesheet_and_the_fonts():
    fetcher = pdf.AppFetcher()
    css = fetcher.fetch("app:static/css/document-print.css").read()
    assert b"@page" in css
    font = fetcher.fetch("app:font/regular").read()
    assert font[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true")
