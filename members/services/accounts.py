"""Accounts and roles, kept by committee staff without the Django admin.

Committee staff are the reviewers of a committee (directly or from above) and
superusers (`members.access.is_committee_staff`). They make accounts for the
members on the rosters below them and for staff who are on no roster, grant
and revoke roles on the organizations below them, issue one-time activation
codes, and lock accounts. Nobody reaches above their own grant: an account
that also holds a role elsewhere is changed only by someone who reaches that
far too.

Every state change is one function: atomic, permission checked inside
(PermissionDenied; `AccountError` for a refusal whose message the page shows),
one audit event per account or grant in the hash chain of the cell or
committee concerned (`minutes.audit.record_event`).

A new account has an unusable password until its owner types the activation
code (members.activation) and chooses one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from members import activation
from members.access import is_committee_staff, organizations_with_role
from members.models import ActivationCode, Member, Organization, Role, RoleGrant
from minutes.audit import Action, person_name, record_event
from minutes.vnformat import fold, nfc

User = get_user_model()

# Not (yet) in minutes.audit.Action: used as they are until the lead adds them there.

# Roles that mean something on a cell; a reviewer reviews the cells *below* a committee.
CELL_ROLES = (Role.RECORDER, Role.CHAIR, Role.VIEWER)
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


class AccountError(Exception):
    """The change cannot be made; the message says why, in the user's language."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field  # the form field the message belongs beside, if any


class ActivationError(Exception):
    """The code cannot be used: `state` is activation.CodeState.EXPIRED or INVALID."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


class Created(NamedTuple):
    """A new account and its code, as shown once: (member, user, code)."""

    member: Member | None
    user: AbstractBaseUser
    code: str


# --- reading: what a staff member reaches ----------------------------------------


def organizations_in_reach(by) -> QuerySet[Organization]:
    """Organizations where `by` is committee staff: their committee and everything below."""
    return organizations_with_role(by, Role.REVIEWER)


def accounts_in_reach(by, scope: Organization | None = None) -> QuerySet:
    """Accounts with a role or a roster entry at or below `scope` (default: all `by` reaches)."""
    if not by.is_authenticated:
        return User.objects.none()
    orgs = organizations_in_reach(by)
    if scope is not None:
        orgs = orgs.filter(path__startswith=scope.path)
    elif by.is_superuser:
        return User.objects.all()
    granted = RoleGrant.objects.filter(organization__in=orgs).values("user_id")
    listed = Member.objects.filter(cell__in=orgs, user__isnull=False).values("user_id")
    return User.objects.filter(Q(pk__in=granted) | Q(pk__in=listed))


def grants_in_reach(by) -> QuerySet[RoleGrant]:
    if by.is_authenticated and by.is_superuser:
        return RoleGrant.objects.all()
    return RoleGrant.objects.filter(organization__in=organizations_in_reach(by))


def in_reach(by, user) -> bool:
    return accounts_in_reach(by).filter(pk=user.pk).exists()


def refusal(by, user) -> str:
    """Why `by` may not lock `user` or issue them a code ("" when they may)."""
    if user.is_superuser and not by.is_superuser:
        return _("Không thể thay đổi tài khoản quản trị hệ thống.")
    if by.is_superuser:
        return ""
    reach = organizations_in_reach(by)
    outside = RoleGrant.objects.filter(user=user).exclude(organization__in=reach).exists()
    if not outside:
        outside = Member.objects.filter(user=user).exclude(cell__in=reach).exists()
    if outside:
        return _(
            "Tài khoản này còn có quyền hoặc tên trong danh sách ở tổ chức ngoài phạm vi "
            "của bạn; cấp ủy cấp trên hoặc quản trị viên mới thay đổi được."
        )
    return ""


def home_organization(user, by) -> Organization | None:
    """The cell or committee whose audit chain records changes to `user`'s account."""
    member = Member.objects.filter(user=user).select_related("cell").first()
    reach = organizations_in_reach(by)
    if member is not None and reach.filter(pk=member.cell_id).exists():
        return member.cell
    grant = (
        RoleGrant.objects.filter(user=user, organization__in=reach)
        .select_related("organization")
        .order_by("organization__path")
        .first()
    )
    if grant is not None:
        return grant.organization
    return member.cell if member is not None and by.is_superuser else None


