"""The editor's pages and endpoints, with and without htmx, and who may use them."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from members.models import Role
from minutes.models import (
    AttendanceStatus,
    Campaign,
    Meeting,
    MinutesStatus,
    Participant,
    ParticipantRole,
    SpeakingTurn,
)
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def turn_of(meeting, n=0):
    return meeting.speaking_turns.order_by("order", "pk")[n]


def member_row(meeting, n=0):
    return meeting.participants.filter(role=ParticipantRole.MEMBER).order_by("order", "pk")[n]


def urls(meeting):
    """(method, url, data) for every endpoint that changes or edits a meeting."""
    pk = meeting.pk
    turn = turn_of(meeting)
    row = member_row(meeting)
    shortcoming_url = reverse("recording_action_add", args=[pk, 999999])
    return [
        ("get", reverse("recording_editor", args=[pk]), {}),
        ("post", reverse("recording_meeting_fields", args=[pk, "details"]), {}),
        ("post", reverse("recording_attendance", args=[pk]), {}),
        ("post", reverse("recording_attendance_row", args=[pk, row.pk]), {}),
        ("post", reverse("recording_all_present", args=[pk]), {}),
        ("post", reverse("recording_add_missing", args=[pk]), {}),
        ("get", reverse("recording_decision_outcome", args=[pk]), {}),
        ("post", shortcoming_url, {}),
        ("post", reverse("recording_item_add", args=[pk, "turn"]), {}),
        ("get", reverse("recording_item_edit", args=[pk, "turn", turn.pk]), {}),
        ("post", reverse("recording_item_edit", args=[pk, "turn", turn.pk]), {}),
        ("get", reverse("recording_item_show", args=[pk, "turn", turn.pk]), {}),
        ("get", reverse("recording_item_delete", args=[pk, "turn", turn.pk]), {}),
        ("post", reverse("recording_item_delete", args=[pk, "turn", turn.pk]), {}),
        ("post", reverse("recording_item_move", args=[pk, "turn", turn.pk]), {"direction": "up"}),
    ]


# --- access


def test_anonymous_users_are_sent_to_log_in(client, meeting):
    for method, url, data in urls(meeting):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


def test_a_meeting_the_user_may_not_see_is_404_everywhere(client, meeting, outsider):
    client.force_login(outsider)
    for method, url, data in urls(meeting):
        assert getattr(client, method)(url, data).status_code == 404, url
    for name in ("recording_preview", "recording_people"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 404, name
    assert meeting.speaking_turns.count() == 2


def test_seeing_without_recording_is_403_with_a_reason(client, meeting, chair):
    client.force_login(chair)
    for method, url, data in urls(meeting):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url
        assert "Chỉ thư ký (người ghi biên bản) của chi bộ mới sửa được biên bản." in (
            response.content.decode()
        ), url
    assert client.get(reverse("recording_preview", args=[meeting.pk])).status_code == 200
    assert meeting.speaking_turns.count() == 2


@pytest.mark.parametrize("status", [MinutesStatus.SUBMITTED, MinutesStatus.APPROVED])
def test_minutes_no_longer_editable_are_403_with_a_clear_message(secretary_client, meeting, status):
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    for method, url, data in urls(meeting):
        response = getattr(secretary_client, method)(url, data)
        assert response.status_code == 403, url
        assert "Chỉ sửa được biên bản dự thảo hoặc biên bản bị trả lại." in (
            response.content.decode()
        ), url
    assert meeting.speaking_turns.count() == 2


def test_returned_minutes_are_editable(secretary_client, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=MinutesStatus.RETURNED)
    response = secretary_client.get(reverse("recording_editor", args=[meeting.pk]))
    assert response.status_code == 200


def test_unknown_kinds_and_sections_are_404(secretary_client, meeting):
    pk = meeting.pk
    assert (
        secretary_client.post(reverse("recording_item_add", args=[pk, "nope"])).status_code == 404
    )
    assert (
        secretary_client.post(reverse("recording_meeting_fields", args=[pk, "status"])).status_code
        == 404
    )
    assert (
        secretary_client.get(reverse("recording_item_edit", args=[pk, "turn", 999999])).status_code
        == 404
    )


def test_get_never_changes_anything(secretary_client, meeting):
    turn = turn_of(meeting)
    secretary_client.get(reverse("recording_item_delete", args=[meeting.pk, "turn", turn.pk]))
    assert SpeakingTurn.objects.filter(pk=turn.pk).exists()
    assert (
        secretary_client.get(reverse("recording_all_present", args=[meeting.pk])).status_code == 405
    )


# --- the editor page


def test_editor_shows_attendance_figures_and_the_lists(secretary_client, meeting):
    response = secretary_client.get(reverse("recording_editor", args=[meeting.pk]))
    page = response.content.decode()
    assert "Có mặt 5/5" in page
    assert "Ý kiến số 1." in page and "Ý kiến số 2." in page
    assert "Một là," in page and "Hai là," in page
    assert "Được thông qua" in page
    assert 'name="details-revision"' in page


def test_member_text_is_escaped(secretary_client, meeting):
    SpeakingTurn.objects.filter(pk=turn_of(meeting).pk).update(gist="<script>alert(1)</script>")
    page = secretary_client.get(reverse("recording_editor", args=[meeting.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# --- items without JavaScript: POST, redirect


def test_add_a_turn_without_javascript(secretary_client, meeting):
    url = reverse("recording_item_add", args=[meeting.pk, "turn"])
    response = secretary_client.post(
        url, {"turn-new-speaker": "hoa 2", "turn-new-gist": "Đồng ý với báo cáo."}
    )
    turn = meeting.speaking_turns.order_by("order").last()
    assert response.status_code == 302
    assert response.url.endswith(f"#turn-{turn.pk}")
    assert (turn.speaker.full_name, turn.gist) == ("Trần Thị Hòa 2", "Đồng ý với báo cáo.")


def test_a_failed_add_comes_back_with_what_was_typed(secretary_client, meeting):
    url = reverse("recording_item_add", args=[meeting.pk, "turn"])
    response = secretary_client.post(
        url, {"turn-new-speaker": "Không Có Ai", "turn-new-gist": "Nội dung dài đã gõ"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Không có ai tên “Không Có Ai”" in page
    assert 'value="Không Có Ai"' in page
    assert "Nội dung dài đã gõ</textarea>" in page
    assert meeting.speaking_turns.count() == 2


def test_edit_page_without_javascript_and_save(secretary_client, meeting):
    turn = turn_of(meeting)
    url = reverse("recording_item_edit", args=[meeting.pk, "turn", turn.pk])
    page = secretary_client.get(url).content.decode()
    assert "Ý kiến số 1.</textarea>" in page
    original = json.dumps({"speaker": str(turn.speaker_id), "gist": "Ý kiến số 1."})
    response = secretary_client.post(
        url,
        {
            f"turn-{turn.pk}-speaker": turn.speaker.full_name,
            f"turn-{turn.pk}-gist": "Ý kiến đã sửa.",
            f"turn-{turn.pk}-original": original,
        },
    )
    assert response.status_code == 302
    turn.refresh_from_db()
    assert turn.gist == "Ý kiến đã sửa."


def test_editing_an_item_someone_else_changed_keeps_mine_and_shows_theirs(
    secretary_client, meeting
):
    turn = turn_of(meeting)
    original = json.dumps({"speaker": str(turn.speaker_id), "gist": "Ý kiến số 1."})
    SpeakingTurn.objects.filter(pk=turn.pk).update(gist="Người khác đã sửa.")
    url = reverse("recording_item_edit", args=[meeting.pk, "turn", turn.pk])
    data = {
        f"turn-{turn.pk}-speaker": turn.speaker.full_name,
        f"turn-{turn.pk}-gist": "Tôi sửa thế này.",
        f"turn-{turn.pk}-original": original,
    }
    page = secretary_client.post(url, data).content.decode()
    assert "Người khác vừa sửa mục này" in page
    assert "Tóm tắt ý kiến: “Ý kiến số 1.” → “Người khác đã sửa.”" in page
    assert "Tôi sửa thế này.</textarea>" in page
    turn.refresh_from_db()
    assert turn.gist == "Người khác đã sửa."
    # A second save, knowing, overwrites.
    data[f"turn-{turn.pk}-original"] = json.dumps(
        {"speaker": str(turn.speaker_id), "gist": "Người khác đã sửa."}
    )
    assert secretary_client.post(url, data).status_code == 302
    turn.refresh_from_db()
    assert turn.gist == "Tôi sửa thế này."


def test_editing_an_item_someone_deleted_offers_to_add_it_again(secretary_client, meeting):
    turn = turn_of(meeting)
    speaker, pk = turn.speaker.full_name, turn.pk
    turn.delete()
    url = reverse("recording_item_edit", args=[meeting.pk, "turn", pk])
    page = secretary_client.post(
        url, {f"turn-{pk}-speaker": speaker, f"turn-{pk}-gist": "Vẫn muốn giữ."}
    ).content.decode()
    assert "Mục bạn đang sửa đã bị người khác xóa." in page
    assert "Vẫn muốn giữ.</textarea>" in page
    response = secretary_client.post(
        reverse("recording_item_add", args=[meeting.pk, "turn"]),
        {"readd": str(pk), "turn-readd-speaker": speaker, "turn-readd-gist": "Vẫn muốn giữ."},
    )
    assert response.status_code == 302
    assert meeting.speaking_turns.filter(gist="Vẫn muốn giữ.").exists()


def test_delete_asks_first_then_deletes(secretary_client, meeting):
    turn = turn_of(meeting)
    url = reverse("recording_item_delete", args=[meeting.pk, "turn", turn.pk])
    page = secretary_client.get(url).content.decode()
    assert "Xóa lượt phát biểu này?" in page
    assert "Ý kiến số 1." in page
    response = secretary_client.post(url)
    assert response.status_code == 302
    assert not SpeakingTurn.objects.filter(pk=turn.pk).exists()


def test_move_without_javascript(secretary_client, meeting):
    second = turn_of(meeting, 1)
    url = reverse("recording_item_move", args=[meeting.pk, "turn", second.pk])
    response = secretary_client.post(url, {"direction": "up"})
    assert response.status_code == 302
    assert turn_of(meeting).pk == second.pk
    assert secretary_client.post(url, {"direction": "sideways"}).status_code == 400


def test_directive_points_are_numbered_in_order(secretary_client, meeting):
    url = reverse("recording_item_add", args=[meeting.pk, "directive"])
    secretary_client.post(url, {"directive-new-given_by": "duc 1", "directive-new-text": "Ba"})
    page = secretary_client.get(reverse("recording_editor", args=[meeting.pk])).content.decode()
    assert page.index("Một là,") < page.index("Hai là,") < page.index("Ba là,")


# --- items with htmx: fragments


def test_htmx_add_returns_the_new_item_and_a_fresh_form(secretary_client, meeting):
    url = reverse("recording_item_add", args=[meeting.pk, "turn"])
    response = secretary_client.post(
        url, {"turn-new-speaker": "hoa 3", "turn-new-gist": "Góp ý thêm."}, **HTMX
    )
    page = response.content.decode()
    turn = meeting.speaking_turns.order_by("order").last()
    assert page.lstrip().startswith(f'<li id="turn-{turn.pk}"')
    assert '<form id="form-turn-new"' in page and 'hx-swap-oob="true"' in page
    assert '<span class="rec-count" id="count-turn" hx-swap-oob="true">3</span>' in page
    assert re.search(r"Đã lưu lúc \d\d:\d\d\.", page)  # the section says when


def test_htmx_failed_add_retargets_the_form(secretary_client, meeting):
    url = reverse("recording_item_add", args=[meeting.pk, "turn"])
    response = secretary_client.post(url, {"turn-new-gist": "Chưa chọn người"}, **HTMX)
    assert response["HX-Retarget"] == "#form-turn-new"
    assert response["HX-Reswap"] == "outerHTML"
    page = response.content.decode()
    assert "Trường này là bắt buộc." in page
    assert "Chưa chọn người</textarea>" in page


def test_htmx_delete_updates_the_count_and_numbering(secretary_client, meeting):
    first = meeting.directive_points.order_by("order").first()
    url = reverse("recording_item_delete", args=[meeting.pk, "directive", first.pk])
    page = secretary_client.post(url, **HTMX).content.decode()
    remaining = meeting.directive_points.get()
    assert (
        f'<strong id="ordinal-directive-{remaining.pk}" hx-swap-oob="true">Một là,</strong>' in page
    )
    assert 'id="count-directive" hx-swap-oob="true">1</span>' in page


def test_htmx_move_tells_the_page_to_move_the_item(secretary_client, meeting):
    second = turn_of(meeting, 1)
    url = reverse("recording_item_move", args=[meeting.pk, "turn", second.pk])
    response = secretary_client.post(url, {"direction": "up"}, **HTMX)
    assert json.loads(response["HX-Trigger"]) == {
        "recording:moved": {"id": f"turn-{second.pk}", "direction": -1}
    }
    response = secretary_client.post(url, {"direction": "up"}, **HTMX)  # already first
    assert "HX-Trigger" not in response


def test_guest_in_use_cannot_be_deleted_and_says_why(secretary_client, meeting):
    guest = meeting.participants.get(role=ParticipantRole.GUEST)
    SpeakingTurn.objects.create(meeting=meeting, speaker=guest, gist="Chỉ đạo", order=5)
    url = reverse("recording_item_delete", args=[meeting.pk, "guest", guest.pk])
    assert "người phát biểu" in secretary_client.get(url).content.decode()
    response = secretary_client.post(url, **HTMX)
    assert response["HX-Retarget"] == f"#guest-{guest.pk}"
    assert "Không xóa được" in response.content.decode()
    assert Participant.objects.filter(pk=guest.pk).exists()


# --- meeting fields and the revision


def details_data(meeting, **changes):
    data = {
        "details-revision": str(meeting.revision),
        "details-kind": meeting.kind,
        "details-date": meeting.date.isoformat(),
        "details-start_time": "19:30",
        "details-place": meeting.place,
        "details-topic": meeting.topic,
        "details-title_override": "",
        "details-legal_bases": "",
        "details-documents_used": "",
    }
    data.update({f"details-{k}": v for k, v in changes.items()})
    return data


def test_saving_details_without_javascript(secretary_client, meeting):
    url = reverse("recording_meeting_fields", args=[meeting.pk, "details"])
    response = secretary_client.post(url, details_data(meeting, place="Phòng họp A"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.place, meeting.revision) == ("Phòng họp A", 2)


def test_conflicting_save_keeps_what_was_typed_and_lists_the_other_change(
    secretary_client, meeting, secretary
):
    stale = details_data(meeting, topic="Chủ đề tôi gõ")
    from minutes.services.recording import update_meeting

    update_meeting(meeting=meeting, revision=1, values={"place": "Nơi khác"}, by=secretary)
    url = reverse("recording_meeting_fields", args=[meeting.pk, "details"])
    page = secretary_client.post(url, stale).content.decode()
    assert "Người khác vừa lưu biên bản này" in page
    assert "Địa điểm: “Hội trường cơ quan” → “Nơi khác”" in page
    assert 'value="Chủ đề tôi gõ"' in page
    assert 'name="details-revision" value="2"' in page
    meeting.refresh_from_db()
    assert meeting.topic == "Sinh hoạt thường kỳ"


def test_htmx_autosave_answers_out_of_band_and_refreshes_the_other_revisions(
    secretary_client, meeting
):
    url = reverse("recording_meeting_fields", args=[meeting.pk, "details"])
    data = details_data(meeting, place="Phòng B")
    data.update({"roles-revision": "1", "closing-revision": "1"})
    page = secretary_client.post(url, data, **HTMX).content.decode()
    assert "Đã lưu lúc" in page
    for section in ("details", "roles", "closing"):
        assert (
            f'<input type="hidden" name="{section}-revision" value="2" '
            f'id="id_{section}-revision" hx-swap-oob="true">'
        ) in page
    assert "<form" not in page  # the inputs the user types in are never replaced


def test_htmx_autosave_error_shows_beside_the_field(secretary_client, meeting):
    url = reverse("recording_meeting_fields", args=[meeting.pk, "details"])
    page = secretary_client.post(
        url, details_data(meeting, start_time="25:61"), **HTMX
    ).content.decode()
    assert (
        'id="id_details-start_time-error" hx-swap-oob="true">Giờ không hợp lệ: hãy ghi theo dạng 19:30.'
        in page
    )
    meeting.refresh_from_db()
    assert meeting.revision == 1


# --- attendance


def chosen_status(page: str, person_pk: int) -> str:
    """The status the attendance choice of one member shows as chosen."""
    select = re.search(rf'<select[^>]* id="status-{person_pk}"[^>]*>(.*?)</select>', page, re.S)
    assert select, person_pk
    return re.search(r'<option value="([a-z_]+)" selected>', select.group(1)).group(1)


def test_attendance_form_without_javascript(secretary_client, meeting):
    rows = list(meeting.participants.filter(role=ParticipantRole.MEMBER).order_by("order"))
    data = {}
    for row in rows:
        data[f"status-{row.pk}"] = "present"
        data[f"was-{row.pk}"] = "present|"
    data[f"status-{rows[1].pk}"] = "absent_excused"
    data[f"reason-{rows[1].pk}"] = "Ốm"
    data[f"status-{rows[2].pk}"] = "absent_unexcused"
    url = reverse("recording_attendance", args=[meeting.pk])
    assert secretary_client.post(url, data).status_code == 302
    page = secretary_client.get(reverse("recording_editor", args=[meeting.pk])).content.decode()
    assert "Có mặt 3/5" in page
    assert f"{rows[1].full_name} (Ốm)" in page


def test_attendance_without_reason_comes_back_with_the_choice_kept(secretary_client, meeting):
    row = member_row(meeting, 1)
    url = reverse("recording_attendance", args=[meeting.pk])
    response = secretary_client.post(
        url,
        {f"status-{row.pk}": "absent_excused", f"reason-{row.pk}": "", f"was-{row.pk}": "present|"},
    )
    page = response.content.decode()
    assert f"Ghi lý do vắng của đồng chí {row.full_name}, hoặc chọn “Vắng, chưa rõ lý do”." in page
    assert chosen_status(page, row.pk) == "absent_excused"
    row.refresh_from_db()
    assert row.status == AttendanceStatus.PRESENT


def test_htmx_attendance_row_updates_figures_and_outcomes(secretary_client, meeting):
    row = member_row(meeting, 1)
    url = reverse("recording_attendance_row", args=[meeting.pk, row.pk])
    page = secretary_client.post(
        url,
        {f"status-{row.pk}": "absent_unexcused", f"was-{row.pk}": "present|"},
        **HTMX,
    ).content.decode()
    assert "Có mặt 4/5" in page
    decision = meeting.decisions.get()
    # 5 votes for, but only 4 official members are present now.
    assert f'id="outcome-decision-{decision.pk}"' in page
    assert "Tổng số biểu quyết (5) nhiều hơn số đảng viên chính thức có mặt (4)." in page
    assert f'id="was-{row.pk}" name="was-{row.pk}" value="absent_unexcused|"' in page


def test_mark_all_present(secretary_client, meeting):
    Participant.objects.filter(meeting=meeting, role=ParticipantRole.MEMBER).update(
        status=AttendanceStatus.UNMARKED
    )
    absent = member_row(meeting, 1)
    Participant.objects.filter(pk=absent.pk).update(status=AttendanceStatus.ABSENT_UNEXCUSED)
    page = secretary_client.post(
        reverse("recording_all_present", args=[meeting.pk]), **HTMX
    ).content.decode()
    assert page.lstrip().startswith('<tbody id="attendance-rows">')
    # The unmarked are marked present; the absence already taken down stays.
    assert "Có mặt 4/5" in page
    assert "Chưa điểm danh:" not in page
    assert chosen_status(page, absent.pk) == "absent_unexcused"


# --- preview


def test_preview_is_the_document_with_the_draft_mark_and_problems(secretary_client, meeting):
    meeting.end_time = None
    meeting.save()
    page = secretary_client.get(reverse("recording_preview", args=[meeting.pk])).content.decode()
    assert "DỰ THẢO" in page
    assert "BIÊN BẢN" in page
    assert "I. THÀNH PHẦN" in page
    assert "Chưa ghi giờ kết thúc." in page
    editor = reverse("recording_editor", args=[meeting.pk])
    assert f'href="{editor}#sec-closing">Sửa phần này</a>' in page


def test_preview_for_someone_who_may_not_edit_has_no_edit_links(client, meeting, chair):
    client.force_login(chair)
    page = client.get(reverse("recording_preview", args=[meeting.pk])).content.decode()
    assert "Sửa phần này" not in page
    assert "Tiếp tục ghi" not in page


# --- starting a meeting


def test_start_asks_for_cell_and_kind_first(secretary_client, meeting):
    page = secretary_client.get(reverse("recording_start")).content.decode()
    assert 'name="kind"' in page and "Tiếp tục" in page
    assert 'method="post"' not in page.split("<main")[1].split("</main>")[0]


def test_start_prefills_from_the_previous_meeting_of_the_same_kind(secretary_client, meeting):
    url = reverse("recording_start") + f"?cell={meeting.cell.pk}&kind=regular"
    page = secretary_client.get(url).content.decode()
    # The place is suggested, not filled in: this meeting's place is typed (or left unknown).
    assert "Lần trước họp tại: Hội trường cơ quan." in page
    assert 'value="Hội trường cơ quan"' not in page
    assert "Kiểm điểm nghị quyết tháng trước</textarea>" in page
    chair_member = meeting.chair.member_id
    assert f'<option value="{chair_member}" selected>' in page


def test_start_creates_a_draft_and_opens_the_editor(secretary_client, meeting):
    response = secretary_client.post(
        reverse("recording_start"),
        {
            "cell": meeting.cell.pk,
            "kind": "regular",
            "date": "2022-07-19",
            "start_time": "19:30",
            "place": "Hội trường",
            "topic": "",
            "legal_bases": "",
            "agenda": "Kiểm điểm\nNhiệm vụ",
            "chair_member": meeting.chair.member_id,
            "secretary_member": "",
        },
    )
    new = Meeting.objects.exclude(pk=meeting.pk).get()
    assert response.status_code == 302
    assert response.url == reverse("recording_editor", args=[new.pk])
    assert new.date == dt.date(2022, 7, 19)
    assert new.chair.member_id == meeting.chair.member_id
    assert new.participants.filter(role=ParticipantRole.MEMBER).count() == 5


def test_start_refuses_a_cell_the_user_does_not_record_for(secretary_client, meeting, outsider):
    other_cell = outsider.role_grants.get().organization
    response = secretary_client.post(
        reverse("recording_start"),
        {
            "cell": other_cell.pk,
            "kind": "regular",
            "date": "2022-07-19",
            "start_time": "19:30",
            "place": "X",
        },
    )
    assert response.status_code == 200
    assert "Chi bộ: Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    assert not Meeting.objects.filter(cell=other_cell).exists()


def test_start_is_403_for_someone_recording_nowhere(client, meeting, chair):
    client.force_login(chair)
    response = client.get(reverse("recording_start"))
    assert response.status_code == 403
    assert "Bạn chưa được giao ghi biên bản cho chi bộ nào." in response.content.decode()


def test_start_from_a_campaign(secretary_client, meeting, secretary):
    campaign = Campaign.objects.create(
        committee=meeting.cell.parent,
        topic="Tự soi, tự sửa",
        legal_bases="Kết luận 21-KL/TW",
        deadline=dt.date(2022, 9, 30),
    )
    page = secretary_client.get(
        reverse("recording_start") + f"?campaign={campaign.pk}"
    ).content.decode()
    assert 'value="Tự soi, tự sửa"' in page
    assert "Kết luận 21-KL/TW</textarea>" in page
    assert f'name="campaign" value="{campaign.pk}"' in page
    secretary_client.post(
        reverse("recording_start"),
        {
            "cell": meeting.cell.pk,
            "kind": "thematic",
            "date": "2022-07-19",
            "start_time": "19:30",
            "place": "Hội trường",
            "topic": "Tự soi, tự sửa",
            "campaign": campaign.pk,
        },
    )
    assert Meeting.objects.get(kind="thematic").campaign == campaign


def test_a_campaign_of_another_committee_is_ignored(secretary_client, meeting, outsider):
    other = outsider.role_grants.get().organization.parent
    campaign = Campaign.objects.create(committee=other, topic="Khác", deadline=dt.date(2022, 9, 30))
    page = secretary_client.get(
        reverse("recording_start") + f"?campaign={campaign.pk}&cell={meeting.cell.pk}&kind=regular"
    ).content.decode()
    assert "Khác" not in page


# --- home panel and meeting page buttons


def test_home_panel_lists_cells_drafts_and_the_start_button(secretary_client, meeting):
    page = secretary_client.get(reverse("home")).content.decode()
    assert "Bắt đầu cuộc họp" in page
    assert meeting.cell.name in page
    assert reverse("recording_editor", args=[meeting.pk]) in page


def test_home_panel_is_absent_for_people_who_record_nowhere(client, meeting, chair):
    client.force_login(chair)
    assert "Bắt đầu cuộc họp" not in client.get(reverse("home")).content.decode()


def test_meeting_page_shows_edit_buttons_only_to_recorders_while_editable(
    client, secretary_client, meeting, chair
):
    editor = reverse("recording_editor", args=[meeting.pk])
    detail = reverse("meeting_detail", args=[meeting.pk])
    assert editor in secretary_client.get(detail).content.decode()
    client.force_login(chair)
    assert editor not in client.get(detail).content.decode()
    Meeting.objects.filter(pk=meeting.pk).update(status=MinutesStatus.SUBMITTED)
    assert editor not in secretary_client.get(detail).content.decode()


# --- suggestions


def test_people_suggestions_ignore_diacritics_and_rank_whole_words_first(secretary_client, meeting):
    url = reverse("recording_people", args=[meeting.pk])
    names = [r["name"] for r in secretary_client.get(url, {"q": "HOA 2"}).json()["results"]]
    assert names == ["Trần Thị Hòa 2"]
    names = [r["name"] for r in secretary_client.get(url, {"q": "đức"}).json()["results"]]
    assert names == ["Lê Quang Đức 1"]  # the guest
    names = [
        r["name"]
        for r in secretary_client.get(url, {"q": "duc", "for": "members"}).json()["results"]
    ]
    assert names == []


def test_catalog_suggestions(secretary_client):
    url = reverse("recording_catalog")
    codes = [r["code"] for r in secretary_client.get(url, {"q": "luoi hoc tap"}).json()["results"]]
    assert codes == ["SD-TT-3"]
    assert secretary_client.get(url, {"q": ""}).json() == {"results": []}


def test_a_recorder_of_the_committee_above_sees_the_editor(client, meeting):
    user = UserFactory()
    grant(user, meeting.cell.parent, Role.RECORDER)
    client.force_login(user)
    assert client.get(reverse("recording_editor", args=[meeting.pk])).status_code == 200


def test_roster_classes_are_marked_and_counted(client, db):
    from minutes.services.recording import add_missing_members, mark_all_present
    from tests.factories import CellFactory, MemberFactory, meeting_with_parts

    cell = CellFactory()
    meeting = meeting_with_parts(cell, members=3, probationary=1)
    MemberFactory(cell=cell, full_name="Ông Miễn Sinh Hoạt", exempt_from=dt.date(2022, 1, 1))
    MemberFactory(cell=cell, full_name="Bà Từ Nơi Khác Đến", attachment="in")
    MemberFactory(cell=cell, full_name="Anh Đi Nơi Khác", attachment="out")
    add_missing_members(meeting=meeting, by=None)
    user = UserFactory()
    grant(user, cell, Role.RECORDER)
    client.force_login(user)
    page = client.get(reverse("recording_editor", args=[meeting.pk])).content.decode()
    # The member added from the roster is not presumed present.
    assert "Có mặt 3/4" in page and "Chưa điểm danh: 1" in page
    mark_all_present(meeting=meeting, by=None)
    page = client.get(reverse("recording_editor", args=[meeting.pk])).content.decode()
    assert '<span class="badge rec-badge-probationary">Dự bị</span>' in page
    assert '<span class="badge rec-badge-exempt">Miễn sinh hoạt</span>' in page
    assert '<span class="badge rec-badge-attached">Sinh hoạt tạm thời tại chi bộ</span>' in page
    assert '<span class="badge rec-badge-away">Sinh hoạt tạm thời nơi khác</span>' in page
    # Present: the 3 + the attached member; the exempt and the away member are not expected.
    assert "Có mặt 4/4" in page
    assert (
        "miễn sinh hoạt: 1; sinh hoạt tạm thời nơi khác: 1; sinh hoạt tạm thời tại chi bộ: 1"
        in page
    )
    exempt = meeting.participants.get(full_name="Ông Miễn Sinh Hoạt")
    assert chosen_status(page, exempt.pk) == "not_expected"
    assert "Miễn sinh hoạt, không dự" in page
    # An exempt member who comes counts.
    response = client.post(
        reverse("recording_attendance_row", args=[meeting.pk, exempt.pk]),
        {
            f"status-{exempt.pk}": "present",
            f"was-{exempt.pk}": f"not_expected|{exempt.absence_reason}",
        },
        HTTP_HX_REQUEST="true",
    )
    assert "Có mặt 5/5" in response.content.decode()


# --- saving as you go (issue 14)

AUTOSAVE = {**HTMX, "HTTP_X_REC_AUTOSAVE": "1"}


def turn_data(turn, gist: str, original: dict | None = None) -> dict:
    original = original or {"speaker": str(turn.speaker_id), "gist": turn.gist}
    return {
        f"turn-{turn.pk}-speaker": turn.speaker.full_name,
        f"turn-{turn.pk}-gist": gist,
        f"turn-{turn.pk}-original": json.dumps(original, ensure_ascii=False),
    }


def test_an_autosave_leaves_the_fields_alone_and_moves_the_version(secretary_client, meeting):
    turn = turn_of(meeting)
    url = reverse("recording_item_edit", args=[meeting.pk, "turn", turn.pk])
    response = secretary_client.post(url, turn_data(turn, "Đang gõ dở"), **AUTOSAVE)
    page = response.content.decode()
    assert response["HX-Reswap"] == "none" and response["HX-Trigger"] == "rec:saved"
    assert "<textarea" not in page and "<form" not in page  # what is being typed stays
    assert re.search(
        rf'<span id="status-turn-{turn.pk}" hx-swap-oob="innerHTML">.*Đã lưu lúc \d\d:\d\d\.', page
    )
    original = re.search(rf'name="turn-{turn.pk}-original" value="([^"]*)"', page).group(1)
    turn.refresh_from_db()
    assert turn.gist == "Đang gõ dở"

    # The next autosave starts from the version just answered: no conflict with oneself.
    data = turn_data(turn, "Đang gõ dở, gõ tiếp.")
    data[f"turn-{turn.pk}-original"] = original.replace("&quot;", '"')
    response = secretary_client.post(url, data, **AUTOSAVE)
    assert response["HX-Trigger"] == "rec:saved"
    turn.refresh_from_db()
    assert turn.gist == "Đang gõ dở, gõ tiếp."


def test_an_autosave_refused_says_why_beside_the_field_and_saves_nothing(secretary_client, meeting):
    turn = turn_of(meeting)
    url = reverse("recording_item_edit", args=[meeting.pk, "turn", turn.pk])
    data = turn_data(turn, "Ý mới")
    data[f"turn-{turn.pk}-speaker"] = "Người Không Dự Họp"
    response = secretary_client.post(url, data, **AUTOSAVE)
    page = response.content.decode()
    assert response["HX-Reswap"] == "none" and "HX-Trigger" not in response
    assert f'id="id_turn-{turn.pk}-speaker-error" hx-swap-oob="true">Không có ai tên' in page
    assert "Chưa lưu: xem ghi chú bên cạnh các ô." in page
    assert "<textarea" not in page
    turn.refresh_from_db()
    assert turn.gist == "Ý kiến số 1."


def test_an_autosave_after_someone_else_changed_the_item_stops_and_shows_both(
    secretary_client, meeting
):
    turn = turn_of(meeting)
    started_from = {"speaker": str(turn.speaker_id), "gist": turn.gist}
    SpeakingTurn.objects.filter(pk=turn.pk).update(gist="Người khác đã sửa.")
    url = reverse("recording_item_edit", args=[meeting.pk, "turn", turn.pk])
    response = secretary_client.post(
        url, turn_data(turn, "Tôi gõ thế này.", started_from), **AUTOSAVE
    )
    page = response.content.decode()
    assert "HX-Reswap" not in response  # the form comes back whole, with the warning
    assert "Người khác vừa sửa mục này" in page
    assert "Tóm tắt ý kiến: “Ý kiến số 1.” → “Người khác đã sửa.”" in page
    assert "Tôi gõ thế này.</textarea>" in page
    assert 'data-autosave-paused="1"' in page  # no more saving by itself until "Xong"
    turn.refresh_from_db()
    assert turn.gist == "Người khác đã sửa."


def test_an_autosave_of_an_item_someone_deleted_offers_it_back(secretary_client, meeting):
    turn = turn_of(meeting)
    data = turn_data(turn, "Vẫn muốn giữ.")
    pk = turn.pk
    turn.delete()
    url = reverse("recording_item_edit", args=[meeting.pk, "turn", pk])
    page = secretary_client.post(url, data, **AUTOSAVE).content.decode()
    assert "Mục bạn đang sửa đã bị người khác xóa." in page
    assert "Vẫn muốn giữ.</textarea>" in page


def test_the_editor_with_javascript_needs_no_save_button_and_still_has_them_without(
    secretary_client, meeting
):
    page = secretary_client.get(reverse("recording_editor", args=[meeting.pk])).content.decode()
    # The buttons are there for a browser without JavaScript; recording.js hides them.
    assert page.count("rec-nojs-save") >= 10
    # details, roles, closing, and the discussion recorded as a whole (in the turns' section)
    assert page.count('hx-trigger="submit, rec:autosave" data-autosave="meeting"') == 4
    assert page.count('data-autosave="add"') == 7
    # Sections fold to their heading and count; the live document is fetched, not inlined.
    assert '<span class="rec-count" id="count-turn">2</span></h2></summary>' in page
    # 7 lists, 3 others and the quality self-assessment (templates/minutes/quality)
    assert page.count('<details class="rec-fold" open>') == 11
    document_url = reverse("recording_document", args=[meeting.pk])
    assert f'data-url="{document_url}"' in page
    assert "minutes-document" not in page
    edit = reverse("recording_item_edit", args=[meeting.pk, "turn", turn_of(meeting).pk])
    form = secretary_client.get(edit, **HTMX).content.decode()
    assert 'data-autosave="item"' in form and ">Xong</button>" in form and ">Lưu<" not in form
    assert ">Lưu</button>" in secretary_client.get(edit).content.decode()  # the page without JS


def test_the_document_beside_the_editor_is_the_preview_document_alone(
    client, secretary_client, meeting, chair, outsider
):
    url = reverse("recording_document", args=[meeting.pk])
    page = secretary_client.get(url, **HTMX).content.decode()
    assert "<html" not in page and "editor-root" not in page
    assert 'class="minutes-document' in page and "Ý kiến số 1." in page
    preview = secretary_client.get(reverse("recording_preview", args=[meeting.pk])).content
    assert page.strip() in preview.decode()
    client.force_login(chair)  # anyone who may see the meeting, as for the preview
    assert client.get(url).status_code == 200
    client.force_login(outsider)
    assert client.get(url).status_code == 404
