"""What falls due in the register, per cell, under one organization.

- probationary members whose probation (admission + `probation_months`,
  Điều lệ Đảng, Điều 5) ends within `due_notice_days`, or has ended without a
  recognition; those past the window for considering it
  (`recognition_working_days` working days, Monday to Friday) are flagged;
- exemptions from activities that end this month;
- members attached out (sinh hoạt tạm thời nơi khác) beyond the end date of
  their attachment.

The numbers come from `CommitteeSettings` (data an administrator can change),
the nearest up the tree for each cell. Two queries whatever the number of
members or cells: the settings that can apply, and the members concerned.
"""

from __future__ import annotations

import datetime as dt
from calendar import monthrange
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from members.models import (
    Attachment,
    EventKind,
    Member,
    MemberEvent,
    Organization,
    OrganizationKind,
)
from members.services.proposals import add_months
from minutes.models import CommitteeSettings

PROBATION = "probation"
EXEMPTION = "exemption"
ATTACHMENT = "attachment"

KIND_LABELS = {
    PROBATION: _("Hết thời gian dự bị"),
    EXEMPTION: _("Hết thời hạn miễn sinh hoạt"),
    ATTACHMENT: _("Quá thời hạn sinh hoạt tạm thời"),
}


def add_working_days(day: dt.date, count: int) -> dt.date:
    """`count` working days (Monday to Friday) after `day`."""
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


@dataclass(frozen=True)
class DueItem:
    member: Member
    kind: str
    due: dt.date  # the day probation ends, the exemption ends, the attachment ended
    overdue: bool  # the day has passed
    late: bool = False  # probation only: past the window for considering recognition
    window_end: dt.date | None = None

    @property
    def cell(self) -> Organization:
        return self.member.cell

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])


@dataclass(frozen=True)
class DueSummary:
    probation_soon: int
    probation_overdue: int
    probation_late: int
    exemptions: int
    attachments: int


def _settings_by_org(org: Organization) -> dict[int, CommitteeSettings]:
    ancestors = [int(part) for part in org.path.strip("/").split("/") if part]
    rows = CommitteeSettings.objects.filter(
        Q(organization_id__in=ancestors) | Q(organization__path__startswith=org.path)
    )
    return {row.organization_id: row for row in rows}


def _settings_for(cell: Organization, rows: dict[int, CommitteeSettings]) -> CommitteeSettings:
    # As CommitteeSettings.for_organization, from rows already loaded.
    for part in reversed(cell.path.strip("/").split("/")):
        if part and int(part) in rows:
            return rows[int(part)]
    return CommitteeSettings.defaults()


def due_items(org: Organization, *, today: dt.date) -> list[DueItem]:
    """Everything that falls due under `org` (a committee or a cell), by cell then date."""
    rows = _settings_by_org(org)
    every = [*rows.values(), CommitteeSettings.defaults()]
    longest_notice = max(s.due_notice_days for s in every)
    shortest_probation = min(s.probation_months for s in every)
    # Probation ends within the notice (or has ended) only for members admitted before this.
    admitted_by = add_months(today + dt.timedelta(days=longest_notice), -shortest_probation)
    month_start = today.replace(day=1)
    month_end = today.replace(day=monthrange(today.year, today.month)[1])
    attached_until = (
        MemberEvent.objects.filter(member=OuterRef("pk"), kind=EventKind.ATTACH_OUT)
        .order_by("-date", "-pk")
        .values("end_date")[:1]
    )
    members = (
        Member.objects.filter(cell__path__startswith=org.path, cell__kind=OrganizationKind.CELL)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=today))
        .annotate(attached_until=Subquery(attached_until))
        .filter(
            Q(official_on__isnull=True, admitted_on__lte=admitted_by)
            | Q(exempt_to__gte=month_start, exempt_to__lte=month_end)
            | Q(attachment=Attachment.TEMP_OUT, attached_until__lt=today)
        )
        .select_related("cell")
        .order_by("cell__path", "search_name", "pk")
    )
    items: list[DueItem] = []
    for member in members:
        settings = _settings_for(member.cell, rows)
        if member.official_on is None:
            ends = add_months(member.admitted_on, settings.probation_months)
            if ends <= today + dt.timedelta(days=settings.due_notice_days):
                window_end = add_working_days(ends, settings.recognition_working_days)
                items.append(
                    DueItem(
                        member,
                        PROBATION,
                        ends,
                        overdue=ends < today,
                        late=today > window_end,
                        window_end=window_end,
                    )
                )
        if member.exempt_to is not None and month_start <= member.exempt_to <= month_end:
            items.append(DueItem(member, EXEMPTION, member.exempt_to, member.exempt_to < today))
        until = getattr(member, "attached_until", None)
        if member.attachment == Attachment.TEMP_OUT and until is not None and until < today:
            items.append(DueItem(member, ATTACHMENT, until, True))
    items.sort(key=lambda i: (i.cell.path, i.due, i.member.search_name))
    return items


def summary(items: list[DueItem]) -> DueSummary:
    return DueSummary(
        probation_soon=sum(i.kind == PROBATION and not i.overdue for i in items),
        probation_overdue=sum(i.kind == PROBATION and i.overdue for i in items),
        probation_late=sum(i.kind == PROBATION and i.late for i in items),
        exemptions=sum(i.kind == EXEMPTION for i in items),
        attachments=sum(i.kind == ATTACHMENT for i in items),
    )
