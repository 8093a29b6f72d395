"""State changes of a cell's roster: one function each, atomic, checked, audited.

The secretary (recorder or chair of the cell) and the committee above keep the
roster (`members.access.can_keep_roster`). Every change writes one event to the
cell's hash-chained audit trail; a change of standing also writes a dated
`MemberEvent`, the member's history in the register. The member's current-state
fields (exemption, attachment, suspension, leaving) follow from the events, so
that a meeting started on a given day snapshots the roster as it stood.

What the cell's minutes propose (admission, recognition, discipline, expulsion)
is decided by the committee in `members.services.proposals`, not here.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.access import can_keep_roster
from members.models import (
    LEAVING_EVENTS,
    Attachment,
    EventKind,
    Gender,
    Member,
    MemberEvent,
    Organization,
    Position,
)
from members.services.accounts import lock_account
from minutes.audit import Action, record_event
from minutes.vnformat import nfc, short_date

# Kinds the secretary records by hand. Joining and detail edits are written by
# add_member/update_member; admission and recognition only by the committee's
# decision on what the minutes proposed.
RECORDABLE_KINDS: tuple[str, ...] = tuple(
    kind
    for kind in EventKind.values
    if kind not in (EventKind.JOINED, EventKind.DETAILS, EventKind.ADMITTED, EventKind.RECOGNIZED)
)
# Kinds whose current-state field is a flag, not a date: it changes the day it
# is recorded, so the event cannot be dated ahead.
FLAG_KINDS = frozenset(
    {
        EventKind.ATTACH_OUT,
        EventKind.ATTACH_IN,
        EventKind.ATTACH_END,
        EventKind.SUSPENSION,
        EventKind.SUSPENSION_END,
    }
)
# How far ahead a dated event (exemption, leaving) may be recorded.
MAX_DAYS_AHEAD = 31
WITH_END_DATE = frozenset({EventKind.EXEMPTION, EventKind.ATTACH_OUT, EventKind.ATTACH_IN})

DETAIL_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "card_number",
    "admitted_on",
    "official_on",
    "position",
    "job_title",
)


class RosterError(Exception):
    """A change the roster does not allow as it stands; the message is for users."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _check_keeper(by, cell: Organization) -> None:
    if not cell.is_cell or not can_keep_roster(by, cell):
        raise PermissionDenied


def _check_details(values: dict) -> None:
    today = timezone.localdate()
    if not nfc(values.get("full_name") or "").strip():
        raise RosterError(_("Hãy ghi họ và tên."), "full_name")
    if values.get("gender") not in Gender.values:
        raise RosterError(_("Hãy chọn giới tính."), "gender")
    if values.get("position", Position.MEMBER) not in Position.values:
        raise RosterError(_("Chức vụ trong chi bộ không hợp lệ."), "position")
    admitted, official = values.get("admitted_on"), values.get("official_on")
    birth = values.get("birth_date")
    if admitted is None:
        raise RosterError(_("Hãy ghi ngày vào Đảng."), "admitted_on")
    if admitted > today:
        raise RosterError(_("Ngày vào Đảng không được ở tương lai."), "admitted_on")
    if official is not None and official < admitted:
        raise RosterError(_("Ngày chính thức không được trước ngày vào Đảng."), "official_on")
    if official is not None and official > today:
        raise RosterError(_("Ngày chính thức không được ở tương lai."), "official_on")
    if birth is not None and (birth >= admitted or birth > today):
        raise RosterError(_("Ngày sinh phải trước ngày vào Đảng."), "birth_date")


def deactivate_account(member: Member, *, by, reason: str) -> bool:
    """Lock the account of a member who left: they must no longer log in."""
    if member.user is None:
        return False
    return lock_account(
        member.user,
        member.cell,
        by,
        _("đồng chí %(name)s: %(reason)s") % {"name": member.full_name, "reason": reason},
    )