# --- usernames ------------------------------------------------------------------


def username_base(full_name: str) -> str:
    """ "Nguyễn Thị Thu Trang" → "trang.ntt": given name, then the initials before it."""
    words = [re.sub(r"[^a-z0-9]", "", word) for word in fold(full_name).split()]
    words = [word for word in words if word]
    if not words:
        return "dangvien"
    given, before = words[-1], words[:-1]
    base = given + ("." + "".join(word[0] for word in before) if before else "")
    return base[:30]


def unique_username(base: str, taken: Iterable[str] = ()) -> str:
    """`base`, or `base2`, `base3`… whichever no account (nor `taken`) has."""
    existing = {
        name.lower()
        for name in User.objects.filter(username__istartswith=base).values_list(
            "username", flat=True
        )
    }
    existing.update(taken)
    if base not in existing:
        return base
    n = 2
    while f"{base}{n}" in existing:
        n += 1
    return f"{base}{n}"


def split_name(full_name: str) -> tuple[str, str]:
    """(family and middle names, given name): Django's last_name and first_name."""
    words = nfc(full_name).split()
    if not words:
        return "", ""
    return " ".join(words[:-1]), words[-1]


def _new_user(*, full_name: str, username: str | None, email: str = "") -> AbstractBaseUser:
    """An active account with an unusable password, under a free username."""
    last_name, first_name = split_name(full_name)
    base = username or username_base(full_name)
    for _attempt in range(5):
        name = base if username else unique_username(base)
        user = User(username=name, first_name=first_name, last_name=last_name, email=email)
        user.set_unusable_password()
        try:
            # A concurrent request may take the same name between the check and
            # the insert: try the next free one rather than fail.
            with transaction.atomic():
                user.save()
        except IntegrityError:
            if username:
                raise AccountError(_("Tên đăng nhập này đã có người dùng."), "username") from None
            continue
        return user
    raise AccountError(_("Không tạo được tên đăng nhập, vui lòng thử lại."))


def _new_code(user, by) -> str:
    """Replace any unused code of `user` by a fresh one; return it as shown."""
    ActivationCode.objects.filter(user=user, used_at__isnull=True).delete()
    code = activation.generate_code()
    now = timezone.now()
    ActivationCode.objects.create(
        user=user,
        code_hash=activation.hash_code(code),
        created_by=by,
        expires_at=activation.expiry_from(now),
    )
    return code


def _grant(user, organization: Organization, role: str, by) -> RoleGrant:
    if role not in Role.values:
        raise AccountError(_("Vai trò không hợp lệ."))
    if organization.is_cell and role == Role.REVIEWER:
        raise AccountError(
            _("Vai trò duyệt chỉ giao trên một cấp ủy (đảng bộ), không giao trên chi bộ.")
        )
    grant, created = RoleGrant.objects.get_or_create(
        user=user, organization=organization, role=role
    )
    if not created:
        raise AccountError(_("Tài khoản đã có vai trò này trên tổ chức này."))
    record_event(
        organization=organization,
        action=Action.ROLE_GRANTED,
        actor=by,
        comment=_("%(role)s cho %(user)s (%(username)s)")
        % {
            "role": grant.get_role_display(),
            "user": person_name(user),
            "username": user.get_username(),
        },
    )
    return grant


def _check_staff(by, organization: Organization) -> None:
    if not is_committee_staff(by, organization):
        raise PermissionDenied(_("Bạn không quản lý tài khoản ở tổ chức này."))


