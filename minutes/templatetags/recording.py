"""Template access for the recording area: the home panel and the meeting page buttons."""

from __future__ import annotations

from django import template

from members.access import can_record, cells_with_role, meetings_visible_to
from members.models import Role
from minutes.models import MeetingKind, MinutesStatus

register = template.Library()

PANEL_CELLS = 50
PANEL_MEETINGS = 10
# The kinds a cell holds most: one button each on the panel (the others are on the full form).
QUICK_KINDS = (MeetingKind.REGULAR, MeetingKind.THEMATIC)


@register.inclusion_tag("minutes/recording/_home_panel.html", takes_context=True)
def recording_home_panel(context) -> dict:
    """The user's cells (where they record) and the minutes waiting for them: drafts, returned."""
    request = context["request"]
    user = request.user
    cells = list(cells_with_role(user, Role.RECORDER).order_by("name")[: PANEL_CELLS + 1])
    if not cells:
        return {"cells": [], "request": request}
    waiting = list(
        meetings_visible_to(user)
        .current()
        .filter(
            cell__in=[c.pk for c in cells[:PANEL_CELLS]],
            status__in=MinutesStatus.editable_states,
        )
        .select_related("cell")
        .order_by("-date", "-start_time", "-pk")[: PANEL_MEETINGS + 1]
    )
    return {
        "request": request,
        "cells": cells[:PANEL_CELLS],
        "more_cells": len(cells) > PANEL_CELLS,
        "waiting": waiting[:PANEL_MEETINGS],
        "more_waiting": len(waiting) > PANEL_MEETINGS,
        "returned": MinutesStatus.RETURNED,
        "kinds": [(kind.value, kind.label) for kind in QUICK_KINDS],
    }


@register.simple_tag(takes_context=True)
def recording_actions(context, meeting) -> dict[str, bool]:
    """Which recording buttons the meeting page shows: only to recorders, only while editable."""
    user = context["request"].user
    editable = meeting.is_editable and meeting.superseded_at is None
    allowed = editable and can_record(user, meeting.cell)
    return {"edit": allowed, "preview": allowed}
