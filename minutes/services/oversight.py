"""State changes of oversight: campaigns and corrective actions, one function each.

Every function checks who may do it (PermissionDenied) and from which state
(OversightError, with a message for the user), changes the rows inside a
transaction with the action row locked, and writes an `ActionProgress` step, the
action's own trail (who, when, from, to, note). A repeated or concurrent request
that finds the work already done returns None instead of changing anything.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organization
from minutes.models import (
    ActionProgress,
    ActionStatus,
    Campaign,
    CorrectiveAction,
    Meeting,
    Notification,
    ProgressStep,
)
from minutes.oversight.scope import can_manage_campaigns, can_report_action, can_verify_action

UNFINISHED = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class OversightError(Exception):
    """A change that the state of the campaign or action does not allow; the message is for users."""


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


# --- campaigns -------------------------------------------------------------


@transaction.atomic
def create_campaign(
    *,
    committee: Organization,
    topic: str,
    deadline: dt.date,
    by,
    legal_bases: str = "",
    description: str = "",
    pilot_cell: Organization | None = None,
) -> Campaign:
    """A campaign asking every cell under `committee` to hold a thematic meeting by `deadline`."""
    if not can_manage_campaigns(by, committee):
        raise PermissionDenied
    if not topic.strip():
        raise OversightError(_("Chưa ghi chủ đề."))
    if pilot_cell is not None and not (
        pilot_cell.is_cell and pilot_cell.path.startswith(committee.path)
    ):
        raise OversightError(_("Chi bộ làm điểm phải là một chi bộ trực thuộc cấp ủy này."))
    return Campaign.objects.create(
        committee=committee,
        topic=topic,
        deadline=deadline,
        legal_bases=legal_bases,
        description=description,
        pilot_cell=pilot_cell,
        created_by=by,
    )


@transaction.atomic
def close_campaign(campaign: Campaign, *, by) -> Campaign | None:
    """End a campaign: cells no longer see it on their home page. None if already closed."""
    if not can_manage_campaigns(by, campaign.committee):
        raise PermissionDenied
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.closed_at is not None:
        return None
    campaign.closed_at = timezone.now()
    campaign.closed_by = by
    campaign.save(update_fields=["closed_at", "closed_by"])
    return campaign


def campaign_prefill(campaign: Campaign) -> dict[str, str]:
    """What a meeting started from `campaign` begins with: kind, topic, legal bases."""
    return {"kind": "thematic", "topic": campaign.topic, "legal_bases": campaign.legal_bases}


# --- corrective actions ----------------------------------------------------


def _locked(action: CorrectiveAction) -> CorrectiveAction:
    return (
        CorrectiveAction.objects.select_for_update(of=("self",))
        .select_related("cell", "owner_member", "meeting")
        .get(pk=action.pk)
    )


def _step(
    action: CorrectiveAction,
    *,
    step: str,
    from_status: str,
    by,
    note: str = "",
    meeting: Meeting | None = None,
) -> ActionProgress:
    return ActionProgress.objects.create(
        action=action,
        meeting=meeting,
        step=step,
        note=note,
        from_status=from_status,
        status=action.status,
        by=by,
        by_name=_name(by),
    )


def _notify_owner(action: CorrectiveAction, text: str) -> None:
    owner = action.owner_member.user_id if action.owner_member_id else None
    if owner:
        transaction.on_commit(
            lambda: Notification.objects.create(user_id=owner, meeting=action.meeting, text=text)
        )


@transaction.atomic
def start_action(action: CorrectiveAction, *, by, note: str = "") -> ActionProgress | None:
    """Open → in progress, reported by the owner or the cell's recorder or chair."""
    if not can_report_action(by, action):
        raise PermissionDenied
    action = _locked(action)
    if action.status == ActionStatus.IN_PROGRESS:
        return None
    if action.status != ActionStatus.OPEN:
        raise OversightError(_("Chỉ việc chưa thực hiện mới chuyển sang đang thực hiện."))
    action.status = ActionStatus.IN_PROGRESS
    action.save(update_fields=["status"])
    return _step(action, step=ProgressStep.STARTED, from_status=ActionStatus.OPEN, by=by, note=note)


