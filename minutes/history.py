"""The change history of one meeting and its parts, read from django-simple-history.

Every save of the minutes or of a part leaves a historical row (who, when, the
values after the change). Pairing each row with the previous row of the same
item gives "old → new" per field. One query per model, whatever the number of
changes, so the page stays fast however long the record's life.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _

from minutes.audit import person_name
from minutes.models import (
    AgendaItem,
    CorrectiveAction,
    Decision,
    DirectivePoint,
    Meeting,
    Participant,
    Report,
    Shortcoming,
    SpeakingTurn,
)

HISTORY_MODELS: tuple[type[models.Model], ...] = (
    Meeting,
    Participant,
    AgendaItem,
    Report,
    SpeakingTurn,
    Shortcoming,
    CorrectiveAction,
    DirectivePoint,
    Decision,
)

# Bookkeeping, not content: never shown as a change.
HIDDEN_FIELDS = {
    "id",
    "meeting",
    "search_name",
    "search_document",
    "revision",
    "updated_at",
    "created_at",
    "chair_confirmed_digest",
    "cell",
}

KIND_LABELS = {"+": _("Thêm"), "~": _("Sửa"), "-": _("Xóa")}


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    when: dt.datetime
    who: str
    part: str  # "Lượt phát biểu", "Người dự", "Biên bản"
    item: str  # which one: a name or the start of its text
    kind: str  # "+", "~", "-"
    changes: tuple[FieldChange, ...]
    reason: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


def _fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS]


def _user_name(user) -> str:
    return _("hệ thống") if user is None else person_name(user)


def _item_label(model: type[models.Model], row) -> str:
    for attr in ("full_name", "title", "gist", "text"):
        value = getattr(row, attr, None)
        if value:
            value = " ".join(str(value).split())
            return value if len(value) <= 60 else value[:59] + "…"
    if model is Meeting:
        return _("phiên bản %(v)s") % {"v": row.version}
    return f"#{row.id}"


def meeting_history(meeting: Meeting) -> list[Entry]:
    """Every recorded change of `meeting` and its parts, newest first."""
    rows: dict[type[models.Model], list] = {}
    for model in HISTORY_MODELS:
        history = model.history.select_related("history_user")
        history = (
            history.filter(id=meeting.pk)
            if model is Meeting
            else history.filter(meeting_id=meeting.pk)
        )
        rows[model] = list(history.order_by("id", "history_date", "history_id"))

    # Names of everyone who ever had an attendance row here, for speaker/chair links.
    names = {row.id: row.full_name for row in rows[Participant]}

    def show(field: models.Field, value) -> str:
        if value is None or value == "":
            return ""
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.BooleanField):
            return _("có") if value else _("không")
        if isinstance(field, models.ForeignKey):
            if field.related_model is Participant:
                return names.get(value, f"#{value}")
            return f"#{value}"
        if isinstance(field, models.DateTimeField):
            return value.strftime("%d/%m/%Y %H:%M")
        if isinstance(field, models.DateField):
            return value.strftime("%d/%m/%Y")
        if isinstance(field, models.TimeField):
            return value.strftime("%H:%M")
        return str(value)

    entries: list[Entry] = []
    for model, history in rows.items():
        fields = _fields(model)
        part = str(model._meta.verbose_name).capitalize()
        previous = None
        for row in history:
            if previous is not None and previous.id != row.id:
                previous = None
            changes = []
            for field in fields:
                new = show(field, getattr(row, field.attname))
                if row.history_type == "-":
                    continue
                old = show(field, getattr(previous, field.attname)) if previous else ""
                if old != new:
                    changes.append(FieldChange(str(field.verbose_name), old, new))
            if row.history_type != "~" or changes:
                entries.append(
                    Entry(
                        when=row.history_date,
                        who=_user_name(row.history_user),
                        part=part,
                        item=_item_label(model, row),
                        kind=row.history_type,
                        changes=tuple(changes),
                        reason=row.history_change_reason or "",
                    )
                )
            previous = row
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