@transaction.atomic
def add_member(
    *,
    cell: Organization,
    by,
    full_name: str,
    gender: str,
    admitted_on: dt.date,
    birth_date: dt.date | None = None,
    card_number: str = "",
    official_on: dt.date | None = None,
    position: str = Position.MEMBER,
    job_title: str = "",
) -> Member:
    """Put a member on the roster of `cell` (a member without an official date is probationary)."""
    _check_keeper(by, cell)
    values = {
        "full_name": nfc(full_name or "").strip(),
        "gender": gender,
        "birth_date": birth_date,
        "card_number": nfc(card_number or "").strip(),
        "admitted_on": admitted_on,
        "official_on": official_on,
        "position": position,
        "job_title": nfc(job_title or "").strip(),
    }
    _check_details(values)
    member = Member.objects.create(cell=cell, **values)
    MemberEvent.objects.create(
        member=member, kind=EventKind.JOINED, date=timezone.localdate(), recorded_by=by
    )
    record_event(
        organization=cell,
        action=Action.MEMBER_ADDED,
        actor=by,
        comment=_("Thêm đồng chí %(name)s vào danh sách chi bộ") % {"name": member.full_name},
    )
    return member


@transaction.atomic
def update_member(*, member: Member, by, **changes) -> Member:
    """Correct a member's details; the history records which fields changed."""
    locked = Member.objects.select_for_update().select_related("cell").get(pk=member.pk)
    _check_keeper(by, locked.cell)
    unknown = set(changes) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"update_member() got unexpected fields: {sorted(unknown)}")
    for name in ("full_name", "card_number", "job_title"):
        if name in changes:
            changes[name] = nfc(changes[name] or "").strip()
    values = {name: changes.get(name, getattr(locked, name)) for name in DETAIL_FIELDS}
    _check_details(values)
    changed = [name for name in DETAIL_FIELDS if values[name] != getattr(locked, name)]
    if not changed:
        return locked
    labels = ", ".join(str(Member._meta.get_field(name).verbose_name) for name in changed)
    for name in changed:
        setattr(locked, name, values[name])
    locked.save()
    MemberEvent.objects.create(
        member=locked,
        kind=EventKind.DETAILS,
        date=timezone.localdate(),
        reason=_("Sửa: %(fields)s") % {"fields": labels},
        recorded_by=by,
    )
    record_event(
        organization=locked.cell,
        action=Action.MEMBER_CHANGED,
        actor=by,
        comment=_("Sửa thông tin đồng chí %(name)s: %(fields)s")
        % {"name": locked.full_name, "fields": labels},
    )
    return locked


def _check_event(
    member: Member, kind: str, date: dt.date, end_date: dt.date | None, decision_date
) -> None:
    today = timezone.localdate()
    if kind not in RECORDABLE_KINDS:
        raise RosterError(_("Loại sự kiện này không ghi trực tiếp được."), "kind")
    if member.left_on is not None:
        raise RosterError(
            _("Đồng chí %(name)s đã ra khỏi chi bộ ngày %(date)s.")
            % {"name": member.full_name, "date": short_date(member.left_on)}
        )
    if date < member.admitted_on:
        raise RosterError(_("Ngày của sự kiện không được trước ngày vào Đảng."), "date")
    if kind in FLAG_KINDS and date > today:
        raise RosterError(
            _("Sự kiện này có hiệu lực ngay khi ghi: ngày không được ở tương lai."), "date"
        )
    if date > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise RosterError(
            _("Ngày của sự kiện không được quá %(n)d ngày sau hôm nay.") % {"n": MAX_DAYS_AHEAD},
            "date",
        )
    if end_date is not None:
        if kind not in WITH_END_DATE:
            raise RosterError(_("Loại sự kiện này không có ngày kết thúc."), "end_date")
        if end_date < date:
            raise RosterError(_("Ngày kết thúc không được trước ngày bắt đầu."), "end_date")
    if decision_date is not None and decision_date > today:
        raise RosterError(_("Ngày quyết định không được ở tương lai."), "decision_date")
    if kind == EventKind.EXEMPTION and member.is_exempt_on(date):
        raise RosterError(_("Đồng chí này đang được miễn sinh hoạt vào ngày đó."), "kind")
    if kind == EventKind.EXEMPTION_END:
        if member.exempt_from is None or not (member.exempt_to is None or member.exempt_to >= date):
            raise RosterError(_("Đồng chí này không đang được miễn sinh hoạt."), "kind")
        if date <= member.exempt_from:
            raise RosterError(
                _("Ngày sinh hoạt trở lại phải sau ngày bắt đầu miễn (%(date)s).")
                % {"date": short_date(member.exempt_from)},
                "date",
            )
    if kind in (EventKind.ATTACH_OUT, EventKind.ATTACH_IN) and member.attachment:
        raise RosterError(
            _("Đồng chí này đang sinh hoạt tạm thời: hãy ghi kết thúc trước."), "kind"
        )
    if kind == EventKind.ATTACH_END and not member.attachment:
        raise RosterError(_("Đồng chí này không đang sinh hoạt tạm thời."), "kind")
    if kind == EventKind.SUSPENSION and member.suspended:
        raise RosterError(_("Đồng chí này đang bị đình chỉ sinh hoạt."), "kind")
    if kind == EventKind.SUSPENSION_END and not member.suspended:
        raise RosterError(_("Đồng chí này không bị đình chỉ sinh hoạt."), "kind")


