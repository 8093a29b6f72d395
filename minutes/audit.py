"""The audit trail: one hash-chained list of events per organization.

Every event carries a SHA-256 over its own content and the hash of the previous
event of the same organization, so an event changed, removed or inserted with
SQL outside the app breaks the chain where it happened. `verify_chain()` walks
the chains (and checks that each meeting's state agrees with its last event, so
removing the newest events shows too); `manage.py verify_audit` reports it.

What the chain cannot do: someone who can write the database *and* recompute
every later hash can forge a consistent chain. `verify_audit` prints the head
hash of each chain; keeping those lines somewhere else (a log, a printout)
makes such a rewrite visible as well.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organization
from minutes.models import AuditEvent, Meeting, MinutesStatus
from minutes.vnformat import nfc

HASH_VERSION = "v1"


class Action:
    CHAIR_CONFIRMED = "chair_confirmed"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    REOPENED = "reopened"
    VERSION_CREATED = "version_created"
    SUPERSEDED = "superseded"
    COMMENTED = "commented"
    COMMENT_ADDRESSED = "comment_addressed"
    IMPORTED = "imported"
    # The register (members.services): the chain of the cell or committee concerned.
    ORGANIZATION_CREATED = "organization_created"
    ORGANIZATION_CHANGED = "organization_changed"
    REGISTER_IMPORTED = "register_imported"
    MEMBER_ADDED = "member_added"
    MEMBER_CHANGED = "member_changed"
    MEMBER_EVENT = "member_event"
    REGISTER_DECIDED = "register_decided"
    ROLE_GRANTED = "role_granted"
    ROLE_REVOKED = "role_revoked"
    ACCOUNT_CREATED = "account_created"
    ACCOUNT_DEACTIVATED = "account_deactivated"
    ACCOUNT_REACTIVATED = "account_reactivated"
    ACTIVATION_CODE_ISSUED = "activation_code_issued"


ACTION_LABELS = {
    Action.CHAIR_CONFIRMED: _("Chủ trì xác nhận biên bản"),
    Action.SUBMITTED: _("Gửi duyệt"),
    Action.RETURNED: _("Trả lại để sửa"),
    Action.APPROVED: _("Duyệt"),
    Action.REOPENED: _("Mở lại để đính chính"),
    Action.VERSION_CREATED: _("Tạo phiên bản mới"),
    Action.SUPERSEDED: _("Bị thay thế bởi phiên bản mới"),
    Action.COMMENTED: _("Nhận xét"),
    Action.COMMENT_ADDRESSED: _("Đánh dấu đã xử lý nhận xét"),
    Action.IMPORTED: _("Nhập trạng thái có sẵn"),
    Action.ORGANIZATION_CREATED: _("Lập tổ chức đảng"),
    Action.ORGANIZATION_CHANGED: _("Sửa thông tin tổ chức đảng"),
    Action.REGISTER_IMPORTED: _("Nhập sổ đảng viên từ tệp"),
    Action.MEMBER_ADDED: _("Thêm đảng viên vào danh sách"),
    Action.MEMBER_CHANGED: _("Sửa thông tin đảng viên"),
    Action.MEMBER_EVENT: _("Ghi sự kiện đảng tịch"),
    Action.REGISTER_DECIDED: _("Ghi quyết định của cấp trên"),
    Action.ROLE_GRANTED: _("Phân quyền"),
    Action.ROLE_REVOKED: _("Thu hồi quyền"),
    Action.ACCOUNT_CREATED: _("Tạo tài khoản"),
    Action.ACCOUNT_DEACTIVATED: _("Khóa tài khoản"),
    Action.ACCOUNT_REACTIVATED: _("Mở khóa tài khoản"),
    Action.ACTIVATION_CODE_ISSUED: _("Cấp mã kích hoạt mới"),
}


def _content(
    *,
    organization_id: int,
    meeting_id: int | None,
    actor_id: int | None,
    actor_name: str,
    action: str,
    from_status: str,
    to_status: str,
    comment: str,
    created_at,
    previous_hash: str,
) -> bytes:
    # A fixed field order and UTC timestamps to the microsecond: the same bytes
    # on SQLite and PostgreSQL, and whichever time zone the process runs in.
    stamp = created_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    fields = [
        HASH_VERSION,
        organization_id,
        meeting_id,
        actor_id,
        actor_name,
        action,
        from_status,
        to_status,
        comment,
        stamp,
        previous_hash,
    ]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def event_hash(event: AuditEvent) -> str:
    """The hash `event` must carry, computed from what is stored in it now."""
    return hashlib.sha256(
        _content(
            organization_id=event.organization_id,
            meeting_id=event.meeting_id,
            actor_id=event.actor_id,
            actor_name=event.actor_name,
            action=event.action,
            from_status=event.from_status,
            to_status=event.to_status,
            comment=event.comment,
            created_at=event.created_at,
            previous_hash=event.previous_hash,
        )
    ).hexdigest()


def person_name(user) -> str:
    """An account's name in Vietnamese order (family and middle names first), or its username."""
    name = f"{user.last_name} {user.first_name}".strip()
    return name or user.get_username()


