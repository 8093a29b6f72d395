"""Setting up the organization tree from the app: committees and cells, and their details.

A superuser starts the tree (a committee at the top); committee staff add the
committees and cells under the committees they are staff of, and keep their
details (names, document symbol, place name, term). A cell created by a roster
import goes through `create_organization` too.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from members.access import is_committee_staff
from members.models import Organization, OrganizationKind
from minutes.audit import Action, record_event
from minutes.vnformat import fold, nfc

EDITABLE_FIELDS = ("name", "header_name", "symbol", "place_name", "term_start")


def can_create_under(user, parent: Organization | None) -> bool:
    """Only a superuser starts a new tree; committee staff add below their committees."""
    if parent is None:
        return bool(user.is_authenticated and user.is_superuser)
    return not parent.is_cell and is_committee_staff(user, parent)


def can_edit_organization(user, org: Organization) -> bool:
    """The staff of a committee keep its details and those of everything below it."""
    return is_committee_staff(user, org)


def _check_name_free(name: str, parent: Organization | None, exclude: int | None = None) -> None:
    siblings = Organization.objects.filter(parent=parent)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude)
    key = fold(name)
    if any(fold(other) == key for other in siblings.values_list("name", flat=True)):
        raise ValidationError(
            {"name": _("Đã có một tổ chức trực thuộc cùng cấp mang tên này.")}, code="duplicate"
        )


@transaction.atomic
def create_organization(
    *,
    by,
    name: str,
    kind: str,
    parent: Organization | None,
    place_name: str,
    symbol: str = "",
    header_name: str = "",
    term_start: dt.date | None = None,
) -> Organization:
    """Add a committee or a cell to the tree, recorded in the new organization's audit chain."""
    if not can_create_under(by, parent):
        raise PermissionDenied
    if kind not in OrganizationKind.values:
        raise ValidationError({"kind": _("Loại tổ chức không hợp lệ.")})
    name = " ".join(nfc(name).split())
    if not name:
        raise ValidationError({"name": _("Hãy nhập tên tổ chức.")})
    if parent is not None:
        # Two imports or two people adding the same cell at once: the parent's
        # row orders them, so the duplicate check below sees the first one.
        Organization.objects.select_for_update().filter(pk=parent.pk).values_list("pk").get()
    _check_name_free(name, parent)
    org = Organization.objects.create(
        name=name,
        kind=kind,
        parent=parent,
        place_name=nfc(place_name).strip() or (parent.place_name if parent else ""),
        symbol=symbol.strip() or ("CB" if kind == OrganizationKind.CELL else "ĐU"),
        header_name=header_name.strip(),
        term_start=term_start if term_start is not None else getattr(parent, "term_start", None),
    )
    record_event(
        organization=org,
        action=Action.ORGANIZATION_CREATED,
        actor=by,
        comment=_("Lập %(kind)s “%(name)s” trực thuộc %(parent)s")
        % {
            "kind": org.get_kind_display().lower(),
            "name": org.name,
            "parent": parent.name if parent else _("(cấp cao nhất)"),
        },
    )
    return org


@transaction.atomic
def update_organization(*, org: Organization, by, **changes) -> list[str]:
    """Change an organization's details; returns the names of the fields that changed."""
    if not can_edit_organization(by, org):
        raise PermissionDenied
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    locked = Organization.objects.select_for_update().get(pk=org.pk)
    if "name" in changes:
        changes["name"] = " ".join(nfc(changes["name"]).split())
        if not changes["name"]:
            raise ValidationError({"name": _("Hãy nhập tên tổ chức.")})
        if changes["name"] != locked.name:
            _check_name_free(changes["name"], locked.parent, exclude=locked.pk)
    changed = [field for field, value in changes.items() if getattr(locked, field) != value]
    if not changed:
        return []
    for field in changed:
        setattr(locked, field, changes[field])
    locked.save()
    record_event(
        organization=locked,
        action=Action.ORGANIZATION_CHANGED,
        actor=by,
        comment=_("Sửa: %(fields)s")
        % {"fields": ", ".join(str(Organization._meta.get_field(f).verbose_name) for f in changed)},
    )
    org.refresh_from_db()
    return changed
