"""Account pages for committee staff, and activation for the account's owner.

Access, in one order everywhere: an account or cell outside what the user may
see is 404; one they may see (a cell whose roster they read, a member of it)
but may not manage, because they are not committee staff, is 403 with a
message. Committee staff (reviewers, directly or from above; superusers) see
and manage the accounts of their own part of the tree, never above it.

Activation codes are shown once: right after they are made they are kept in
the session of the person who made them, under a random batch id, and the
first GET of the sheet takes them out. A reload says so and offers new codes.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from config.login_throttle import client_ip
from members import activation
from members.access import is_committee_staff, roster_cells_visible_to
from members.forms.accounts import (
    ActivationPasswordForm,
    CodeForm,
    CreateForMembersForm,
    GrantForm,
    ScopeForm,
    StaffAccountForm,
)
from members.models import ActivationCode, Member, Organization, OrganizationKind, RoleGrant
from members.services import accounts as services
from minutes.audit import person_name
from minutes.vnformat import short_date

User = get_user_model()

PAGE_SIZE = 50
SESSION_KEY = "account_codes"
# Activation attempts: this many wrong codes from one client address, then a pause.
FAILURE_LIMIT = 10
FAILURE_WINDOW = 15 * 60


# --- access -----------------------------------------------------------------------


def staff_view(view: Callable) -> Callable:
    """Log-in required; PermissionDenied becomes a 403 page with its message."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            message = str(refusal) or _("Chỉ cấp ủy cấp trên mới quản lý tài khoản và phân quyền.")
            return render(
                request, "members/accounts/forbidden.html", {"message": message}, status=403
            )

    return wrapper


def _require_staff(user) -> None:
    if not (user.is_superuser or services.organizations_in_reach(user).exists()):
        raise PermissionDenied


def _account(request: HttpRequest, user_id: int):
    """The account `user_id` if the user manages it; 403 if they only see it; else 404."""
    by = request.user
    found = services.accounts_in_reach(by).filter(pk=user_id).select_related("member__cell").first()
    if found is not None:
        return found
    readable = roster_cells_visible_to(by)
    related = User.objects.filter(pk=user_id).filter(
        Q(member__cell__in=readable) | Q(role_grants__organization__in=readable)
    )
    if related.exists():
        raise PermissionDenied
    raise Http404


# --- the sheet of codes -----------------------------------------------------------


def _sheet_row(request: HttpRequest, user, code: str, place: str) -> dict:
    expires = timezone.localtime(activation.expiry_from(timezone.now())).date()
    return {
        "user_id": user.pk,
        "name": person_name(user),
        "place": place,
        "username": user.get_username(),
        "code": code,
        "link": request.build_absolute_uri(reverse("activate_code", args=[code])),
        "expires": short_date(expires),
    }


def _keep_codes(request: HttpRequest, rows: list[dict]) -> str:
    """Keep the codes in this session until the sheet is shown; return the batch id."""
    batch = secrets.token_urlsafe(12)
    store = request.session.get(SESSION_KEY, {})
    # A few recent batches at most: the codes themselves leave when shown.
    for old in list(store)[:-4]:
        store.pop(old)
    store[batch] = {"rows": rows, "users": [row["user_id"] for row in rows]}
    request.session[SESSION_KEY] = store
    return batch


def _place(user) -> str:
    member = Member.objects.filter(user=user).select_related("cell").first()
    if member is not None:
        return member.cell.name
    grant = user.role_grants.select_related("organization").order_by("organization__path").first()
    return grant.organization.name if grant else ""


@never_cache
@staff_view
def codes(request: HttpRequest, batch: str) -> HttpResponse:
    """GET: the sheet, once. POST: new codes for the same accounts (the old ones stop working)."""
    _require_staff(request.user)
    store = request.session.get(SESSION_KEY, {})
    entry = store.get(batch)
    if request.method == "POST":
        if not entry:
            messages.error(request, _("Không còn danh sách tài khoản của lần tạo này."))
            return redirect("accounts_list")
        users = list(services.accounts_in_reach(request.user).filter(pk__in=entry["users"]))
        try:
            issued = services.issue_activation_codes(users, request.user)
        except services.AccountError as error:
            messages.error(request, error.message)
            return redirect("accounts_list")
        rows = [_sheet_row(request, user, code, _place(user)) for user, code in issued]
        return redirect("accounts_codes", batch=_keep_codes(request, rows))
    if entry and entry.get("rows"):
        rows = entry.pop("rows")
        request.session[SESSION_KEY] = store
        return render(request, "members/accounts/codes.html", {"rows": rows, "batch": batch})
    return render(
        request,
        "members/accounts/codes_shown.html",
        {"batch": batch, "count": len(entry["users"]) if entry else 0},
    )


# --- the list ---------------------------------------------------------------------


