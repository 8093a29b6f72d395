"""Quality assessment pages: frameworks and their adoption (committee staff), and the two
assessments of a meeting (the cell's own, the superior committee's), never mixed.

Views stay thin: visibility first (404), then who may act (403), then one
service call from minutes.services.quality.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import can_record, organizations_with_role
from members.models import OrganizationKind, Role
from minutes.forms.quality import AdoptionForm, AssessmentForm, FrameworkForm
from minutes.models import AssessmentSource, FrameworkAdoption, QualityAssessment
from minutes.selectors import frameworks_visible_to, visible_meeting_row
from minutes.services import quality as services
from minutes.views.recording.common import recording_view


def _visible_frameworks(request: HttpRequest):
    """Committee staff (reviewers, viewers) read the frameworks; anyone else gets 404.

    Asked of the roles, not of the frameworks: with none entered yet (or the
    shipped example deleted), a committee must still reach the page to enter one.
    """
    user = request.user
    if not organizations_with_role(user, Role.REVIEWER, Role.VIEWER).exists():
        raise Http404
    return frameworks_visible_to(user)


def _managed_committees(user):
    return organizations_with_role(user, Role.REVIEWER).exclude(kind=OrganizationKind.CELL)


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = (
        _visible_frameworks(request)
        .select_related("owner")
        .prefetch_related(
            "grades",
            Prefetch(
                "adoptions",
                queryset=FrameworkAdoption.objects.select_related("organization").order_by(
                    "-valid_from"
                ),
            ),
        )
    )
    return render(
        request,
        "minutes/quality/framework_list.html",
        {
            "frameworks": frameworks,
            "can_create": request.user.is_superuser or _managed_committees(request.user).exists(),
        },
    )


@login_required
def framework_create(request: HttpRequest) -> HttpResponse:
    """Typed as lines, previewed as it will be saved, then saved whole (or not at all)."""
    _visible_frameworks(request)
    form = FrameworkForm(request.POST or None, user=request.user)
    if not request.user.is_superuser and not form.fields["owner"].queryset.exists():
        raise PermissionDenied
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.framework_data()
        if "save" in request.POST:
            try:
                framework = services.save_framework(
                    data, owner=form.cleaned_data.get("owner"), by=request.user
                )
            except services.QualityError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Đã lưu khung đánh giá."))
                return redirect("quality_framework_detail", pk=framework.pk)
        else:
            preview = data
    return render(
        request, "minutes/quality/framework_form.html", {"form": form, "preview": preview}
    )


def _detail(request: HttpRequest, framework, form: AdoptionForm, *, status: int = 200):
    """The framework, where it applies (as far as the user sees), and the adoption form."""
    adoptions = (
        FrameworkAdoption.objects.filter(framework=framework)
        .filter(organization__in=organizations_with_role(request.user, Role.REVIEWER, Role.VIEWER))
        .select_related("organization")
        .order_by("organization__path", "-valid_from")
    )
    return render(
        request,
        "minutes/quality/framework_detail.html",
        {
            "framework": framework,
            "total": sum(c.max_points for c in framework.criteria.all()),
            "adoptions": adoptions,
            "form": form if form.fields["organization"].queryset.exists() else None,
        },
        status=status,
    )


def _framework(request: HttpRequest, pk: int):
    return get_object_or_404(
        _visible_frameworks(request).select_related("owner").prefetch_related("criteria", "grades"),
        pk=pk,
    )


@login_required
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _framework(request, pk), AdoptionForm(user=request.user))


@login_required
@require_POST
def framework_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """A committee applies the framework to its cells from a date; errors beside the fields."""
    framework = _framework(request, pk)
    form = AdoptionForm(request.POST, user=request.user)
    if not form.fields["organization"].queryset.exists():
        raise PermissionDenied
    if form.is_valid():
        try:
            services.adopt_framework(
                organization=form.cleaned_data["organization"],
                framework=framework,
                valid_from=form.cleaned_data["valid_from"],
                by=request.user,
            )
        except services.QualityError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã áp dụng khung đánh giá."))
            return redirect("quality_framework_detail", pk=framework.pk)
    return _detail(request, framework, form, status=400)


# --- the assessments of one meeting


def _assessment_page(request, meeting, source: str, *, check) -> HttpResponse:
    existing = (
        QualityAssessment.objects.filter(meeting=meeting, source=source)
        .select_related("framework")
        .prefetch_related("scores")
        .first()
    )
    framework = existing.framework if existing else services.framework_for(meeting)
    if framework is not None and existing is not None:
        framework = (
            type(framework).objects.prefetch_related("criteria", "grades").get(pk=framework.pk)
        )
    form = None
    if framework is not None:
        initial = {s.criterion_id: s.points for s in existing.scores.all()} if existing else {}
        form = AssessmentForm(
            request.POST if request.method == "POST" else None,
            framework=framework,
            initial_points=initial,
            initial={
                "note": existing.note if existing else "",
                "assessor_name": existing.assessor_name if existing else "",
            },
            with_assessor=source == AssessmentSource.SUPERIOR,
        )
        if request.method == "POST":
            check()
            if form.is_valid():
                try:
                    assessment = services.record_assessment(
                        meeting,
                        source,
                        form.points(),
                        by=request.user,
                        framework=framework,
                        note=form.cleaned_data["note"],
                        assessor_name=form.cleaned_data.get("assessor_name", ""),
                    )
                except services.QualityError as exc:
                    for message in exc.messages:
                        form.add_error(None, message)
                else:
                    messages.success(
                        request,
                        _("Đã ghi: %(g)s (%(p)d điểm).")
                        % {"g": assessment.grade, "p": assessment.total_points},
                    )
                    url = (
                        reverse("recording_editor", args=[meeting.pk]) + "#quality-self-grade"
                        if source == AssessmentSource.SELF
                        else reverse("quality_superior", args=[meeting.pk])
                    )
                    return redirect(url)
    elif request.method == "POST":
        check()
    return render(
        request,
        "minutes/quality/assessment.html",
        {
            "meeting": meeting,
            "source": source,
            "source_label": AssessmentSource(source).label,
            "framework": framework,
            "existing": existing,
            "form": form,
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


@recording_view
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The cell's own assessment: part of the minutes, by their recorder while editable."""
    meeting = visible_meeting_row(request.user, pk)

    def check() -> None:
        if not can_record(request.user, meeting.cell):
            raise PermissionDenied(_("Chỉ thư ký của chi bộ mới ghi được phần tự đánh giá."))
        if not meeting.is_editable:
            raise PermissionDenied(
                _("Biên bản đã gửi duyệt hoặc đã duyệt: phần tự đánh giá không sửa được nữa.")
            )

    check()
    return _assessment_page(request, meeting, AssessmentSource.SELF, check=check)


@recording_view
def superior_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The superior committee's assessment: by its reviewer, at any time, apart from the cell's."""
    meeting = visible_meeting_row(request.user, pk)

    def check() -> None:
        if not services.can_assess_as_superior(request.user, meeting):
            raise PermissionDenied(_("Chỉ cấp ủy cấp trên của chi bộ mới đánh giá được."))

    check()
    return _assessment_page(request, meeting, AssessmentSource.SUPERIOR, check=check)