# --- state changes --------------------------------------------------------------


@transaction.atomic
def create_accounts_for_members(
    members: Sequence[Member], by, *, role: str | None = None
) -> list[Created]:
    """An account for each member on a roster, with a code each, and optionally `role` on their cell.

    Members who already have an account or have left are refused, not skipped:
    the page listed only those without one, so a change means someone else was
    quicker, and the person creating should see what happened.
    """
    if not members:
        raise AccountError(_("Chọn ít nhất một đảng viên."))
    if role and role not in CELL_ROLES:
        raise AccountError(_("Vai trò này không giao trên chi bộ."))
    locked = {
        m.pk: m
        for m in Member.objects.select_for_update()
        .select_related("cell")
        .filter(pk__in=[m.pk for m in members])
    }
    created: list[Created] = []
    for given in members:
        member = locked.get(given.pk)
        if member is None:
            raise AccountError(_("Không tìm thấy đảng viên trong danh sách."))
        _check_staff(by, member.cell)
        if member.user_id is not None:
            raise AccountError(_("%(name)s đã có tài khoản.") % {"name": member.full_name})
        if member.left_on is not None:
            raise AccountError(
                _("%(name)s không còn trong danh sách chi bộ.") % {"name": member.full_name}
            )
        user = _new_user(full_name=member.full_name, username=None)
        member.user = user
        member.save(update_fields=["user"])
        record_event(
            organization=member.cell,
            action=Action.ACCOUNT_CREATED,
            actor=by,
            comment=_("Tài khoản %(username)s cho đảng viên %(name)s")
            % {"username": user.get_username(), "name": member.full_name},
        )
        if role:
            _grant(user, member.cell, role, by)
        created.append(Created(member, user, _new_code(user, by)))
    return created


@transaction.atomic
def create_staff_account(
    *,
    full_name: str,
    username: str = "",
    email: str = "",
    role: str,
    organization: Organization,
    by,
) -> Created:
    """An account for someone on no roster (committee staff), with `role` on `organization`."""
    _check_staff(by, organization)
    full_name = nfc(full_name).strip()
    if not full_name:
        raise AccountError(_("Nhập họ và tên."))
    username = (username or "").strip().lower()
    if username:
        if not USERNAME_RE.match(username):
            raise AccountError(
                _(
                    "Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số và các dấu . _ -, "
                    "từ 2 đến 40 ký tự."
                ),
                "username",
            )
        if User.objects.filter(username__iexact=username).exists():
            raise AccountError(_("Tên đăng nhập này đã có người dùng."), "username")
    user = _new_user(full_name=full_name, username=username or None, email=email.strip())
    record_event(
        organization=organization,
        action=Action.ACCOUNT_CREATED,
        actor=by,
        comment=_("Tài khoản %(username)s cho %(name)s")
        % {"username": user.get_username(), "name": full_name},
    )
    _grant(user, organization, role, by)
    return Created(None, user, _new_code(user, by))


@transaction.atomic
def issue_activation_code(user, by) -> str:
    """A new one-time code for `user` (any unused one stops working); returned once."""
    user = User.objects.select_for_update().get(pk=user.pk)
    org = home_organization(user, by)
    if org is None:
        raise PermissionDenied
    _check_staff(by, org)
    if reason := refusal(by, user):
        raise AccountError(reason)
    if not user.is_active:
        raise AccountError(_("Tài khoản đang bị khóa: mở khóa trước khi cấp mã kích hoạt."))
    code = _new_code(user, by)
    record_event(
        organization=org,
        action=Action.ACTIVATION_CODE_ISSUED,
        actor=by,
        comment=_("Cấp mã kích hoạt mới cho %(username)s") % {"username": user.get_username()},
    )
    return code


@transaction.atomic
def issue_activation_codes(users: Sequence, by) -> list[tuple]:
    """New codes for several accounts at once (a lost sheet): all of them or none."""
    return [(user, issue_activation_code(user, by)) for user in users]


