"""Versions of the minutes: a correction after approval is a new row, never an edit.

`create_next_version` copies an approved meeting and every part of it into a
new draft (version + 1, `previous_version` set, the document number kept).
The approved version is not touched: it stays readable and approved, and the
workflow marks it superseded when the new version is approved.

Copying goes field by field over each model's concrete fields, so a field added
to the minutes later is carried over without a change here; only the links
between parts (speaker → attendance row, action → shortcoming) are re-pointed.
"""

from __future__ import annotations

from django.db import models, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from minutes.models import (
    AgendaItem,
    CorrectiveAction,
    Decision,
    DirectivePoint,
    Meeting,
    MinutesStatus,
    Participant,
    Report,
    Shortcoming,
    SpeakingTurn,
)
from minutes.services.quality import copy_self_assessment

# Parts in the order they are copied: rows that others point to come first.
PART_MODELS: tuple[type[models.Model], ...] = (
    Participant,
    AgendaItem,
    Report,
    SpeakingTurn,
    Shortcoming,
    CorrectiveAction,
    DirectivePoint,
    Decision,
)

# Meeting fields that describe this row's own life, not the content of the minutes.
_OWN_LIFE = {
    "id",
    "status",
    "version",
    "previous_version",
    "superseded_at",
    "revision",
    "created_by",
    "created_at",
    "updated_at",
    "submitted_at",
    "approved_at",
    "chair_confirmed_at",
    "chair_confirmed_by",
    "chair_confirmed_digest",
    "chair",
    "secretary",
}


def _copy(instance: models.Model, skip: set[str]) -> dict:
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.name not in skip and not f.primary_key
    }


def create_next_version(meeting: Meeting, *, by) -> Meeting:
    """A new draft version of approved `meeting` with a copy of every part (caller's transaction)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("create_next_version must run inside the reopening transaction")
    if meeting.status != MinutesStatus.APPROVED:
        raise ValueError("only approved minutes get a new version")
    new = Meeting(
        **_copy(meeting, _OWN_LIFE),
        status=MinutesStatus.DRAFT,
        version=meeting.version + 1,
        previous_version=meeting,
        created_by=by,
    )
    new._history_user = by
    new.save()

    reason = _("Phiên bản %(v)d, chép từ phiên bản %(old)d") % {
        "v": new.version,
        "old": meeting.version,
    }
    # Old pk -> new pk, per model, for the links between parts.
    mapping: dict[type[models.Model], dict[int, int]] = {}
    for model in PART_MODELS:
        originals = list(model._base_manager.filter(meeting=meeting).order_by("pk"))
        copies = []
        for original in originals:
            values = _copy(original, {"meeting"})
            for field in model._meta.concrete_fields:
                target = getattr(field, "related_model", None)
                if target in mapping and values.get(field.attname) is not None:
                    values[field.attname] = mapping[target].get(values[field.attname])
            copies.append(model(meeting=new, **values))
        created = bulk_create_with_history(
            copies, model, default_user=by, default_change_reason=reason
        )
        mapping[model] = {old.pk: copy.pk for old, copy in zip(originals, created, strict=True)}
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through
            source = m2m.m2m_field_name()
            target = m2m.m2m_reverse_field_name()
            rows = through.objects.filter(**{f"{source}__in": mapping[model]}).values_list(
                f"{source}_id", f"{target}_id"
            )
            through.objects.bulk_create(
                [through(**{f"{source}_id": mapping[model][a], f"{target}_id": b}) for a, b in rows]
            )

    participants = mapping[Participant]
    new.chair_id = participants.get(meeting.chair_id) if meeting.chair_id else None
    new.secretary_id = participants.get(meeting.secretary_id) if meeting.secretary_id else None
    new.save(update_fields=["chair", "secretary"])
    copy_self_assessment(meeting, new)
    return new
