"""Date and time form fields written the Vietnamese way, whatever the browser's language.

`<input type=date>` and `<input type=time>` follow the browser's locale: an
English browser shows 12/04/2026 (month first) and 03:30 PM. These fields are
plain text inputs instead, shown as the documents write them (21/6/2022,
19:30, see `minutes.vnformat`) and read generously:

* dates: 21/6/2022, 21/06/2022, 21-6-2022, 21.6.2022, 21,6,2022 (the decimal
  key of a phone's number pad in Vietnamese) and ISO 2022-06-21, the form links
  and exports carry in their query strings. The reading itself is the roster
  import's (`members.importing.dates`), so a date typed in a form and one in a
  spreadsheet are read alike;
* times: 19:30, 19h30, 19h, 19g30, 19.30, 7:30, 19 giờ 30 (phút), 19:30:00.

A value that cannot be read comes back beside the field with the form to use
("Ngày không hợp lệ: hãy ghi theo dạng 21/6/2022.").

The module imports only Django's forms and pure helpers, so any app's forms
can use it without an import cycle.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from members.importing.dates import NotADate, parse_date
from minutes.vnformat import short_date

__all__ = [
    "DATE_INVALID",
    "TIME_INVALID",
    "VietnameseDateField",
    "VietnameseDateInput",
    "VietnameseTimeField",
    "VietnameseTimeInput",
    "date_field",
    "format_time",
    "parse_time",
    "time_field",
]

DATE_INVALID = _("Ngày không hợp lệ: hãy ghi theo dạng 21/6/2022.")
TIME_INVALID = _("Giờ không hợp lệ: hãy ghi theo dạng 19:30.")

# Longer than any accepted form ("21 / 06 / 2022", "19 giờ 30 phút"); anything
# longer is refused before it is parsed.
MAX_LENGTH = 20

_TIME = re.compile(
    r"^(?P<hour>\d{1,2})\s*"
    r"(?:"
    r"[:.,]\s*(?P<minute>\d{2})(?:\s*:\s*(?P<second>\d{2}))?"  # 19:30, 19.30, 19:30:00
    r"|(?:h|g|giờ)\s*(?:(?P<short_minute>\d{1,2})\s*(?:phút|p)?)?"  # 19h30, 19h, 19 giờ 30 phút
    r")$",
    re.IGNORECASE,
)


def parse_time(text: str) -> dt.time:
    """The clock time in `text` (24-hour); ValueError when it is not one."""
    match = _TIME.match(" ".join(text.split()))
    if not match:
        raise ValueError(text)
    minute = match["minute"] or match["short_minute"] or "0"
    # dt.time refuses 24:00, 19:60 and the like.
    return dt.time(int(match["hour"]), int(minute), int(match["second"] or 0))


def format_time(value: dt.time) -> str:
    """19:30, 7:05: 24-hour clock, hour without a leading zero (as `time_words`)."""
    return f"{value.hour}:{value.minute:02d}"


class VietnameseDateInput(forms.TextInput):
    """A text box showing 21/6/2022; the number pad on phones (with its decimal key)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "inputmode": "decimal",
                "placeholder": _("ngày/tháng/năm"),
                "maxlength": MAX_LENGTH,
                "autocomplete": "off",
                **(attrs or {}),
            }
        )

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return short_date(value)
        if isinstance(value, str) and value:
            # An initial value given as ISO text (a query string) is shown the same way;
            # what the user typed (bound data) comes back exactly as typed.
            try:
                return short_date(dt.date.fromisoformat(value))
            except ValueError:
                return value
        return super().format_value(value)


class VietnameseTimeInput(forms.TextInput):
    """A text box showing 19:30 (24-hour clock)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "inputmode": "decimal",
                "placeholder": _("giờ:phút"),
                "maxlength": MAX_LENGTH,
                "autocomplete": "off",
                **(attrs or {}),
            }
        )

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.datetime):
            value = value.time()
        if isinstance(value, dt.time):
            return format_time(value)
        return super().format_value(value)


class VietnameseDateField(forms.DateField):
    widget = VietnameseDateInput
    default_error_messages = {"invalid": DATE_INVALID}

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        if len(text) > MAX_LENGTH:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        # A phone's decimal key in Vietnamese types "," : 21,6,2022 reads as 21.6.2022.
        try:
            return parse_date(text.replace(",", "."))
        except NotADate:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class VietnameseTimeField(forms.TimeField):
    widget = VietnameseTimeInput
    default_error_messages = {"invalid": TIME_INVALID}

    def to_python(self, value: Any) -> dt.time | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.time):
            return value
        text = str(value).strip()
        if len(text) > MAX_LENGTH:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return parse_time(text)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


def date_field(label, *, required: bool = True, **kwargs: Any) -> VietnameseDateField:
    """A date field for a form: `date_field(_("Ngày họp"))`."""
    return VietnameseDateField(label=label, required=required, **kwargs)


def time_field(label, *, required: bool = True, **kwargs: Any) -> VietnameseTimeField:
    """A time field for a form: `time_field(_("Giờ bắt đầu"))`."""
    return VietnameseTimeField(label=label, required=required, **kwargs)