@transaction.atomic
def activate(code: str, password: str):
    """Set the password of the account `code` was issued for; the code is then used up."""
    found = activation.lookup(code, lock=True)
    if found.state != activation.CodeState.VALID:
        raise ActivationError(found.state)
    record = found.code
    user = User.objects.select_for_update().get(pk=record.user_id)
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record.used_at = timezone.now()
    record.save(update_fields=["used_at"])
    return user


@transaction.atomic
def grant_role(user, organization: Organization, role: str, by) -> RoleGrant:
    """Give `user` `role` on `organization` (and so on everything below it)."""
    _check_staff(by, organization)
    if not by.is_superuser:
        if user.is_superuser:
            raise AccountError(_("Không thể thay đổi tài khoản quản trị hệ thống."))
        if user.pk == by.pk:
            raise AccountError(_("Bạn không tự phân quyền cho mình; cấp ủy cấp trên làm việc này."))
        if not in_reach(by, user):
            raise PermissionDenied
    return _grant(user, organization, role, by)


@transaction.atomic
def revoke_role(grant: RoleGrant, by) -> None:
    grant = RoleGrant.objects.select_related("organization", "user").get(pk=grant.pk)
    _check_staff(by, grant.organization)
    user = grant.user
    if not by.is_superuser:
        if user.is_superuser:
            raise AccountError(_("Không thể thay đổi tài khoản quản trị hệ thống."))
        if user.pk == by.pk:
            raise AccountError(
                _("Bạn không tự thu hồi quyền của mình; cấp ủy cấp trên làm việc này.")
            )
    record_event(
        organization=grant.organization,
        action=Action.ROLE_REVOKED,
        actor=by,
        comment=_("%(role)s của %(user)s (%(username)s)")
        % {
            "role": grant.get_role_display(),
            "user": person_name(user),
            "username": user.get_username(),
        },
    )
    grant.delete()


@transaction.atomic
def deactivate_account(user, by, *, reason: str = "") -> bool:
    """Lock `user` out (sessions end, unused codes stop working). False if already locked."""
    user = User.objects.select_for_update().get(pk=user.pk)
    org = home_organization(user, by)
    if org is None:
        raise PermissionDenied
    _check_staff(by, org)
    if user.pk == by.pk:
        raise AccountError(_("Bạn không thể tự khóa tài khoản của mình."))
    if why := refusal(by, user):
        raise AccountError(why)
    if not user.is_active:
        return False
    return lock_account(user, org, by, reason)


def lock_account(user, org: Organization, by, reason: str) -> bool:
    """Lock `user` out, inside the caller's transaction, for a caller that checked who may.

    Also the path of a member who leaves the roster (members.services.roster):
    the account stays (it recorded and signed minutes) but can no longer log in.
    """
    if not user.is_active:
        return False
    user.is_active = False
    user.save(update_fields=["is_active"])
    ActivationCode.objects.filter(user=user, used_at__isnull=True).delete()
    comment = _("Khóa tài khoản %(username)s") % {"username": user.get_username()}
    if reason:
        comment = f"{comment}: {nfc(reason).strip()}"
    record_event(
        organization=org,
        action=Action.ACCOUNT_DEACTIVATED,
        actor=by,
        comment=comment,
    )
    return True


@transaction.atomic
def reactivate_account(user, by) -> bool:
    """Let a locked account log in again. False if it was not locked."""
    user = User.objects.select_for_update().get(pk=user.pk)
    org = home_organization(user, by)
    if org is None:
        raise PermissionDenied
    _check_staff(by, org)
    if why := refusal(by, user):
        raise AccountError(why)
    if user.is_active:
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    record_event(
        organization=org,
        action=Action.ACCOUNT_REACTIVATED,
        actor=by,
        comment=_("Mở khóa tài khoản %(username)s") % {"username": user.get_username()},
    )
    return True
