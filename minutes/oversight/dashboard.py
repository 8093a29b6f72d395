"""The committee overview: what needs action first, then the trends, then per unit below.

"Cần xử lý" lists the minutes waiting longest for review, the oldest overdue
corrective actions and the cells that have not met this month (and those that
missed last month); `minutes.oversight.trends` adds regularity and attendance
month by month. Every list is capped, so the page costs the same number of
queries whatever the number of cells, minutes or actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from members.models import Organization
from minutes.models import CorrectiveAction, Meeting, MinutesStatus
from minutes.oversight import followup
from minutes.oversight.scope import cells_under, child_units, unit_of
from minutes.oversight.trends import (
    Trends,
    cell_months,
    in_use_before,
    monthly_trends,
    trend_window,
)


@dataclass
class UnitSummary:
    unit: Organization
    cells: int = 0
    meetings: int = 0  # approved minutes this year
    present: int = 0
    expected: int = 0
    held: int = 0  # cells that held last month's regular meeting
    overdue: int = 0  # overdue corrective actions


# How many of each kind of item "Cần xử lý" names; the counts say how many more there are.
LIST_LIMIT = 5
CELL_LIMIT = 8


@dataclass(frozen=True)
class WaitingMinutes:
    pk: int
    cell_name: str
    date: dt.date  # of the meeting
    days: int  # since it was submitted


@dataclass(frozen=True)
class OverdueAction:
    pk: int
    text: str
    cell_name: str
    deadline: dt.date
    days: int  # past the deadline


@dataclass(frozen=True)
class CellName:
    pk: int
    name: str


@dataclass
class Overview:
    today: dt.date
    last_month: dt.date
    waiting: int  # minutes submitted, awaiting review
    waiting_long: int  # … for more than a week
    units: list[UnitSummary] = field(default_factory=list)
    total: UnitSummary | None = None
    oldest_waiting: list[WaitingMinutes] = field(default_factory=list)
    oldest_overdue: list[OverdueAction] = field(default_factory=list)
    # Cells with no regular (or combined) meeting recorded this month so far, and last month.
    not_met_this_month: list[CellName] = field(default_factory=list)
    not_met_last_month: list[CellName] = field(default_factory=list)
    trends: Trends | None = None

    @property
    def this_month(self) -> dt.date:
        return self.today.replace(day=1)

    @property
    def more_waiting(self) -> int:
        return self.waiting - len(self.oldest_waiting)

    @property
    def shown_not_met_this_month(self) -> list[CellName]:
        return self.not_met_this_month[:CELL_LIMIT]

    @property
    def more_not_met_this_month(self) -> int:
        return max(0, len(self.not_met_this_month) - CELL_LIMIT)

    @property
    def shown_not_met_last_month(self) -> list[CellName]:
        return self.not_met_last_month[:CELL_LIMIT]

    @property
    def more_not_met_last_month(self) -> int:
        return max(0, len(self.not_met_last_month) - CELL_LIMIT)


def overview(org: Organization, *, today: dt.date) -> Overview:
    """The overview of `org`, in eight queries whatever the number of cells, minutes or months."""
    year_start = dt.date(today.year, 1, 1)
    this_month = today.replace(day=1)
    last_month_end = this_month - dt.timedelta(days=1)
    last_month = last_month_end.replace(day=1)
    units = child_units(org)
    cells = list(cells_under(org).order_by("path").values_list("pk", "path", "name"))
    scoped = Meeting.objects.filter(cell__path__startswith=org.path, superseded_at__isnull=True)
    submitted = scoped.filter(status=MinutesStatus.SUBMITTED)
    waiting = submitted.aggregate(
        n=Count("pk"), long=Count("pk", filter=Q(submitted_at__date__lt=today - dt.timedelta(7)))
    )
    oldest_waiting = [
        WaitingMinutes(pk, name, date, max(0, (today - timezone.localdate(at)).days) if at else 0)
        for pk, name, date, at in submitted.order_by("submitted_at", "pk").values_list(
            "pk", "cell__name", "date", "submitted_at"
        )[:LIST_LIMIT]
    ]
    # One row per cell and month from the trends' first month to today: the trends, this
    # year's approved minutes and who met last month and this month all come from it
    # (the window starts twelve months before this month, so always before 1 January).
    months = trend_window(today)
    per_month = cell_months(org, months[0], today)
    year: dict[int, tuple[int, int, int]] = {}
    met: set[tuple[int, dt.date]] = set()
    for row in per_month:
        if row.month >= year_start:
            n, p, e = year.get(row.cell_id, (0, 0, 0))
            year[row.cell_id] = (n + row.approved, p + row.present, e + row.expected)
        if row.regular:
            met.add((row.cell_id, row.month))
    held = {cell_id for cell_id, _path, _name in cells if (cell_id, last_month) in met}
    # Every overdue action as (cell, deadline, id), oldest first: the counts per cell and
    # the oldest few from one pass over the approved minutes (the costly part), then the
    # text of those few by id.
    overdue_keys = list(
        followup.official_actions()
        .filter(cell__path__startswith=org.path, status__in=followup.UNFINISHED, deadline__lt=today)
        .order_by("deadline", "pk")
        .values_list("cell_id", "deadline", "pk")
    )
    overdue: dict[int, int] = {}
    for cell_id, _deadline, _pk in overdue_keys:
        overdue[cell_id] = overdue.get(cell_id, 0) + 1
    oldest = [pk for _cell, _deadline, pk in overdue_keys[:LIST_LIMIT]]
    texts = {
        pk: (text, name, deadline)
        for pk, text, name, deadline in CorrectiveAction.objects.filter(pk__in=oldest).values_list(
            "pk", "text", "cell__name", "deadline"
        )
    }
    oldest_overdue = [
        OverdueAction(pk, *texts[pk], (today - texts[pk][2]).days) for pk in oldest if pk in texts
    ]
    rows = {u.pk: UnitSummary(u) for u in units}
    total = UnitSummary(org)
    for pk, path, _name in cells:
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
        oldest_waiting=oldest_waiting,
        oldest_overdue=oldest_overdue,
        not_met_this_month=[
            CellName(pk, name) for pk, _p, name in cells if (pk, this_month) not in met
        ],
        not_met_last_month=[CellName(pk, name) for pk, _p, name in cells if pk not in held],
        trends=monthly_trends(
            months, per_month, cells=len(cells), in_use=in_use_before(org, months[0])
        ),
    )
