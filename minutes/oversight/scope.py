"""Which part of the organization tree an oversight page looks at, and who may act.

A page looks at one organization (`?org=<id>`) and everything below it. The
organization must be one the user holds a role on, directly or from above
(`members.access.organizations_with_role`): a reviewer of a committee sees the
cells under it and nothing else, a cell's recorder sees that cell. Outside it
the page answers 404, like every other page of the app.

Inside a scope, the meetings a role holder may see are exactly the meetings of
the cells under the scope (members.access.meetings_visible_to gives a role
holder every meeting of every cell under their grants), so the aggregate
queries filter on the cell's path directly instead of repeating that subquery.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from members.access import (
    cells_with_role,
    has_role_on,
    organizations_with_role,
)
from members.models import Organization, OrganizationKind, Role, RoleGrant
from minutes.models import Campaign, CorrectiveAction, Meeting, MinutesStatus

OVERSIGHT_ROLES = (Role.RECORDER, Role.CHAIR, Role.REVIEWER, Role.VIEWER)
COMMITTEE_ROLES = (Role.REVIEWER, Role.VIEWER)


def scope_choices(user) -> list[Organization]:
    """The organizations a user can pick as the top of an oversight page."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Organization.objects.filter(parent__isnull=True).order_by("path"))
    ids = RoleGrant.objects.filter(user=user).values("organization_id")
    return list(Organization.objects.filter(pk__in=ids).order_by("path"))


def resolve_scope(user, org_id: str | int | None) -> Organization:
    """The organization a page looks at: the one asked for, if the user may, else 404."""
    if org_id in (None, ""):
        choices = scope_choices(user)
        if not choices:
            raise PermissionDenied
        return choices[0]
    try:
        pk = int(org_id)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    org = organizations_with_role(user, *OVERSIGHT_ROLES).filter(pk=pk).first()
    if org is None:
        raise Http404
    return org


def cells_under(org: Organization) -> QuerySet[Organization]:
    return Organization.objects.cells().within(org)


def official_meetings(org: Organization) -> QuerySet[Meeting]:
    """Current approved minutes of the cells under `org`: what the statistics count."""
    return Meeting.objects.filter(
        cell__path__startswith=org.path,
        status=MinutesStatus.APPROVED,
        superseded_at__isnull=True,
    )


def child_units(org: Organization) -> list[Organization]:
    """The organizations directly under `org` (or `org` itself for a cell), for summaries."""
    if org.is_cell:
        return [org]
    return list(Organization.objects.filter(parent=org).order_by("path"))


def unit_of(cell_path: str, units: list[Organization]) -> Organization | None:
    for unit in units:
        if cell_path.startswith(unit.path):
            return unit
    return None


# --- who may do what -------------------------------------------------------


def can_manage_campaigns(user, org: Organization) -> bool:
    """Reviewers of a committee (never of a cell) create and close its campaigns."""
    return org.kind != OrganizationKind.CELL and has_role_on(user, org, Role.REVIEWER)


def archive_committees(user) -> QuerySet[Organization]:
    """Committees (never cells) whose yearly archive the user may export: reviewer or viewer."""
    return organizations_with_role(user, *COMMITTEE_ROLES).exclude(kind=OrganizationKind.CELL)


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    """Campaigns whose committee the user looks at from above (reviewer or viewer)."""
    orgs = organizations_with_role(user, *COMMITTEE_ROLES)
    return Campaign.objects.filter(committee__in=orgs)


def campaigns_for_cell(cell: Organization) -> QuerySet[Campaign]:
    """Open campaigns of the committees above `cell`."""
    ids = [int(part) for part in cell.path.strip("/").split("/")[:-1] if part]
    return Campaign.objects.open().filter(committee_id__in=ids)


def actions_visible_to(user) -> QuerySet[CorrectiveAction]:
    """Actions of minutes the user may see, and the approved actions assigned to the user."""
    from members.access import meetings_visible_to

    if not user.is_authenticated:
        return CorrectiveAction.objects.none()
    # An owner sees their action once the minutes that assign it are approved,
    # the same moment it reaches "Việc của tôi".
    return CorrectiveAction.objects.filter(
        Q(meeting__in=meetings_visible_to(user).values("pk"))
        | Q(owner_member__user=user, meeting__status=MinutesStatus.APPROVED)
    )


def can_report_action(user, action: CorrectiveAction) -> bool:
    """The owner, or the cell's recorder or chair, reports that an action is under way or done."""
    if action.owner_member_id and action.owner_member.user_id == user.pk:
        return True
    return has_role_on(user, action.cell, Role.RECORDER, Role.CHAIR)


def can_verify_action(user, action: CorrectiveAction) -> bool:
    """Only the committee above the cell verifies that a shortcoming was corrected."""
    from members.access import can_review

    return can_review(user, action.cell)


def recordable_cells(user) -> QuerySet[Organization]:
    return cells_with_role(user, Role.RECORDER)
