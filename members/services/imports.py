"""Importing cells and members from a spreadsheet: preview first, then all or nothing.

`preview_import` checks the file and keeps its bytes in a `RegisterImport`;
nothing else is written. `apply_import` checks the same bytes again (the
register may have changed since the preview) and, only if no row has an
error, writes everything in one transaction: new cells, new members, changed
members, a dated event in each member's history, and one audit event per cell
touched. Confirming twice writes once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.access import is_committee_staff
from members.importing.plan import MEMBER_FIELDS, Plan, build_plan
from members.importing.reading import MAX_BYTES, FileProblem
from members.models import (
    EventKind,
    ImportStatus,
    Member,
    MemberEvent,
    Organization,
    OrganizationKind,
    Position,
    RegisterImport,
)
from minutes.audit import Action, record_event
from minutes.parts import forget_all_parts
from minutes.vnformat import fold, nfc

__all__ = [
    "ImportRefused",
    "Outcome",
    "apply_import",
    "discard_import",
    "plan_for",
    "preview_import",
]


class ImportRefused(Exception):
    """The import cannot be written; the message says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Outcome:
    register_import: RegisterImport
    changed: bool  # False: it had been applied already (a repeated confirmation)
    message: str
    cells: list[Organization]


def _check_staff(user, committee: Organization) -> None:
    if committee.is_cell or not is_committee_staff(user, committee):
        raise PermissionDenied


