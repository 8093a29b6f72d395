"""Month-by-month trends of a committee for the overview: regularity and attendance.

Two series over the twelve finished months before this one (on 4/12/2026:
12/2025 to 11/2026), with the same definitions as the pages they summarise:

- regularity: the share of the cells under the scope that held (recorded, in
  any state) a regular or combined meeting that month, as the regularity grid
  marks a month ✓/◐/✎ rather than ✗ (`minutes.oversight.regularity`);
- attendance: present / expected over the month's approved, current minutes,
  as the statistics page adds them up (`minutes.oversight.stats`).

A month with nothing to measure is a gap, never a zero: attendance when no
minutes of the month are approved; regularity before the first minutes were
recorded anywhere under the scope (the app was not in use yet). After that, a
month in which no cell met is a real 0 %.

Both series are added up from `cell_months` (one grouped query, a row per cell
and month, which the overview also uses for this year's and this month's
figures) plus an EXISTS, whatever the number of cells or minutes. The chart's geometry (bar positions and heights, axis ticks) is
computed here as plain numbers so that the template only draws.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Q, Sum

from members.models import Organization
from minutes.models import Meeting, MinutesStatus
from minutes.oversight.regularity import REGULAR_KINDS
from minutes.vnformat import percent

MONTHS = 12

# The drawing, in SVG user units (the viewBox); the SVG scales to its column.
WIDTH = 360
HEIGHT = 176
LEFT = 42  # room for the axis labels "100%"
RIGHT = 4
TOP = 16  # room for the value above a full bar
BOTTOM = 34  # two lines under the bars: the month, and the year at January
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
SLOT = PLOT_WIDTH / MONTHS
BAR = 18


def _add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def trend_window(today: dt.date) -> list[dt.date]:
    """The first days of the twelve finished months before `today`'s month, oldest first."""
    this_month = today.replace(day=1)
    return [_add_months(this_month, n) for n in range(-MONTHS, 0)]


def _half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2))


@dataclass(frozen=True)
class TrendPoint:
    """One month of a series, with where its bar goes."""

    month: dt.date
    numerator: int
    denominator: int  # 0: nothing to measure that month (a gap)
    index: int  # 0..11, left to right

    @property
    def has_data(self) -> bool:
        return self.denominator > 0

    @property
    def label(self) -> str:
        """ "12/2025": the month as the tables and exports write it (no leading zero)."""
        return f"{self.month.month}/{self.month.year}"

    @property
    def percent(self) -> str | None:
        """ "83,33%" as every page writes a rate, or None for a gap."""
        return percent(self.numerator, self.denominator) if self.has_data else None

    @property
    def rounded(self) -> int | None:
        """The whole percent written above the bar (the table has the exact value)."""
        if not self.has_data:
            return None
        return _half_up(Fraction(100 * self.numerator, self.denominator))

    # --- geometry ------------------------------------------------------------

    @property
    def centre(self) -> float:
        return round(LEFT + SLOT * self.index + SLOT / 2, 2)

    @property
    def bar_x(self) -> float:
        return round(self.centre - BAR / 2, 2)

    @property
    def bar_height(self) -> float:
        if not self.has_data:
            return 0
        return round(PLOT_HEIGHT * self.numerator / self.denominator, 2)

    @property
    def bar_y(self) -> float:
        return round(TOP + PLOT_HEIGHT - self.bar_height, 2)

    @property
    def value_y(self) -> float:
        """Baseline of the value written above the bar."""
        return round(self.bar_y - 3, 2)

    @property
    def month_y(self) -> float:
        return TOP + PLOT_HEIGHT + 13

    @property
    def year_y(self) -> float:
        return TOP + PLOT_HEIGHT + 26

    @property
    def shows_year(self) -> bool:
        """The year is written under each January, and under the first month unless a
        January follows it at once (the two years would overlap)."""
        return self.month.month == 1 or (self.index == 0 and self.month.month != 12)


@dataclass(frozen=True)
class Tick:
    percent: int
    y: float