def apply_event(member: Member, event: MemberEvent) -> list[str]:
    """Set the member's current-state fields from `event`; the names of the fields changed."""
    kind = event.kind
    if kind == EventKind.EXEMPTION:
        member.exempt_from, member.exempt_to = event.date, event.end_date
        member.exempt_reason = event.reason[:200]
        return ["exempt_from", "exempt_to", "exempt_reason"]
    if kind == EventKind.EXEMPTION_END:
        # The date is the day the member is back: the exemption covered the day before.
        member.exempt_to = event.date - dt.timedelta(days=1)
        return ["exempt_to"]
    if kind in (EventKind.ATTACH_OUT, EventKind.ATTACH_IN):
        member.attachment = (
            Attachment.TEMP_OUT if kind == EventKind.ATTACH_OUT else Attachment.TEMP_IN
        )
        member.attachment_place = event.place[:200]
        return ["attachment", "attachment_place"]
    if kind == EventKind.ATTACH_END:
        member.attachment, member.attachment_place = Attachment.NONE, ""
        return ["attachment", "attachment_place"]
    if kind in (EventKind.SUSPENSION, EventKind.SUSPENSION_END):
        member.suspended = kind == EventKind.SUSPENSION
        return ["suspended"]
    if kind in LEAVING_EVENTS:
        member.left_on = event.date
        member.left_reason = (event.reason or str(EventKind(kind).label))[:200]
        return ["left_on", "left_reason"]
    return []


@transaction.atomic
def record_member_event(
    *,
    member: Member,
    by,
    kind: str,
    date: dt.date,
    end_date: dt.date | None = None,
    reason: str = "",
    place: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
) -> MemberEvent:
    """Record one change of a member's standing and bring the current-state fields in step.

    A leaving event (transfer out, removal, expulsion, leaving the Party, death)
    takes the member off the roster from its date and locks their account.
    """
    locked = (
        Member.objects.select_for_update(of=("self",))
        .select_related("cell", "user")
        .get(pk=member.pk)
    )
    _check_keeper(by, locked.cell)
    _check_event(locked, kind, date, end_date, decision_date)
    event = MemberEvent.objects.create(
        member=locked,
        kind=kind,
        date=date,
        end_date=end_date,
        reason=nfc(reason or "").strip()[:500],
        place=nfc(place or "").strip()[:200],
        decision_number=nfc(decision_number or "").strip()[:50],
        decision_date=decision_date,
        recorded_by=by,
    )
    fields = apply_event(locked, event)
    if fields:
        locked.save(update_fields=fields)
    label = EventKind(kind).label
    record_event(
        organization=locked.cell,
        action=Action.MEMBER_EVENT,
        actor=by,
        comment=_("%(event)s: đồng chí %(name)s, ngày %(date)s")
        % {"event": label, "name": locked.full_name, "date": short_date(date)},
    )
    if kind in LEAVING_EVENTS:
        deactivate_account(locked, by=by, reason=str(label))
    return event