def _scope_choices(by, scope: Organization | None) -> list[Organization]:
    """Committees in reach, and the cells of the committee being looked at (not every cell)."""
    reach = services.organizations_in_reach(by)
    committees = list(reach.exclude(kind=OrganizationKind.CELL).order_by("path")[:500])
    if scope is None:
        return committees
    cells = list(reach.cells().filter(path__startswith=scope.path).order_by("path")[:500])
    return sorted({*committees, *cells}, key=lambda org: org.path)


@staff_view
def account_list(request: HttpRequest) -> HttpResponse:
    by = request.user
    _require_staff(by)
    form = ScopeForm(request.GET or None, by=by)
    scope = None
    if form.is_bound and form.is_valid():
        scope = form.cleaned_data["org"]
    elif form.is_bound:
        messages.error(request, form.errors["org"][0])
    now = timezone.now()
    users = (
        services.accounts_in_reach(by, scope)
        .select_related("member__cell")
        .prefetch_related(
            Prefetch(
                "role_grants",
                queryset=services.grants_in_reach(by)
                .select_related("organization")
                .order_by("organization__path", "role"),
                to_attr="grants_in_reach",
            ),
            Prefetch(
                "activation_codes",
                queryset=ActivationCode.objects.filter(used_at__isnull=True).order_by(
                    "-expires_at"
                ),
                to_attr="unused_codes",
            ),
        )
        .order_by("first_name", "last_name", "username")
    )
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    for user in page:
        _describe(user, now)
    query = urlencode({"org": scope.pk} if scope else {})
    return render(
        request,
        "members/accounts/list.html",
        {
            "page": page,
            "scope": scope,
            "choices": _scope_choices(by, scope),
            "query_string": query,
        },
    )


def _describe(user, now) -> None:
    """What the list and the account page show about activation and last log-in."""
    # Absent reverse one-to-one raises an AttributeError subclass: getattr's default applies.
    member = getattr(user, "member", None)
    user.roster_entry = member
    user.display_name = member.full_name if member is not None else person_name(user)
    user.last_login_label = (
        short_date(timezone.localtime(user.last_login).date()) if user.last_login else ""
    )
    pending = next((c for c in user.unused_codes if c.expires_at > now), None)
    user.pending_until = (
        short_date(timezone.localtime(pending.expires_at).date()) if pending else ""
    )
    user.code_expired = pending is None and bool(user.unused_codes)
    user.activated = user.has_usable_password()


# --- making accounts --------------------------------------------------------------


@staff_view
def create_for_cell(request: HttpRequest, pk: int) -> HttpResponse:
    """Accounts for the members of a cell who have none: one POST, one sheet of codes."""
    by = request.user
    cell = get_object_or_404(Organization.objects.cells(), pk=pk)
    if not is_committee_staff(by, cell):
        if roster_cells_visible_to(by).filter(pk=cell.pk).exists():
            raise PermissionDenied
        raise Http404
    candidates = list(
        Member.objects.filter(cell=cell, user__isnull=True, left_on__isnull=True).order_by(
            "search_name", "pk"
        )
    )
    form = CreateForMembersForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_accounts_for_members(
                form.selected(), by, role=form.cleaned_data["role"] or None
            )
        except services.AccountError as error:
            form.add_error(None, error.message)
        else:
            rows = [_sheet_row(request, user, code, cell.name) for _m, user, code in created]
            messages.success(
                request,
                _("Đã tạo %(n)d tài khoản. Mã kích hoạt chỉ hiện một lần: hãy in phiếu ngay.")
                % {"n": len(rows)},
            )
            return redirect("accounts_codes", batch=_keep_codes(request, rows))
    return render(
        request,
        "members/accounts/create_for_cell.html",
        {"cell": cell, "form": form, "candidates": candidates},
    )


@staff_view
def new_staff(request: HttpRequest) -> HttpResponse:
    by = request.user
    _require_staff(by)
    form = StaffAccountForm(request.POST or None, by=by)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.create_staff_account(
                full_name=data["full_name"],
                username=data["username"],
                email=data["email"],
                role=data["role"],
                organization=data["organization"],
                by=by,
            )
        except services.AccountError as error:
            form.add_error(error.field, error.message)
        else:
            row = _sheet_row(request, created.user, created.code, data["organization"].name)
            messages.success(
                request,
                _("Đã tạo tài khoản %(username)s. Mã kích hoạt chỉ hiện một lần.")
                % {"username": created.user.get_username()},
            )
            return redirect("accounts_codes", batch=_keep_codes(request, [row]))
    return render(request, "members/accounts/new_staff.html", {"form": form})


# --- one account ------------------------------------------------------------------


