"""Presentations apart from discussion (issue 13).

What a secretary notices: a report item is a report (as before), an opening
presentation (đề dẫn) or a prepared contribution (tham luận, with its author
and title); the minutes print them under the reports as presentations, never
among the speaking turns, in the preview, the PDF and the DOCX.
"""

from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse
from docx import Document as DocxDocument

from minutes import pdf
from minutes.document import build_document
from minutes.docx import render_docx
from minutes.models import Meeting, NonMemberKind, PresentationKind, Report
from minutes.selectors import with_parts
from minutes.services.recording import snapshot
from tests.documents.conftest import pdftotext

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def document_of(meeting):
    return build_document(with_parts(Meeting.objects.filter(pk=meeting.pk)).get())


def add_report(client, meeting, **fields):
    data = {f"report-new-{name}": value for name, value in fields.items()}
    return client.post(reverse("recording_item_add", args=[meeting.pk, "report"]), data, **HTMX)


def reports_section(document):
    proceedings = next(s for s in document.sections if s.anchor == "proceedings")
    return next(s for s in proceedings.subsections if s.anchor == "reports")


def member(meeting, n: int):
    return meeting.participants.get(full_name=f"Trần Thị Hòa {n}")


def test_a_report_prints_as_before(secretary_client, meeting):
    hoa = member(meeting, 1)
    response = add_report(
        secretary_client,
        meeting,
        presenter=hoa.full_name,
        presenter_id=hoa.pk,
        title="báo cáo kết quả công tác tháng 6",
        summary="",
    )
    assert response.status_code == 200
    assert Report.objects.get(meeting=meeting).presentation == PresentationKind.REPORT
    section = reports_section(document_of(meeting))
    assert section.heading == "Báo cáo"
    assert [(line.label, line.text) for line in section.lines] == [
        ("-", "đồng chí Trần Thị Hòa 1 trình bày báo cáo kết quả công tác tháng 6.")
    ]


def test_opening_and_contributions_print_as_presentations_not_turns(
    secretary_client, meeting, tmp_path
):
    hoa1, hoa2 = member(meeting, 1), member(meeting, 2)
    add_report(
        secretary_client,
        meeting,
        presentation=PresentationKind.OPENING,
        presenter=hoa1.full_name,
        presenter_id=hoa1.pk,
        title="chuyên đề học tập và làm theo tư tưởng Hồ Chí Minh năm 2022",
        summary="Nêu ba nội dung trọng tâm.",
    )
    response = add_report(
        secretary_client,
        meeting,
        presentation=PresentationKind.CONTRIBUTION,
        presenter=hoa2.full_name,
        presenter_id=hoa2.pk,
        title="Nêu gương trong công tác chuyên môn",
    )
    assert response.status_code == 200
    # The editor's list says what it is.
    assert "Tham luận" in response.content.decode()

    document = document_of(meeting)
    section = reports_section(document)
    assert section.heading == "Báo cáo, đề dẫn, tham luận"
    assert [(line.label, line.text) for line in section.lines] == [
        (
            "- Đề dẫn:",
            "đồng chí Trần Thị Hòa 1 trình bày chuyên đề học tập và làm theo tư tưởng "
            "Hồ Chí Minh năm 2022: Nêu ba nội dung trọng tâm.",
        ),
        ("- Tham luận:", "Nêu gương trong công tác chuyên môn – đồng chí Trần Thị Hòa 2."),
    ]
    proceedings = next(s for s in document.sections if s.anchor == "proceedings")
    turns = next(s for s in proceedings.subsections if s.anchor == "turns")
    # Still only the two turns of the fixture: a presentation is not a speaking turn.
    assert turns.heading == "Ý kiến tham gia (2 lượt phát biểu)"
    assert "Nêu gương" not in "\n".join(turns.plain())

    text = " ".join(pdftotext(pdf.render_pdf(document), tmp_path).split())
    assert "Tham luận: Nêu gương trong công tác chuyên môn – đồng chí Trần Thị Hòa 2." in text
    paragraphs = [p.text for p in DocxDocument(io.BytesIO(render_docx(document))).paragraphs]
    assert "- Tham luận: Nêu gương trong công tác chuyên môn – đồng chí Trần Thị Hòa 2." in (
        paragraphs
    )


def test_a_non_member_contribution_names_no_comrade(secretary_client, meeting):
    secretary_client.post(
        reverse("recording_item_add", args=[meeting.pk, "guest"]),
        {"guest-new-full_name": "Nguyễn Văn An", "guest-new-non_member": NonMemberKind.OUTSTANDING},
        **HTMX,
    )
    an = meeting.participants.get(full_name="Nguyễn Văn An")
    page = add_report(
        secretary_client,
        meeting,
        presentation=PresentationKind.CONTRIBUTION,
        presenter=an.full_name,
        presenter_id=an.pk,
        title="Động cơ phấn đấu vào Đảng",
    ).content.decode()
    assert "Nguyễn Văn An trình bày" in page
    assert "đồng chí Nguyễn Văn An" not in page
    section = reports_section(document_of(meeting))
    assert section.lines[-1].text == "Động cơ phấn đấu vào Đảng – Nguyễn Văn An (quần chúng ưu tú)."


def test_the_kind_is_changed_through_the_edit_form_and_bad_kinds_are_refused(
    secretary_client, meeting
):
    hoa = member(meeting, 1)
    add_report(
        secretary_client, meeting, presenter=hoa.full_name, presenter_id=hoa.pk, title="Báo cáo"
    )
    report = Report.objects.get(meeting=meeting)
    url = reverse("recording_item_edit", args=[meeting.pk, "report", report.pk])
    prefix = f"report-{report.pk}"
    form = secretary_client.get(url, **HTMX).content.decode()
    assert '<option value="report" selected>' in form
    response = secretary_client.post(
        url,
        {
            f"{prefix}-presentation": PresentationKind.OPENING,
            f"{prefix}-presenter": hoa.full_name,
            f"{prefix}-presenter_id": hoa.pk,
            f"{prefix}-title": "Đề dẫn chuyên đề",
            f"{prefix}-original": json.dumps(snapshot(report, "report")),
        },
        **HTMX,
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.presentation == PresentationKind.OPENING

    page = add_report(
        secretary_client, meeting, presentation="speech", title="<b>x</b>"
    ).content.decode()
    assert Report.objects.filter(meeting=meeting).count() == 1
    assert 'id="id_report-new-presentation-error"' in page
    assert "<b>x</b>" not in page
