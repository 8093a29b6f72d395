"""The workflow services: each step checks role and state, records, notifies after commit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from minutes.audit import verify_chain
from minutes.document import build_document
from minutes.models import (
    AuditEvent,
    Meeting,
    MinutesStatus,
    Notification,
    SignedDocument,
    SpeakingTurn,
    SubmissionSnapshot,
)
from minutes.selectors import with_parts
from minutes.services import workflow
from minutes.signals import minutes_transitioned
from tests.review.conftest import approved, fresh, make_meeting, returned, submitted

pytestmark = pytest.mark.django_db


def actions(meeting: Meeting) -> list[tuple[str, str, str]]:
    return list(
        AuditEvent.objects.filter(meeting=meeting)
        .order_by("pk")
        .values_list("action", "from_status", "to_status")
    )


# --- submitting ---------------------------------------------------------------


def test_the_recorder_submits_after_the_chair_confirmed(world, django_capture_on_commit_callbacks):
    meeting = make_meeting(world)
    workflow.confirm_as_chair(meeting=meeting, by=world.chair)
    received = []
    minutes_transitioned.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t1")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            outcome = workflow.submit(meeting=meeting, by=world.recorder)
    finally:
        minutes_transitioned.disconnect(dispatch_uid="t1")

    meeting = fresh(meeting)
    assert outcome.changed and outcome.message == "Đã gửi biên bản lên cấp ủy cấp trên."
    assert meeting.status == MinutesStatus.SUBMITTED and meeting.submitted_at is not None
    assert actions(meeting) == [
        ("chair_confirmed", "draft", "draft"),
        ("submitted", "draft", "submitted"),
    ]
    event = AuditEvent.objects.filter(meeting=meeting, action="submitted").get()
    assert event.actor == world.recorder and event.actor_name == "Nguyễn Thị Thu Trang"
    assert [(r["from_status"], r["to_status"]) for r in received] == [("draft", "submitted")]
    snapshot = SubmissionSnapshot.objects.get(meeting=meeting)
    assert snapshot.round == 1
    assert dict(snapshot.data["parts"])["closing"] == list(
        build_document(with_parts(Meeting.objects.filter(pk=meeting.pk)).get()).parts()["closing"]
    )
    # Reviewers of the cell are told, in the app and by e-mail; nobody else.
    assert list(Notification.objects.values_list("user__username", flat=True)) == ["reviewer"]
    assert [m.to for m in mail.outbox] == [["reviewer@example.org"]]
    assert "Biên bản chờ duyệt: Chi bộ Quản lý đô thị" in mail.outbox[0].subject


def test_a_recorder_cannot_submit_what_the_chair_has_not_confirmed(world):
    meeting = make_meeting(world)
    with pytest.raises(workflow.WorkflowError, match="Chủ trì chưa xác nhận biên bản này"):
        workflow.submit(meeting=meeting, by=world.recorder)
    assert fresh(meeting).status == MinutesStatus.DRAFT
    assert not AuditEvent.objects.exists()


def test_an_edit_after_the_chairs_confirmation_asks_for_it_again(world):
    meeting = make_meeting(world)
    workflow.confirm_as_chair(meeting=meeting, by=world.chair)
    turn = SpeakingTurn.objects.filter(meeting=meeting).first()
    turn.gist = "Ý kiến đã sửa sau khi chủ trì xác nhận."
    turn.save()
    with pytest.raises(workflow.WorkflowError, match="thay đổi sau khi chủ trì xác nhận"):
        workflow.submit(meeting=meeting, by=world.recorder)
    # Confirming the new text lets it go.
    workflow.confirm_as_chair(meeting=meeting, by=world.chair)
    assert workflow.submit(meeting=meeting, by=world.recorder).changed


def test_the_chair_submitting_is_their_confirmation(world):
    meeting = make_meeting(world)
    workflow.submit(meeting=meeting, by=world.chair)
    meeting = fresh(meeting)
    assert meeting.status == MinutesStatus.SUBMITTED
    assert meeting.chair_confirmed_by == world.chair and meeting.chair_confirmed_digest
    assert actions(meeting) == [("submitted", "draft", "submitted")]


def test_errors_block_submitting(world):
    meeting = make_meeting(world)
    Meeting.objects.filter(pk=meeting.pk).update(end_time=None)
    with pytest.raises(workflow.WorkflowError) as caught:
        workflow.submit(meeting=meeting, by=world.chair, confirm_warnings=True)
    assert [p.message for p in caught.value.problems] == ["Chưa ghi giờ kết thúc."]
    assert fresh(meeting).status == MinutesStatus.DRAFT


def test_warnings_need_an_explicit_confirmation(world):
    meeting = make_meeting(world)
    Meeting.objects.filter(pk=meeting.pk).update(end_time=dt.time(20, 0))
    with pytest.raises(workflow.WorkflowError) as caught:
        workflow.submit(meeting=meeting, by=world.chair)
    assert [p.message for p in caught.value.problems] == [
        "Buổi sinh hoạt kéo dài 30 phút, dưới mức tối thiểu 90 phút."
    ]
    assert fresh(meeting).status == MinutesStatus.DRAFT
    workflow.submit(meeting=meeting, by=world.chair, confirm_warnings=True)
    event = AuditEvent.objects.get(meeting=meeting, action="submitted")
    assert "đã xác nhận các lưu ý: Buổi sinh hoạt kéo dài 30 phút" in event.comment


def test_a_repeated_submit_is_a_friendly_no_op(world):
    meeting = submitted(world)
    outcome = workflow.submit(meeting=meeting, by=world.recorder)
    assert not outcome.changed and outcome.message == "Biên bản đã được gửi duyệt rồi."
    assert SubmissionSnapshot.objects.filter(meeting=meeting).count() == 1
    assert [a[0] for a in actions(meeting)].count("submitted") == 1


@pytest.mark.parametrize("who", ["member", "reviewer", "other_recorder"])
def test_only_the_cells_recorder_or_chair_submits(world, who):
    meeting = make_meeting(world)
    with pytest.raises(PermissionDenied):
        workflow.submit(meeting=meeting, by=getattr(world, who), confirm_warnings=True)


# --- returning ----------------------------------------------------------------


def test_the_reviewer_returns_with_a_reason(world, django_capture_on_commit_callbacks):
    meeting = submitted(world)
    Notification.objects.all().delete()
    with pytest.raises(workflow.WorkflowError, match="Hãy ghi lý do trả lại"):
        workflow.return_for_changes(meeting=meeting, by=world.reviewer, reason="   ")
    with django_capture_on_commit_callbacks(execute=True):
        outcome = workflow.return_for_changes(
            meeting=meeting, by=world.reviewer, reason="Ghi rõ ý kiến của từng đồng chí."
        )
    meeting = fresh(meeting)
    assert outcome.changed and meeting.status == MinutesStatus.RETURNED and meeting.is_editable
    assert actions(meeting)[-1] == ("returned", "submitted", "returned")
    assert AuditEvent.objects.get(action="returned").comment == "Ghi rõ ý kiến của từng đồng chí."
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == [
        "chair",
        "recorder",
    ]
    assert "Lý do: Ghi rõ ý kiến của từng đồng chí." in mail.outbox[-1].body
    again = workflow.return_for_changes(meeting=meeting, by=world.reviewer, reason="Lần nữa")
    assert not again.changed and again.message == "Biên bản đã được trả lại rồi."


def test_a_reviewer_acts_on_the_submission_they_read(world):
    meeting = returned(world)
    workflow.submit(meeting=meeting, by=world.chair)
    # The reviewer's page was loaded during round 1; the minutes are now in round 2.
    with pytest.raises(workflow.WorkflowError, match="vừa được gửi lại \\(lần 2\\)"):
        workflow.approve(meeting=meeting, by=world.reviewer, round=1)
    with pytest.raises(workflow.WorkflowError, match="vừa được gửi lại"):
        workflow.return_for_changes(meeting=meeting, by=world.reviewer, reason="x", round=1)
    assert fresh(meeting).status == MinutesStatus.SUBMITTED


@pytest.mark.parametrize("who", ["member", "recorder", "chair", "other_recorder"])
def test_only_a_reviewer_above_the_cell_returns_or_approves(world, who):
    meeting = submitted(world)
    user = getattr(world, who)
    with pytest.raises(PermissionDenied):
        workflow.return_for_changes(meeting=meeting, by=user, reason="x")
    with pytest.raises(PermissionDenied):
        workflow.approve(meeting=meeting, by=user)


def test_draft_minutes_cannot_be_approved(world, signing_key):
    meeting = make_meeting(world)
    with pytest.raises(workflow.WorkflowError, match="trạng thái “Dự thảo”: không thể duyệt"):
        workflow.approve(meeting=meeting, by=world.reviewer)


# --- approving ----------------------------------------------------------------


def test_approval_numbers_signs_and_tells_the_cell(
    world, signing_key, django_capture_on_commit_callbacks
):
    # Two approved minutes already in this term (numbers 1 and 2), one from the
    # previous term with a higher number, and one of another cell.
    for day, number in ((dt.date(2021, 1, 5), 1), (dt.date(2021, 2, 5), 2)):
        older = make_meeting(world, date=day)
        Meeting.objects.filter(pk=older.pk).update(status=MinutesStatus.APPROVED, number=number)
    before_term = make_meeting(world, date=dt.date(2020, 1, 5))
    Meeting.objects.filter(pk=before_term.pk).update(status=MinutesStatus.APPROVED, number=40)
    elsewhere = meeting_of(world.other_cell)
    Meeting.objects.filter(pk=elsewhere.pk).update(status=MinutesStatus.APPROVED, number=9)

    meeting = submitted(world)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = workflow.approve(meeting=meeting, by=world.reviewer)
    meeting = fresh(meeting)
    assert outcome.changed
    assert meeting.status == MinutesStatus.APPROVED and meeting.number == 3
    assert meeting.approved_at is not None and not meeting.is_editable
    document = SignedDocument.objects.get(meeting=meeting)
    assert document.sha256 and document.size > 1000
    assert actions(meeting)[-1] == ("approved", "submitted", "approved")
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == [
        "chair",
        "recorder",
    ]
    again = workflow.approve(meeting=meeting, by=world.reviewer)
    assert not again.changed and again.message == "Biên bản đã được duyệt rồi."
    assert SignedDocument.objects.filter(meeting=meeting).count() == 1
    # (The older minutes were approved with SQL above, so the check rightly flags them.)
    assert [p for p in verify_chain() if p.meeting_id == meeting.pk] == []


def meeting_of(cell):
    from tests.factories import meeting_with_parts

    return meeting_with_parts(cell)


def test_no_signing_key_means_nothing_is_approved(world):
    from minutes.services.documents import DocumentError

    meeting = submitted(world)
    events_before = AuditEvent.objects.count()
    with pytest.raises(DocumentError, match="Chưa có khóa ký số"):
        workflow.approve(meeting=meeting, by=world.reviewer)
    meeting = fresh(meeting)
    assert meeting.status == MinutesStatus.SUBMITTED and meeting.number is None
    assert AuditEvent.objects.count() == events_before


# --- reopening: a new version -------------------------------------------------


def test_reopening_makes_a_new_draft_version_and_keeps_the_approved_one(world, signing_key):
    v1 = approved(world)
    text_v1 = build_document(with_parts(Meeting.objects.filter(pk=v1.pk)).get()).text()
    with pytest.raises(workflow.WorkflowError, match="Hãy ghi lý do mở lại"):
        workflow.reopen(meeting=v1, by=world.reviewer, reason="")
    outcome = workflow.reopen(meeting=v1, by=world.reviewer, reason="Sai tên đại biểu.")
    v2 = outcome.meeting
    assert outcome.changed and v2.pk != v1.pk
    assert (v2.version, v2.previous_version_id, v2.status, v2.number) == (
        2,
        v1.pk,
        MinutesStatus.DRAFT,
        v1.number,
    )
    # Every part was copied, links between parts re-pointed to the copies.
    full_v2 = with_parts(Meeting.objects.filter(pk=v2.pk)).get()
    assert build_document(full_v2).text() == text_v1
    assert full_v2.chair.meeting_id == v2.pk
    assert {t.speaker.meeting_id for t in full_v2.speaking_turns.all()} == {v2.pk}
    # The approved version is untouched and still current until v2 is approved.
    v1 = fresh(v1)
    assert v1.status == MinutesStatus.APPROVED and v1.superseded_at is None
    assert [a[0] for a in actions(v1)][-1] == "reopened"
    assert actions(v2) == [("version_created", "", "draft")]
    # Reopening again while v2 is being corrected does nothing new.
    again = workflow.reopen(meeting=v1, by=world.reviewer, reason="Lần nữa")
    assert not again.changed and again.meeting.pk == v2.pk
    assert Meeting.objects.filter(previous_version=v1).count() == 1

    v2 = approved(world, v2)
    v1 = fresh(v1)
    assert v2.status == MinutesStatus.APPROVED and v2.number == v1.number
    assert v1.superseded_at is not None and v1.status == MinutesStatus.APPROVED
    assert [a[0] for a in actions(v1)][-1] == "superseded"
    assert SignedDocument.objects.filter(meeting__in=[v1, v2]).count() == 2
    assert list(Meeting.objects.current().filter(cell=world.cell, status="approved")) == [v2]
    assert verify_chain() == []


@pytest.mark.parametrize("who", ["recorder", "chair", "member", "other_recorder"])
def test_only_a_reviewer_reopens(world, signing_key, who):
    v1 = approved(world)
    with pytest.raises(PermissionDenied):
        workflow.reopen(meeting=v1, by=getattr(world, who), reason="x")


# --- comments -------------------------------------------------------------------


def test_comments_are_tied_to_a_part_and_marked_addressed(world):
    meeting = submitted(world)
    turn = SpeakingTurn.objects.filter(meeting=meeting).first()
    comment = workflow.add_comment(
        meeting=meeting, by=world.reviewer, anchor=f"turn:{turn.pk}", text="Ghi rõ ý kiến."
    )
    with pytest.raises(workflow.WorkflowError, match="không còn tồn tại"):
        workflow.add_comment(meeting=meeting, by=world.reviewer, anchor="turn:999999", text="x")
    with pytest.raises(PermissionDenied):
        workflow.add_comment(meeting=meeting, by=world.recorder, anchor="attendance", text="x")
    # Not while submitted: the recorder addresses comments while correcting.
    with pytest.raises(workflow.WorkflowError):
        workflow.mark_comment_addressed(comment=comment, by=world.recorder)
    workflow.return_for_changes(meeting=meeting, by=world.reviewer, reason="Xem nhận xét.")
    with pytest.raises(PermissionDenied):
        workflow.mark_comment_addressed(comment=comment, by=world.other_recorder)
    assert workflow.mark_comment_addressed(comment=comment, by=world.recorder).changed
    assert not workflow.mark_comment_addressed(comment=comment, by=world.recorder).changed
    comment.refresh_from_db()
    assert comment.addressed_by == world.recorder and comment.addressed_at is not None
    assert [a[0] for a in actions(meeting)] == [
        "chair_confirmed",
        "submitted",
        "commented",
        "returned",
        "comment_addressed",
    ]


def test_open_comments_are_a_warning_when_resubmitting(world):
    meeting = submitted(world)
    workflow.add_comment(meeting=meeting, by=world.reviewer, anchor="attendance", text="Thiếu.")
    workflow.return_for_changes(meeting=meeting, by=world.reviewer, reason="Xem nhận xét.")
    with pytest.raises(workflow.WorkflowError) as caught:
        workflow.submit(meeting=meeting, by=world.chair)
    assert [p.message for p in caught.value.problems] == [
        "Còn 1 nhận xét của cấp trên chưa được đánh dấu đã xử lý."
    ]
