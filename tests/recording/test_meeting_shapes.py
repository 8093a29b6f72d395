"""Real meetings in their shapes (issue 13): a discussion recorded as a whole, guests as a group.

What a secretary notices: the counts and the summary of the discussion are
saved from the section of speaking turns and printed in the minutes as
"15/15 đảng viên có mặt đã có 19 lượt phát biểu. …", counts that contradict the
attendance or the turns recorded by name are refused beside the field, and a
group of guests is printed under its own label, never as "đồng chí".
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
from minutes.models import AttendanceStatus, Meeting, Participant, ParticipantRole, SpeakingTurn
from minutes.selectors import with_parts
from minutes.services.recording import snapshot
from tests.documents.conftest import pdftotext
from tests.factories import UserFactory, grant, meeting_with_parts

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}

SEED_SUMMARY = (
    "Các ý kiến thống nhất cao một số tồn tại hạn chế của Chi bộ và đảng viên, "
    "gắn với Quy định số 37-QĐ/TW."
)


def recorder_of(meeting, name: str):
    user = UserFactory(username=name)
    grant(user, meeting.cell, Role.RECORDER)
    return user


def document_of(meeting):
    return build_document(with_parts(Meeting.objects.filter(pk=meeting.pk)).get())


def turns_section(document):
    proceedings = next(s for s in document.sections if s.anchor == "proceedings")
    return next(s for s in proceedings.subsections if s.anchor == "turns")


def save_discussion(client, meeting, *, htmx=True, **values):
    meeting.refresh_from_db()
    data = {"discussion-revision": str(meeting.revision)}
    for name in ("speakers", "turns", "summary"):
        data[f"discussion-discussion_{name}"] = values.get(name, "")
    url = reverse("recording_meeting_fields", args=[meeting.pk, "discussion"])
    return client.post(url, data, **(HTMX if htmx else {}))


def field_error(page: str, name: str) -> str:
    match = re.search(
        rf'id="id_discussion-discussion_{name}-error" hx-swap-oob="true">(.*?)</div>', page, re.S
    )
    assert match, name
    return match.group(1)


# --- a discussion recorded as a whole


def test_the_seed_meetings_discussion_is_printed_with_its_counts_and_no_speaker(client, tmp_path):
    fifteen = meeting_with_parts(members=15, turns=0, directives=0, decisions=0, guests=0)
    client.force_login(recorder_of(fifteen, "shapes-fifteen"))
    response = save_discussion(client, fifteen, speakers="15", turns="19", summary=SEED_SUMMARY)
    assert response.status_code == 200
    assert "Đã lưu lúc" in response.content.decode()

    document = document_of(fifteen)
    sentence = f"15/15 đảng viên có mặt đã có 19 lượt phát biểu. {SEED_SUMMARY}"
    assert sentence in document.text()
    turns = turns_section(document)
    assert turns.heading == "Ý kiến tham gia (19 lượt phát biểu)"
    # The summary names nobody: one paragraph, no speaker label.
    assert [(line.label, line.text) for line in turns.lines] == [("", sentence)]
    assert "Đồng chí" not in "\n".join(turns.plain())

    # The PDF as a reader extracts it.
    text = " ".join(pdftotext(pdf.render_pdf(document), tmp_path).split())
    assert "15/15 đảng viên có mặt đã có 19 lượt phát biểu. Các ý kiến thống nhất cao" in text
    # And the DOCX, as Word reads it.
    paragraphs = [p.text for p in DocxDocument(io.BytesIO(render_docx(document))).paragraphs]
    assert sentence in paragraphs


def test_the_summary_follows_the_turns_taken_down_by_name(secretary_client, meeting):
    # The fixture: 5 members present, two turns by the first two members, one guest.
    response = save_discussion(secretary_client, meeting, speakers="4", turns="7", summary="")
    assert "Đã lưu lúc" in response.content.decode()
    turns = turns_section(document_of(meeting))
    assert turns.heading == "Ý kiến tham gia (7 lượt phát biểu)"
    assert [line.text for line in turns.lines] == [
        "Ý kiến số 1.",
        "Ý kiến số 2.",
        "4/5 đảng viên có mặt đã có 7 lượt phát biểu.",
    ]


def test_the_denominator_is_the_members_present(secretary_client, meeting):
    absent = meeting.participants.filter(role=ParticipantRole.MEMBER).order_by("order").last()
    absent.status, absent.absence_reason = AttendanceStatus.ABSENT_EXCUSED, "Ốm"
    absent.save()
    save_discussion(secretary_client, meeting, speakers="3", turns="3")
    assert "3/4 đảng viên có mặt đã có 3 lượt phát biểu." in document_of(meeting).text()

    page = save_discussion(secretary_client, meeting, speakers="5", turns="6").content.decode()
    assert field_error(page, "speakers") == (
        "Số đảng viên đã phát biểu (5) nhiều hơn số đảng viên có mặt (4)."
    )


@pytest.mark.parametrize(
    ("speakers", "turns", "field", "message"),
    [
        ("6", "8", "speakers", "Số đảng viên đã phát biểu (6) nhiều hơn số đảng viên có mặt (5)."),
        ("4", "3", "turns", "Số lượt phát biểu (3) ít hơn số đảng viên đã phát biểu (4)."),
        (
            "",
            "1",
            "turns",
            "Đã ghi 2 lượt phát biểu của đảng viên theo tên; tổng số lượt không thể ít hơn.",
        ),
        (
            "1",
            "",
            "speakers",
            "Đã ghi ý kiến của 2 đảng viên theo tên; số đảng viên đã phát biểu không thể ít hơn.",
        ),
        ("-1", "", "speakers", "Số này không được âm."),
        ("mười", "", "speakers", "Nhập một số nguyên, ví dụ 12."),
        ("", "99999", "turns", "Số quá lớn (tối đa 9999)."),
    ],
)
def test_counts_that_contradict_the_minutes_are_refused_beside_the_field(
    secretary_client, meeting, speakers, turns, field, message
):
    revision = Meeting.objects.get(pk=meeting.pk).revision
    page = save_discussion(
        secretary_client, meeting, speakers=speakers, turns=turns, summary="Tóm tắt"
    ).content.decode()
    assert message in field_error(page, field)
    assert "Chưa lưu: xem ghi chú bên cạnh các ô." in page
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.revision, stored.discussion_summary) == (revision, "")


def test_turns_without_any_member_speaking_are_refused(client):
    empty = meeting_with_parts(members=3, turns=0, guests=0)
    client.force_login(recorder_of(empty, "shapes-empty"))
    page = save_discussion(client, empty, speakers="0", turns="2").content.decode()
    assert field_error(page, "speakers") == (
        "Có lượt phát biểu thì phải có ít nhất một đảng viên đã phát biểu."
    )


def test_guests_turns_are_not_counted_among_the_members(secretary_client, meeting):
    guest = meeting.participants.get(role=ParticipantRole.GUEST)
    SpeakingTurn.objects.create(meeting=meeting, speaker=guest, gist="Ý kiến đại biểu", order=9)
    page = save_discussion(secretary_client, meeting, speakers="2", turns="2").content.decode()
    assert "Đã lưu lúc" in page
    assert "2/5 đảng viên có mặt đã có 2 lượt phát biểu." in document_of(meeting).text()


def test_without_javascript_an_error_shows_the_turn_section_as_typed(secretary_client, meeting):
    response = save_discussion(
        secretary_client, meeting, htmx=False, speakers="9", turns="9", summary="Gõ dở"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "nhiều hơn số đảng viên có mặt (5)" in page
    assert 'name="discussion-discussion_speakers" value="9"' in page
    assert "Gõ dở</textarea>" in page

    response = save_discussion(
        secretary_client, meeting, htmx=False, speakers="5", turns="9", summary="Đủ"
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#sec-discussion")


def test_the_editor_shows_the_saved_summary_in_the_turn_section_escaped(secretary_client, meeting):
    url = reverse("recording_editor", args=[meeting.pk])
    page = secretary_client.get(url).content.decode()  # the section is now in the cache
    section = re.search(r'<section id="sec-turn".*?</section>', page, re.S).group(0)
    assert 'id="form-discussion"' in section
    assert "Ghi chung cả cuộc thảo luận" in section

    typed = '<script>alert("x")</script> & “ý kiến”'
    save_discussion(secretary_client, meeting, speakers="5", turns="8", summary=typed)
    page = secretary_client.get(url).content.decode()
    section = re.search(r'<section id="sec-turn".*?</section>', page, re.S).group(0)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; “ý kiến”</textarea>" in section
    assert 'name="discussion-discussion_turns" value="8"' in section
    assert "<script>alert" not in page
    # Every meeting form of the page, this one too, carries the revision now stored.
    meeting.refresh_from_db()
    for name in ("details", "roles", "closing", "discussion"):
        assert f'name="{name}-revision" value="{meeting.revision}"' in page

    preview = secretary_client.get(reverse("recording_preview", args=[meeting.pk]))
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in preview.content.decode()
    assert "<script>alert" not in preview.content.decode()


def test_the_preview_does_not_ask_for_named_turns_when_the_discussion_is_counted(client):
    quiet = meeting_with_parts(members=4, turns=0, guests=0)
    client.force_login(recorder_of(quiet, "shapes-preview"))
    url = reverse("recording_preview", args=[quiet.pk])
    assert "Chưa ghi ý kiến phát biểu nào." in client.get(url).content.decode()

    save_discussion(client, quiet, speakers="4", turns="6", summary="Nhất trí cao.")
    page = client.get(url).content.decode()
    assert "Chưa ghi ý kiến phát biểu nào." not in page

    # Attendance changed after the counts were saved: the preview says so.
    row = quiet.participants.filter(role=ParticipantRole.MEMBER).order_by("order").first()
    row.status = AttendanceStatus.ABSENT_UNEXCUSED
    row.save()
    Meeting.objects.get(pk=quiet.pk).save()  # as the services do: a change moves `updated_at`
    page = client.get(url).content.decode()
    assert "Số đảng viên đã phát biểu (4) nhiều hơn số đảng viên có mặt (3)." in page


# --- guests as a group


def add_guest(client, meeting, **fields):
    data = {f"guest-new-{name}": value for name, value in fields.items()}
    return client.post(reverse("recording_item_add", args=[meeting.pk, "guest"]), data, **HTMX)


def test_a_group_of_guests_is_printed_as_such_and_an_individual_as_a_comrade(
    secretary_client, meeting
):
    response = add_guest(
        secretary_client,
        meeting,
        full_name="Bí thư các chi bộ trực thuộc",
        organization="Đảng ủy cơ quan",
        is_group="on",
    )
    assert response.status_code == 200
    group = meeting.participants.get(full_name="Bí thư các chi bộ trực thuộc")
    assert group.is_group and group.role == ParticipantRole.GUEST
    # The list of the editor says it is a group.
    assert "Nhóm/đại diện" in response.content.decode()

    text = document_of(meeting).text()
    guests = next(line for line in text.splitlines() if line.startswith("4. Đại biểu dự:"))
    assert guests == (
        "4. Đại biểu dự: đồng chí Lê Quang Đức 1 – Phó Bí thư Đảng ủy; "
        "Bí thư các chi bộ trực thuộc – Đảng ủy cơ quan."
    )
    assert "đồng chí Bí thư các chi bộ" not in text.lower()


def test_a_group_speaks_and_directs_under_its_label(secretary_client, meeting):
    add_guest(
        secretary_client,
        meeting,
        full_name="đại diện lãnh đạo Đảng ủy xã",
        is_group="on",
    )
    group = meeting.participants.get(full_name="đại diện lãnh đạo Đảng ủy xã")
    SpeakingTurn.objects.create(meeting=meeting, speaker=group, gist="Ghi nhận chi bộ.", order=9)
    meeting.directive_points.update(given_by=group)
    text = document_of(meeting).text()
    assert "+ Đại diện lãnh đạo Đảng ủy xã: Ghi nhận chi bộ." in text
    assert "Phát biểu chỉ đạo, đại diện lãnh đạo Đảng ủy xã nhấn mạnh:" in text
    assert "đồng chí đại diện" not in text.lower()


def test_a_group_has_no_personal_title_and_is_never_chair(secretary_client, meeting):
    page = add_guest(
        secretary_client,
        meeting,
        full_name="Bí thư các chi bộ trực thuộc",
        title="Bí thư",
        is_group="on",
    ).content.decode()
    assert "Nhóm đại biểu không ghi chức vụ; ghi cả chức danh vào tên nhóm." in page
    assert not meeting.participants.filter(full_name="Bí thư các chi bộ trực thuộc").exists()

    add_guest(secretary_client, meeting, full_name="Bí thư các chi bộ trực thuộc", is_group="on")
    group = meeting.participants.get(full_name="Bí thư các chi bộ trực thuộc")
    page = secretary_client.get(reverse("recording_editor", args=[meeting.pk])).content.decode()
    roles = re.search(r'<form id="form-roles".*?</form>', page, re.S).group(0)
    assert f'<option value="{group.pk}">' not in roles
    guest = meeting.participants.get(full_name="Lê Quang Đức 1")
    assert f'<option value="{guest.pk}">Lê Quang Đức 1</option>' in roles


def test_an_individual_guest_becomes_a_group_through_the_edit_form(secretary_client, meeting):
    guest = meeting.participants.get(role=ParticipantRole.GUEST)
    guest.title = ""
    guest.save()
    prefix = f"guest-{guest.pk}"
    response = secretary_client.post(
        reverse("recording_item_edit", args=[meeting.pk, "guest", guest.pk]),
        {
            f"{prefix}-full_name": "Đại diện Ban Tuyên giáo",
            f"{prefix}-title": "",
            f"{prefix}-organization": "",
            f"{prefix}-is_group": "on",
            f"{prefix}-original": json.dumps(snapshot(guest, "guest")),
        },
        **HTMX,
    )
    assert response.status_code == 200
    guest.refresh_from_db()
    assert guest.is_group
    assert "4. Đại biểu dự: Đại diện Ban Tuyên giáo." in document_of(meeting).text()

    # The edit form of a group shows the box ticked.
    form = secretary_client.get(
        reverse("recording_item_edit", args=[meeting.pk, "guest", guest.pk]), **HTMX
    ).content.decode()
    assert re.search(rf'name="{prefix}-is_group"[^>]*checked', form)


def test_the_chair_cannot_be_turned_into_a_group(secretary_client, meeting):
    guest = meeting.participants.get(role=ParticipantRole.GUEST)
    guest.title = ""
    guest.save()
    Meeting.objects.filter(pk=meeting.pk).update(chair=guest)
    prefix = f"guest-{guest.pk}"
    page = secretary_client.post(
        reverse("recording_item_edit", args=[meeting.pk, "guest", guest.pk]),
        {
            f"{prefix}-full_name": guest.full_name,
            f"{prefix}-is_group": "on",
            f"{prefix}-original": json.dumps(snapshot(guest, "guest")),
        },
        **HTMX,
    ).content.decode()
    assert "Đại biểu này đang là chủ trì hoặc thư ký: chủ trì, thư ký là một người." in page
    guest.refresh_from_db()
    assert not guest.is_group


def test_a_groups_label_is_escaped_in_the_editor(secretary_client, meeting):
    add_guest(secretary_client, meeting, full_name="<b>Nhóm</b> & đại diện", is_group="on")
    page = secretary_client.get(reverse("recording_editor", args=[meeting.pk])).content.decode()
    assert "&lt;b&gt;Nhóm&lt;/b&gt; &amp; đại diện" in page
    assert "<b>Nhóm</b>" not in page
    assert Participant.objects.filter(full_name="<b>Nhóm</b> & đại diện").exists()


# --- in Chromium: the discussion autosaves like the other meeting forms


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_discussion_autosaves_and_shows_a_refusal_beside_the_field(page, live_server):
    from playwright.sync_api import expect

    from tests.browser import serious_axe_violations
    from tests.factories import PASSWORD
    from tests.recording.conftest import ensure_reference_data
    from tests.recording.test_browser import wait_for_htmx

    ensure_reference_data()
    meeting = meeting_with_parts(members=5, turns=1, guests=1)
    user = recorder_of(meeting, "shapes-browser")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/edit/")

    page.fill("#id_discussion-discussion_speakers", "5")
    page.fill("#id_discussion-discussion_turns", "7")
    page.fill("#id_discussion-discussion_summary", "Các ý kiến thống nhất cao.")
    page.locator("h1").first.click()
    expect(page.locator("#msg-discussion")).to_contain_text("Đã lưu lúc")
    wait_for_htmx(page)
    stored = Meeting.objects.get(pk=meeting.pk)
    assert (stored.discussion_speakers, stored.discussion_turns) == (5, 7)

    page.fill("#id_discussion-discussion_speakers", "9")
    page.locator("h1").first.click()
    expect(page.locator("#id_discussion-discussion_speakers-error")).to_have_text(
        "Số đảng viên đã phát biểu (9) nhiều hơn số đảng viên có mặt (5)."
    )
    expect(page.locator("#msg-discussion")).to_contain_text("Chưa lưu")
    assert Meeting.objects.get(pk=meeting.pk).discussion_speakers == 5
    assert serious_axe_violations(page, live_server) == []