@transaction.atomic
def complete_action(
    action: CorrectiveAction, *, by, done_on: dt.date, note: str
) -> ActionProgress | None:
    """Open or in progress → done, with what was done; the committee then verifies it."""
    if not can_report_action(by, action):
        raise PermissionDenied
    if not note.strip():
        raise OversightError(_("Hãy ghi kết quả khắc phục."))
    if done_on > timezone.localdate():
        raise OversightError(_("Ngày hoàn thành không được ở tương lai."))
    action = _locked(action)
    if action.status in (ActionStatus.DONE, ActionStatus.VERIFIED):
        return None
    before = action.status
    action.status = ActionStatus.DONE
    action.done_at = done_on
    action.save(update_fields=["status", "done_at"])
    return _step(action, step=ProgressStep.DONE, from_status=before, by=by, note=note)


@transaction.atomic
def verify_action(action: CorrectiveAction, *, by, note: str = "") -> ActionProgress | None:
    """Done → verified by a reviewer of the committee above the cell."""
    if not can_verify_action(by, action):
        raise PermissionDenied
    action = _locked(action)
    if action.status == ActionStatus.VERIFIED:
        return None
    if action.status != ActionStatus.DONE:
        raise OversightError(_("Chỉ xác nhận được việc đã báo cáo hoàn thành."))
    action.status = ActionStatus.VERIFIED
    action.verified_at = timezone.now()
    action.verified_by = by
    action.save(update_fields=["status", "verified_at", "verified_by"])
    _notify_owner(
        action, _("Cấp ủy cấp trên đã xác nhận kết quả khắc phục: %s") % action.text[:200]
    )
    return _step(
        action, step=ProgressStep.VERIFIED, from_status=ActionStatus.DONE, by=by, note=note
    )


@transaction.atomic
def reopen_action(action: CorrectiveAction, *, by, reason: str) -> ActionProgress | None:
    """Done or verified → in progress again, when the committee finds the correction wanting."""
    if not can_verify_action(by, action):
        raise PermissionDenied
    if not reason.strip():
        raise OversightError(_("Hãy ghi lý do yêu cầu tiếp tục khắc phục."))
    action = _locked(action)
    if action.status in UNFINISHED:
        return None
    before = action.status
    action.status = ActionStatus.IN_PROGRESS
    action.done_at = None
    action.verified_at = None
    action.verified_by = None
    action.save(update_fields=["status", "done_at", "verified_at", "verified_by"])
    _notify_owner(action, _("Cấp ủy cấp trên yêu cầu tiếp tục khắc phục: %s") % action.text[:200])
    return _step(action, step=ProgressStep.REOPENED, from_status=before, by=by, note=reason)


REPORTABLE_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE)


@transaction.atomic
def record_action_progress(
    action: CorrectiveAction,
    *,
    meeting: Meeting,
    note: str,
    status: str,
    by,
) -> ActionProgress:
    """Progress on an earlier meeting's action, reported at a later meeting of the same cell.

    This is the "kết quả khắc phục" of the minutes: the recorder writes what was
    done and the status it leaves the action in (still open, in progress, or
    done); verification stays with the committee above.
    """
    from members.access import can_record

    if not can_record(by, meeting.cell):
        raise PermissionDenied
    if not meeting.is_editable:
        raise OversightError(_("Biên bản này đã gửi duyệt hoặc đã duyệt, không ghi thêm được."))
    if status not in REPORTABLE_STATUSES:
        raise OversightError(_("Tình trạng không hợp lệ."))
    if not note.strip():
        raise OversightError(_("Hãy ghi kết quả khắc phục."))
    action = _locked(action)
    if action.cell_id != meeting.cell_id:
        raise OversightError(_("Việc này thuộc chi bộ khác."))
    if action.meeting_id == meeting.pk or action.meeting.date > meeting.date:
        raise OversightError(_("Kết quả khắc phục được báo cáo tại một cuộc họp sau."))
    if action.status == ActionStatus.VERIFIED:
        raise OversightError(_("Việc này đã được cấp ủy cấp trên xác nhận."))
    before = action.status
    if status != before:
        action.status = status
        action.done_at = meeting.date if status == ActionStatus.DONE else None
        action.save(update_fields=["status", "done_at"])
    return _step(
        action,
        step=ProgressStep.REPORTED,
        from_status=before,
        by=by,
        note=note,
        meeting=meeting,
    )
