"""Dates as offices write them in a roster: 21/6/2022, 21/06/2022, an Excel date, a serial number."""

from __future__ import annotations

import datetime as dt
import re

from openpyxl.utils.datetime import from_excel

from minutes.vnformat import short_date

# Day first, as Vietnam writes it; "/", "-" or "." between the parts; a time
# after the date (Excel's "21/06/2022 00:00:00" pasted as text) is ignored.
_DMY = re.compile(
    r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")

# Serial numbers Excel can show as a date in 1900..9999; anything else is not a date.
_SERIAL_MIN, _SERIAL_MAX = 1, 2958465
EARLIEST = dt.date(1900, 1, 1)


class NotADate(ValueError):
    """The value cannot be read as a date; `shown` is how to quote it back to the user."""

    def __init__(self, shown: str) -> None:
        super().__init__(shown)
        self.shown = shown


def shown(value: object) -> str:
    """How a cell's value is quoted in a message: as the user typed it."""
    if isinstance(value, dt.datetime):
        return short_date(value.date())
    if isinstance(value, dt.date):
        return short_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def parse_date(value: object, epoch: dt.datetime | None = None) -> dt.date | None:
    """The date in a cell, None for an empty cell; NotADate when it is not a real date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise NotADate(shown(value))
    if isinstance(value, int | float):
        # A date cell whose format was lost shows as its serial number.
        if not (_SERIAL_MIN <= value <= _SERIAL_MAX) or not float(value).is_integer():
            raise NotADate(shown(value))
        converted = from_excel(value, epoch) if epoch else from_excel(value)
        return converted.date() if isinstance(converted, dt.datetime) else converted
    text = " ".join(str(value).split())
    if not text:
        return None
    match = _DMY.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _ISO.match(text)
        if not match:
            raise NotADate(text)
        year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise NotADate(text) from None
