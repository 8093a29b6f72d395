"""When the demonstration cells meet, counted from the day the data is loaded.

Both the year of meetings (`members.demo.year`) and the register facts
(`members.demo.register`) are placed relative to that day, and some facts
depend on a meeting's day (a probation that ended shortly before the cell's last
meeting), so the calendar is kept here, apart from both.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from members.demo.organizations import QLDT, TCKH, TNMT, VP

T = dt.time
# Thematic meetings take an afternoon: 135 minutes.
THEMATIC_START = T(14, 0)
THEMATIC_END = T(16, 15)


@dataclass(frozen=True)
class CellCalendar:
    """The usual day and hours of a cell's meetings (as in its 2022 meetings)."""

    regular_day: int
    regular_start: dt.time
    regular_end: dt.time
    thematic_day: int
    thematic_start: dt.time = THEMATIC_START
    thematic_end: dt.time = THEMATIC_END


CALENDARS: dict[str, CellCalendar] = {
    QLDT: CellCalendar(8, T(15, 30), T(17, 15), 22),
    VP: CellCalendar(10, T(16, 0), T(17, 40), 24),
    TCKH: CellCalendar(14, T(16, 0), T(17, 35), 25),
    TNMT: CellCalendar(11, T(16, 0), T(17, 35), 23),
}
CELLS: tuple[str, ...] = tuple(CALENDARS)

# How many finished months before the current one get their meetings.
YEAR_MONTHS = 12


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), the last day of the month when shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def workday(day: dt.date) -> dt.date:
    """A Saturday meeting moves to the Friday before, a Sunday one to the Monday after."""
    if day.weekday() == 5:
        return day - dt.timedelta(days=1)
    if day.weekday() == 6:
        return day + dt.timedelta(days=1)
    return day


def regular_day(cell: str, month: dt.date) -> dt.date:
    """The day of the cell's regular meeting in the month of `month`."""
    return workday(month_start(month).replace(day=CALENDARS[cell].regular_day))


def thematic_day(cell: str, month: dt.date) -> dt.date:
    return workday(month_start(month).replace(day=CALENDARS[cell].thematic_day))


def is_thematic_month(month: dt.date) -> bool:
    """Thematic meetings are held in the middle month of each quarter."""
    return month.month % 3 == 2


def window(today: dt.date) -> list[dt.date]:
    """First days of the finished months that get meetings, oldest first."""
    this_month = month_start(today)
    return [add_months(this_month, -n) for n in range(YEAR_MONTHS, 0, -1)]


def skipped_month(today: dt.date) -> dt.date:
    """The month in which Chi bộ Tài nguyên và Môi trường held no regular meeting.

    Four months back, or five when that month has a thematic meeting (a month
    with only a thematic meeting would still count as not regular, but one
    flag is clearer).
    """
    month = add_months(month_start(today), -4)
    return add_months(month, -1) if is_thematic_month(month) else month
