"""The campaigns panel of the home page.

Secretaries see the open campaigns of the committees above their cells, with
a button that starts the thematic meeting from the campaign; reviewers see
how far their committees' open campaigns have come. A fixed number of queries.
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from members.access import cells_with_role
from members.models import Role
from minutes.models import Meeting
from minutes.oversight.campaigns import CellState, campaign_summaries, cell_state
from minutes.oversight.scope import campaigns_visible_to

register = template.Library()

PANEL_ROWS = 8


@register.inclusion_tag("minutes/oversight/_home_panel.html", takes_context=True)
def campaigns_home_panel(context) -> dict:
    request = context["request"]
    user = request.user
    today = timezone.localdate()
    cells = list(cells_with_role(user, Role.RECORDER).order_by("path")[:50])
    ancestors = {
        cell.pk: {int(part) for part in cell.path.strip("/").split("/")[:-1] if part}
        for cell in cells
    }
    committee_ids = set().union(*ancestors.values()) if ancestors else set()
    from minutes.models import Campaign

    campaigns = (
        list(
            Campaign.objects.open()
            .filter(committee_id__in=committee_ids)
            .select_related("committee")
            .order_by("deadline", "pk")[:20]
        )
        if committee_ids
        else []
    )
    statuses: dict[tuple[int, int], list[tuple[str, int]]] = {}
    if campaigns:
        for campaign_id, cell_id, status, pk in (
            Meeting.objects.filter(
                campaign__in=campaigns, cell__in=cells, superseded_at__isnull=True
            )
            .order_by("date", "pk")
            .values_list("campaign_id", "cell_id", "status", "pk")
        ):
            statuses.setdefault((campaign_id, cell_id), []).append((status, pk))
    todo = []
    for campaign in campaigns:
        for cell in cells:
            if campaign.committee_id not in ancestors[cell.pk]:
                continue
            meetings = statuses.get((campaign.pk, cell.pk), [])
            state = cell_state([s for s, _pk in meetings])
            todo.append(
                {
                    "campaign": campaign,
                    "cell": cell,
                    "state": state,
                    "label": CellState.labels[state],
                    "meeting_id": meetings[-1][1] if meetings else None,
                    "overdue": state != CellState.APPROVED and today > campaign.deadline,
                    "done": state == CellState.APPROVED,
                }
            )
    todo.sort(key=lambda r: (r["done"], r["campaign"].deadline, r["cell"].path))
    followed = list(
        campaigns_visible_to(user).open().select_related("committee").order_by("deadline", "pk")[:5]
    )
    return {
        "request": request,
        "todo": todo[:PANEL_ROWS],
        "todo_more": max(0, len(todo) - PANEL_ROWS),
        "followed": campaign_summaries(followed, today=today),
        "not_started": CellState.NOT_STARTED,
    }


@register.simple_tag(takes_context=True)
def can_report_progress(context, meeting) -> bool:
    """Whether the meeting page offers the recorder to report on earlier actions.

    The same check as the recording buttons beside it (its grants are cached on
    the user for the request, so this costs no query).
    """
    from members.access import can_record

    user = context["request"].user
    return meeting.is_editable and meeting.superseded_at is None and can_record(user, meeting.cell)


@register.simple_tag
def percent(numerator: int, denominator: int) -> str:
    """ "93,47%" by minutes.vnformat (the page shows "—" where there is nothing to divide)."""
    from minutes.vnformat import percent as vn_percent

    return vn_percent(numerator, denominator)
