"""Quality grades per cell and month, from approved minutes (issue 13).

The cell's own grade (what the minutes state) and the superior committee's,
where one was recorded, are read side by side and never merged: the counts
per grade are of the cell's own grades, the superior's counted apart.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Max

from members.models import Organization
from minutes.models import AssessmentSource, MinutesStatus, QualityAssessment, QualityGrade


@dataclass
class GradedMeeting:
    meeting_id: int
    cell_id: int
    cell_name: str
    date: dt.date
    own: tuple[str, int] | None = None  # (grade, points)
    superior: tuple[str, int] | None = None


@dataclass
class CellGrades:
    cell_id: int
    cell_name: str
    own: Counter = field(default_factory=Counter)
    superior: Counter = field(default_factory=Counter)


@dataclass
class QualityStats:
    labels: list[str]  # every grade met, best first
    meetings: list[GradedMeeting]
    cells: list[CellGrades]
    own: Counter
    superior: Counter

    def cell_rows(self) -> list[tuple[str, list[int], list[int]]]:
        """(cell, own count per label, superior count per label), for the page."""
        return [
            (c.cell_name, [c.own[g] for g in self.labels], [c.superior[g] for g in self.labels])
            for c in self.cells
        ]

    @property
    def totals(self) -> list[tuple[str, int, int]]:
        return [(g, self.own[g], self.superior[g]) for g in self.labels]


def quality_stats(org: Organization, start: dt.date, end: dt.date) -> QualityStats:
    """Grades of the current approved minutes under `org` in the period: two queries."""
    rows = (
        QualityAssessment.objects.filter(
            meeting__cell__path__startswith=org.path,
            meeting__status=MinutesStatus.APPROVED,
            meeting__superseded_at__isnull=True,
            meeting__date__gte=start,
            meeting__date__lte=end,
        )
        .order_by("meeting__cell__path", "meeting__date", "meeting_id")
        .values_list(
            "meeting_id",
            "meeting__cell_id",
            "meeting__cell__name",
            "meeting__date",
            "source",
            "grade",
            "total_points",
        )
    )
    meetings: dict[int, GradedMeeting] = {}
    cells: dict[int, CellGrades] = {}
    for meeting_id, cell_id, cell_name, date, source, grade, points in rows:
        graded = meetings.setdefault(
            meeting_id, GradedMeeting(meeting_id, cell_id, cell_name, date)
        )
        cell = cells.setdefault(cell_id, CellGrades(cell_id, cell_name))
        if source == AssessmentSource.SELF:
            graded.own = (grade, points)
            cell.own[grade] += 1
        else:
            graded.superior = (grade, points)
            cell.superior[grade] += 1
    own = sum((c.own for c in cells.values()), Counter())
    superior = sum((c.superior for c in cells.values()), Counter())
    found = set(own) | set(superior)
    # Best grade first: by the highest threshold any framework gives the label.
    rank = (
        dict(
            QualityGrade.objects.filter(label__in=found)
            .values("label")
            .annotate(top=Max("min_points"))
            .values_list("label", "top")
        )
        if found
        else {}
    )
    labels = sorted(found, key=lambda g: (-rank.get(g, -1), g))
    return QualityStats(labels, list(meetings.values()), list(cells.values()), own, superior)