def preview_import(
    *, committee: Organization, content: bytes, file_name: str, by
) -> tuple[RegisterImport, Plan]:
    """Check the file and keep it for confirmation; FileProblem when it cannot be read."""
    _check_staff(by, committee)
    if len(content) > MAX_BYTES:
        # Said before reading: the limit protects the server, not only the page.
        raise FileProblem(
            _("Tệp lớn hơn %(mb)d MB. Hãy chia thành nhiều tệp nhỏ hơn.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    plan = build_plan(content, file_name, committee)
    register_import = RegisterImport.objects.create(
        committee=committee,
        uploaded_by=by,
        file_name=nfc(file_name)[:255],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        rows=plan.rows,
        summary=plan.counts(),
    )
    return register_import, plan


def plan_for(register_import: RegisterImport) -> Plan:
    """The plan of a stored import, checked again against the register as it is now."""
    return build_plan(
        bytes(register_import.content), register_import.file_name, register_import.committee
    )


def discard_import(register_import: RegisterImport, *, by) -> bool:
    """Drop a previewed file; False when it was already applied or discarded."""
    _check_staff(by, register_import.committee)
    with transaction.atomic():
        updated = RegisterImport.objects.filter(
            pk=register_import.pk, status=ImportStatus.PREVIEWED
        ).update(status=ImportStatus.DISCARDED, content=b"")
    return bool(updated)


def _new_member(cell: Organization, values: dict) -> Member:
    member = Member(cell=cell, position=Position.MEMBER)
    for key in MEMBER_FIELDS:
        if key in values:
            setattr(member, key, values[key])
    # bulk_create skips Member.save(): normalise and fill the search key here.
    member.full_name = nfc(member.full_name).strip()
    member.job_title = nfc(member.job_title)
    member.search_name = fold(member.full_name)
    return member


def apply_import(
    register_import: RegisterImport, *, by, confirm_new_cells: bool = False
) -> Outcome:
    """Write the checked file, all or nothing; a second confirmation changes nothing."""
    committee = register_import.committee
    _check_staff(by, committee)
    with transaction.atomic():
        locked = RegisterImport.objects.select_for_update().get(pk=register_import.pk)
        if locked.status == ImportStatus.APPLIED:
            return Outcome(locked, False, _("Tệp này đã được nhập rồi, không ghi lại lần nữa."), [])
        if locked.status == ImportStatus.DISCARDED:
            raise ImportRefused(_("Tệp này đã bị hủy. Hãy tải lên lại."))
        plan = build_plan(bytes(locked.content), locked.file_name, committee)
        if plan.errors:
            raise ImportRefused(
                _("Tệp còn %(n)d lỗi: chưa ghi gì. Hãy sửa tệp rồi tải lên lại.")
                % {"n": len(plan.errors)}
            )
        if plan.new_cells and not confirm_new_cells:
            raise ImportRefused(
                _("Hãy xác nhận tạo %(n)d chi bộ mới trước khi nhập.") % {"n": len(plan.new_cells)}
            )
        counts = plan.counts()  # before the new cells exist
        today = timezone.localdate()
        reason = _("Nhập từ tệp “%(file)s”") % {"file": locked.file_name}
        # New cells go through the organization service, with its own audit event.
        from members.services.organizations import create_organization

        for cell_plan in plan.new_cells:
            cell_plan.organization = create_organization(
                by=by,
                name=cell_plan.name,
                kind=OrganizationKind.CELL,
                parent=committee,
                place_name=committee.place_name,
            )

        added: list[Member] = []
        for cell_plan in plan.cells:
            added += [_new_member(cell_plan.organization, e.values) for e in cell_plan.added]
        Member.objects.bulk_create(added, batch_size=500)

        updated: list[Member] = []
        fields: set[str] = set()
        events: list[MemberEvent] = []
        for cell_plan in plan.cells:
            for update in cell_plan.updated:
                member = update.member
                for key in update.changes:
                    setattr(member, key, update.entry.values[key])
                member.full_name = nfc(member.full_name).strip()
                member.search_name = fold(member.full_name)
                fields.update(update.changes)
                updated.append(member)
                events.append(
                    MemberEvent(
                        member=member,
                        kind=EventKind.DETAILS,
                        date=today,
                        reason=nfc(f"{reason}: {update.change_labels}")[:500],
                        recorded_by=by,
                    )
                )
        if updated:
            if "full_name" in fields:
                fields.add("search_name")
            Member.objects.bulk_update(updated, sorted(fields), batch_size=500)
        # bulk_create sets the primary keys (PostgreSQL, SQLite ≥ 3.35): events can point at them.
        events += [
            MemberEvent(
                member=member,
                kind=EventKind.JOINED,
                date=today,
                reason=nfc(reason)[:500],
                recorded_by=by,
            )
            for member in added
        ]
        MemberEvent.objects.bulk_create(events, batch_size=500)
        # Bulk writes send no signals: the minutes that show members' names start over.
        forget_all_parts()

        touched = [c for c in plan.cells if c.touched]
        for cell_plan in touched:
            record_event(
                organization=cell_plan.organization,
                action=Action.REGISTER_IMPORTED,
                actor=by,
                comment=_(
                    "%(reason)s: thêm %(added)d, cập nhật %(updated)d, không đổi %(same)d đảng viên"
                )
                % {
                    "reason": reason,
                    "added": len(cell_plan.added),
                    "updated": len(cell_plan.updated),
                    "same": len(cell_plan.unchanged),
                },
            )
        if not touched:
            record_event(
                organization=committee,
                action=Action.REGISTER_IMPORTED,
                actor=by,
                comment=_("%(reason)s: không có thay đổi") % {"reason": reason},
            )
        counts["cell_ids"] = [c.organization.pk for c in plan.cells]
        counts["touched_cell_ids"] = [c.organization.pk for c in touched]
        locked.status = ImportStatus.APPLIED
        locked.applied_at = timezone.now()
        locked.summary = counts
        locked.save(update_fields=["status", "applied_at", "summary"])
    message = (
        _(
            "Đã nhập: thêm %(added)d, cập nhật %(updated)d, không đổi %(unchanged)d đảng viên; "
            "tạo %(new_cells)d chi bộ mới."
        )
        % counts
    )
    return Outcome(locked, True, message, [c.organization for c in plan.cells])
