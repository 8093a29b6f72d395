"""The services the editor saves through: revision lock, item conflicts, attendance, order."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from members.models import Role
from minutes.models import (
    AttendanceStatus,
    CatalogItem,
    LockedMinutesError,
    Meeting,
    MinutesStatus,
    Participant,
    ParticipantRole,
    SpeakingTurn,
)
from minutes.services import recording as services
from tests.factories import MemberFactory, UserFactory, grant, meeting_with_parts

pytestmark = pytest.mark.django_db


def _turns(meeting):
    return list(meeting.speaking_turns.order_by("order", "pk").values_list("gist", flat=True))


# --- meeting fields and the revision


def test_update_meeting_bumps_the_revision_and_stores_nfc(meeting, secretary):
    decomposed = unicodedata.normalize("NFD", "Hội trường Hòa Bình")
    services.update_meeting(
        meeting=meeting, revision=meeting.revision, values={"place": decomposed}, by=secretary
    )
    meeting.refresh_from_db()
    assert meeting.revision == 2
    assert meeting.place == "Hội trường Hòa Bình"
    assert unicodedata.is_normalized("NFC", meeting.place)


def test_a_save_from_an_older_revision_is_refused_with_what_the_other_changed(meeting, secretary):
    started_from = meeting.revision
    other = Meeting.objects.get(pk=meeting.pk)
    services.update_meeting(
        meeting=other, revision=started_from, values={"place": "Phòng họp tầng 2"}, by=secretary
    )

    with pytest.raises(services.ConflictError) as caught:
        services.update_meeting(
            meeting=meeting,
            revision=started_from,
            values={"conclusion": "Kết luận của tôi"},
            by=secretary,
        )

    changes = {c.field: c for c in caught.value.changes}
    assert set(changes) == {"place"}
    assert changes["place"].label == "Địa điểm"
    assert changes["place"].before == "Hội trường cơ quan"
    assert changes["place"].after == "Phòng họp tầng 2"
    assert caught.value.revision == started_from + 1
    meeting.refresh_from_db()
    assert meeting.conclusion == "Chi bộ thống nhất các nội dung đã thảo luận."  # not overwritten


def test_chair_change_is_named_in_the_conflict(meeting, secretary):
    guest = meeting.participants.get(role=ParticipantRole.GUEST)
    other = Meeting.objects.get(pk=meeting.pk)
    services.update_meeting(meeting=other, revision=1, values={"chair": guest}, by=secretary)
    with pytest.raises(services.ConflictError) as caught:
        services.update_meeting(meeting=meeting, revision=1, values={"topic": "x"}, by=secretary)
    (change,) = caught.value.changes
    assert change.label == "Chủ trì"
    assert change.after == "Lê Quang Đức 1"


@pytest.mark.parametrize("status", [MinutesStatus.SUBMITTED, MinutesStatus.APPROVED])
def test_minutes_that_are_not_editable_refuse_every_change(meeting, secretary, status):
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    meeting.refresh_from_db()
    turn = meeting.speaking_turns.first()
    calls = [
        lambda: services.update_meeting(
            meeting=meeting, revision=meeting.revision, values={"place": "x"}, by=secretary
        ),
        lambda: services.mark_all_present(meeting=meeting, by=secretary),
        lambda: services.add_item(
            meeting=meeting, kind="agenda", values={"title": "Mới"}, by=secretary
        ),
        lambda: services.update_item(
            meeting=meeting,
            kind="turn",
            item_id=turn.pk,
            values={"gist": "y", "speaker": None},
            original=None,
            by=secretary,
        ),
        lambda: services.delete_item(meeting=meeting, kind="turn", item_id=turn.pk, by=secretary),
        lambda: services.move_item(
            meeting=meeting, kind="turn", item_id=turn.pk, direction=1, by=secretary
        ),
    ]
    for call in calls:
        with pytest.raises(LockedMinutesError):
            call()
    assert meeting.speaking_turns.count() == 2


def test_a_meeting_submitted_after_the_page_loaded_is_refused(meeting, secretary):
    loaded = Meeting.objects.get(pk=meeting.pk)  # still "draft" in memory
    Meeting.objects.filter(pk=meeting.pk).update(status=MinutesStatus.SUBMITTED)
    with pytest.raises(LockedMinutesError):
        services.add_item(meeting=loaded, kind="agenda", values={"title": "x"}, by=secretary)
    assert meeting.agenda_items.count() == 1


def test_only_recorders_of_the_cell_may_change_it(meeting, chair, outsider):
    for user in (chair, outsider):
        with pytest.raises(PermissionDenied):
            services.add_item(meeting=meeting, kind="agenda", values={"title": "x"}, by=user)


def test_a_recorder_of_the_committee_above_may_record(meeting):
    user = UserFactory()
    grant(user, meeting.cell.parent, Role.RECORDER)
    services.add_item(meeting=meeting, kind="agenda", values={"title": "Mới"}, by=user)
    assert meeting.agenda_items.count() == 2


# --- attendance


def test_mark_all_present_leaves_exempt_and_absent_elsewhere_alone(db):
    meeting = meeting_with_parts(members=3)
    MemberFactory(cell=meeting.cell, full_name="Ông Miễn", exempt_from=dt.date(2020, 1, 1))
    MemberFactory(cell=meeting.cell, full_name="Bà Đi Xa", attachment="out")
    MemberFactory(cell=meeting.cell, full_name="Chị Mới Vào")
    services.add_missing_members(meeting=meeting, by=None)
    rows = {p.full_name: p for p in meeting.participants.filter(role=ParticipantRole.MEMBER)}
    # A member added from the roster is not presumed present either.
    assert rows["Chị Mới Vào"].status == AttendanceStatus.UNMARKED
    Participant.objects.filter(pk=rows["Trần Thị Hòa 2"].pk).update(
        status=AttendanceStatus.UNMARKED
    )
    Participant.objects.filter(pk=rows["Trần Thị Hòa 3"].pk).update(
        status=AttendanceStatus.ABSENT_UNEXCUSED
    )

    changed = services.mark_all_present(meeting=meeting, by=None)

    statuses = dict(
        meeting.participants.filter(role=ParticipantRole.MEMBER).values_list("full_name", "status")
    )
    assert changed == 2
    assert statuses["Trần Thị Hòa 2"] == AttendanceStatus.PRESENT
    assert statuses["Chị Mới Vào"] == AttendanceStatus.PRESENT
    # An absence the secretary recorded is kept: the one click only fills in the rest.
    assert statuses["Trần Thị Hòa 3"] == AttendanceStatus.ABSENT_UNEXCUSED
    assert statuses["Ông Miễn"] == AttendanceStatus.NOT_EXPECTED
    assert statuses["Bà Đi Xa"] == AttendanceStatus.NOT_EXPECTED


def test_absent_with_reason_needs_a_reason(meeting, secretary):
    row = meeting.participants.filter(role=ParticipantRole.MEMBER).first()
    saved, errors, conflicts = services.set_attendance(
        meeting=meeting,
        changes=[services.AttendanceChange(row.pk, AttendanceStatus.ABSENT_EXCUSED, "  ")],
        by=secretary,
    )
    assert saved == [] and not conflicts
    assert errors[row.pk] == (
        f"Ghi lý do vắng của đồng chí {row.full_name}, hoặc chọn “Vắng, chưa rõ lý do”."
    )
    row.refresh_from_db()
    assert row.status == AttendanceStatus.PRESENT


def test_attendance_change_is_saved_in_nfc(meeting, secretary):
    row = meeting.participants.filter(role=ParticipantRole.MEMBER).first()
    reason = unicodedata.normalize("NFD", "Đi công tác Hà Nội")
    services.set_attendance(
        meeting=meeting,
        changes=[services.AttendanceChange(row.pk, AttendanceStatus.ABSENT_EXCUSED, reason)],
        by=secretary,
    )
    row.refresh_from_db()
    assert row.status == AttendanceStatus.ABSENT_EXCUSED
    assert row.absence_reason == "Đi công tác Hà Nội"


def test_an_attendance_row_changed_by_someone_else_is_reported_not_overwritten(meeting, secretary):
    first, second = meeting.participants.filter(role=ParticipantRole.MEMBER)[:2]
    Participant.objects.filter(pk=first.pk).update(status=AttendanceStatus.ABSENT_UNEXCUSED)
    saved, errors, conflicts = services.set_attendance(
        meeting=meeting,
        changes=[
            services.AttendanceChange(
                first.pk, AttendanceStatus.ABSENT_EXCUSED, "Ốm", was_status="present", was_reason=""
            ),
            services.AttendanceChange(
                second.pk,
                AttendanceStatus.ABSENT_UNEXCUSED,
                "",
                was_status="present",
                was_reason="",
            ),
        ],
        by=secretary,
    )
    assert [row.pk for row in saved] == [second.pk]
    assert conflicts[first.pk].changes[0].after == "Vắng không lý do"
    first.refresh_from_db()
    assert first.status == AttendanceStatus.ABSENT_UNEXCUSED


def test_a_row_not_expected_cannot_be_marked_absent(db):
    meeting = meeting_with_parts(members=2)
    MemberFactory(cell=meeting.cell, full_name="Bà Đi Xa", attachment="out")
    services.add_missing_members(meeting=meeting, by=None)
    away = meeting.participants.get(full_name="Bà Đi Xa")
    _saved, errors, _c = services.set_attendance(
        meeting=meeting,
        changes=[services.AttendanceChange(away.pk, AttendanceStatus.PRESENT, "")],
        by=None,
    )
    assert "không hợp lệ" in errors[away.pk]


def test_add_missing_members_takes_the_roster_of_the_day_once(meeting):
    MemberFactory(cell=meeting.cell, full_name="Người Mới Vào", admitted_on=dt.date(2022, 1, 1))
    MemberFactory(cell=meeting.cell, full_name="Vào Sau Họp", admitted_on=dt.date(2023, 1, 1))
    assert services.add_missing_members(meeting=meeting, by=None) == 1
    assert services.add_missing_members(meeting=meeting, by=None) == 0
    row = meeting.participants.get(full_name="Người Mới Vào")
    assert row.search_name == "nguoi moi vao"


# --- items


def test_add_item_appends_at_the_end_in_nfc(meeting, secretary):
    speaker = meeting.participants.filter(role=ParticipantRole.MEMBER).first()
    turn = services.add_item(
        meeting=meeting,
        kind="turn",
        values={"speaker": speaker, "gist": unicodedata.normalize("NFD", "  Ý kiến thứ ba  ")},
        by=secretary,
    )
    assert turn.gist == "Ý kiến thứ ba"
    assert _turns(meeting)[-1] == "Ý kiến thứ ba"


def test_a_person_from_another_meeting_is_refused(meeting, secretary):
    stranger = meeting_with_parts(members=1).participants.first()
    with pytest.raises(ValidationError):
        services.add_item(
            meeting=meeting, kind="turn", values={"speaker": stranger, "gist": "x"}, by=secretary
        )


def test_impossible_votes_are_refused_by_the_service_too(meeting, secretary):
    with pytest.raises(ValidationError) as caught:
        services.add_item(
            meeting=meeting,
            kind="decision",
            values={"kind": "ordinary", "text": "x", "votes_for": 6, "votes_against": 0},
            by=secretary,
        )
    assert "nhiều hơn số đảng viên chính thức có mặt (5)" in str(caught.value)


def test_shortcoming_with_tags_and_first_action(meeting, secretary):
    tags = list(CatalogItem.objects.filter(code__in=["SD-TT-1", "QD37-03"]))
    shortcoming = services.add_shortcoming(
        meeting=meeting,
        values={"subject": "cell", "text": "Sinh hoạt chưa đều", "tags": tags},
        action={"text": "Họp đúng kỳ", "owner_name": "Chi ủy", "deadline": dt.date(2022, 9, 30)},
        by=secretary,
    )
    assert sorted(t.code for t in shortcoming.tags.all()) == ["QD37-03", "SD-TT-1"]
    (action,) = shortcoming.actions.all()
    assert (action.owner_display, action.cell_id) == ("Chi ủy", meeting.cell_id)


def test_update_item_refuses_when_someone_else_changed_the_same_item(meeting, secretary):
    turn = meeting.speaking_turns.first()
    original = services.snapshot(turn, "turn")
    SpeakingTurn.objects.filter(pk=turn.pk).update(gist="Sửa bởi người khác")

    with pytest.raises(services.ConflictError) as caught:
        services.update_item(
            meeting=meeting,
            kind="turn",
            item_id=turn.pk,
            values={"speaker": None, "gist": "Sửa của tôi"},
            original=original,
            by=secretary,
        )
    (change,) = caught.value.changes
    assert (change.label, change.before, change.after) == (
        "Tóm tắt ý kiến",
        "Ý kiến số 1.",
        "Sửa bởi người khác",
    )
    assert caught.value.current["gist"] == "Sửa bởi người khác"
    turn.refresh_from_db()
    assert turn.gist == "Sửa bởi người khác"


def test_update_item_passes_when_both_typed_the_same(meeting, secretary):
    turn = meeting.speaking_turns.first()
    original = services.snapshot(turn, "turn")
    SpeakingTurn.objects.filter(pk=turn.pk).update(gist="Cùng một sửa")
    speaker = meeting.participants.get(pk=turn.speaker_id)
    services.update_item(
        meeting=meeting,
        kind="turn",
        item_id=turn.pk,
        values={"speaker": speaker, "gist": "Cùng một sửa"},
        original=original,
        by=secretary,
    )


def test_update_of_a_deleted_item_says_so(meeting, secretary):
    turn = meeting.speaking_turns.first()
    turn.delete()
    with pytest.raises(services.ConflictError) as caught:
        services.update_item(
            meeting=meeting,
            kind="turn",
            item_id=turn.pk,
            values={"gist": "x"},
            original={},
            by=secretary,
        )
    assert caught.value.deleted


def test_move_item_up_and_down_renumbers(meeting, secretary):
    third = services.add_item(
        meeting=meeting, kind="turn", values={"gist": "Ý kiến số 3."}, by=secretary
    )
    assert services.move_item(
        meeting=meeting, kind="turn", item_id=third.pk, direction=-1, by=secretary
    )
    assert _turns(meeting) == ["Ý kiến số 1.", "Ý kiến số 3.", "Ý kiến số 2."]
    assert not services.move_item(
        meeting=meeting,
        kind="turn",
        item_id=meeting.speaking_turns.order_by("order").first().pk,
        direction=-1,
        by=secretary,
    )
    assert list(meeting.speaking_turns.order_by("order").values_list("order", flat=True)) == [
        1,
        2,
        3,
    ]


def test_move_breaks_ties_left_by_old_data(meeting, secretary):
    SpeakingTurn.objects.filter(meeting=meeting).update(order=0)
    last = meeting.speaking_turns.order_by("pk").last()
    services.move_item(meeting=meeting, kind="turn", item_id=last.pk, direction=-1, by=secretary)
    assert _turns(meeting) == ["Ý kiến số 2.", "Ý kiến số 1."]


def test_a_guest_who_spoke_cannot_be_deleted(meeting, secretary):
    guest = meeting.participants.get(role=ParticipantRole.GUEST)
    SpeakingTurn.objects.create(meeting=meeting, speaker=guest, gist="Phát biểu chỉ đạo", order=9)
    with pytest.raises(ValidationError) as caught:
        services.delete_item(meeting=meeting, kind="guest", item_id=guest.pk, by=secretary)
    assert "người phát biểu" in str(caught.value)
    assert meeting.participants.filter(pk=guest.pk).exists()


def test_delete_twice_is_a_no_op(meeting, secretary):
    turn = meeting.speaking_turns.first()
    services.delete_item(meeting=meeting, kind="turn", item_id=turn.pk, by=secretary)
    services.delete_item(meeting=meeting, kind="turn", item_id=turn.pk, by=secretary)
    assert meeting.speaking_turns.count() == 1


def test_history_keeps_who_changed_an_item(meeting, secretary):
    turn = meeting.speaking_turns.first()
    services.update_item(
        meeting=meeting,
        kind="turn",
        item_id=turn.pk,
        values={"gist": "Sửa lại"},
        original=services.snapshot(turn, "turn"),
        by=secretary,
    )
    latest = turn.history.order_by("-history_date").first()
    assert latest.gist == "Sửa lại"


# --- starting a meeting


def test_start_meeting_takes_chair_from_last_time_and_a_guest_chair_as_guest(meeting, secretary):
    guest = meeting.participants.get(role=ParticipantRole.GUEST)
    meeting.chair = guest
    meeting.save()
    secretary_member = meeting.secretary.member_id

    new = services.start_meeting(
        cell=meeting.cell,
        kind=meeting.kind,
        date=dt.date(2022, 7, 20),
        start_time=dt.time(8, 0),
        place="Hội trường",
        agenda=["Kiểm điểm", "  ", "Nhiệm vụ tháng 8"],
        secretary_member_id=secretary_member,
        previous=services.previous_meeting(meeting.cell, meeting.kind),
        by=secretary,
    )
    assert new.status == MinutesStatus.DRAFT
    assert new.chair.role == ParticipantRole.GUEST
    assert new.chair.full_name == guest.full_name
    assert new.secretary.member_id == secretary_member
    assert list(new.agenda_items.values_list("title", flat=True)) == [
        "Kiểm điểm",
        "Nhiệm vụ tháng 8",
    ]
    assert new.participants.filter(role=ParticipantRole.MEMBER).count() == 5


def test_suggestions_come_from_the_latest_meeting_of_the_same_kind(meeting):
    older = meeting_with_parts(meeting.cell, members=0, date=dt.date(2022, 1, 5))
    older.place = "Nơi cũ"
    older.save()
    suggestions = services.suggestions_for(meeting.cell, "regular")
    assert suggestions.previous == meeting
    assert suggestions.place == "Hội trường cơ quan"
    assert suggestions.agenda == ("Kiểm điểm nghị quyết tháng trước",)
    assert suggestions.chair_member_id == meeting.chair.member_id
    assert services.suggestions_for(meeting.cell, "thematic").previous is None
