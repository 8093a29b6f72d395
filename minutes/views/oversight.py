"""Oversight pages: committee dashboard, campaigns, follow-up, regularity, statistics, search.

Views stay thin: they resolve the scope (minutes.oversight.scope, 404 outside
what the user may see), call one computation or service, and render. Every
table has `?format=csv|xlsx` for its export.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import can_record, cells_with_role, meetings_visible_to
from members.models import Organization, Role
from minutes.models import (
    ActionStatus,
    CorrectiveAction,
    Meeting,
    MinutesStatus,
)
from minutes.oversight import exports, followup
from minutes.oversight.campaigns import (
    CellState,
    campaign_for_secretary,
    campaign_status,
    campaign_summaries,
    pilot_models,
)
from minutes.oversight.dashboard import overview
from minutes.oversight.exports import Table, percent_or_blank
from minutes.oversight.forms import (
    CampaignForm,
    CompleteForm,
    NoteForm,
    PeriodForm,
    ProgressForm,
    ReopenForm,
)
from minutes.oversight.quality import quality_stats
from minutes.oversight.regularity import (
    FLAG_LABELS,
    cell_regularity,
    regularity_summary,
)
from minutes.oversight.scope import (
    actions_visible_to,
    campaigns_visible_to,
    can_manage_campaigns,
    can_report_action,
    can_verify_action,
    cells_under,
    resolve_scope,
    scope_choices,
)
from minutes.oversight.stats import (
    decisions_by_kind,
    heat_level,
    last_twelve_months,
    member_attendance,
    statistics,
    without_zero_rows,
)
from minutes.search import search as run_search
from minutes.services import oversight as services
from minutes.vnformat import percent

BOARD_PAGE = 50
REGULARITY_PAGE = 25
CAMPAIGN_PAGE = 100


def _scope(request: HttpRequest) -> tuple[Organization, list[Organization]]:
    choices = scope_choices(request.user)
    org_id = request.GET.get("org")
    if org_id in (None, "") and choices:
        return choices[0], choices
    return resolve_scope(request.user, org_id), choices


def _export(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format")
    if fmt is None:
        return None
    if fmt not in exports.FORMATS:
        raise Http404
    return fmt


def _query(request: HttpRequest, **changes) -> str:
    """The current query string with some parameters changed (None removes one)."""
    params = {k: v for k, v in request.GET.items() if k != "page"}
    params.update(changes)
    return urlencode({k: v for k, v in params.items() if v is not None})


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def _rate(present: int, expected: int) -> str:
    return percent(present, expected) if expected else "—"


# --- committee dashboard --------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where things stand under one committee: what waits, what is late, month by month."""
    try:
        org, choices = _scope(request)
    except PermissionDenied:
        # No role anywhere: say so, rather than a bare 403 behind a menu link.
        return render(request, "minutes/oversight/no_scope.html")
    today = timezone.localdate()
    figures = overview(org, today=today)
    fmt = _export(request)
    if fmt:
        table = Table(
            "tong-quan",
            _("Các đơn vị trực thuộc"),
            [
                _("Đơn vị"),
                _("Chi bộ"),
                _("Sinh hoạt thường kỳ %(m)s") % {"m": figures.last_month.strftime("%m/%Y")},
                _("Biên bản đã duyệt năm %(y)s") % {"y": today.year},
                _("Tỷ lệ dự họp"),
                _("Việc quá hạn"),
            ],
            [
                [
                    r.unit.name,
                    r.cells,
                    f"{r.held}/{r.cells}",
                    r.meetings,
                    percent_or_blank(r.present, r.expected),
                    r.overdue,
                ]
                for r in figures.units
            ],
        )
        return exports.export_response(table, fmt)
    campaigns = list(
        campaigns_visible_to(request.user)
        .open()
        .filter(committee__path__startswith=org.path)
        .select_related("committee")
        .order_by("deadline", "pk")[:5]
    )
    return render(
        request,
        "minutes/oversight/dashboard.html",
        {
            "org": org,
            "choices": choices,
            "figures": figures,
            "campaigns": campaign_summaries(campaigns, today=today),
            "can_manage": can_manage_campaigns(request.user, org),
            "query_string": _query(request),
        },
    )