def record_event(
    *,
    organization: Organization,
    action: str,
    actor=None,
    meeting: Meeting | None = None,
    from_status: str = "",
    to_status: str = "",
    comment: str = "",
) -> AuditEvent:
    """Append one event to the chain of `organization` (inside the caller's transaction)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must run inside the transaction of the change it records")
    # Lock the organization row: events of one organization are appended one at
    # a time, so two concurrent transitions can never fork its chain.
    Organization.objects.select_for_update().filter(pk=organization.pk).values_list("pk").get()
    previous = (
        AuditEvent.objects.filter(organization_id=organization.pk)
        .order_by("-pk")
        .values_list("hash", flat=True)
        .first()
    )
    actor_name = nfc(person_name(actor)) if actor is not None else ""
    event = AuditEvent(
        organization_id=organization.pk,
        meeting=meeting,
        actor=actor,
        actor_name=actor_name,
        action=action,
        from_status=from_status,
        to_status=to_status,
        comment=nfc(comment).strip(),
        created_at=timezone.now(),
        previous_hash=previous or "",
    )
    event.hash = event_hash(event)
    event.save()
    return event


def record_imported_state(meeting: Meeting, *, actor=None, note: str = "") -> AuditEvent:
    """Record that `meeting` was put in its present state from outside the workflow.

    For data brought in rather than made here (demonstration data, minutes
    approved on paper before the app): the trail then says so, openly, instead
    of showing a state no event explains.
    """
    with transaction.atomic():
        return record_event(
            organization=meeting.cell,
            meeting=meeting,
            actor=actor,
            action=Action.IMPORTED,
            from_status="",
            to_status=meeting.status,
            comment=note or str(_("Trạng thái nhập từ dữ liệu có sẵn, không qua các bước duyệt.")),
        )


@dataclass(frozen=True)
class ChainProblem:
    organization_id: int
    event_id: int | None
    meeting_id: int | None
    kind: str  # "changed", "link", "start", "state"
    message: str

    def __str__(self) -> str:
        where = f"event #{self.event_id}" if self.event_id else f"meeting #{self.meeting_id}"
        return f"organization #{self.organization_id}, {where}: {self.message}"


def verify_chain(organizations: Iterable[int] | None = None) -> list[ChainProblem]:
    """Every break in the audit chains (of the given organization ids, or of all)."""
    problems: list[ChainProblem] = []
    events = AuditEvent.objects.order_by("organization_id", "pk")
    if organizations is not None:
        events = events.filter(organization_id__in=list(organizations))
    current_org = None
    previous_hash = ""
    seen: dict[str, int] = {}
    for event in events.iterator(chunk_size=2000):
        if event.organization_id != current_org:
            current_org, previous_hash, seen = event.organization_id, "", {}
        recomputed = event_hash(event)
        if recomputed != event.hash:
            problems.append(
                ChainProblem(
                    event.organization_id,
                    event.pk,
                    event.meeting_id,
                    "changed",
                    "the event's content no longer matches its hash (changed outside the app)",
                )
            )
        if event.previous_hash != previous_hash:
            if not previous_hash:
                message = "the chain does not start here: earlier events were removed"
            elif event.previous_hash in seen:
                message = (
                    f"it is chained to event #{seen[event.previous_hash]} instead of the event "
                    "just before it: it was inserted, or events after that one were removed"
                )
            else:
                message = "the link to the previous event is broken: an event before it was removed or changed"
            problems.append(
                ChainProblem(event.organization_id, event.pk, event.meeting_id, "link", message)
            )
        seen[event.hash] = event.pk
        previous_hash = event.hash
    problems.extend(_state_problems(organizations))
    return problems


def _state_problems(organizations: Iterable[int] | None) -> list[ChainProblem]:
    """Meetings whose state disagrees with their last event: the newest events were removed."""
    last = AuditEvent.objects.filter(meeting=OuterRef("pk")).order_by("-pk")
    meetings = Meeting.objects.annotate(last_to=Subquery(last.values("to_status")[:1])).filter(
        (Q(last_to__isnull=True) & ~Q(status=MinutesStatus.DRAFT))
        | (Q(last_to__isnull=False) & ~Q(last_to=F("status")))
    )
    if organizations is not None:
        meetings = meetings.filter(cell_id__in=list(organizations))
    return [
        ChainProblem(
            m.cell_id,
            None,
            m.pk,
            "state",
            (
                f"the meeting is '{m.status}' but its last recorded event says '{m.last_to}': "
                "events were removed, or the state was changed outside the app"
                if m.last_to
                else f"the meeting is '{m.status}' but no event records how it got there: "
                "its events were removed, or the state was changed outside the app"
            ),
        )
        for m in meetings.only("pk", "cell_id", "status").iterator(chunk_size=2000)
    ]


def chain_heads() -> list[tuple[int, int, str]]:
    """(organization id, number of events, hash of the newest event) for every chain."""
    rows = AuditEvent.objects.values("organization_id").annotate(n=Count("pk"), last=Max("pk"))
    hashes = dict(
        AuditEvent.objects.filter(pk__in=[r["last"] for r in rows]).values_list("pk", "hash")
    )
    return [(r["organization_id"], r["n"], hashes[r["last"]]) for r in rows]
