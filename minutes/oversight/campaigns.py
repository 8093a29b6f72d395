"""Campaign completion: where each cell under the committee stands."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from members.access import campaign_committee_ids, meetings_visible_to
from members.models import Organization
from minutes.models import Campaign, Meeting, MinutesStatus
from minutes.oversight.scope import cells_under


class CellState:
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    OVERDUE = "overdue"

    labels = {
        NOT_STARTED: _("Chưa tổ chức"),
        DRAFT: _("Đang ghi biên bản"),
        SUBMITTED: _("Chờ duyệt"),
        APPROVED: _("Đã duyệt"),
        OVERDUE: _("Quá hạn"),
    }
    # The order of the status page: what needs the committee's attention first.
    order = (OVERDUE, NOT_STARTED, DRAFT, SUBMITTED, APPROVED)


# How far one meeting brings a cell; a cell's state is its most advanced meeting.
_PROGRESS = {
    MinutesStatus.DRAFT: CellState.DRAFT,
    MinutesStatus.RETURNED: CellState.DRAFT,
    MinutesStatus.SUBMITTED: CellState.SUBMITTED,
    MinutesStatus.APPROVED: CellState.APPROVED,
}
_RANK = {
    CellState.NOT_STARTED: 0,
    CellState.DRAFT: 1,
    CellState.SUBMITTED: 2,
    CellState.APPROVED: 3,
}


@dataclass
class CellProgress:
    cell: Organization
    state: str  # the meeting's progress: not_started, draft, submitted, approved
    overdue: bool
    meeting_id: int | None = None
    meeting_date: dt.date | None = None
    late: bool = False  # approved, but the meeting was held after the deadline
    is_pilot: bool = False

    @property
    def shown_state(self) -> str:
        return CellState.OVERDUE if self.overdue else self.state

    @property
    def label(self) -> str:
        return str(CellState.labels[self.shown_state])

    @property
    def state_label(self) -> str:
        """The meeting's progress, shown next to "overdue" (e.g. still a draft)."""
        return str(CellState.labels[self.state])


@dataclass
class CampaignStatus:
    campaign: Campaign
    rows: list[CellProgress]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def approved(self) -> int:
        return sum(row.state == CellState.APPROVED for row in self.rows)

    @property
    def percent(self) -> int:
        """Whole percent of cells with approved minutes (for the bar; the text shows n/total)."""
        return 100 * self.approved // self.total if self.total else 0


def cell_state(statuses: list[str]) -> str:
    best = CellState.NOT_STARTED
    for status in statuses:
        state = _PROGRESS.get(status, CellState.DRAFT)
        if _RANK[state] > _RANK[best]:
            best = state
    return best


def is_overdue(state: str, deadline: dt.date, today: dt.date) -> bool:
    """Past the deadline (the deadline day itself is still in time) without approved minutes."""
    return state != CellState.APPROVED and today > deadline


def campaign_status(campaign: Campaign, *, today: dt.date) -> CampaignStatus:
    """Every cell under the campaign's committee with its state, in two queries."""
    cells = list(cells_under(campaign.committee).only("id", "name", "path", "kind"))
    by_cell: dict[int, list[tuple]] = {}
    for row in (
        Meeting.objects.filter(campaign=campaign, superseded_at__isnull=True)
        .order_by("date", "pk")
        .values_list("cell_id", "status", "pk", "date")
    ):
        by_cell.setdefault(row[0], []).append(row[1:])
    rows = []
    for cell in cells:
        meetings = by_cell.get(cell.pk, [])
        state = cell_state([status for status, _pk, _date in meetings])
        shown = next((m for m in reversed(meetings) if _PROGRESS.get(m[0]) == state), None)
        rows.append(
            CellProgress(
                cell=cell,
                state=state,
                overdue=is_overdue(state, campaign.deadline, today),
                meeting_id=shown[1] if shown else None,
                meeting_date=shown[2] if shown else None,
                late=bool(shown and state == CellState.APPROVED and shown[2] > campaign.deadline),
                is_pilot=cell.pk == campaign.pilot_cell_id,
            )
        )
    rows.sort(key=lambda r: (CellState.order.index(r.shown_state), r.cell.path))
    counts = dict.fromkeys(CellState.order, 0)
    for row in rows:
        counts[row.shown_state] += 1
    return CampaignStatus(campaign=campaign, rows=rows, counts=counts)


@dataclass
class CampaignSummary:
    campaign: Campaign
    cells: int
    started: int
    approved: int
    overdue: int

    @property
    def percent(self) -> int:
        return 100 * self.approved // self.cells if self.cells else 0


def campaign_summaries(campaigns: list[Campaign], *, today: dt.date) -> list[CampaignSummary]:
    """Completion of several campaigns at once, in two queries whatever their number."""
    if not campaigns:
        return []
    committees = {c.committee_id: c.committee.path for c in campaigns}
    cell_counts = Organization.objects.cells().aggregate(
        **{
            f"c{pk}": Count("pk", filter=Q(path__startswith=path))
            for pk, path in committees.items()
        }
    )
    progress = (
        Meeting.objects.filter(campaign__in=campaigns, superseded_at__isnull=True)
        .values("campaign_id")
        .annotate(
            started=Count("cell_id", distinct=True),
            approved=Count("cell_id", distinct=True, filter=Q(status=MinutesStatus.APPROVED)),
        )
    )
    by_campaign = {row["campaign_id"]: row for row in progress}
    out = []
    for campaign in campaigns:
        row = by_campaign.get(campaign.pk, {"started": 0, "approved": 0})
        cells = cell_counts[f"c{campaign.committee_id}"]
        overdue = cells - row["approved"] if today > campaign.deadline else 0
        out.append(
            CampaignSummary(
                campaign=campaign,
                cells=cells,
                started=row["started"],
                approved=row["approved"],
                overdue=overdue,
            )
        )
    return out


# --- pilot sessions (sinh hoạt điểm): the model the other cells follow


def campaign_for_secretary(user, pk: int) -> Campaign | None:
    """Campaign `pk` if it concerns a cell `user` records or chairs (else None).

    Those secretaries do not oversee the campaign: they read what it asks and
    the pilot minutes held as its model, not the other cells' progress.
    """
    committees = campaign_committee_ids(user)
    if not committees:
        return None
    return (
        Campaign.objects.select_related("committee", "pilot_cell")
        .filter(pk=pk, committee_id__in=committees)
        .first()
    )


def pilot_models(campaign: Campaign, user) -> list[Meeting]:
    """The campaign's approved, current pilot minutes that `user` may read, oldest first.

    Through the one visibility query (members.access.meetings_visible_to), which
    opens exactly these to the secretaries of the cells the campaign concerns.
    A draft or returned pilot is never listed.
    """
    from minutes.document import pilot_line, summary_line

    pilots = list(
        meetings_visible_to(user)
        .filter(
            campaign=campaign,
            is_pilot=True,
            status=MinutesStatus.APPROVED,
            superseded_at__isnull=True,
        )
        .select_related("cell")
        .defer("search_document")
        .order_by("date", "pk")
    )
    for meeting in pilots:
        # As the minutes name them: the title and the guiding document.
        meeting.title_line = summary_line(meeting)
        meeting.guide_line = pilot_line(meeting).text
    return pilots
