"""Changes approved minutes propose to the register, and the committee's decision on them.

Committee staff (reviewers) only: a proposal of a cell outside their part of
the tree is a 404, like every other page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import cells_with_role, organizations_with_role
from members.forms.roster import DecideForm, RejectForm, apply_error
from members.models import Organization, ProposalStatus, RegisterProposal, Role, RoleGrant
from members.services import proposals as services
from minutes.models import CommitteeSettings, DecisionKind

PENDING_PAGE = 50


def proposals_visible_to(user):
    """Proposals of the cells where `user` is committee staff."""
    return RegisterProposal.objects.filter(cell__in=cells_with_role(user, Role.REVIEWER))


def _staff_scope(request: HttpRequest) -> tuple[Organization, list[Organization]]:
    """The organization the pending list looks at: one the user is committee staff of."""
    user = request.user
    if user.is_superuser:
        choices = list(Organization.objects.filter(parent__isnull=True).order_by("path"))
    else:
        ids = RoleGrant.objects.filter(user=user, role=Role.REVIEWER).values("organization_id")
        choices = list(Organization.objects.filter(pk__in=ids).order_by("path"))
    org_id = request.GET.get("org")
    if org_id in (None, ""):
        if not choices:
            raise PermissionDenied
        return choices[0], choices
    try:
        pk = int(org_id)
    except ValueError as exc:
        raise Http404 from exc
    org = organizations_with_role(user, Role.REVIEWER).filter(pk=pk).first()
    if org is None:
        raise Http404
    return org, choices


@login_required
def pending(request: HttpRequest) -> HttpResponse:
    """ "Chờ quyết định của cấp trên": every proposal under the scope awaiting a decision."""
    org, choices = _staff_scope(request)
    proposals = (
        proposals_visible_to(request.user)
        .filter(status=ProposalStatus.PENDING, cell__path__startswith=org.path)
        .select_related("cell", "meeting", "decision", "member")
        .order_by("created_at", "pk")
    )
    page = Paginator(proposals, PENDING_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/proposals/pending.html",
        {
            "org": org,
            "choices": choices,
            "page": page,
            "query_string": urlencode({"org": org.pk}),
        },
    )


def _visible(request: HttpRequest, pk: int) -> RegisterProposal:
    return get_object_or_404(
        proposals_visible_to(request.user).select_related(
            "cell", "meeting", "decision", "member", "decided_by"
        ),
        pk=pk,
    )


def _default_effective(proposal: RegisterProposal):
    if proposal.kind == DecisionKind.OFFICIAL_RECOGNITION and proposal.member_id:
        return services.probation_end(
            proposal.member, CommitteeSettings.for_organization(proposal.cell)
        )
    return None


@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible(request, pk)
    is_pending = proposal.status == ProposalStatus.PENDING
    form = DecideForm(
        request.POST if request.method == "POST" else None,
        proposal=proposal,
        default_effective=_default_effective(proposal),
    )
    if request.method == "POST" and is_pending and form.is_valid():
        try:
            services.decide_proposal(proposal=proposal, by=request.user, **form.values())
        except services.ProposalError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Đã ghi quyết định của cấp trên vào sổ đảng viên."))
            return redirect("register_pending")
    return render(
        request,
        "members/proposals/decide.html",
        {
            "proposal": proposal,
            "form": form,
            "reject_form": RejectForm(),
            "is_pending": is_pending,
        },
    )


@login_required
@require_POST
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _visible(request, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject_proposal(
                proposal=proposal, by=request.user, note=form.cleaned_data["note"]
            )
        except services.ProposalError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Đã ghi: cấp trên không ra quyết định."))
            return redirect("register_pending")
    return render(
        request,
        "members/proposals/decide.html",
        {
            "proposal": proposal,
            "form": DecideForm(proposal=proposal, default_effective=_default_effective(proposal)),
            "reject_form": form,
            "is_pending": proposal.status == ProposalStatus.PENDING,
        },
        status=200,
    )
