"""The register's pages for a cell: the roster, a member's history, adding and changing.

Thin views: visibility comes from members.access (404 outside it, 403 for
reading without keeping), every change goes through members.services.roster.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from members.access import (
    can_keep_roster,
    is_committee_staff,
    members_visible_to,
    register_committees,
    roster_cells_visible_to,
)
from members.forms.roster import EventForm, MemberForm, apply_error
from members.models import Attachment, Member, Organization, ProposalStatus
from members.services import roster as services
from members.views.proposals import proposals_visible_to
from minutes import rules as minutes_rules
from minutes.models import AttendanceStatus, Meeting
from minutes.oversight import exports
from minutes.oversight.exports import Table
from minutes.services.meetings import _POSITION_ORDER, snapshot_participant

CELLS_PAGE = 50


@dataclass(frozen=True)
class RosterRow:
    member: Member
    official: bool
    exempt: bool


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The cells whose roster the user reads, with their counts."""
    today = timezone.localdate()
    current = Q(members__left_on__isnull=True) | Q(members__left_on__gt=today)
    cells = (
        roster_cells_visible_to(request.user)
        .select_related("parent")
        .annotate(
            total=Count("members", filter=current & Q(members__admitted_on__lte=today)),
            probationary=Count(
                "members",
                filter=current
                & Q(members__admitted_on__lte=today)
                & (Q(members__official_on__isnull=True) | Q(members__official_on__gt=today)),
            ),
        )
        .order_by("path")
    )
    page = Paginator(cells, CELLS_PAGE).get_page(request.GET.get("page"))
    # A superuser on an empty database is staff too: they start the tree here.
    is_staff = request.user.is_superuser or register_committees(request.user).exists()
    own = Member.objects.filter(user=request.user).select_related("cell").first()
    return render(
        request,
        "members/roster/home.html",
        {
            "page": page,
            "is_staff": is_staff,
            "pending_count": proposals_visible_to(request.user)
            .filter(status=ProposalStatus.PENDING)
            .count()
            if is_staff
            else 0,
            "own": own,
        },
    )


def _visible_cell(request: HttpRequest, pk: int) -> Organization:
    return get_object_or_404(roster_cells_visible_to(request.user).select_related("parent"), pk=pk)


def roster_figures(
    cell: Organization, members: list[Member], day
) -> minutes_rules.AttendanceFigures:
    """The figures a meeting of `cell` started on `day` would compute, from the same snapshot."""
    meeting = Meeting(cell=cell, date=day)
    on_roster = [
        m for m in members if m.admitted_on <= day and (m.left_on is None or m.left_on > day)
    ]
    rows = [snapshot_participant(meeting, m, order) for order, m in enumerate(on_roster, 1)]
    for row in rows:
        # The page shows the figures "if everyone expected came".
        if row.status == AttendanceStatus.UNMARKED:
            row.status = AttendanceStatus.PRESENT
    return minutes_rules.attendance_figures(rows)


EXPORT_COLUMNS = [
    _("Họ và tên"),
    _("Giới tính"),
    _("Ngày sinh"),
    _("Số thẻ đảng viên"),
    _("Ngày vào Đảng"),
    _("Ngày chính thức"),
    _("Đảng viên"),
    _("Chức vụ trong chi bộ"),
    _("Chức vụ, đơn vị công tác"),
    _("Miễn sinh hoạt từ ngày"),
    _("Miễn sinh hoạt đến ngày"),
    _("Lý do miễn"),
    _("Sinh hoạt tạm thời"),
    _("Nơi sinh hoạt tạm thời"),
    _("Đình chỉ sinh hoạt"),
]


def _export_row(m: Member, today) -> list:
    return [
        m.full_name,
        m.get_gender_display(),
        m.birth_date,
        m.card_number,
        m.admitted_on,
        m.official_on,
        _("chính thức") if m.is_official_on(today) else _("dự bị"),
        m.get_position_display(),
        m.job_title,
        m.exempt_from,
        m.exempt_to,
        m.exempt_reason,
        {Attachment.TEMP_OUT: _("đi"), Attachment.TEMP_IN: _("đến")}.get(m.attachment, ""),
        m.attachment_place,
        _("Có") if m.suspended else "",
    ]