def _detail(request: HttpRequest, account, grant_form: GrantForm | None = None, status=200):
    by = request.user
    now = timezone.now()
    account.grants_in_reach = list(
        services.grants_in_reach(by)
        .filter(user=account)
        .select_related("organization")
        .order_by("organization__path", "role")
    )
    account.unused_codes = list(account.activation_codes.filter(used_at__isnull=True))
    _describe(account, now)
    others = RoleGrant.objects.filter(user=account).count() - len(account.grants_in_reach)
    is_self = account.pk == by.pk
    may_change_roles = by.is_superuser or not (account.is_superuser or is_self)
    return render(
        request,
        "members/accounts/detail.html",
        {
            "account": account,
            "others": others,
            "is_self": is_self,
            "may_change_roles": may_change_roles,
            "refusal": services.refusal(by, account),
            "grant_form": grant_form or GrantForm(by=by),
        },
        status=status,
    )


@staff_view
def account_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    return _detail(request, _account(request, user_id))


def _account_action(view: Callable) -> Callable:
    """POST only (405 before anything else), staff only; refusals come back as messages."""

    @require_POST
    @staff_view
    @functools.wraps(view)
    def wrapper(request: HttpRequest, user_id: int, *args, **kwargs) -> HttpResponse:
        account = _account(request, user_id)
        try:
            response = view(request, account, *args, **kwargs)
        except services.AccountError as error:
            messages.error(request, error.message)
            response = None
        return response or redirect("accounts_user", user_id=account.pk)

    return wrapper


@_account_action
def grant(request: HttpRequest, account) -> HttpResponse | None:
    form = GrantForm(request.POST, by=request.user)
    if not form.is_valid():
        return _detail(request, account, grant_form=form)
    try:
        made = services.grant_role(
            account, form.cleaned_data["organization"], form.cleaned_data["role"], request.user
        )
    except services.AccountError as error:
        form.add_error(None, error.message)
        return _detail(request, account, grant_form=form)
    messages.success(
        request,
        _("Đã giao vai trò %(role)s trên %(org)s.")
        % {"role": made.get_role_display(), "org": made.organization.name},
    )
    return None


@_account_action
def revoke(request: HttpRequest, account, grant_id: int) -> None:
    found = get_object_or_404(services.grants_in_reach(request.user), pk=grant_id, user=account)
    services.revoke_role(found, request.user)
    messages.success(
        request,
        _("Đã thu hồi vai trò %(role)s trên %(org)s.")
        % {"role": found.get_role_display(), "org": found.organization.name},
    )


@_account_action
def issue_code(request: HttpRequest, account) -> HttpResponse:
    code = services.issue_activation_code(account, request.user)
    row = _sheet_row(request, account, code, _place(account))
    return redirect("accounts_codes", batch=_keep_codes(request, [row]))


@_account_action
def deactivate(request: HttpRequest, account) -> None:
    if services.deactivate_account(account, request.user, reason=request.POST.get("reason", "")):
        messages.success(request, _("Đã khóa tài khoản. Người này không đăng nhập được nữa."))


@_account_action
def reactivate(request: HttpRequest, account) -> None:
    if services.reactivate_account(account, request.user):
        messages.success(request, _("Đã mở khóa tài khoản."))


# --- activation (anonymous) -------------------------------------------------------


def _client_key(request: HttpRequest) -> str:
    # The same client address as the log-in throttle (the proxy's header only when configured).
    return f"activation-failures:{client_ip(request) or ''}"


def _limited(request: HttpRequest) -> bool:
    return cache.get(_client_key(request), 0) >= FAILURE_LIMIT


def _failed(request: HttpRequest) -> None:
    key = _client_key(request)
    # The window starts at the first failure: `add` sets the expiry only once.
    cache.add(key, 0, FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, FAILURE_WINDOW)


def _refused(request: HttpRequest, state: str, status: int = 200) -> HttpResponse:
    return render(request, "registration/activate_failed.html", {"state": state}, status=status)


@never_cache
def activate_start(request: HttpRequest) -> HttpResponse:
    """The page where a person types the code from their slip."""
    if _limited(request):
        return _refused(request, "limited", status=429)
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            return redirect("activate_code", code=form.cleaned_data["code"])
        _failed(request)
    return render(request, "registration/activate.html", {"form": form})


@never_cache
def activate_code(request: HttpRequest, code: str) -> HttpResponse:
    """Choose a password with a valid code; then the person is logged in."""
    if _limited(request):
        return _refused(request, "limited", status=429)
    found = activation.lookup(code)
    if found.state != activation.CodeState.VALID:
        _failed(request)
        return _refused(request, found.state)
    user = found.code.user
    form = ActivationPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.activate(code, form.cleaned_data["new_password1"])
        except services.ActivationError as error:
            return _refused(request, error.state)
        except ValidationError as error:
            form.add_error("new_password1", error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _(
                    "Tài khoản đã được kích hoạt. Từ nay bạn đăng nhập bằng tên %(username)s "
                    "và mật khẩu vừa đặt."
                )
                % {"username": user.get_username()},
            )
            return redirect("home")
    return render(
        request,
        "registration/activate_password.html",
        {"form": form, "account": user, "name": person_name(user)},
    )
