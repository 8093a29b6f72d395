"""Statistics of a committee over a period, from approved minutes.

Per-meeting figures (attendance, adopted decisions, duration) were computed by
minutes.rules and stored in `MeetingFigures`; here they are only added up. The
per-member table reads attendance rows and asks minutes.rules whether each
member was expected.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from members.models import Organization
from minutes import rules
from minutes.models import (
    AttendanceStatus,
    CatalogItem,
    Participant,
    ParticipantRole,
)
from minutes.oversight.regularity import REGULAR_KINDS, THEMATIC_KINDS
from minutes.oversight.scope import cells_under, child_units, official_meetings, unit_of
from minutes.vnformat import fold

PATH_STEP = 7  # one level of Organization.path: six digits and a slash


@dataclass
class Totals:
    meetings: int = 0
    regular: int = 0
    thematic: int = 0
    expected: int = 0
    present: int = 0
    attendance_good: int = 0
    decisions: int = 0
    decisions_adopted: int = 0
    shortcomings: int = 0
    short: int = 0

    def add(self, other: Totals) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def attendance_permille(self) -> int | None:
        """present / expected in tenths of a percent, rounded down (for bars and sorting)."""
        return 1000 * self.present // self.expected if self.expected else None


@dataclass
class UnitRow:
    unit: Organization
    totals: Totals


def _totals_by_cell(org: Organization, start: dt.date, end: dt.date) -> dict[int, Totals]:
    rows = (
        official_meetings(org)
        .filter(date__gte=start, date__lte=end)
        .values("cell_id")
        .annotate(
            meetings=Count("pk"),
            regular=Count("pk", filter=Q(kind__in=REGULAR_KINDS)),
            thematic=Count("pk", filter=Q(kind__in=THEMATIC_KINDS)),
            expected=Sum("figures__expected", default=0),
            present=Sum("figures__present", default=0),
            attendance_good=Count("pk", filter=Q(figures__attendance_good=True)),
            decisions=Sum("figures__decisions", default=0),
            decisions_adopted=Sum("figures__decisions_adopted", default=0),
            shortcomings=Sum("figures__shortcomings", default=0),
        )
        .order_by()
    )
    return {row.pop("cell_id"): Totals(**row) for row in rows}


@dataclass
class Statistics:
    org: Organization
    start: dt.date
    end: dt.date
    cells: list[UnitRow]
    units: list[UnitRow]
    total: Totals
    catalog: list[dict] = field(default_factory=list)  # heat map rows
    groups: list[dict] = field(default_factory=list)
    heat_max: int = 0


def statistics(org: Organization, start: dt.date, end: dt.date) -> Statistics:
    """Meetings, attendance and decisions per cell and per unit directly under `org`."""
    cells = list(cells_under(org).only("id", "name", "path", "kind"))
    by_cell = _totals_by_cell(org, start, end)
    units = child_units(org)
    unit_totals = {u.pk: Totals() for u in units}
    total = Totals()
    cell_rows = []
    for cell in cells:
        totals = by_cell.get(cell.pk, Totals())
        cell_rows.append(UnitRow(cell, totals))
        total.add(totals)
        unit = unit_of(cell.path, units)
        if unit is not None:
            unit_totals[unit.pk].add(totals)
    stats = Statistics(
        org=org,
        start=start,
        end=end,
        cells=cell_rows,
        units=[UnitRow(u, unit_totals[u.pk]) for u in units],
        total=total,
    )
    _add_heat_map(stats, units)
    return stats


def _add_heat_map(stats: Statistics, units: list[Organization]) -> None:
    """Shortcomings by catalogue item (rows) and unit (columns), with group totals."""
    # A unit's path is its cells' path cut after one more level ("000001/000004/"),
    # so the database groups by unit directly. Starting from the meetings lets it
    # read them from the index of minutes in force.
    depth = len(stats.org.path) + (0 if stats.org.is_cell else PATH_STEP)
    counts = (
        official_meetings(stats.org)
        .filter(date__gte=stats.start, date__lte=stats.end, shortcomings__tags__isnull=False)
        .annotate(unit_path=Substr("cell__path", 1, depth))
        .values("shortcomings__tags", "unit_path")
        .annotate(n=Count("pk"))
        .order_by()
    )
    unit_by_path = {u.path: u.pk for u in units}
    grid: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in counts:
        unit = unit_by_path.get(row["unit_path"])
        if unit is not None:
            grid[row["shortcomings__tags"]][unit] += row["n"]
    # In the order the catalogues list them (the order they were loaded in).
    items = list(CatalogItem.objects.order_by("catalog", "pk"))
    groups: dict[str, dict] = {}
    heat_max = 0
    for item in items:
        cells = [grid[item.pk].get(u.pk, 0) for u in units]
        heat_max = max(heat_max, *cells, 0)
        group = groups.setdefault(
            item.group_code,
            {
                "code": item.group_code,
                "name": item.group_name,
                "catalog": item.catalog_name,
                "counts": [0] * len(units),
                "items": [],
            },
        )
        group["counts"] = [a + b for a, b in zip(group["counts"], cells, strict=True)]
        group["items"].append({"item": item, "counts": cells, "total": sum(cells)})
    for group in groups.values():
        group["total"] = sum(group["counts"])
        group["cells"] = [(n, heat_level(n, max(group["counts"]))) for n in group["counts"]]
        for item in group["items"]:
            item["cells"] = [(n, heat_level(n, heat_max)) for n in item["counts"]]
    stats.groups = list(groups.values())
    stats.heat_max = heat_max


def heat_level(n: int, most: int) -> int:
    """0 for none, then 1..5 in equal steps up to the largest count (a CSS class per level)."""
    if n <= 0 or most <= 0:
        return 0
    return max(1, -(-5 * n // most))


@dataclass
class MemberRow:
    member_id: int
    name: str
    meetings: int = 0  # meetings the member was expected at
    present: int = 0
    absent_excused: int = 0
    absent_unexcused: int = 0

    @property
    def permille(self) -> int | None:
        return 1000 * self.present // self.meetings if self.meetings else None


def member_attendance(cell: Organization, start: dt.date, end: dt.date) -> list[MemberRow]:
    """Each member's attendance at the cell's approved meetings of the period.

    A meeting counts for a member only when minutes.rules expects them there
    (exempt members who stayed away, members on temporary activity elsewhere
    and suspended members are not expected).
    """
    rows = (
        Participant.objects.filter(
            meeting__in=official_meetings(cell).filter(date__gte=start, date__lte=end).values("pk"),
            role=ParticipantRole.MEMBER,
            member__isnull=False,
        )
        .select_related(None)
        .only(
            "member_id",
            "full_name",
            "role",
            "status",
            "is_exempt",
            "attachment",
            "is_suspended",
            "meeting__date",
        )
        .order_by("meeting__date", "pk")
    )
    by_member: dict[int, MemberRow] = {}
    for row in rows:
        entry = by_member.setdefault(row.member_id, MemberRow(row.member_id, row.full_name))
        entry.name = row.full_name  # the latest snapshot of the name
        if not rules.is_expected(row):
            continue
        entry.meetings += 1
        entry.present += row.status == AttendanceStatus.PRESENT
        entry.absent_excused += row.status == AttendanceStatus.ABSENT_EXCUSED
        entry.absent_unexcused += row.status == AttendanceStatus.ABSENT_UNEXCUSED
    return sorted(by_member.values(), key=lambda r: fold(r.name))


def decisions_by_kind(org: Organization, start: dt.date, end: dt.date) -> list[dict]:
    """How many decisions of each kind the approved minutes of the period record."""
    from minutes.models import Decision, DecisionKind

    counts = dict(
        Decision.objects.filter(
            meeting__in=official_meetings(org).filter(date__gte=start, date__lte=end).values("pk")
        )
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        {"kind": kind, "label": label, "count": counts.get(kind, 0)}
        for kind, label in DecisionKind.choices
    ]
