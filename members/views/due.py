"""What falls due in the register, per cell, for committee staff and for a cell's secretary."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from members.access import has_role_on
from members.due import due_items, summary
from members.models import Role
from minutes.oversight import exports
from minutes.oversight.exports import Table
from minutes.oversight.scope import resolve_scope, scope_choices

DUE_PAGE = 200
# Committee staff, and the cell's own secretary (recorder, chair); viewers read rosters only.
DUE_ROLES = (Role.REVIEWER, Role.RECORDER, Role.CHAIR)


@login_required
def due_list(request: HttpRequest) -> HttpResponse:
    choices = [c for c in scope_choices(request.user) if has_role_on(request.user, c, *DUE_ROLES)]
    org_id = request.GET.get("org")
    if org_id in (None, ""):
        if not choices:
            raise PermissionDenied
        org = choices[0]
    else:
        org = resolve_scope(request.user, org_id)
        if not has_role_on(request.user, org, *DUE_ROLES):
            raise PermissionDenied
    today = timezone.localdate()
    items = due_items(org, today=today)
    fmt = request.GET.get("format")
    if fmt is not None:
        if fmt not in exports.FORMATS:
            raise Http404
        table = Table(
            "den-han",
            _("Việc đến hạn"),
            [
                _("Chi bộ"),
                _("Họ và tên"),
                _("Việc"),
                _("Ngày đến hạn"),
                _("Đã quá hạn"),
                _("Hạn xét công nhận chính thức"),
                _("Quá hạn xét"),
            ],
            [
                [
                    i.cell.name,
                    i.member.full_name,
                    i.label,
                    i.due,
                    _("Có") if i.overdue else "",
                    i.window_end,
                    _("Có") if i.late else "",
                ]
                for i in items
            ],
        )
        return exports.export_response(table, fmt)
    page = Paginator(items, DUE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/due/due.html",
        {
            "org": org,
            "choices": choices,
            "today": today,
            "page": page,
            "summary": summary(items),
            "query_string": urlencode({"org": org.pk}),
        },
    )
