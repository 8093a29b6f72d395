"""People who are not party members at a meeting (issue 13).

What a secretary notices: a quần chúng ưu tú, someone in the admission process or
invited staff is added from the guest list with their standing, printed on a
line of their own ("Người dự không phải đảng viên"), never as "đồng chí", can be
chosen as the speaker of a turn, and changes none of the figures: "Có mặt x/y",
the vote denominator and the stored figures of the statistics count members only.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from django.urls import reverse
from docx import Document as DocxDocument

from members.models import Role
from minutes import pdf
from minutes.document import build_document
from minutes.docx import render_docx
from minutes.models import Meeting, MeetingFigures, NonMemberKind, ParticipantRole, SpeakingTurn
from minutes.oversight.figures import refresh_figures
from minutes.selectors import with_parts
from minutes.services.recording import snapshot
from tests.documents.conftest import pdftotext
from tests.factories import UserFactory, grant, meeting_with_parts

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def document_of(meeting):
    return build_document(with_parts(Meeting.objects.filter(pk=meeting.pk)).get())


def add_guest(client, meeting, **fields):
    data = {f"guest-new-{name}": value for name, value in fields.items()}
    return client.post(reverse("recording_item_add", args=[meeting.pk, "guest"]), data, **HTMX)


def line_starting(text: str, start: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(start))


def add_two_non_members(client, meeting):
    first = add_guest(
        client, meeting, full_name="Nguyễn Văn An", non_member=NonMemberKind.OUTSTANDING
    )
    assert first.status_code == 200
    add_guest(
        client,
        meeting,
        full_name="Phạm Thị Bình",
        title="kế toán",
        organization="UBND xã",
        non_member=NonMemberKind.STAFF,
    )
    return (
        meeting.participants.get(full_name="Nguyễn Văn An"),
        meeting.participants.get(full_name="Phạm Thị Bình"),
    )


def test_non_members_are_printed_on_their_own_line_never_as_comrades(secretary_client, meeting):
    response = add_guest(
        secretary_client, meeting, full_name="Nguyễn Văn An", non_member=NonMemberKind.OUTSTANDING
    )
    assert response.status_code == 200
    # The editor's list says who the person is.
    assert "Không phải đảng viên: quần chúng ưu tú" in response.content.decode()
    add_guest(
        secretary_client,
        meeting,
        full_name="Phạm Thị Bình",
        title="kế toán",
        organization="UBND xã",
        non_member=NonMemberKind.STAFF,
    )
    add_guest(
        secretary_client, meeting, full_name="Đỗ Văn Cường", non_member=NonMemberKind.ADMISSION
    )
    an = meeting.participants.get(full_name="Nguyễn Văn An")
    assert an.role == ParticipantRole.GUEST and an.non_member == NonMemberKind.OUTSTANDING

    text = document_of(meeting).text()
    # The party guest keeps line 4; the non-members follow on a line of their own.
    assert (
        line_starting(text, "4. ")
        == "4. Đại biểu dự: đồng chí Lê Quang Đức 1 – Phó Bí thư Đảng ủy."
    )
    assert line_starting(text, "5. ") == (
        "5. Người dự không phải đảng viên: Nguyễn Văn An (quần chúng ưu tú); "
        "Phạm Thị Bình – kế toán, UBND xã (cán bộ được mời, không phải đảng viên); "
        "Đỗ Văn Cường (đang trong quy trình kết nạp Đảng)."
    )
    for name in ("nguyễn văn an", "phạm thị bình", "đỗ văn cường"):
        assert f"đồng chí {name}" not in text.lower()


def test_the_pdf_and_the_docx_carry_the_non_member_line(secretary_client, meeting, tmp_path):
    add_two_non_members(secretary_client, meeting)
    document = document_of(meeting)
    line = (
        "5. Người dự không phải đảng viên: Nguyễn Văn An (quần chúng ưu tú); "
        "Phạm Thị Bình – kế toán, UBND xã (cán bộ được mời, không phải đảng viên)."
    )
    assert line in " ".join(pdftotext(pdf.render_pdf(document), tmp_path).split())
    paragraphs = [p.text for p in DocxDocument(io.BytesIO(render_docx(document))).paragraphs]
    assert line in paragraphs


def test_without_party_guests_the_non_member_line_is_the_fourth(client):
    quiet = meeting_with_parts(members=3, guests=0)
    user = UserFactory(username="nonmember-quiet")
    grant(user, quiet.cell, Role.RECORDER)
    client.force_login(user)
    add_guest(client, quiet, full_name="Nguyễn Văn An", non_member=NonMemberKind.OUTSTANDING)
    text = document_of(quiet).text()
    assert "Đại biểu dự" not in text
    assert line_starting(text, "4. ") == (
        "4. Người dự không phải đảng viên: Nguyễn Văn An (quần chúng ưu tú)."
    )


def test_non_members_change_no_figure(secretary_client, meeting):
    before = document_of(meeting).text()
    present = line_starting(before, "2. Có mặt:")
    assert present.startswith("2. Có mặt: 5/5 đồng chí")
    votes_before = [line for line in before.splitlines() if "tán thành" in line]
    assert votes_before and "5/5 đồng chí tán thành" in votes_before[0]

    add_two_non_members(secretary_client, meeting)
    after = document_of(meeting).text()
    assert line_starting(after, "1. Tổng số đảng viên") == line_starting(
        before, "1. Tổng số đảng viên"
    )
    assert line_starting(after, "2. Có mặt:") == present
    assert [line for line in after.splitlines() if "tán thành" in line] == votes_before

    # A vote counting the non-members is refused: only the 5 official members present vote.
    page = secretary_client.post(
        reverse("recording_item_add", args=[meeting.pk, "decision"]),
        {
            "decision-new-decision_kind": "resolution",
            "decision-new-text": "Thông qua kế hoạch",
            "decision-new-votes_for": "7",
            "decision-new-votes_against": "0",
            "decision-new-votes_other": "0",
        },
        **HTMX,
    ).content.decode()
    assert "Tổng số biểu quyết (7) nhiều hơn số đảng viên chính thức có mặt (5)." in page

    # The stored figures of the statistics count members only.
    refresh_figures(meeting)
    figures = MeetingFigures.objects.get(meeting=meeting)
    assert (figures.expected, figures.present) == (5, 5)


def test_a_non_member_speaks_and_is_not_counted_among_the_members_turns(secretary_client, meeting):
    an, _ = add_two_non_members(secretary_client, meeting)
    # The speaker picker offers them, with their standing.
    found = secretary_client.get(
        reverse("recording_people", args=[meeting.pk]), {"q": "nguyen van an"}
    ).json()["results"]
    assert [(r["id"], r["detail"]) for r in found] == [(an.pk, "quần chúng ưu tú")]

    response = secretary_client.post(
        reverse("recording_item_add", args=[meeting.pk, "turn"]),
        {
            "turn-new-speaker": "Nguyễn Văn An",
            "turn-new-speaker_id": an.pk,
            "turn-new-gist": "Xin phấn đấu sớm được đứng vào hàng ngũ của Đảng.",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert SpeakingTurn.objects.filter(meeting=meeting, speaker=an).exists()

    document = document_of(meeting)
    text = document.text()
    assert (
        "+ Nguyễn Văn An (quần chúng ưu tú): Xin phấn đấu sớm được đứng vào hàng ngũ của Đảng."
        in text
    )
    proceedings = next(s for s in document.sections if s.anchor == "proceedings")
    anchors = {s.anchor: s for s in proceedings.subsections}
    assert anchors["non_member_turns"].heading == "Ý kiến của người dự không phải đảng viên"
    # Among the members' turns: still the 2 turns of the fixture.
    assert anchors["turns"].heading == "Ý kiến tham gia (2 lượt phát biểu)"
    assert "Xin phấn đấu" not in "\n".join(anchors["turns"].plain())
    # No party guest spoke: no "Ý kiến của đại biểu" for a non-member's turn.
    assert "guest_turns" not in anchors


def test_a_non_member_is_never_chair_or_secretary(secretary_client, meeting):
    an, _ = add_two_non_members(secretary_client, meeting)
    page = secretary_client.get(reverse("recording_editor", args=[meeting.pk])).content.decode()
    roles = re.search(r'<form id="form-roles".*?</form>', page, re.S).group(0)
    assert f'<option value="{an.pk}">' not in roles

    # A party guest who chairs cannot be turned into a non-member.
    guest = meeting.participants.get(full_name="Lê Quang Đức 1")
    Meeting.objects.filter(pk=meeting.pk).update(chair=guest)
    prefix = f"guest-{guest.pk}"
    page = secretary_client.post(
        reverse("recording_item_edit", args=[meeting.pk, "guest", guest.pk]),
        {
            f"{prefix}-full_name": guest.full_name,
            f"{prefix}-title": guest.title,
            f"{prefix}-non_member": NonMemberKind.STAFF,
            f"{prefix}-original": json.dumps(snapshot(guest, "guest")),
        },
        **HTMX,
    ).content.decode()
    assert "chủ trì, thư ký phải là đảng viên" in page
    guest.refresh_from_db()
    assert guest.non_member == ""


def test_a_standing_is_changed_through_the_edit_form(secretary_client, meeting):
    an, _ = add_two_non_members(secretary_client, meeting)
    prefix = f"guest-{an.pk}"
    form = secretary_client.get(
        reverse("recording_item_edit", args=[meeting.pk, "guest", an.pk]), **HTMX
    ).content.decode()
    assert re.search(r'<option value="outstanding" selected>', form)
    response = secretary_client.post(
        reverse("recording_item_edit", args=[meeting.pk, "guest", an.pk]),
        {
            f"{prefix}-full_name": an.full_name,
            f"{prefix}-non_member": NonMemberKind.ADMISSION,
            f"{prefix}-original": json.dumps(snapshot(an, "guest")),
        },
        **HTMX,
    )
    assert response.status_code == 200
    an.refresh_from_db()
    assert an.non_member == NonMemberKind.ADMISSION
    assert "Nguyễn Văn An (đang trong quy trình kết nạp Đảng)" in document_of(meeting).text()

    # Back to a party guest: printed as a comrade among the guests again.
    an.refresh_from_db()
    secretary_client.post(
        reverse("recording_item_edit", args=[meeting.pk, "guest", an.pk]),
        {
            f"{prefix}-full_name": an.full_name,
            f"{prefix}-non_member": "",
            f"{prefix}-original": json.dumps(snapshot(an, "guest")),
        },
        **HTMX,
    )
    text = document_of(meeting).text()
    assert "đồng chí Nguyễn Văn An" in line_starting(text, "4. Đại biểu dự:")


def test_an_unknown_standing_is_refused_beside_the_field(secretary_client, meeting):
    response = add_guest(secretary_client, meeting, full_name="Nguyễn Văn An", non_member="boss")
    assert response.status_code in (200, 422)
    assert not meeting.participants.filter(full_name="Nguyễn Văn An").exists()
    assert 'id="id_guest-new-non_member-error"' in response.content.decode()


MARKUP = '<b onmouseover="alert(1)">Quần chúng & "ưu tú"</b>'


def test_typed_names_are_escaped_in_the_editor_and_the_preview(secretary_client, meeting):
    response = add_guest(
        secretary_client, meeting, full_name=MARKUP, non_member=NonMemberKind.OUTSTANDING
    )
    page = response.content.decode()
    assert MARKUP not in page
    assert "&lt;b onmouseover=" in page
    person = meeting.participants.get(non_member=NonMemberKind.OUTSTANDING)
    SpeakingTurn.objects.create(meeting=meeting, speaker=person, gist=MARKUP, order=9)

    for name in ("recording_editor", "recording_preview"):
        page = secretary_client.get(reverse(name, args=[meeting.pk])).content.decode()
        assert MARKUP not in page, name
        assert "&lt;b onmouseover=" in page, name
    document = secretary_client.get(
        reverse("recording_document", args=[meeting.pk])
    ).content.decode()
    assert MARKUP not in document
    assert "Người dự không phải đảng viên:" in document
    assert "&lt;b onmouseover=" in document
