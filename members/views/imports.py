"""The roster import pages: upload, preview, confirm or discard, and the files to start from.

Committee staff only (reviewers of a committee, directly or from above, and
superusers). A stored import is visible to its uploader and to the staff of
its committee; to anyone else it does not exist (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import is_committee_staff, register_committees
from members.forms.imports import ConfirmForm, UploadForm
from members.importing.reading import MAX_BYTES, MAX_ROWS, FileProblem
from members.importing.template import sample_bytes, template_bytes
from members.models import ImportStatus, Organization, RegisterImport
from members.services import imports as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEMS_PAGE = 100
NAMES_SHOWN = 200


def _committees(request: HttpRequest):
    committees = register_committees(request.user).order_by("path")
    if not committees.exists():
        raise PermissionDenied(_("Chỉ cấp ủy (cán bộ được phân quyền duyệt) mới nhập danh sách."))
    return committees


def _visible_import(request: HttpRequest, pk: int) -> RegisterImport:
    register_import = get_object_or_404(
        RegisterImport.objects.select_related("committee", "uploaded_by"), pk=pk
    )
    user = request.user
    if register_import.uploaded_by_id != user.pk and not is_committee_staff(
        user, register_import.committee
    ):
        raise Http404
    return register_import


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """GET: choose the committee and the file; POST: check it and show the preview."""
    committees = _committees(request)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, committees=committees)
        if form.is_valid():
            upload_file = form.cleaned_data["file"]
            try:
                register_import, _plan = services.preview_import(
                    committee=form.cleaned_data["committee"],
                    content=upload_file.read(),
                    file_name=upload_file.name,
                    by=request.user,
                )
            except FileProblem as problem:
                form.add_error("file", problem.message)
            else:
                return redirect("register_import_preview", pk=register_import.pk)
    else:
        chosen = request.GET.get("committee")
        initial = {}
        if chosen and chosen.isdigit() and committees.filter(pk=chosen).exists():
            initial["committee"] = int(chosen)
        form = UploadForm(initial=initial, committees=committees)
    recent = RegisterImport.objects.filter(uploaded_by=request.user).select_related("committee")[
        :10
    ]
    return render(
        request,
        "members/import/upload.html",
        {
            "form": form,
            "recent": recent,
            "max_mb": MAX_BYTES // (1024 * 1024),
            "max_rows": MAX_ROWS,
        },
    )


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    register_import = _visible_import(request, pk)
    context: dict = {"imp": register_import}
    if register_import.status == ImportStatus.APPLIED:
        summary = register_import.summary
        cells = Organization.objects.filter(pk__in=summary.get("cell_ids", [])).order_by("name")
        touched = set(summary.get("touched_cell_ids", []))
        context["applied_cells"] = [{"cell": cell, "touched": cell.pk in touched} for cell in cells]
        return render(request, "members/import/applied.html", context)
    if register_import.status == ImportStatus.DISCARDED:
        return render(request, "members/import/discarded.html", context)
    try:
        plan = services.plan_for(register_import)
    except FileProblem as problem:  # the register cannot make a readable file unreadable
        context["file_problem"] = problem.message
        return render(request, "members/import/preview.html", context)
    context.update(_preview_context(request, plan))
    context["confirm_form"] = ConfirmForm(new_cells=len(plan.new_cells))
    context["may_confirm"] = is_committee_staff(request.user, register_import.committee)
    return render(request, "members/import/preview.html", context)


def _preview_context(request: HttpRequest, plan) -> dict:
    errors = Paginator(plan.errors, PROBLEMS_PAGE).get_page(request.GET.get("page"))
    warnings = plan.warnings
    cells = []
    for cell in plan.cells:
        cells.append(
            {
                "plan": cell,
                "added": cell.added[:NAMES_SHOWN],
                "added_more": max(len(cell.added) - NAMES_SHOWN, 0),
                "updated": cell.updated[:NAMES_SHOWN],
                "updated_more": max(len(cell.updated) - NAMES_SHOWN, 0),
                "unchanged": cell.unchanged[:NAMES_SHOWN],
                "unchanged_more": max(len(cell.unchanged) - NAMES_SHOWN, 0),
            }
        )
    return {
        "plan": plan,
        "counts": plan.counts(),
        "errors_page": errors,
        "warnings": warnings[:PROBLEMS_PAGE],
        "warnings_more": max(len(warnings) - PROBLEMS_PAGE, 0),
        "cells": cells,
        "new_cells": plan.new_cells,
    }


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    register_import = _visible_import(request, pk)
    if register_import.status == ImportStatus.APPLIED:
        messages.info(request, _("Tệp này đã được nhập rồi, không ghi lại lần nữa."))
        return redirect("register_import_preview", pk=pk)
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        outcome = services.apply_import(
            register_import,
            by=request.user,
            confirm_new_cells=bool(form.cleaned_data.get("confirm_new_cells")),
        )
    except services.ImportRefused as refused:
        messages.error(request, refused.message)
    except FileProblem as problem:
        messages.error(request, problem.message)
    else:
        (messages.success if outcome.changed else messages.info)(request, outcome.message)
    return redirect("register_import_preview", pk=pk)


@login_required
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    register_import = _visible_import(request, pk)
    if services.discard_import(register_import, by=request.user):
        messages.info(request, _("Đã hủy tệp “%(name)s”.") % {"name": register_import.file_name})
    return redirect("register_import")


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def template_file(request: HttpRequest) -> HttpResponse:
    _committees(request)
    return _xlsx(template_bytes(), "mau-danh-sach-dang-vien.xlsx")


@login_required
def sample_file(request: HttpRequest) -> HttpResponse:
    _committees(request)
    return _xlsx(sample_bytes(), "vi-du-chi-bo-van-phong.xlsx")
