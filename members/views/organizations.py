"""The organization tree in the app: committees and cells in reach, adding and editing them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members.access import organizations_with_role
from members.forms.organizations import OrganizationForm
from members.models import Organization, Role
from members.services import organizations as services


def _in_reach(user, pk) -> Organization:
    org = organizations_with_role(user, Role.REVIEWER).filter(pk=pk).first()
    if org is None:
        raise Http404
    return org


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    """Every organization the user is committee staff of, as an indented tree."""
    orgs = list(organizations_with_role(request.user, Role.REVIEWER).order_by("path"))
    if not orgs and not request.user.is_superuser:
        raise PermissionDenied
    top = min((org.path.count("/") for org in orgs), default=1)
    rows = [(org, org.path.count("/") - top) for org in orgs]
    return render(
        request,
        "members/organizations/list.html",
        {"rows": rows, "can_start_tree": services.can_create_under(request.user, None)},
    )


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    parent = None
    parent_id = request.GET.get("parent") or request.POST.get("parent")
    if parent_id:
        try:
            parent = _in_reach(request.user, int(parent_id))
        except ValueError as exc:
            raise Http404 from exc
    if not services.can_create_under(request.user, parent):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_organization(
                by=request.user,
                parent=parent,
                **{f: form.cleaned_data[f] for f in form.cleaned_data},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lập “%(name)s”.") % {"name": org.name})
            return redirect("organization_list")
    return render(request, "members/organizations/form.html", {"form": form, "parent": parent})


@login_required
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = _in_reach(request.user, pk)
    form = OrganizationForm(request.POST or None, instance=Organization.objects.get(pk=org.pk))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_organization(
                org=org,
                by=request.user,
                **{f: form.cleaned_data[f] for f in services.EDITABLE_FIELDS},
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if changed:
                messages.success(request, _("Đã lưu thông tin “%(name)s”.") % {"name": org.name})
            return redirect("organization_list")
    return render(request, "members/organizations/form.html", {"form": form, "org": org})
