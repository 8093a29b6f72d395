"""The follow-up board: corrective actions from approved minutes, overdue first."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from members.models import Organization
from minutes.models import ActionStatus, CorrectiveAction, MinutesStatus

UNFINISHED = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)

# The board's tabs: key -> (label, filter).
OVERDUE, ACTIVE, PENDING_VERIFICATION, VERIFIED, TRACKED, ALL = (
    "overdue",
    "active",
    "done",
    "verified",
    "tracked",
    "all",
)
TAB_LABELS = {
    TRACKED: _("Cần theo dõi"),
    OVERDUE: _("Quá hạn"),
    ACTIVE: _("Đang trong hạn"),
    PENDING_VERIFICATION: _("Chờ xác nhận"),
    VERIFIED: _("Đã xác nhận"),
    ALL: _("Tất cả"),
}


def _tab_filters(today: dt.date) -> dict[str, Q]:
    overdue = Q(status__in=UNFINISHED, deadline__lt=today)
    return {
        TRACKED: Q(status__in=(*UNFINISHED, ActionStatus.DONE)),
        OVERDUE: overdue,
        ACTIVE: Q(status__in=UNFINISHED) & ~overdue,
        PENDING_VERIFICATION: Q(status=ActionStatus.DONE),
        VERIFIED: Q(status=ActionStatus.VERIFIED),
        ALL: Q(),
    }


def with_urgency(queryset: QuerySet[CorrectiveAction], today: dt.date) -> QuerySet:
    """Annotate `urgency` (0 overdue, 1 open in time, 2 awaiting verification, 3 verified)
    and `overdue`, and order by it, then by deadline."""
    return queryset.annotate(
        urgency=Case(
            When(status__in=UNFINISHED, deadline__lt=today, then=Value(0)),
            When(status__in=UNFINISHED, then=Value(1)),
            When(status=ActionStatus.DONE, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    ).order_by("urgency", F("deadline").asc(nulls_last=True), "pk")


def official_actions() -> QuerySet[CorrectiveAction]:
    """Actions decided in minutes that are approved and current (what is in force)."""
    return CorrectiveAction.objects.filter(
        meeting__status=MinutesStatus.APPROVED, meeting__superseded_at__isnull=True
    )


# What a board row shows: the related rows are wide (the meeting carries its
# whole text), so only these columns are read.
BOARD_FIELDS = (
    "text",
    "status",
    "deadline",
    "owner_name",
    "meeting_id",
    "cell_id",
    "owner_member_id",
    "shortcoming_id",
    "cell__name",
    "meeting__date",
    "owner_member__full_name",
    "shortcoming__text",
)


def for_board(queryset: QuerySet[CorrectiveAction]) -> QuerySet[CorrectiveAction]:
    return queryset.select_related("cell", "meeting", "owner_member", "shortcoming").only(
        *BOARD_FIELDS
    )


# The tabs as runs of one urgency each, in board order.
SEGMENTS = {
    TRACKED: (OVERDUE, ACTIVE, PENDING_VERIFICATION),
    OVERDUE: (OVERDUE,),
    ACTIVE: (ACTIVE,),
    PENDING_VERIFICATION: (PENDING_VERIFICATION,),
    VERIFIED: (VERIFIED,),
    ALL: (OVERDUE, ACTIVE, PENDING_VERIFICATION, VERIFIED),
}
URGENCY = {OVERDUE: 0, ACTIVE: 1, PENDING_VERIFICATION: 2, VERIFIED: 3}


class Board:
    """The actions of one tab, overdue first, as a sliceable sequence for Paginator.

    Each urgency is its own query ordered by deadline (which the index of tracked
    actions serves in order), and a page reads only the rows it shows from the
    runs it overlaps: the cost of a page does not grow with the number of actions.
    The run lengths come from `tab_counts`, counted once for the tabs.
    """

    def __init__(self, runs: list[tuple[QuerySet, int]]) -> None:
        self.runs = runs

    def count(self) -> int:
        return sum(n for _qs, n in self.runs)

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        for queryset, _n in self.runs:
            yield from queryset

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("the board is read a page (a slice) at a time")
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        rows, offset = [], 0
        for queryset, n in self.runs:
            low, high = max(start - offset, 0), min(stop - offset, n)
            if low < high:
                rows.extend(queryset[low:high])
            offset += n
            if offset >= stop:
                break
        return rows


def board(
    org: Organization, *, today: dt.date, tab: str = TRACKED, counts: dict[str, int] | None = None
) -> Board:
    """The follow-up board of `org` and every cell under it, for one tab."""
    filters = _tab_filters(today)
    counts = counts if counts is not None else tab_counts(org, today=today)
    scoped = official_actions().filter(cell__path__startswith=org.path)
    return Board(
        [
            (
                for_board(
                    scoped.filter(filters[segment])
                    .annotate(urgency=Value(URGENCY[segment], output_field=IntegerField()))
                    .order_by(F("deadline").asc(nulls_last=True), "pk")
                ),
                counts[segment],
            )
            for segment in SEGMENTS.get(tab, SEGMENTS[TRACKED])
        ]
    )


def tab_counts(org: Organization, *, today: dt.date) -> dict[str, int]:
    """How many actions each tab holds, in one query."""
    filters = _tab_filters(today)
    return (
        official_actions()
        .filter(cell__path__startswith=org.path)
        .aggregate(**{key: Count("pk", filter=q) for key, q in filters.items()})
    )


def my_actions(user, *, today: dt.date) -> QuerySet:
    """Actions assigned to the user's member record, from approved minutes."""
    return with_urgency(official_actions().filter(owner_member__user=user), today).select_related(
        "cell", "meeting", "owner_member", "shortcoming"
    )


def is_overdue(action: CorrectiveAction, today: dt.date) -> bool:
    return action.status in UNFINISHED and action.deadline is not None and action.deadline < today
