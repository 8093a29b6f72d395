"""The committee dashboard: what waits, what is late, per unit directly below."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from members.models import Organization
from minutes.models import Meeting, MinutesStatus
from minutes.oversight import followup
from minutes.oversight.regularity import REGULAR_KINDS
from minutes.oversight.scope import cells_under, child_units, official_meetings, unit_of


@dataclass
class UnitSummary:
    unit: Organization
    cells: int = 0
    meetings: int = 0  # approved minutes this year
    present: int = 0
    expected: int = 0
    held: int = 0  # cells that held last month's regular meeting
    overdue: int = 0  # overdue corrective actions


@dataclass
class Overview:
    today: dt.date
    last_month: dt.date
    waiting: int  # minutes submitted, awaiting review
    waiting_long: int  # … for more than a week
    units: list[UnitSummary] = field(default_factory=list)
    total: UnitSummary | None = None


def overview(org: Organization, *, today: dt.date) -> Overview:
    """The dashboard figures of `org`, in six queries whatever the number of cells."""
    year_start = dt.date(today.year, 1, 1)
    last_month_end = today.replace(day=1) - dt.timedelta(days=1)
    last_month = last_month_end.replace(day=1)
    units = child_units(org)
    cell_paths = list(cells_under(org).values_list("pk", "path"))
    scoped = Meeting.objects.filter(cell__path__startswith=org.path, superseded_at__isnull=True)
    waiting = scoped.filter(status=MinutesStatus.SUBMITTED).aggregate(
        n=Count("pk"), long=Count("pk", filter=Q(submitted_at__date__lt=today - dt.timedelta(7)))
    )
    year = {
        cell_id: (n, p, e)
        for cell_id, n, p, e in official_meetings(org)
        .filter(date__gte=year_start, date__lte=today)
        .values_list("cell_id")
        .annotate(
            n=Count("pk"),
            p=Sum("figures__present", default=0),
            e=Sum("figures__expected", default=0),
        )
        .order_by()
    }
    held = set(
        scoped.filter(date__gte=last_month, date__lte=last_month_end, kind__in=REGULAR_KINDS)
        .values_list("cell_id", flat=True)
        .order_by()
        .distinct()
    )
    overdue = dict(
        followup.official_actions()
        .filter(cell__path__startswith=org.path, status__in=followup.UNFINISHED, deadline__lt=today)
        .values_list("cell_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = {u.pk: UnitSummary(u) for u in units}
    total = UnitSummary(org)
    for pk, path in cell_paths:
        unit = unit_of(path, units)
        n, p, e = year.get(pk, (0, 0, 0))
        for row in (rows[unit.pk], total) if unit is not None else (total,):
            row.cells += 1
            row.meetings += n
            row.present += p
            row.expected += e
            row.held += pk in held
            row.overdue += overdue.get(pk, 0)
    return Overview(
        today=today,
        last_month=last_month,
        waiting=waiting["n"],
        waiting_long=waiting["long"],
        units=list(rows.values()),
        total=total,
    )
