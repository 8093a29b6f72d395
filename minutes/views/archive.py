"""The yearly archive (nộp lưu) from the committee's oversight pages.

A form page shows, year by year, how many signed documents the committee's
cells hold and how large they are; the download streams the ZIP entry by
entry (minutes.archive.build), with its exact Content-Length so the browser
shows progress. Only the committee's reviewers and viewers (or those of a
committee above it) may export; for everybody else the committee is a 404.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from members.models import Organization
from minutes.archive.build import (
    ArchiveError,
    YearSummary,
    iter_zip,
    plan_archive,
    year_summaries,
    zip_size,
)
from minutes.oversight.scope import archive_committees

MIN_YEAR, MAX_YEAR = 1930, 2100


class ArchiveYearForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Năm"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={
            "required": gettext_lazy("Hãy nhập năm cần xuất."),
            "invalid": gettext_lazy("Năm phải là một số, ví dụ 2022."),
            "min_value": gettext_lazy("Năm phải từ %(limit_value)s trở về sau."),
            "max_value": gettext_lazy("Năm phải không quá %(limit_value)s."),
        },
    )


def _committee(request: HttpRequest) -> Organization:
    committees = archive_committees(request.user)
    org_id = request.GET.get("org")
    if org_id in (None, ""):
        committee = committees.order_by("path").first()
    elif org_id.isascii() and org_id.isdigit() and len(org_id) <= 18:  # fits a bigint
        committee = committees.filter(pk=int(org_id)).first()
    else:
        committee = None
    if committee is None:
        raise Http404
    return committee


def _page(
    request: HttpRequest,
    committee: Organization,
    form: ArchiveYearForm,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    summaries = year_summaries(committee)
    year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    chosen = next((s for s in summaries if s.year == year), None)
    if year is not None and chosen is None:
        chosen = YearSummary(year, 0, 0, 0)
    response = render(
        request,
        "minutes/archive/form.html",
        {
            "org": committee,
            "form": form,
            "summaries": summaries,
            "chosen": chosen,
            "error": error,
        },
        status=status,
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def archive_export(request: HttpRequest) -> HttpResponse:
    """The form: which year, and how much it holds, before anything is downloaded."""
    committee = _committee(request)
    if "year" in request.GET:
        form = ArchiveYearForm(request.GET)
        form.is_valid()
    else:
        summaries = year_summaries(committee)
        latest = summaries[0].year if summaries else timezone.localdate().year
        form = ArchiveYearForm(initial={"year": latest})
    return _page(request, committee, form, status=200 if not form.errors else 400)


@login_required
@require_GET
def archive_download(request: HttpRequest) -> HttpResponse:
    """The ZIP of one year, streamed entry by entry."""
    committee = _committee(request)
    form = ArchiveYearForm(request.GET or {"year": timezone.localdate().year})
    if not form.is_valid():
        return _page(request, committee, form, status=400)
    try:
        plan = plan_archive(committee, form.cleaned_data["year"])
    except ArchiveError as exc:
        return _page(request, committee, form, error=str(exc), status=409)
    response = StreamingHttpResponse(iter_zip(plan), content_type="application/zip")
    response["Content-Length"] = str(zip_size(plan))
    response["Content-Disposition"] = f'attachment; filename="{plan.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
