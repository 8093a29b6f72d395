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

from members.models import Member, Organization, OrganizationKind, Role, RoleGrant

User = AbstractBaseUser | AnonymousUser


def _grants(user: User) -> list[tuple[str, str]]:
    """(role, organization path) of every grant `user` holds: one query per request.

    Kept on the user object, which lives as long as the request; every access
    question of the request (visibility, the buttons a page shows) reads it.
    """
    cache = user.__dict__.setdefault("_access_cache", {})
    if "grants" not in cache:
        rows = set(
            RoleGrant.objects.filter(user=user).values_list(
                "role", "organization__path", "organization__kind"
            )
        )
        cache["grants"] = sorted({(role, path) for role, path, _kind in rows})
        cache["grant_kinds"] = {kind for _role, _path, kind in rows}
    return cache["grants"]


def menu_for(user: User) -> dict[str, bool]:
    """Which areas the navigation offers `user`: only those they can use.

    Oversight is for committees (a role on a committee, or the administrator);
    the register for anyone with a role; everyone signed in has their own
    actions and search. Read from the request's grants: no query of its own.
    """
    if not user.is_authenticated:
        return {}
    if user.is_superuser:
        return {"oversight": True, "register": True}
    grants = _grants(user)
    kinds = user.__dict__["_access_cache"]["grant_kinds"]  # read with the grants, above
    return {
        "oversight": any(kind != OrganizationKind.CELL for kind in kinds),
        "register": bool(grants),
    }


def _grant_paths(user: User, roles: tuple[str, ...] | None = None) -> list[str]:
    """Paths of the organizations on which `user` holds one of `roles` (any role if None)."""
    if not user.is_authenticated:
        return []
    paths = {path for role, path in _grants(user) if roles is None or role in roles}
    return sorted(paths)


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
    cache = user.__dict__.setdefault("_access_cache", {})
    if "own_cells" not in cache:
        cache["own_cells"] = list(
            Member.objects.filter(user=user, left_on__isnull=True).values_list("cell_id", flat=True)
        )
    return cache["own_cells"]


# The cell roles that run a meeting: the secretaries a pilot session is a model for.
PILOT_READERS = (Role.RECORDER, Role.CHAIR)


def campaign_committee_ids(user: User) -> list[int]:
    """Committees whose campaigns concern a cell `user` records or chairs.

    Every organization on the path of such a grant: a campaign of any committee
    above the cell (or of the organization granted) reaches it. Read from the
    request's grants: no query.
    """
    ids = {
        int(part)
        for path in _grant_paths(user, PILOT_READERS)
        for part in path.strip("/").split("/")
        if part.isdigit()
    }
    return sorted(ids)


def meetings_visible_to(user: User):
    """The one answer to "which meetings may this user see".

    Any role on the cell or above it shows all of its meetings; a plain member
    sees the approved minutes of their own cell. The secretaries (recorders,
    chairs) of the cells a campaign concerns also see that campaign's approved,
    current pilot minutes (sinh hoạt điểm) of another cell: the superior
    committee holds the pilot precisely so that the other cells follow it as a
    model. Never a draft, never an earlier version, never a pilot of a campaign
    that does not concern them.
    """
    from minutes.models import Campaign, Meeting, MinutesStatus

    if not user.is_authenticated:
        return Meeting.objects.none()
    if user.is_superuser:
        return Meeting.objects.all()
    q = _under(_grant_paths(user), "cell__path")
    own = own_cell_ids(user)
    if own:
        member_q = Q(cell_id__in=own, status=MinutesStatus.APPROVED)
        q = member_q if q is None else q | member_q
    committees = campaign_committee_ids(user)
    if committees:
        # A subquery on the (small) campaigns table rather than a join: the
        # meetings' own conditions keep their indexes.
        pilot_q = Q(
            is_pilot=True,
            status=MinutesStatus.APPROVED,
            superseded_at__isnull=True,
            campaign__in=Campaign.objects.filter(committee_id__in=committees).values("pk"),
        )
        q = pilot_q if q is None else q | pilot_q
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


# --- the register ---------------------------------------------------------------
#
# A cell's roster belongs to the cell (its recorder and chair, who keep it) and
# to the committees above it (reviewers keep it too; viewers read it). Committee
# staff (reviewers) import rosters, decide what minutes propose, and manage
# accounts and roles within their own part of the tree, never above it.

ROSTER_READERS = (Role.RECORDER, Role.CHAIR, Role.REVIEWER, Role.VIEWER)
ROSTER_KEEPERS = (Role.RECORDER, Role.CHAIR, Role.REVIEWER)


def roster_cells_visible_to(user: User) -> QuerySet[Organization]:
    """Cells whose roster `user` may read."""
    return cells_with_role(user, *ROSTER_READERS)


def members_visible_to(user: User) -> QuerySet[Member]:
    """The one answer to "which members' records may this user see".

    The members of every cell whose roster the user may read, and the user's
    own record (a plain member sees their own history, nobody else's).
    """
    if not user.is_authenticated:
        return Member.objects.none()
    if user.is_superuser:
        return Member.objects.all()
    q = _under(_grant_paths(user, ROSTER_READERS), "cell__path")
    own = Q(user=user)
    return Member.objects.filter(own if q is None else q | own)


def can_keep_roster(user: User, cell: Organization) -> bool:
    """Add members, edit them and record events on the roster of `cell`."""
    return has_role_on(user, cell, *ROSTER_KEEPERS)


def register_committees(user: User) -> QuerySet[Organization]:
    """Committees (not cells) on which `user` is committee staff, directly or from above."""
    return organizations_with_role(user, Role.REVIEWER).exclude(kind=OrganizationKind.CELL)


def is_committee_staff(user: User, org: Organization) -> bool:
    """Import rosters, decide proposals, manage accounts and roles at or below `org`."""
    return has_role_on(user, org, Role.REVIEWER)
