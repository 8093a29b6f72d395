"""Who may see and do what: one queryset per question, plain predicates for actions.

A role granted on an organization reaches every organization below it
(`Organization.path` is a materialized path, so "below" is one prefix filter).
Everything a user may not see is answered with 404 by the views; an action a
user may see but not do is answered with 403.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from members.models import Member, Organization, Role, RoleGrant

User = AbstractBaseUser | AnonymousUser


def _grant_paths(user: User, roles: tuple[str, ...] | None = None) -> list[str]:
    """Paths of the organizations on which `user` holds one of `roles` (cached per request)."""
    if not user.is_authenticated:
        return []
    cache = user.__dict__.setdefault("_grant_paths_cache", {})
    key = roles or ()
    if key not in cache:
        grants = RoleGrant.objects.filter(user=user)
        if roles:
            grants = grants.filter(role__in=roles)
        cache[key] = list(grants.values_list("organization__path", flat=True).distinct())
    return cache[key]


def _under(paths: list[str], field: str) -> Q | None:
    if not paths:
        return None
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths))


def organizations_with_role(user: User, *roles: str) -> QuerySet[Organization]:
    """Organizations on which `user` holds any of `roles`, directly or from above."""
    if user.is_authenticated and user.is_superuser:
        return Organization.objects.all()
    q = _under(_grant_paths(user, roles or None), "path")
    return Organization.objects.filter(q) if q is not None else Organization.objects.none()


def cells_with_role(user: User, *roles: str) -> QuerySet[Organization]:
    return organizations_with_role(user, *roles).cells()


def own_cell_ids(user: User) -> list[int]:
    """Cells where the user is on the roster as a member (not having left)."""
    if not user.is_authenticated:
        return []
    cache = user.__dict__.setdefault("_grant_paths_cache", {})
    if "own_cells" not in cache:
        cache["own_cells"] = list(
            Member.objects.filter(user=user, left_on__isnull=True).values_list("cell_id", flat=True)
        )
    return cache["own_cells"]


def meetings_visible_to(user: User):
    """The one answer to "which meetings may this user see".

    Any role on the cell or above it shows all of its meetings; a plain member
    sees the approved minutes of their own cell.
    """
    from minutes.models import Meeting, MinutesStatus

    if not user.is_authenticated:
        return Meeting.objects.none()
    if user.is_superuser:
        return Meeting.objects.all()
    q = _under(_grant_paths(user), "cell__path")
    own = own_cell_ids(user)
    if own:
        member_q = Q(cell_id__in=own, status=MinutesStatus.APPROVED)
        q = member_q if q is None else q | member_q
    return Meeting.objects.filter(q) if q is not None else Meeting.objects.none()


def has_role_on(user: User, org: Organization, *roles: str) -> bool:
    """Whether `user` holds one of `roles` on `org` or on an organization above it."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(org.path.startswith(path) for path in _grant_paths(user, roles or None))


def can_record(user: User, cell: Organization) -> bool:
    return has_role_on(user, cell, Role.RECORDER)


def can_chair(user: User, cell: Organization) -> bool:
    return has_role_on(user, cell, Role.CHAIR)


def can_review(user: User, cell: Organization) -> bool:
    """Reviewers hold their role on a committee above the cell, never on the cell itself."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(
        cell.path.startswith(path) and cell.path != path
        for path in _grant_paths(user, (Role.REVIEWER,))
    )