@dataclass
class Trend:
    key: str  # "regularity" or "attendance": ids in the page
    points: list[TrendPoint] = field(default_factory=list)

    @property
    def with_data(self) -> list[TrendPoint]:
        return [p for p in self.points if p.has_data]

    @property
    def latest(self) -> TrendPoint | None:
        return self.with_data[-1] if self.with_data else None

    @property
    def earliest(self) -> TrendPoint | None:
        """The first month with data, when it is not also the latest (to compare with)."""
        points = self.with_data
        return points[0] if len(points) > 1 else None

    @property
    def change(self) -> int | None:
        """Whole percentage points from the earliest to the latest month (rounded values)."""
        if self.earliest is None or self.latest is None:
            return None
        return self.latest.rounded - self.earliest.rounded

    @property
    def fall(self) -> int | None:
        """The drop in whole points, as a positive number (the summary says "giảm n")."""
        return -self.change if self.change is not None and self.change < 0 else None

    # The frame, for the template.
    width = WIDTH
    height = HEIGHT
    left = LEFT
    bar = BAR
    right_edge = WIDTH - RIGHT
    baseline = TOP + PLOT_HEIGHT

    @property
    def ticks(self) -> list[Tick]:
        return [Tick(p, round(TOP + PLOT_HEIGHT * (100 - p) / 100, 2)) for p in (0, 50, 100)]


@dataclass
class Trends:
    months: list[dt.date]
    regularity: Trend
    attendance: Trend

    @property
    def first_label(self) -> str:
        return f"{self.months[0].month}/{self.months[0].year}"

    @property
    def last_label(self) -> str:
        return f"{self.months[-1].month}/{self.months[-1].year}"


@dataclass(frozen=True)
class CellMonth:
    """What one cell recorded in one month: the row the overview adds up every way it needs."""

    cell_id: int
    month: dt.date
    recorded: int  # minutes of any kind and state (current versions)
    regular: int  # … of them regular or combined
    approved: int  # … approved
    present: int  # attendance over the approved ones
    expected: int


def cell_months(org: Organization, start: dt.date, end: dt.date) -> list[CellMonth]:
    """The current minutes under `org` from `start` to `end`, counted per cell and month.

    One query; at most (cells × months) rows, whatever the number of minutes.
    """
    approved = Q(status=MinutesStatus.APPROVED)
    # Grouped by day rather than by TruncMonth: SQLite computes the month with a Python
    # function per row (2.5 times slower at 300 cells); a cell rarely meets twice a month,
    # so there are hardly more rows, and they are folded into months here.
    rows = (
        Meeting.objects.filter(
            cell__path__startswith=org.path,
            superseded_at__isnull=True,
            date__gte=start,
            date__lte=end,
        )
        .values_list("cell_id", "date")
        .annotate(
            recorded=Count("pk"),
            regular=Count("pk", filter=Q(kind__in=REGULAR_KINDS)),
            approved=Count("pk", filter=approved),
            present=Sum("figures__present", filter=approved, default=0),
            expected=Sum("figures__expected", filter=approved, default=0),
        )
        .order_by()
    )
    months: dict[tuple[int, dt.date], list[int]] = {}
    for cell_id, day, *counts in rows:
        total = months.setdefault((cell_id, day.replace(day=1)), [0] * len(counts))
        for i, n in enumerate(counts):
            total[i] += n
    return [CellMonth(cell_id, month, *counts) for (cell_id, month), counts in months.items()]


def in_use_before(org: Organization, day: dt.date) -> bool:
    """Whether any minutes were recorded under `org` before `day` (one EXISTS query)."""
    return Meeting.objects.filter(
        cell__path__startswith=org.path, superseded_at__isnull=True, date__lt=day
    ).exists()


def monthly_trends(
    months: list[dt.date], rows: list[CellMonth], *, cells: int, in_use: bool
) -> Trends:
    """Regularity (of `cells` cells) and attendance for each of `months`, from `rows`.

    `in_use`: minutes were recorded before the first month, so an empty month there is
    a real 0 % of regularity rather than a gap.
    """
    held: dict[dt.date, int] = {}
    recorded: dict[dt.date, int] = {}
    present: dict[dt.date, int] = {}
    expected: dict[dt.date, int] = {}
    for row in rows:
        held[row.month] = held.get(row.month, 0) + (row.regular > 0)
        recorded[row.month] = recorded.get(row.month, 0) + row.recorded
        present[row.month] = present.get(row.month, 0) + row.present
        expected[row.month] = expected.get(row.month, 0) + row.expected
    regularity, attendance = Trend("regularity"), Trend("attendance")
    for index, month in enumerate(months):
        in_use = in_use or recorded.get(month, 0) > 0
        regularity.points.append(
            TrendPoint(month, held.get(month, 0), cells if in_use else 0, index)
        )
        attendance.points.append(
            TrendPoint(month, present.get(month, 0), expected.get(month, 0), index)
        )
    return Trends(months, regularity, attendance)
