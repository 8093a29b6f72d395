"""The workflow of the minutes: draft → submitted → returned … → approved (→ a new version).

One function per step. Each one, inside one transaction:

1. locks the meeting row (`select_for_update`) and re-reads it, so two requests
   for the same step cannot both pass: the second sees the new state and gets
   a friendly "already done" outcome (`Outcome.changed` is False), never a
   second transition;
2. checks the role (PermissionDenied → 403) and the state (WorkflowError, whose
   message the page shows);
3. changes the row, writes a hash-chained audit event (minutes.audit), and sends
   `minutes_transitioned` so derived data follows in the same transaction;
4. registers the notifications with `transaction.on_commit`.

The chair's sign-off is its own step (`confirm_as_chair`) before submitting,
as on paper: the secretary writes the record and the chair signs it before it
goes up. It holds for the exact text it was given on (a digest of the
document); any later edit asks for it again. When the chair sends the minutes
up themselves, submitting is their confirmation, in one step.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from members.access import can_chair, can_record, can_review
from members.models import Member, Organization
from minutes import notifications, permissions
from minutes.audit import Action, record_event
from minutes.comparison import snapshot_data, valid_anchors
from minutes.document import build_document
from minutes.models import (
    CommitteeSettings,
    Meeting,
    MinutesStatus,
    ReviewComment,
    SubmissionSnapshot,
    VotingRule,
)
from minutes.models.meeting import workflow_write
from minutes.rules import Problem, check_minutes
from minutes.selectors import with_parts
from minutes.signals import minutes_transitioned
from minutes.vnformat import nfc


class WorkflowError(Exception):
    """The step cannot be taken now; the message says why, in the user's language."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or []


@dataclass(frozen=True)
class Outcome:
    meeting: Meeting
    changed: bool  # False: the step had already been taken (a repeated or concurrent request)
    message: str


# --- reading ---------------------------------------------------------------


def load_for_checks(pk: int) -> Meeting:
    return with_parts(Meeting.objects.filter(pk=pk)).get()


def submission_problems(meeting: Meeting) -> list[Problem]:
    """check_minutes on `meeting` (loaded with_parts), plus comments nobody marked addressed."""
    members_on_roster = Member.objects.on_roster(meeting.cell, meeting.date).values_list(
        "pk", flat=True
    )
    problems = check_minutes(
        meeting,
        participants=list(meeting.participants.all()),
        decisions=list(meeting.decisions.all()),
        reports=list(meeting.reports.all()),
        speaking_turns=list(meeting.speaking_turns.all()),
        roster_member_ids=list(members_on_roster),
        rules=CommitteeSettings.for_organization(meeting.cell),
        voting_rules=list(VotingRule.objects.all()),
    )
    open_comments = ReviewComment.objects.filter(meeting=meeting, addressed_at__isnull=True)
    count = open_comments.count()
    if count:
        problems.append(
            Problem(
                "warning",
                "comments",
                _("Còn %(n)d nhận xét của cấp trên chưa được đánh dấu đã xử lý.") % {"n": count},
            )
        )
    return problems


