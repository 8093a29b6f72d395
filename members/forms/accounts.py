"""Forms of the account pages and of activation. Every error comes back beside its field."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from members import activation
from members.models import Member, Organization, Role
from members.services.accounts import CELL_ROLES, USERNAME_RE, organizations_in_reach

BAD_ORGANIZATION = _("Chọn một tổ chức trong phạm vi bạn quản lý.")
BAD_ROLE = _("Chọn một vai trò trong danh sách.")


def _role_choices(roles, blank: str | None = None) -> list[tuple[str, str]]:
    labels = dict(Role.choices)
    choices = [(role, labels[role]) for role in roles]
    return [("", blank), *choices] if blank is not None else choices


class OrganizationField(forms.ModelChoiceField):
    """Organizations in the staff member's reach, indented under their committee."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid_choice": BAD_ORGANIZATION})
        super().__init__(queryset=Organization.objects.none(), **kwargs)
        self.top_depth = 0

    def label_from_instance(self, obj: Organization) -> str:
        depth = obj.path.count("/") - self.top_depth
        return f"{'— ' * max(depth, 0)}{obj.name}"


def _limit_to_reach(field: OrganizationField, by) -> None:
    orgs = organizations_in_reach(by).order_by("path")
    field.queryset = orgs
    first = orgs.values_list("path", flat=True).first()
    field.top_depth = first.count("/") if first else 0


class CreateForMembersForm(forms.Form):
    """Which members of a cell get an account, and which role on the cell, if any."""

    members = forms.TypedMultipleChoiceField(
        label=_("Đảng viên"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Chọn ít nhất một đảng viên."),
            "invalid_choice": _(
                "Có đảng viên đã chọn không còn trong danh sách chưa có tài khoản; "
                "hãy xem lại danh sách."
            ),
        },
    )
    role = forms.ChoiceField(
        label=_("Giao thêm vai trò trên chi bộ (nếu cần)"),
        required=False,
        error_messages={"invalid_choice": BAD_ROLE},
    )

    def __init__(self, *args, candidates: list[Member], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        self.fields["members"].choices = [(m.pk, m.full_name) for m in candidates]
        self.fields["role"].choices = _role_choices(CELL_ROLES, blank=_("— Không giao vai trò —"))
        if not self.is_bound:
            self.initial["members"] = [m.pk for m in candidates]

    def selected(self) -> list[Member]:
        chosen = set(self.cleaned_data["members"])
        return [m for m in self.candidates if m.pk in chosen]


class StaffAccountForm(forms.Form):
    """An account for committee staff who are on no roster."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=40,
        required=False,
        help_text=_("Để trống để tạo tự động từ họ tên (ví dụ: trang.ntt)."),
    )
    email = forms.EmailField(
        label=_("Thư điện tử"),
        required=False,
        error_messages={"invalid": _("Địa chỉ thư điện tử không hợp lệ.")},
    )
    organization = OrganizationField(label=_("Tổ chức"), empty_label=None)
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=Role.choices, error_messages={"invalid_choice": BAD_ROLE}
    )

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_to_reach(self.fields["organization"], by)
        self.fields["full_name"].error_messages["required"] = _("Nhập họ và tên.")

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip().lower()
        if username and not USERNAME_RE.match(username):
            raise forms.ValidationError(
                _(
                    "Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số và các dấu . _ -, "
                    "từ 2 đến 40 ký tự."
                )
            )
        return username

    def clean(self):
        data = super().clean()
        org, role = data.get("organization"), data.get("role")
        if org is not None and org.is_cell and role == Role.REVIEWER:
            self.add_error(
                "role",
                _("Vai trò duyệt chỉ giao trên một cấp ủy (đảng bộ), không giao trên chi bộ."),
            )
        return data


class GrantForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=Role.choices, error_messages={"invalid_choice": BAD_ROLE}
    )
    organization = OrganizationField(label=_("Trên tổ chức"), empty_label=None)

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_to_reach(self.fields["organization"], by)
        self.fields["organization"].error_messages["required"] = BAD_ORGANIZATION

    def clean(self):
        data = super().clean()
        org, role = data.get("organization"), data.get("role")
        if org is not None and org.is_cell and role == Role.REVIEWER:
            self.add_error(
                "role",
                _("Vai trò duyệt chỉ giao trên một cấp ủy (đảng bộ), không giao trên chi bộ."),
            )
        return data


class ScopeForm(forms.Form):
    """The organization whose accounts the list shows (its whole subtree)."""

    org = OrganizationField(label=_("Tổ chức"), required=False)

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_to_reach(self.fields["org"], by)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã kích hoạt"),
        max_length=40,
        help_text=_(
            "12 ký tự in trên phiếu, ví dụ K7PM-3XQA-9DRT; không phân biệt chữ hoa, chữ thường."
        ),
        error_messages={"required": _("Nhập mã kích hoạt.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not activation.well_formed(code):
            raise forms.ValidationError(
                _("Mã kích hoạt gồm 12 chữ và số, ví dụ K7PM-3XQA-9DRT. Vui lòng kiểm tra lại.")
            )
        return activation.display(activation.normalise(code))


class ActivationPasswordForm(SetPasswordForm):
    """Django's own form, so every configured password validator applies."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        for name in ("new_password1", "new_password2"):
            self.fields[name].error_messages["required"] = _("Nhập mật khẩu.")

    def validate_password_for_user(self, user, password_field_name="new_password2"):
        password = self.cleaned_data.get(password_field_name)
        if not password:
            return
        try:
            password_validation.validate_password(password, user)
        except forms.ValidationError as error:
            self.add_error(password_field_name, [_vietnamese(e) for e in error.error_list])


def _vietnamese(error: forms.ValidationError) -> forms.ValidationError:
    # Django's Vietnamese catalogue lacks the plural message of the length rule;
    # the other validators' messages are translated there.
    if error.code == "password_too_short":
        return forms.ValidationError(
            _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự."),
            code=error.code,
            params=error.params,
        )
    return error
