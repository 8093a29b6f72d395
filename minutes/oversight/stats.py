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

from django.db.models import Count, FilteredRelation, Q, Sum
from django.db.models.functions import Substr

from members.models import Organization
from minutes import rules
from minutes.models import (
    AttendanceStatus,
    CatalogItem,
    MinutesStatus,
    Participant,
    ParticipantRole,
)
from minutes.oversight.regularity import REGULAR_KINDS, THEMATIC_KINDS
from minutes.oversight.scope import cells_under, child_units
from minutes.vnformat import fold

PATH_STEP = 7  # one level of Organization.path: six digits and a slash


def last_twelve_months(today: dt.date) -> tuple[dt.date, dt.date]:
    """The default period: from the first day of this month a year ago to `today`.

    The twelve months before this one and this month so far: on 4/12/2026 that is
    1/12/2025 to 4/12/2026 (the calendar year would be 1/1/2026 to 4/12/2026).
    """
    month = today.year * 12 + today.month - 1 - 12
    return dt.date(month // 12, month % 12 + 1, 1), today


# The columns of Totals, in order: the per-cell query selects them in this order.
TOTALS_FIELDS = (
    "meetings",
    "regular",
    "thematic",
    "expected",
    "present",
    "attendance_good",
    "decisions",
    "decisions_adopted",
    "shortcomings",
)


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

    @classmethod
    def sum(cls, rows: list[Totals]) -> Totals:
        return cls(*(sum(column) for column in zip(*(r.values() for r in rows), strict=True)))

    def values(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in TOTALS_FIELDS)

    @property
    def attendance_permille(self) -> int | None:
        """present / expected in tenths of a percent, rounded down (for bars and sorting)."""
        return 1000 * self.present // self.expected if self.expected else None


@dataclass
class UnitRow:
    unit: Organization
    totals: Totals


def _held(start: dt.date, end: dt.date) -> FilteredRelation:
    """A cell's current approved minutes of the period, joined from the cell.

    The statistics start from the cells of the scope and join their minutes
    (LEFT JOIN ... ON cell and period), so that every database looks the
    minutes up cell by cell through the index of minutes in force
    (`meeting_in_force`: cell, date) and reads only the period's rows. Starting
    from the meetings instead, SQLite without table statistics reads every
    approved meeting of every year (through the status index) to keep a year.
    """
    return FilteredRelation(
        "meetings",
        condition=Q(
            meetings__status=MinutesStatus.APPROVED,
            meetings__superseded_at__isnull=True,
            meetings__date__gte=start,
            meetings__date__lte=end,
        ),
    )


def _cells_with_totals(org: Organization, start: dt.date, end: dt.date) -> list[UnitRow]:
    """Every cell under `org` in tree order with the totals of its minutes, in one query."""
    cells = (
        cells_under(org)
        .only("id", "name", "path", "kind")
        .annotate(held=_held(start, end))
        # Prefixed: Organization already has a `meetings` (the reverse relation).
        .annotate(
            held_meetings=Count("held"),
            held_regular=Count("held", filter=Q(held__kind__in=REGULAR_KINDS)),
            held_thematic=Count("held", filter=Q(held__kind__in=THEMATIC_KINDS)),
            held_expected=Sum("held__figures__expected", default=0),
            held_present=Sum("held__figures__present", default=0),
            held_attendance_good=Count("held", filter=Q(held__figures__attendance_good=True)),
            held_decisions=Sum("held__figures__decisions", default=0),
            held_decisions_adopted=Sum("held__figures__decisions_adopted", default=0),
            held_shortcomings=Sum("held__figures__shortcomings", default=0),
        )
        .order_by("path")
    )
    return [
        UnitRow(cell, Totals(*(getattr(cell, f"held_{name}") for name in TOTALS_FIELDS)))
        for cell in cells
    ]


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
    """Meetings, attendance and decisions per cell and per unit directly under `org`.

    Four queries whatever the number of cells: the cells with their totals,
    the units, the heat map's counts and the catalogue.
    """
    cell_rows = _cells_with_totals(org, start, end)
    units = child_units(org)
    # The units are the organizations one level below `org` (or the cell
    # itself): a cell's unit is the prefix of its path of that length.
    depth = _unit_depth(org)
    by_unit: dict[str, list[Totals]] = {u.path: [] for u in units}
    for row in cell_rows:
        by_unit.get(row.unit.path[:depth], []).append(row.totals)
    stats = Statistics(
        org=org,
        start=start,
        end=end,
        cells=cell_rows,
        units=[UnitRow(u, Totals.sum(by_unit[u.path])) for u in units],
        total=Totals.sum([row.totals for row in cell_rows]),
    )
    _add_heat_map(stats, units)
    return stats


def _unit_depth(org: Organization) -> int:
    """The length of the path of the units directly under `org` (`org`'s own for a cell)."""
    return len(org.path) + (0 if org.is_cell else PATH_STEP)


def _add_heat_map(stats: Statistics, units: list[Organization]) -> None:
    """Shortcomings by catalogue item (rows) and unit (columns), with group totals."""
    # A unit's path is its cells' path cut after one more level ("000001/000004/"),
    # so the database groups by unit directly, from the cells (see _held).
    counts = (
        cells_under(stats.org)
        .annotate(held=_held(stats.start, stats.end))
        .values_list("held__shortcomings__tags", Substr("path", 1, _unit_depth(stats.org)))
        .annotate(n=Count("held__shortcomings__tags"))
        .order_by()
    )
    unit_by_path = {u.path: u.pk for u in units}
    grid: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for item_id, unit_path, n in counts:
        unit = unit_by_path.get(unit_path)
        if item_id is not None and unit is not None:
            grid[item_id][unit] += n
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
        # The cell's own minutes by cell and date (the index of minutes in force),
        # not through a subquery over the tree: see _held.
        Participant.objects.filter(
            meeting__cell=cell,
            meeting__status=MinutesStatus.APPROVED,
            meeting__superseded_at__isnull=True,
            meeting__date__gte=start,
            meeting__date__lte=end,
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
    from minutes.models import DecisionKind

    counts = dict(
        cells_under(org)
        .annotate(held=_held(start, end))
        .values_list("held__decisions__kind")
        .annotate(n=Count("held__decisions"))
        .order_by()
    )
    return [
        {"kind": kind, "label": label, "count": counts.get(kind, 0)}
        for kind, label in DecisionKind.choices
    ]


@dataclass
class NonZero:
    """The heat map's groups and the decision kinds without their all-zero rows."""

    groups: list[dict]
    decisions: list[dict]
    hidden: int  # how many table rows were left out (group rows, item rows, decision kinds)


def without_zero_rows(groups: list[dict], decisions: list[dict]) -> NonZero:
    """Leaves out catalogue items never tagged, groups none of whose items were, and
    decision kinds never used in the period; counts the rows left out."""
    kept_groups, hidden = [], 0
    for group in groups:
        items = [item for item in group["items"] if item["total"]]
        hidden += len(group["items"]) - len(items)
        if items:
            kept_groups.append({**group, "items": items})
        else:
            hidden += 1  # the group's own row
    kept_decisions = [d for d in decisions if d["count"]]
    hidden += len(decisions) - len(kept_decisions)
    return NonZero(kept_groups, kept_decisions, hidden)
