"""Unknown facts stay unknown, and nothing is presumed (issue 13).

A new meeting's members start "chưa điểm danh", the figures count them, and
submission is refused until everyone is marked. An absence with a reason
needs the reason (said beside the row), "vắng, chưa rõ lý do" is listed as
missing. A start time, a place, a vote count nobody knows stays empty: the
preview lists it, the document prints a gap, submission asks for it.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from minutes.models import AttendanceStatus, Meeting, MinutesStatus, Participant, ParticipantRole
from tests.documents.conftest import pdftotext
from tests.recording.test_views import chosen_status, details_data

HTMX = {"HTTP_HX_REQUEST": "true"}
START = reverse("recording_start")


def members(meeting) -> list[Participant]:
    return list(meeting.participants.filter(role=ParticipantRole.MEMBER).order_by("order", "pk"))


def unmark_everyone(meeting) -> None:
    Participant.objects.filter(meeting=meeting, role=ParticipantRole.MEMBER).update(
        status=AttendanceStatus.UNMARKED
    )


@pytest.fixture
def chair_client(chair):
    client = Client()
    client.force_login(chair)
    return client


def submit(client, meeting, *, confirm: bool = True) -> str:
    data = {"confirm_warnings": "on"} if confirm else {}
    response = client.post(reverse("review_submit", args=[meeting.pk]), data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def status_of(meeting) -> str:
    return Meeting.objects.values_list("status", flat=True).get(pk=meeting.pk)


def preview(client, meeting) -> str:
    return client.get(reverse("recording_preview", args=[meeting.pk])).content.decode()


# --- attendance


def test_a_new_meeting_starts_with_nobody_marked(secretary_client, meeting):
    response = secretary_client.post(
        START,
        {"cell": meeting.cell.pk, "kind": "regular", "date": "19/7/2022", "agenda": "Kiểm điểm"},
    )
    new = Meeting.objects.exclude(pk=meeting.pk).get()
    assert response.url == reverse("recording_editor", args=[new.pk])
    rows = members(new)
    assert len(rows) == 5
    assert {p.status for p in rows} == {AttendanceStatus.UNMARKED}

    page = secretary_client.get(response.url).content.decode()
    assert "Có mặt 0/5" in page
    assert "Chưa điểm danh: 5" in page
    assert "Không ai vắng." not in page
    assert chosen_status(page, rows[0].pk) == "unmarked"
    # The choice offers every state, the unknown reason included.
    select = re.search(rf'<select[^>]* id="status-{rows[0].pk}"[^>]*>(.*?)</select>', page, re.S)
    assert ">Vắng, chưa rõ lý do</option>" in select.group(1)
    assert ">Chưa điểm danh</option>" in select.group(1)


def test_submission_is_refused_until_everyone_is_marked(secretary_client, chair_client, meeting):
    unmark_everyone(meeting)
    page = submit(chair_client, meeting)
    assert "Còn 5 đảng viên chưa điểm danh" in page
    assert status_of(meeting) == MinutesStatus.DRAFT
    # The draft never prints the unmarked as present.
    shown = preview(secretary_client, meeting)
    assert "0/5 đồng chí" in shown
    assert "chưa rõ, còn 5 đồng chí chưa điểm danh" in shown
    assert "Còn 5 đảng viên chưa điểm danh" in shown

    rows = secretary_client.post(
        reverse("recording_all_present", args=[meeting.pk]), **HTMX
    ).content.decode()
    assert "Có mặt 5/5" in rows and "Chưa điểm danh:" not in rows

    submit(chair_client, meeting)
    assert status_of(meeting) == MinutesStatus.SUBMITTED


def test_absent_with_reason_but_no_reason_is_said_beside_the_row(secretary_client, meeting):
    unmark_everyone(meeting)
    row = members(meeting)[1]
    url = reverse("recording_attendance_row", args=[meeting.pk, row.pk])
    data = {
        f"status-{row.pk}": "absent_excused",
        f"reason-{row.pk}": " ",
        f"was-{row.pk}": "unmarked|",
    }
    message = f"Ghi lý do vắng của đồng chí {row.full_name}, hoặc chọn “Vắng, chưa rõ lý do”."

    answer = secretary_client.post(url, data, **HTMX).content.decode()
    note = re.search(rf'<div id="att-msg-{row.pk}"[^>]*>(.*?)</div>', answer, re.S).group(1)
    assert message in note
    row.refresh_from_db()
    assert row.status == AttendanceStatus.UNMARKED

    # Without JavaScript: the editor comes back with the note beside the row and the choice kept.
    page = secretary_client.post(url, data).content.decode()
    note = re.search(rf'<div id="att-msg-{row.pk}"[^>]*>(.*?)</div>', page, re.S).group(1)
    assert message in note
    assert chosen_status(page, row.pk) == "absent_excused"
    row.refresh_from_db()
    assert row.status == AttendanceStatus.UNMARKED


def test_absence_with_an_unknown_reason_is_listed_as_missing(
    secretary_client, chair_client, meeting
):
    row = members(meeting)[2]
    answer = secretary_client.post(
        reverse("recording_attendance_row", args=[meeting.pk, row.pk]),
        {f"status-{row.pk}": "absent_unknown", f"was-{row.pk}": "present|"},
        **HTMX,
    ).content.decode()
    assert "Có mặt 4/5" in answer
    assert f"chưa rõ lý do: {row.full_name}" in answer
    row.refresh_from_db()
    assert (row.status, row.absence_reason) == (AttendanceStatus.ABSENT_UNKNOWN, "")

    shown = preview(secretary_client, meeting)
    assert f"Đồng chí {row.full_name} vắng, chưa rõ lý do: ghi lý do khi biết." in shown
    assert f"1 đồng chí – chưa rõ lý do: {row.full_name}." in shown

    # The counts typed for five present are now one too many: as the secretary would.
    meeting.decisions.update(votes_for=4)
    Meeting.objects.filter(pk=meeting.pk).update(closing_votes_for=4)
    # A warning: submitted only once confirmed.
    page = submit(chair_client, meeting, confirm=False)
    assert "vắng, chưa rõ lý do: ghi lý do khi biết." in page
    assert status_of(meeting) == MinutesStatus.DRAFT
    submit(chair_client, meeting)
    assert status_of(meeting) == MinutesStatus.SUBMITTED


# --- start time, place, vote counts


def test_a_meeting_without_time_or_place_is_made_and_asked_for_at_submission(
    secretary_client, chair_client, meeting, tmp_path
):
    response = secretary_client.post(
        START, {"cell": meeting.cell.pk, "kind": "regular", "date": "19/7/2022"}
    )
    new = Meeting.objects.exclude(pk=meeting.pk).get()
    assert response.status_code == 302
    assert (new.start_time, new.place) == (None, "")

    shown = preview(secretary_client, new)
    assert "Chưa ghi giờ bắt đầu." in shown
    assert "Chưa ghi địa điểm." in shown
    assert "bắt đầu lúc … giờ … phút" in shown
    assert not re.search(r"\d+ giờ \d\d phút", shown)

    pdf = secretary_client.get(reverse("document_draft_pdf", args=[new.pk])).content
    text = " ".join(pdftotext(pdf, tmp_path).split())
    assert "bắt đầu lúc … giờ … phút" in text
    assert not re.search(r"\d+ giờ \d\d phút", text)

    page = submit(chair_client, new)
    assert "Chưa ghi giờ bắt đầu." in page and "Chưa ghi địa điểm." in page
    assert status_of(new) == MinutesStatus.DRAFT


def test_the_details_can_be_saved_with_time_and_place_left_empty(secretary_client, meeting):
    url = reverse("recording_meeting_fields", args=[meeting.pk, "details"])
    response = secretary_client.post(url, details_data(meeting, start_time="", place=""))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.start_time, meeting.place) == (None, "")


def test_an_empty_vote_count_is_unknown_not_zero(secretary_client, chair_client, meeting):
    decision = meeting.decisions.get()
    decision.votes_against = None
    decision.save()
    shown = preview(secretary_client, meeting)
    assert "Quyết định 1: chưa ghi số không tán thành (không có ai thì ghi 0)." in shown
    submit(chair_client, meeting)
    assert status_of(meeting) == MinutesStatus.DRAFT

    decision.votes_against = 0
    decision.save()
    submit(chair_client, meeting)
    assert status_of(meeting) == MinutesStatus.SUBMITTED


def test_unmarked_members_are_not_present_and_do_not_move_the_denominator(meeting):
    from minutes import rules
    from minutes.models import CommitteeSettings

    settings = CommitteeSettings.for_organization(meeting.cell)
    before = rules.vote_denominator(members(meeting), settings)
    unmark_everyone(meeting)
    rows = members(meeting)
    figures = rules.attendance_figures(rows)
    assert (figures.present, figures.absent, len(figures.unmarked)) == (0, 0, 5)
    after = rules.vote_denominator(rows, settings)
    assert after.value == before.value == 5
    assert after.voters_present == 0
    Participant.objects.filter(pk=rows[0].pk).update(status=AttendanceStatus.ABSENT_UNKNOWN)
    rows = members(meeting)
    figures = rules.attendance_figures(rows)
    assert (figures.absent, len(figures.absent_unknown), len(figures.unmarked)) == (1, 1, 4)
    # A reason nobody knows does not take the member out of the denominator.
    assert rules.vote_denominator(rows, settings).value == 5


def test_meetings_made_before_still_open(secretary_client, meeting):
    """The editor and the preview of a meeting with no start time do not break."""
    Meeting.objects.filter(pk=meeting.pk).update(start_time=None, place="")
    assert secretary_client.get(reverse("recording_editor", args=[meeting.pk])).status_code == 200
    assert "Chưa ghi giờ bắt đầu." in preview(secretary_client, meeting)
    assert secretary_client.get(reverse("meeting_detail", args=[meeting.pk])).status_code == 200