@login_required
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    cell = _visible_cell(request, pk)
    today = timezone.localdate()
    everyone = list(Member.objects.filter(cell=cell))
    everyone.sort(key=lambda m: (_POSITION_ORDER.get(m.position, 9), m.search_name, m.pk))
    current = [m for m in everyone if m.left_on is None or m.left_on > today]
    left = sorted(
        (m for m in everyone if m.left_on is not None and m.left_on <= today),
        key=lambda m: (m.left_on, m.search_name),
        reverse=True,
    )
    fmt = request.GET.get("format")
    if fmt is not None:
        if fmt not in exports.FORMATS:
            raise Http404
        table = Table(
            f"danh-sach-chi-bo-{cell.pk}",
            _("Danh sách đảng viên"),
            [str(c) for c in EXPORT_COLUMNS],
            [_export_row(m, today) for m in current],
        )
        return exports.export_response(table, fmt)
    rows = [RosterRow(m, m.is_official_on(today), m.is_exempt_on(today)) for m in current]
    return render(
        request,
        "members/roster/roster.html",
        {
            "cell": cell,
            "today": today,
            "rows": rows,
            "left": left,
            "figures": roster_figures(cell, current, today),
            "can_keep": can_keep_roster(request.user, cell),
            "can_manage_accounts": is_committee_staff(request.user, cell),
        },
    )


@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    cell = _visible_cell(request, pk)
    if not can_keep_roster(request.user, cell):
        raise PermissionDenied
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_member(cell=cell, by=request.user, **form.cleaned_data)
        except services.RosterError as error:
            apply_error(form, error)
        else:
            messages.success(
                request, _("Đã thêm đồng chí %(name)s vào danh sách.") % {"name": member.full_name}
            )
            return redirect("register_roster", pk=cell.pk)
    return render(request, "members/roster/member_form.html", {"form": form, "cell": cell})


def _visible_member(request: HttpRequest, pk: int) -> Member:
    return get_object_or_404(
        members_visible_to(request.user).select_related("cell", "cell__parent", "user"), pk=pk
    )


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = _visible_member(request, pk)
    if not can_keep_roster(request.user, member.cell):
        raise PermissionDenied
    form = MemberForm.for_member(member, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(member=member, by=request.user, **form.cleaned_data)
        except services.RosterError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Đã lưu thông tin đảng viên."))
            return redirect("register_member", pk=member.pk)
    return render(
        request,
        "members/roster/member_form.html",
        {"form": form, "cell": member.cell, "member": member},
    )


@login_required
def member_event(request: HttpRequest, pk: int) -> HttpResponse:
    member = _visible_member(request, pk)
    if not can_keep_roster(request.user, member.cell):
        raise PermissionDenied
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.record_member_event(
                member=member, by=request.user, **form.cleaned_data
            )
        except services.RosterError as error:
            apply_error(form, error)
        else:
            messages.success(
                request, _("Đã ghi sự kiện: %(event)s.") % {"event": event.get_kind_display()}
            )
            return redirect("register_member", pk=member.pk)
    return render(request, "members/roster/event_form.html", {"form": form, "member": member})


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's record and dated history; a plain member sees only their own."""
    member = _visible_member(request, pk)
    today = timezone.localdate()
    events = list(member.events.select_related("meeting", "recorded_by").order_by("date", "pk"))
    return render(
        request,
        "members/roster/member.html",
        {
            "member": member,
            "today": today,
            "official": member.is_official_on(today),
            "exempt": member.is_exempt_on(today),
            "events": events,
            "can_keep": can_keep_roster(request.user, member.cell),
            "can_read_roster": roster_cells_visible_to(request.user)
            .filter(pk=member.cell_id)
            .exists(),
        },
    )