def document_digest(meeting: Meeting) -> str:
    """SHA-256 of the official text of `meeting` (loaded with_parts), for the chair's sign-off."""
    parts = build_document(meeting).parts()
    payload = json.dumps(list(parts.items()), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def chair_confirmation_current(meeting: Meeting) -> bool:
    """Whether the chair confirmed exactly the text the minutes hold now."""
    return bool(meeting.chair_confirmed_digest) and (
        meeting.chair_confirmed_digest == document_digest(meeting)
    )


def current_round(meeting: Meeting) -> int:
    """How many times these minutes (this version) were submitted."""
    return SubmissionSnapshot.objects.filter(meeting=meeting).aggregate(n=Max("round"))["n"] or 0


# --- helpers ---------------------------------------------------------------


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("cell").get(pk=meeting.pk)


def _state_error(meeting: Meeting, step: str) -> WorkflowError:
    return WorkflowError(
        _("Biên bản đang ở trạng thái “%(state)s”: không thể %(step)s.")
        % {"state": meeting.get_status_display(), "step": step}
    )


def _require_round(meeting: Meeting, round: int | None) -> None:
    # A reviewer acts on what they read: if the minutes were resubmitted since
    # their page was loaded, they must read the new submission first.
    if round is not None and round != current_round(meeting):
        raise WorkflowError(
            _("Biên bản vừa được gửi lại (lần %(n)d). Hãy đọc lại trước khi quyết định.")
            % {"n": current_round(meeting)}
        )


def _save(meeting: Meeting, by, fields: list[str]) -> None:
    meeting._history_user = by
    # `updated_at` is also the key of the meeting's rendered parts (minutes.parts).
    meeting.save(update_fields=[*fields, "updated_at"])


def _transitioned(meeting: Meeting, from_status: str, by) -> None:
    minutes_transitioned.send(
        sender=Meeting,
        meeting=meeting,
        from_status=from_status,
        to_status=meeting.status,
        actor=by,
    )


# --- the steps -------------------------------------------------------------


def confirm_as_chair(*, meeting: Meeting, by) -> Outcome:
    """The chair signs off the record as it stands (draft or returned minutes without errors)."""
    with transaction.atomic():
        locked = _lock(meeting)
        if not can_chair(by, locked.cell):
            raise PermissionDenied
        if not permissions.is_open_for_recording(locked):
            raise _state_error(locked, _("xác nhận"))
        full = load_for_checks(locked.pk)
        errors = [p for p in submission_problems(full) if p.is_error]
        if errors:
            raise WorkflowError(_("Biên bản còn thiếu sót, chưa thể xác nhận."), errors)
        digest = document_digest(full)
        if locked.chair_confirmed_digest == digest:
            return Outcome(locked, False, _("Chủ trì đã xác nhận nội dung này rồi."))
        locked.chair_confirmed_at = timezone.now()
        locked.chair_confirmed_by = by
        locked.chair_confirmed_digest = digest
        _save(locked, by, ["chair_confirmed_at", "chair_confirmed_by", "chair_confirmed_digest"])
        record_event(
            organization=locked.cell,
            meeting=locked,
            actor=by,
            action=Action.CHAIR_CONFIRMED,
            from_status=locked.status,
            to_status=locked.status,
        )
    return Outcome(locked, True, _("Đã xác nhận biên bản. Thư ký có thể gửi duyệt."))


def submit(*, meeting: Meeting, by, confirm_warnings: bool = False) -> Outcome:
    """Send draft or returned minutes to the superior committee."""
    with transaction.atomic():
        locked = _lock(meeting)
        if locked.status == MinutesStatus.SUBMITTED:
            return Outcome(locked, False, _("Biên bản đã được gửi duyệt rồi."))
        is_chair = can_chair(by, locked.cell)
        if not (is_chair or can_record(by, locked.cell)):
            raise PermissionDenied
        if not permissions.is_open_for_recording(locked):
            raise _state_error(locked, _("gửi duyệt"))
        full = load_for_checks(locked.pk)
        problems = submission_problems(full)
        errors = [p for p in problems if p.is_error]
        if errors:
            raise WorkflowError(
                _("Biên bản còn thiếu sót, chưa thể gửi duyệt. Hãy sửa các lỗi dưới đây."), errors
            )
        warnings = [p for p in problems if not p.is_error]
        if warnings and not confirm_warnings:
            raise WorkflowError(
                _("Hãy đọc các lưu ý dưới đây và đánh dấu xác nhận trước khi gửi."), warnings
            )
        digest = document_digest(full)
        fields = ["status", "submitted_at"]
        if is_chair:
            if locked.chair_confirmed_digest != digest:
                locked.chair_confirmed_at = timezone.now()
                locked.chair_confirmed_by = by
                locked.chair_confirmed_digest = digest
                fields += ["chair_confirmed_at", "chair_confirmed_by", "chair_confirmed_digest"]
        elif locked.chair_confirmed_digest != digest:
            raise WorkflowError(
                _("Chủ trì chưa xác nhận biên bản này.")
                if not locked.chair_confirmed_digest
                else _("Biên bản đã thay đổi sau khi chủ trì xác nhận: cần chủ trì xác nhận lại.")
            )
        round = current_round(locked) + 1
        SubmissionSnapshot.objects.create(
            meeting=locked, round=round, data=snapshot_data(build_document(full))
        )
        from_status = locked.status
        locked.status = MinutesStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        _save(locked, by, fields)
        comment = _("Lần gửi %(n)d") % {"n": round}
        if warnings:
            comment += "; " + _("đã xác nhận các lưu ý: %(w)s") % {
                "w": " ".join(str(w.message) for w in warnings)
            }
        record_event(
            organization=locked.cell,
            meeting=locked,
            actor=by,
            action=Action.SUBMITTED,
            from_status=from_status,
            to_status=locked.status,
            comment=comment,
        )
        _transitioned(locked, from_status, by)
        transaction.on_commit(partial(notifications.submitted, locked.pk, by.pk))
    return Outcome(locked, True, _("Đã gửi biên bản lên cấp ủy cấp trên."))


def return_for_changes(*, meeting: Meeting, by, reason: str, round: int | None = None) -> Outcome:
    """The reviewer sends submitted minutes back with the reasons; they become editable again."""
    reason = nfc(reason or "").strip()
    with transaction.atomic():
        locked = _lock(meeting)
        if locked.status == MinutesStatus.RETURNED:
            return Outcome(locked, False, _("Biên bản đã được trả lại rồi."))
        if not can_review(by, locked.cell):
            raise PermissionDenied
        if locked.status != MinutesStatus.SUBMITTED:
            raise _state_error(locked, _("trả lại"))
        _require_round(locked, round)
        if not reason:
            raise WorkflowError(_("Hãy ghi lý do trả lại."))
        from_status = locked.status
        locked.status = MinutesStatus.RETURNED
        _save(locked, by, ["status"])
        record_event(
            organization=locked.cell,
            meeting=locked,
            actor=by,
            action=Action.RETURNED,
            from_status=from_status,
            to_status=locked.status,
            comment=reason,
        )
        _transitioned(locked, from_status, by)
        transaction.on_commit(partial(notifications.returned, locked.pk, by.pk, reason))
    return Outcome(locked, True, _("Đã trả lại biên bản để chi bộ sửa."))


def next_number(cell: Organization) -> int:
    """1 + the highest number of the cell's approved minutes in the committee's current term."""
    approved = Meeting.objects.filter(
        cell=cell, status=MinutesStatus.APPROVED, number__isnull=False
    )
    if cell.term_start:
        approved = approved.filter(date__gte=cell.term_start)
    return (approved.aggregate(n=Max("number"))["n"] or 0) + 1


def approve(*, meeting: Meeting, by, round: int | None = None, comment: str = "") -> Outcome:
    """Approve submitted minutes: number them, supersede the version they correct, and queue
    their signed document (minutes.services.documents.request_document)."""
    comment = nfc(comment or "").strip()
    with transaction.atomic():
        locked = _lock(meeting)
        if locked.status == MinutesStatus.APPROVED:
            return Outcome(locked, False, _("Biên bản đã được duyệt rồi."))
        if not can_review(by, locked.cell):
            raise PermissionDenied
        if locked.status != MinutesStatus.SUBMITTED:
            raise _state_error(locked, _("duyệt"))
        _require_round(locked, round)
        # The cell's row is the lock that orders numbering (and its audit chain).
        cell = Organization.objects.select_for_update().get(pk=locked.cell_id)
        now = timezone.now()
        from_status = locked.status
        locked.status = MinutesStatus.APPROVED
        locked.approved_at = now
        fields = ["status", "approved_at"]
        if locked.number is None:
            locked.number = next_number(cell)
            fields.append("number")
        _save(locked, by, fields)
        if locked.previous_version_id:
            with workflow_write():
                Meeting.objects.filter(pk=locked.previous_version_id).update(
                    superseded_at=now, updated_at=now
                )
            record_event(
                organization=cell,
                meeting=Meeting.objects.get(pk=locked.previous_version_id),
                actor=by,
                action=Action.SUPERSEDED,
                from_status=MinutesStatus.APPROVED,
                to_status=MinutesStatus.APPROVED,
                comment=_("Thay thế bởi phiên bản %(v)d") % {"v": locked.version},
            )
        record_event(
            organization=cell,
            meeting=locked,
            actor=by,
            action=Action.APPROVED,
            from_status=from_status,
            to_status=locked.status,
            comment=comment,
        )
        _transitioned(locked, from_status, by)
        from minutes.models.documents import DocumentJobStatus
        from minutes.services.documents import request_document

        # Rendering and signing run as a task; with the immediate backend (tests,
        # `make run`) it has run by now, otherwise a worker takes it after commit.
        job = request_document(locked, by=by)
        transaction.on_commit(partial(notifications.approved, locked.pk, by.pk))
    if job.status == DocumentJobStatus.DONE:
        message = _("Đã duyệt biên bản. Văn bản đã được ký số.")
    elif job.status == DocumentJobStatus.FAILED:
        message = _("Đã duyệt biên bản, nhưng chưa phát hành được văn bản ký số: %(reason)s") % {
            "reason": job.last_error
        }
    else:
        message = _("Đã duyệt biên bản. Văn bản ký số đang được chuẩn bị.")
    return Outcome(locked, True, message)


def reopen(*, meeting: Meeting, by, reason: str) -> Outcome:
    """Open approved minutes for a correction: a new draft version; the approved one stays."""
    from minutes.services.versions import create_next_version

    reason = nfc(reason or "").strip()
    with transaction.atomic():
        locked = _lock(meeting)
        if not can_review(by, locked.cell):
            raise PermissionDenied
        existing = Meeting.objects.filter(previous_version_id=locked.pk).first()
        if existing is not None:
            return Outcome(
                existing,
                False,
                _("Biên bản đã được mở lại: phiên bản %(v)d đang được sửa.")
                % {"v": existing.version},
            )
        if locked.status != MinutesStatus.APPROVED or locked.superseded_at is not None:
            raise _state_error(locked, _("mở lại"))
        if not reason:
            raise WorkflowError(_("Hãy ghi lý do mở lại."))
        Organization.objects.select_for_update().filter(pk=locked.cell_id).values_list("pk").get()
        new = create_next_version(locked, by=by)
        record_event(
            organization=locked.cell,
            meeting=locked,
            actor=by,
            action=Action.REOPENED,
            from_status=locked.status,
            to_status=locked.status,
            comment=reason,
        )
        record_event(
            organization=locked.cell,
            meeting=new,
            actor=by,
            action=Action.VERSION_CREATED,
            from_status="",
            to_status=new.status,
            comment=_("Mở lại phiên bản %(v)d: %(r)s") % {"v": locked.version, "r": reason},
        )
        _transitioned(new, MinutesStatus.APPROVED, by)
        transaction.on_commit(partial(notifications.reopened, new.pk, by.pk, reason))
    return Outcome(
        new, True, _("Đã mở lại biên bản: phiên bản %(v)d là bản dự thảo mới.") % {"v": new.version}
    )


# --- comments --------------------------------------------------------------


def add_comment(*, meeting: Meeting, by, anchor: str, text: str) -> ReviewComment:
    """A reviewer's comment on one part of submitted minutes."""
    text = nfc(text or "").strip()
    with transaction.atomic():
        locked = _lock(meeting)
        if not can_review(by, locked.cell):
            raise PermissionDenied
        if locked.status != MinutesStatus.SUBMITTED:
            raise _state_error(locked, _("nhận xét"))
        if not text:
            raise WorkflowError(_("Hãy ghi nội dung nhận xét."))
        if anchor not in valid_anchors(load_for_checks(locked.pk)):
            raise WorkflowError(_("Phần biên bản được chọn không còn tồn tại."))
        comment = ReviewComment.objects.create(meeting=locked, author=by, anchor=anchor, text=text)
        record_event(
            organization=locked.cell,
            meeting=locked,
            actor=by,
            action=Action.COMMENTED,
            from_status=locked.status,
            to_status=locked.status,
            comment=f"[{anchor}] {text}",
        )
    return comment


def mark_comment_addressed(*, comment: ReviewComment, by) -> Outcome:
    """The recorder (or chair) says a comment has been dealt with in the record."""
    with transaction.atomic():
        locked = _lock(comment.meeting)
        fresh = ReviewComment.objects.select_for_update().get(pk=comment.pk)
        if not (can_record(by, locked.cell) or can_chair(by, locked.cell)):
            raise PermissionDenied
        if fresh.addressed_at is not None:
            return Outcome(locked, False, _("Nhận xét này đã được đánh dấu đã xử lý."))
        if not permissions.is_open_for_recording(locked):
            raise _state_error(locked, _("đánh dấu đã xử lý"))
        fresh.addressed_at = timezone.now()
        fresh.addressed_by = by
        fresh.save(update_fields=["addressed_at", "addressed_by"])
        record_event(
            organization=locked.cell,
            meeting=locked,
            actor=by,
            action=Action.COMMENT_ADDRESSED,
            from_status=locked.status,
            to_status=locked.status,
            comment=f"[{fresh.anchor}] {fresh.text}"[:500],
        )
    return Outcome(locked, True, _("Đã đánh dấu nhận xét là đã xử lý."))