# --- campaigns ---------------------------------------------------------------------


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    org, choices = _scope(request)
    today = timezone.localdate()
    queryset = (
        campaigns_visible_to(request.user)
        .filter(committee__path__startswith=org.path)
        .select_related("committee", "pilot_cell")
        .order_by("closed_at", "-deadline", "-pk")
    )
    page = Paginator(queryset, 20).get_page(request.GET.get("page"))
    summaries = campaign_summaries(list(page.object_list), today=today)
    fmt = _export(request)
    if fmt:
        table = Table(
            "dot-sinh-hoat",
            _("Đợt sinh hoạt"),
            [_("Chủ đề"), _("Cấp ủy"), _("Hạn"), _("Số chi bộ"), _("Đã duyệt"), _("Quá hạn")],
            [
                [
                    s.campaign.topic,
                    s.campaign.committee.name,
                    s.campaign.deadline,
                    s.cells,
                    s.approved,
                    s.overdue,
                ]
                for s in campaign_summaries(list(queryset), today=today)
            ],
        )
        return exports.export_response(table, fmt)
    return render(
        request,
        "minutes/oversight/campaign_list.html",
        {
            "org": org,
            "choices": choices,
            "page": page,
            "summaries": summaries,
            "can_manage": can_manage_campaigns(request.user, org),
            "query_string": _query(request),
        },
    )


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, user=request.user)
    if not form.fields["committee"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.create_campaign(
                committee=data["committee"],
                topic=data["topic"],
                deadline=data["deadline"],
                legal_bases=data["legal_bases"],
                description=data["description"],
                pilot_cell=data["pilot_cell"],
                by=request.user,
            )
        except services.OversightError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã tạo đợt sinh hoạt chuyên đề."))
            return redirect("campaign_detail", pk=campaign.pk)
    return render(request, "minutes/oversight/campaign_form.html", {"form": form})


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = (
        campaigns_visible_to(request.user)
        .select_related("committee", "pilot_cell")
        .filter(pk=pk)
        .first()
    )
    if campaign is None:
        # A secretary of a cell the campaign concerns reads what it asks and its
        # pilot minutes (the model to follow), not the other cells' progress.
        campaign = campaign_for_secretary(request.user, pk)
        if campaign is None:
            raise Http404
        return render(
            request,
            "minutes/oversight/campaign_detail.html",
            {
                "campaign": campaign,
                "overseer": False,
                "pilots": pilot_models(campaign, request.user),
            },
        )
    today = timezone.localdate()
    status = campaign_status(campaign, today=today)
    state = request.GET.get("state")
    rows = [r for r in status.rows if r.shown_state == state] if state in status.counts else None
    fmt = _export(request)
    if fmt:
        table = Table(
            f"dot-{campaign.pk}",
            _("Tình hình thực hiện"),
            [_("Chi bộ"), _("Tình trạng"), _("Ngày họp"), _("Làm điểm")],
            [
                [r.cell.name, r.label, r.meeting_date, _("Có") if r.is_pilot else ""]
                for r in (rows if rows is not None else status.rows)
            ],
        )
        return exports.export_response(table, fmt)
    shown = rows if rows is not None else status.rows
    page = Paginator(shown, CAMPAIGN_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "minutes/oversight/campaign_detail.html",
        {
            "campaign": campaign,
            "overseer": True,
            "pilots": pilot_models(campaign, request.user),
            "status": status,
            "state": state if rows is not None else "",
            "states": [(s, CellState.labels[s], status.counts[s]) for s in CellState.order],
            "page": page,
            "can_manage": can_manage_campaigns(request.user, campaign.committee),
            "query_string": _query(request),
            "export_query": _query(request),
        },
    )


@login_required
@require_POST
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(
        campaigns_visible_to(request.user).select_related("committee"), pk=pk
    )
    if services.close_campaign(campaign, by=request.user) is None:
        messages.info(request, _("Đợt sinh hoạt này đã kết thúc trước đó."))
    else:
        messages.success(request, _("Đã kết thúc đợt sinh hoạt."))
    return redirect("campaign_detail", pk=campaign.pk)


# --- follow-up -----------------------------------------------------------------------


def _action_rows(actions, today: dt.date) -> list[list]:
    return [
        [
            a.cell.name,
            a.shortcoming.text if a.shortcoming_id else "",
            a.text,
            a.owner_display,
            a.deadline,
            a.get_status_display(),
            _("Quá hạn") if followup.is_overdue(a, today) else "",
            a.meeting.date,
        ]
        for a in actions
    ]


ACTION_COLUMNS = [
    _("Chi bộ"),
    _("Tồn tại, hạn chế"),
    _("Biện pháp khắc phục"),
    _("Người thực hiện"),
    _("Thời hạn"),
    _("Tình trạng"),
    _("Quá hạn"),
    _("Cuộc họp"),
]


@login_required
def followup_board(request: HttpRequest) -> HttpResponse:
    """Corrective actions of approved minutes under the scope, overdue first."""
    org, choices = _scope(request)
    today = timezone.localdate()
    tab = request.GET.get("tab", followup.TRACKED)
    if tab not in followup.TAB_LABELS:
        tab = followup.TRACKED
    counts = followup.tab_counts(org, today=today)
    actions = followup.board(org, today=today, tab=tab, counts=counts)
    fmt = _export(request)
    if fmt:
        table = Table(
            "theo-doi-khac-phuc",
            _("Theo dõi khắc phục"),
            [str(c) for c in ACTION_COLUMNS],
            _action_rows(actions, today),
        )
        return exports.export_response(table, fmt)
    page = Paginator(actions, BOARD_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "minutes/oversight/followup_board.html",
        {
            "org": org,
            "choices": choices,
            "today": today,
            "tab": tab,
            "tabs": [(k, label, counts[k]) for k, label in followup.TAB_LABELS.items()],
            "page": page,
            "query_string": _query(request),
        },
    )


@login_required
def my_actions(request: HttpRequest) -> HttpResponse:
    """ "Việc của tôi": the corrective actions assigned to the user, overdue first."""
    today = timezone.localdate()
    actions = followup.my_actions(request.user, today=today)
    fmt = _export(request)
    if fmt:
        table = Table(
            "viec-cua-toi",
            _("Việc của tôi"),
            [str(c) for c in ACTION_COLUMNS],
            _action_rows(actions, today),
        )
        return exports.export_response(table, fmt)
    page = Paginator(actions, BOARD_PAGE).get_page(request.GET.get("page"))
    return render(request, "minutes/oversight/my_actions.html", {"page": page, "today": today})


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The chain on one page: the shortcoming raised, the action, each step to its verification."""
    action = get_object_or_404(
        actions_visible_to(request.user).select_related(
            "cell", "meeting", "owner_member", "shortcoming", "verified_by"
        ),
        pk=pk,
    )
    steps = list(action.progress.select_related("meeting").order_by("created_at", "pk"))
    tags = list(action.shortcoming.tags.all()) if action.shortcoming_id else []
    siblings = (
        list(action.shortcoming.actions.exclude(pk=action.pk).order_by("pk"))
        if action.shortcoming_id
        else []
    )
    return render(
        request,
        "minutes/oversight/action_detail.html",
        _action_context(request, action, steps=steps, tags=tags, siblings=siblings),
    )


def _action_context(request, action, **extra) -> dict:
    today = timezone.localdate()
    can_report = can_report_action(request.user, action)
    can_verify = can_verify_action(request.user, action)
    unfinished = action.status in followup.UNFINISHED
    finished = action.status in (ActionStatus.DONE, ActionStatus.VERIFIED)
    return {
        "action": action,
        "today": today,
        "overdue": followup.is_overdue(action, today),
        "can_start": can_report and action.status == ActionStatus.OPEN,
        "can_complete": can_report and unfinished,
        "can_verify": can_verify and action.status == ActionStatus.DONE,
        "can_reopen": can_verify and finished,
        "start_form": extra.pop("start_form", None) or NoteForm(prefix="start"),
        "complete_form": extra.pop("complete_form", None)
        or CompleteForm(prefix="complete", initial={"done_on": today}),
        "verify_form": extra.pop("verify_form", None) or NoteForm(prefix="verify"),
        "reopen_form": extra.pop("reopen_form", None) or ReopenForm(prefix="reopen"),
        **extra,
    }


ACTION_STEPS = {
    "start": (NoteForm, services.start_action),
    "complete": (CompleteForm, services.complete_action),
    "verify": (NoteForm, services.verify_action),
    "reopen": (ReopenForm, services.reopen_action),
}


@login_required
@require_POST
def action_transition(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in ACTION_STEPS:
        raise Http404
    action = get_object_or_404(
        actions_visible_to(request.user).select_related(
            "cell", "meeting", "owner_member", "shortcoming", "verified_by"
        ),
        pk=pk,
    )
    form_class, service = ACTION_STEPS[step]
    allowed = can_verify_action if step in ("verify", "reopen") else can_report_action
    if not allowed(request.user, action):
        raise PermissionDenied
    form = form_class(request.POST, prefix=step)
    if form.is_valid():
        data = form.cleaned_data
        kwargs = {"by": request.user}
        if step == "reopen":
            kwargs["reason"] = data["note"]
        else:
            kwargs["note"] = data["note"]
        if step == "complete":
            kwargs["done_on"] = data["done_on"]
        try:
            result = service(action, **kwargs)
        except services.OversightError as exc:
            form.add_error(None, str(exc))
        else:
            if result is None:
                messages.info(request, _("Việc này đã ở tình trạng đó, không có gì thay đổi."))
            else:
                messages.success(
                    request, _("Đã cập nhật tình trạng: %s.") % result.get_step_display()
                )
            return redirect("action_detail", pk=action.pk)
    steps = list(action.progress.select_related("meeting").order_by("created_at", "pk"))
    tags = list(action.shortcoming.tags.all()) if action.shortcoming_id else []
    context = _action_context(
        request, action, steps=steps, tags=tags, siblings=[], **{f"{step}_form": form}
    )
    return render(request, "minutes/oversight/action_detail.html", context, status=400)


@login_required
def meeting_followup(request: HttpRequest, pk: int) -> HttpResponse:
    """At a later meeting: the cell's unfinished actions, and what the meeting reports on each."""
    meeting = get_object_or_404(meetings_visible_to(request.user).select_related("cell"), pk=pk)
    if not can_record(request.user, meeting.cell):
        raise PermissionDenied
    forms_by_action: dict[int, ProgressForm] = {}
    if request.method == "POST":
        action = get_object_or_404(
            CorrectiveAction.objects.select_related("meeting", "cell", "owner_member"),
            pk=_int(request.POST.get("action"), 0),
            cell=meeting.cell,
        )
        form = ProgressForm(request.POST, prefix=f"a{action.pk}")
        if form.is_valid():
            try:
                services.record_action_progress(
                    action,
                    meeting=meeting,
                    note=form.cleaned_data["note"],
                    status=form.cleaned_data["status"],
                    by=request.user,
                )
            except services.OversightError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã ghi kết quả khắc phục."))
                return redirect("meeting_followup", pk=meeting.pk)
        forms_by_action[action.pk] = form
    actions = list(
        followup.with_urgency(
            CorrectiveAction.objects.filter(cell=meeting.cell, meeting__date__lte=meeting.date)
            .exclude(meeting=meeting)
            .exclude(status=ActionStatus.VERIFIED),
            meeting.date,
        ).select_related("meeting", "owner_member", "shortcoming")
    )
    reported = {}
    for step in meeting.action_progress.order_by("created_at", "pk"):
        reported.setdefault(step.action_id, []).append(step)
    rows = [
        {
            "action": a,
            "overdue": followup.is_overdue(a, meeting.date),
            "reported": reported.get(a.pk, []),
            "form": forms_by_action.get(a.pk)
            or ProgressForm(prefix=f"a{a.pk}", initial={"status": a.status}),
        }
        for a in actions
    ]
    return render(
        request,
        "minutes/oversight/meeting_followup.html",
        {"meeting": meeting, "rows": rows},
        status=400 if forms_by_action else 200,
    )


# --- regularity ------------------------------------------------------------------------


@login_required
def regularity(request: HttpRequest) -> HttpResponse:
    org, choices = _scope(request)
    today = timezone.localdate()
    year = _int(request.GET.get("year"), today.year)
    if not 2000 <= year <= today.year + 1:
        year = today.year
    cells = cells_under(org).only("id", "name", "path", "kind")
    fmt = _export(request)
    if fmt:
        table = Table(
            f"nen-nep-{year}",
            _("Nền nếp sinh hoạt"),
            [
                _("Chi bộ"),
                _("Tháng"),
                _("Sinh hoạt thường kỳ"),
                _("Số cuộc họp"),
                _("Tỷ lệ dự họp"),
                _("Cảnh báo"),
                _("Chi bộ tự xếp loại"),
                _("Cấp trên xếp loại"),
            ],
        )
        for row in cell_regularity(list(cells), year, today=today):
            for month, quarter in zip(
                row.months, [q for q in row.quarters for _i in range(3)], strict=True
            ):
                regular = month.regular
                flags = month.flag_labels
                if month.month.month % 3 == 0:
                    flags += [str(FLAG_LABELS[f]) for f in quarter.flags]
                table.rows.append(
                    [
                        row.cell.name,
                        f"{month.month.month:02d}/{year}",
                        regular.status_label if regular else "",
                        len(month.meetings),
                        percent_or_blank(month.present, month.expected),
                        "; ".join(flags),
                        (regular.self_grade or "") if regular else "",
                        (regular.superior_grade or "") if regular else "",
                    ]
                )
        return exports.export_response(table, fmt)
    page = Paginator(cells, REGULARITY_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "minutes/oversight/regularity.html",
        {
            "org": org,
            "choices": choices,
            "year": year,
            "years": list(range(today.year, today.year - 6, -1)),
            "page": page,
            "rows": cell_regularity(list(page.object_list), year, today=today),
            "quarter_headers": [(q, [3 * q - 2, 3 * q - 1, 3 * q]) for q in range(1, 5)],
            # One reverse for the ~300 links of the grid.
            "meetings_url": reverse("meeting_detail", args=[0]).removesuffix("0/"),
            "summary": regularity_summary(org, year, today=today),
            "query_string": _query(request),
        },
    )


# --- statistics ------------------------------------------------------------------------------

STAT_TABLES = ("cells", "units", "members", "shortcomings", "decisions")


@login_required
def statistics_view(request: HttpRequest) -> HttpResponse:
    org, choices = _scope(request)
    start, end = last_twelve_months(timezone.localdate())
    default = {"start": start, "end": end}
    form = PeriodForm(request.GET if "start" in request.GET else None, initial=default)
    period = form.cleaned_data if form.is_bound and form.is_valid() else default
    start, end = period["start"], period["end"]
    # All-zero rows (catalogue items never tagged, decision kinds never used) are left
    # out unless asked for with ?zeros=1; the exports follow the page's choice.
    show_zeros = request.GET.get("zeros") == "1"
    stats = statistics(org, start, end)
    members = member_attendance(org, start, end) if org.is_cell else None
    decisions = decisions_by_kind(org, start, end)
    nonzero = without_zero_rows(stats.groups, decisions)
    if not show_zeros:
        stats.groups, decisions = nonzero.groups, nonzero.decisions
    fmt = _export(request)
    if fmt:
        return exports.export_response(
            _stat_table(request.GET.get("table"), stats, members, decisions), fmt
        )
    return render(
        request,
        "minutes/oversight/statistics.html",
        {
            "org": org,
            "choices": choices,
            "form": form,
            "start": start,
            "end": end,
            "is_default_period": period is default,
            "stats": stats,
            "members": members,
            "decisions": decisions,
            "chart": _chart(stats.units),
            "quality": quality_stats(org, start, end),
            **_statistics_tables(org, stats, start, end, show_zeros),
            "query_string": _query(request),
            "show_zeros": show_zeros,
            "zero_rows": nonzero.hidden,
            "zeros_query": _query(request, zeros=None if show_zeros else "1"),
        },
    )


def _statistics_tables(
    org: Organization, stats, start: dt.date, end: dt.date, show_zeros: bool
) -> dict:
    """The per-cell table and the heat map as rows of plain values, one loop each.

    The province has ~300 cells and the heat map up to ~50 rows × 30 units: the
    template only prints what is computed here (no lookups, filters or
    comparisons per cell), so rendering costs less than computing the figures.
    """
    params = {"start": start.isoformat(), "end": end.isoformat()}
    if show_zeros:
        params["zeros"] = "1"
    period = urlencode(params)
    cell_rows = [
        (
            # A link to the cell's own statistics, except on the cell's page itself.
            f"?org={r.unit.pk}&{period}" if r.unit.pk != org.pk else "",
            r.unit.name,
            r.totals.meetings,
            r.totals.regular,
            r.totals.thematic,
            f"{r.totals.present}/{r.totals.expected}",
            f"{r.totals.decisions_adopted}/{r.totals.decisions}",
            r.totals.shortcomings,
        )
        for r in stats.cells
    ]
    heat_groups = [
        (
            group["name"],
            group["catalog"],
            group["counts"],
            group["total"],
            [
                (
                    item["item"].code,
                    item["item"].text,
                    Truncator(item["item"].text).chars(60),
                    # (shade, figure): an empty cell where nothing was found.
                    [(heat_level(n, stats.heat_max), n or "") for n in item["counts"]],
                    item["total"],
                )
                for item in group["items"]
            ],
        )
        for group in stats.groups
    ]
    return {"cell_rows": cell_rows, "heat_groups": heat_groups}


def _stat_table(name, stats, members, decisions) -> Table:
    totals_cols = [
        _("Số cuộc họp"),
        _("Thường kỳ"),
        _("Chuyên đề"),
        _("Tỷ lệ dự họp"),
        _("Quyết định"),
        _("Được thông qua"),
        _("Tồn tại, hạn chế"),
    ]

    def totals_row(t):
        return [
            t.meetings,
            t.regular,
            t.thematic,
            percent_or_blank(t.present, t.expected),
            t.decisions,
            t.decisions_adopted,
            t.shortcomings,
        ]

    if name == "cells":
        return Table(
            "thong-ke-chi-bo",
            _("Theo chi bộ"),
            [_("Chi bộ"), *totals_cols],
            [[r.unit.name, *totals_row(r.totals)] for r in stats.cells],
        )
    if name == "units":
        return Table(
            "thong-ke-don-vi",
            _("Theo đơn vị"),
            [_("Đơn vị"), *totals_cols],
            [[r.unit.name, *totals_row(r.totals)] for r in stats.units],
        )
    if name == "members" and members is not None:
        return Table(
            "thong-ke-dang-vien",
            _("Theo đảng viên"),
            [
                _("Đảng viên"),
                _("Số cuộc họp phải dự"),
                _("Có mặt"),
                _("Vắng có lý do"),
                _("Vắng không lý do"),
                _("Tỷ lệ dự họp"),
            ],
            [
                [
                    m.name,
                    m.meetings,
                    m.present,
                    m.absent_excused,
                    m.absent_unexcused,
                    percent_or_blank(m.present, m.meetings),
                ]
                for m in members
            ],
        )
    if name == "shortcomings":
        table = Table(
            "ton-tai-theo-danh-muc",
            _("Tồn tại theo danh mục"),
            [_("Nhóm"), _("Mã"), _("Nội dung"), *[u.unit.name for u in stats.units], _("Tổng")],
        )
        for group in stats.groups:
            table.rows.append([group["name"], group["code"], "", *group["counts"], group["total"]])
            for item in group["items"]:
                table.rows.append(
                    [
                        group["name"],
                        item["item"].code,
                        item["item"].text,
                        *item["counts"],
                        item["total"],
                    ]
                )
        return table
    if name == "quality":
        return Table(
            "xep-loai-chat-luong",
            _("Xếp loại chất lượng sinh hoạt"),
            [
                _("Chi bộ"),
                _("Tháng"),
                _("Ngày họp"),
                _("Chi bộ tự xếp loại"),
                _("Điểm tự đánh giá"),
                _("Cấp trên xếp loại"),
                _("Điểm cấp trên"),
            ],
            [
                [
                    m.cell_name,
                    f"{m.date.month:02d}/{m.date.year}",
                    m.date,
                    m.own[0] if m.own else "",
                    m.own[1] if m.own else "",
                    m.superior[0] if m.superior else "",
                    m.superior[1] if m.superior else "",
                ]
                for m in quality_stats(stats.org, stats.start, stats.end).meetings
            ],
        )
    if name == "decisions":
        return Table(
            "quyet-dinh",
            _("Quyết định theo loại"),
            [_("Loại"), _("Số quyết định")],
            [[str(d["label"]), d["count"]] for d in decisions],
        )
    raise Http404


def _chart(units) -> dict:
    """Bars for the per-unit chart, as SVG geometry (the page has no inline styles)."""
    bar_height, gap, label_width, width = 22, 8, 0, 100
    most = max((u.totals.meetings for u in units), default=0)
    bars = []
    for index, row in enumerate(units):
        t = row.totals
        bars.append(
            {
                "name": row.unit.name,
                "y": index * (bar_height + gap),
                "meetings": t.meetings,
                "meetings_width": round(width * t.meetings / most, 2) if most else 0,
                "rate": _rate(t.present, t.expected),
                "rate_width": round(width * t.present / t.expected, 2) if t.expected else 0,
            }
        )
    return {
        "bars": bars,
        "height": max(1, len(bars)) * (bar_height + gap),
        "bar_height": bar_height,
        "label_width": label_width,
    }


# --- search ------------------------------------------------------------------------------------------


@login_required
def search_view(request: HttpRequest) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:200]
    results = (
        run_search(request.user, query, page=_int(request.GET.get("page"), 1)) if query else None
    )
    return render(
        request,
        "minutes/oversight/search.html",
        {
            "query": query,
            "results": results,
            "can_refresh": cells_with_role(request.user, Role.RECORDER).exists(),
            "query_string": urlencode({"q": query}),
        },
    )


@login_required
@require_POST
def search_refresh_drafts(request: HttpRequest) -> HttpResponse:
    """Bring the search text of the user's open drafts up to date, on demand."""
    from minutes.search import refresh_search_document

    cells = cells_with_role(request.user, Role.RECORDER)
    drafts = list(
        Meeting.objects.filter(cell__in=cells, status__in=MinutesStatus.editable_states).order_by(
            "-updated_at"
        )[:50]
    )
    for meeting in drafts:
        refresh_search_document(meeting)
    messages.success(request, _("Đã cập nhật nội dung tìm kiếm của %d bản dự thảo.") % len(drafts))
    return redirect(reverse("search") + "?" + urlencode({"q": request.POST.get("q", "")}))
