"""Regularity per cell and month (domain.md §3.6).

The rules about many meetings are written here, once:

- a regular meeting every month (a combined regular + thematic meeting counts);
- a thematic meeting at least once a quarter (a combined meeting counts);
- each meeting lasts at least the committee's minimum (90 minutes, 120 when
  combined) — the figure and the minimum come from minutes.rules;
- attendance above the quality threshold with nobody absent without reason —
  computed by minutes.rules when the minutes changed state.

A month or quarter is only flagged as missing once it is over.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import ExtractMonth, ExtractQuarter
from django.utils.translation import gettext_lazy as _

from members.models import Organization
from minutes.models import (
    AssessmentSource,
    Meeting,
    MeetingKind,
    MinutesStatus,
    QualityAssessment,
)
from minutes.oversight.scope import cells_under

REGULAR_KINDS = (MeetingKind.REGULAR, MeetingKind.COMBINED)
THEMATIC_KINDS = (MeetingKind.THEMATIC, MeetingKind.COMBINED)

FLAG_NO_REGULAR = "no_regular"
FLAG_NOT_APPROVED = "not_approved"
FLAG_SHORT = "short"
FLAG_ATTENDANCE = "attendance"
FLAG_NO_THEMATIC = "no_thematic"
FLAG_LABELS = {
    FLAG_NO_REGULAR: _("Không sinh hoạt thường kỳ"),
    FLAG_NOT_APPROVED: _("Biên bản chưa được duyệt"),
    FLAG_SHORT: _("Thời lượng dưới mức tối thiểu"),
    FLAG_ATTENDANCE: _("Tỷ lệ dự họp chưa đạt"),
    FLAG_NO_THEMATIC: _("Quý không sinh hoạt chuyên đề"),
}
_STATUS_RANK = {
    MinutesStatus.DRAFT: 1,
    MinutesStatus.RETURNED: 1,
    MinutesStatus.SUBMITTED: 2,
    MinutesStatus.APPROVED: 3,
}


def month_end(day: dt.date) -> dt.date:
    nxt = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


@dataclass
class MeetingMark:
    pk: int
    kind: str
    status: str
    date: dt.date
    duration: int | None
    minimum: int | None
    present: int | None
    expected: int | None
    attendance_good: bool | None
    # Quality grades (issue 13): the cell's own and the superior's, "" where none.
    self_grade: str | None = ""
    superior_grade: str | None = ""

    @property
    def short(self) -> bool:
        return (
            self.duration is not None and self.minimum is not None and self.duration < self.minimum
        )

    @property
    def status_label(self) -> str:
        return str(MinutesStatus(self.status).label)


@dataclass
class MonthCheck:
    month: dt.date
    finished: bool
    meetings: list[MeetingMark] = field(default_factory=list)

    @cached_property
    def regular(self) -> MeetingMark | None:
        """The most advanced regular (or combined) meeting of the month."""
        regular = [m for m in self.meetings if m.kind in REGULAR_KINDS]
        return max(regular, key=lambda m: (_STATUS_RANK.get(m.status, 0), m.date), default=None)

    @property
    def present(self) -> int:
        return sum(m.present or 0 for m in self.meetings)

    @property
    def expected(self) -> int:
        return sum(m.expected or 0 for m in self.meetings)

    @cached_property
    def flags(self) -> list[str]:
        flags = []
        regular = self.regular
        if regular is None:
            if self.finished:
                flags.append(FLAG_NO_REGULAR)
        elif regular.status != MinutesStatus.APPROVED and self.finished:
            flags.append(FLAG_NOT_APPROVED)
        if any(m.short for m in self.meetings):
            flags.append(FLAG_SHORT)
        if any(m.attendance_good is False for m in self.meetings):
            flags.append(FLAG_ATTENDANCE)
        return flags

    @property
    def flag_labels(self) -> list[str]:
        return [str(FLAG_LABELS[f]) for f in self.flags]


@dataclass
class QuarterCheck:
    quarter: int
    finished: bool
    thematic: list[MeetingMark]

    @property
    def flags(self) -> list[str]:
        return [FLAG_NO_THEMATIC] if self.finished and not self.thematic else []


@dataclass
class CellRegularity:
    cell: Organization
    months: list[MonthCheck]
    quarters: list[QuarterCheck]

    @property
    def flag_count(self) -> int:
        return sum(len(m.flags) for m in self.months) + sum(len(q.flags) for q in self.quarters)

    def columns(self) -> list[tuple[str, object]]:
        """Months and quarters interleaved as the grid shows them: 3 months, then the quarter."""
        out: list[tuple[str, object]] = []
        for q in self.quarters:
            out.extend(("month", m) for m in self.months[(q.quarter - 1) * 3 : q.quarter * 3])
            out.append(("quarter", q))
        return out


def _grade(source: str) -> Subquery:
    """A meeting's grade from one source, in the meeting's own query."""
    return Subquery(
        QualityAssessment.objects.filter(meeting=OuterRef("pk"), source=source).values("grade")[:1]
    )


def _marks(cell_ids: list[int], year: int) -> dict[int, list[MeetingMark]]:
    rows = (
        Meeting.objects.filter(
            cell_id__in=cell_ids,
            superseded_at__isnull=True,
            date__gte=dt.date(year, 1, 1),
            date__lte=dt.date(year, 12, 31),
        )
        .annotate(self_grade=_grade(AssessmentSource.SELF))
        .annotate(superior_grade=_grade(AssessmentSource.SUPERIOR))
        .order_by("date", "pk")
        .values_list(
            "cell_id",
            "pk",
            "kind",
            "status",
            "date",
            "figures__duration",
            "figures__minimum_duration",
            "figures__present",
            "figures__expected",
            "figures__attendance_good",
            "self_grade",
            "superior_grade",
        )
    )
    out: dict[int, list[MeetingMark]] = {}
    for cell_id, *rest in rows:
        out.setdefault(cell_id, []).append(MeetingMark(*rest))
    return out


def cell_regularity(
    cells: list[Organization], year: int, *, today: dt.date
) -> list[CellRegularity]:
    """The month-by-month checks of `cells` for `year`, in one query."""
    marks = _marks([c.pk for c in cells], year)
    out = []
    for cell in cells:
        months = [
            MonthCheck(month=dt.date(year, m, 1), finished=month_end(dt.date(year, m, 1)) < today)
            for m in range(1, 13)
        ]
        for mark in marks.get(cell.pk, []):
            months[mark.date.month - 1].meetings.append(mark)
        quarters = [
            QuarterCheck(
                quarter=q,
                finished=month_end(dt.date(year, q * 3, 1)) < today,
                thematic=[
                    m
                    for month in months[(q - 1) * 3 : q * 3]
                    for m in month.meetings
                    if m.kind in THEMATIC_KINDS
                ],
            )
            for q in range(1, 5)
        ]
        out.append(CellRegularity(cell=cell, months=months, quarters=quarters))
    return out


@dataclass
class RegularitySummary:
    cells: int
    finished_months: int
    finished_quarters: int
    months_held: int
    months_approved: int
    quarters_thematic: int
    meetings: int
    short: int
    attendance_bad: int

    @property
    def months_expected(self) -> int:
        return self.cells * self.finished_months

    @property
    def months_missing(self) -> int:
        return self.months_expected - self.months_held

    @property
    def quarters_expected(self) -> int:
        return self.cells * self.finished_quarters

    @property
    def quarters_missing(self) -> int:
        return self.quarters_expected - self.quarters_thematic


def regularity_summary(org: Organization, year: int, *, today: dt.date) -> RegularitySummary:
    """Totals over every cell under `org` for the finished months of `year`, in two queries.

    A cell-month is counted once however many meetings it had: the database
    counts distinct cell × month (and cell × quarter) numbers.
    """
    finished_months = sum(month_end(dt.date(year, m, 1)) < today for m in range(1, 13))
    finished_quarters = finished_months // 3
    last_month = month_end(dt.date(year, max(finished_months, 1), 1))
    last_quarter = month_end(dt.date(year, max(finished_quarters * 3, 1), 1))
    cell_month = F("cell_id") * 100 + ExtractMonth("date")
    cell_quarter = F("cell_id") * 10 + ExtractQuarter("date")
    regular = Q(kind__in=REGULAR_KINDS, date__lte=last_month) if finished_months else Q(pk=None)
    thematic = (
        Q(kind__in=THEMATIC_KINDS, date__lte=last_quarter) if finished_quarters else Q(pk=None)
    )
    totals = (
        Meeting.objects.filter(
            cell__path__startswith=org.path,
            superseded_at__isnull=True,
            date__gte=dt.date(year, 1, 1),
            date__lte=dt.date(year, 12, 31),
        )
        .annotate(cell_month=cell_month, cell_quarter=cell_quarter)
        .aggregate(
            meetings=Count("pk"),
            short=Count("pk", filter=Q(figures__duration__lt=F("figures__minimum_duration"))),
            attendance_bad=Count("pk", filter=Q(figures__attendance_good=False)),
            months_held=Count("cell_month", distinct=True, filter=regular),
            months_approved=Count(
                "cell_month", distinct=True, filter=regular & Q(status=MinutesStatus.APPROVED)
            ),
            quarters_thematic=Count("cell_quarter", distinct=True, filter=thematic),
        )
    )
    return RegularitySummary(
        cells=cells_under(org).count(),
        finished_months=finished_months,
        finished_quarters=finished_quarters,
        **totals,
    )
