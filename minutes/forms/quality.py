"""Forms of quality assessment: a framework typed as lines, its adoption, a meeting's scores.

A framework's criteria and grades are typed one per line ("text | max",
"label | min"), the way they read in the issuing document; every line that
cannot be read is named in the error beside the field, and nothing typed is lost.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.access import organizations_with_role
from members.models import Organization, OrganizationKind, Role
from minutes.datetime_fields import date_field
from minutes.models import MeetingKind, QualityFramework
from minutes.services.quality import FrameworkData

MAX_LINES = 60


def parse_lines(text: str, what: str) -> tuple[list[tuple[str, int]], list[str]]:
    """Lines "text | number" as pairs, and a message for each line that is not one."""
    pairs, errors = [], []
    lines = [line.strip() for line in (text or "").splitlines()]
    lines = [line for line in lines if line]
    if len(lines) > MAX_LINES:
        return [], [_("Tối đa %(n)d dòng.") % {"n": MAX_LINES}]
    for number, line in enumerate(lines, start=1):
        label, sep, value = line.rpartition("|")
        label, value = label.strip(), value.strip()
        if not sep or not label:
            errors.append(_("Dòng %(n)d: cần ghi “%(w)s | số điểm”.") % {"n": number, "w": what})
            continue
        if not value.isdigit() or int(value) > 1000:
            errors.append(
                _("Dòng %(n)d: “%(v)s” không phải số điểm (số nguyên từ 0 đến 1000).")
                % {"n": number, "v": value}
            )
            continue
        pairs.append((label, int(value)))
    return pairs, errors


class FrameworkForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=gettext_lazy("Cấp ủy nhập khung"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=gettext_lazy("— Dùng chung cho mọi cấp ủy (quản trị viên) —"),
    )
    name = forms.CharField(label=gettext_lazy("Tên khung đánh giá"), max_length=200)
    document_number = forms.CharField(
        label=gettext_lazy("Số hiệu văn bản ban hành"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("Ví dụ: 42-HD/BTCTW"),
    )
    document_date = date_field(gettext_lazy("Ngày ban hành"), required=False)
    issuer = forms.CharField(label=gettext_lazy("Cơ quan ban hành"), max_length=200, required=False)
    caution = forms.CharField(
        label=gettext_lazy("Lưu ý"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Ví dụ: cần đối chiếu văn bản gốc. Để trống khi đã đối chiếu."),
    )
    meeting_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Áp dụng cho loại sinh hoạt (không chọn: mọi loại)"),
        choices=MeetingKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    declared_total = forms.IntegerField(
        label=gettext_lazy("Tổng điểm theo văn bản"),
        required=False,
        min_value=1,
        max_value=1000,
        help_text=gettext_lazy("Ví dụ: 100. Các tiêu chí phải cộng lại đúng bằng số này."),
    )
    criteria = forms.CharField(
        label=gettext_lazy("Tiêu chí (mỗi dòng: nội dung | điểm tối đa)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Ví dụ: Công tác chuẩn bị sinh hoạt | 10"),
    )
    grades = forms.CharField(
        label=gettext_lazy("Mức xếp loại (mỗi dòng: tên mức | từ số điểm)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Ví dụ: Tốt | 90. Mức thấp nhất bắt đầu từ 0."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["owner"].queryset = (
            organizations_with_role(user, Role.REVIEWER)
            .exclude(kind=OrganizationKind.CELL)
            .order_by("path")
        )
        if not user.is_superuser:
            self.fields["owner"].required = True
            self.fields["owner"].empty_label = None

    def clean_criteria(self) -> list[tuple[str, int]]:
        pairs, errors = parse_lines(self.cleaned_data["criteria"], _("nội dung"))
        if errors:
            raise forms.ValidationError(errors)
        return pairs

    def clean_grades(self) -> list[tuple[str, int]]:
        pairs, errors = parse_lines(self.cleaned_data["grades"], _("tên mức"))
        if errors:
            raise forms.ValidationError(errors)
        return pairs

    def framework_data(self) -> FrameworkData:
        data = self.cleaned_data
        return FrameworkData(
            name=data["name"],
            document_number=data.get("document_number") or "",
            document_date=data.get("document_date"),
            issuer=data.get("issuer") or "",
            caution=data.get("caution") or "",
            meeting_kinds=data.get("meeting_kinds") or [],
            declared_total=data.get("declared_total"),
            criteria=data["criteria"],
            grades=data["grades"],
        )

    def clean(self):
        data = super().clean()
        if "criteria" in data and "grades" in data and "name" in data:
            # The whole framework is checked before anything is saved (or previewed).
            problems = self.framework_data().problems()
            if problems:
                raise forms.ValidationError(problems)
        return data


class AdoptionForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Cấp ủy áp dụng cho các chi bộ trực thuộc"),
        queryset=Organization.objects.none(),
        empty_label=None,
    )
    valid_from = date_field(gettext_lazy("Áp dụng từ ngày"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            organizations_with_role(user, Role.REVIEWER)
            .exclude(kind=OrganizationKind.CELL)
            .order_by("path")
        )


class AssessmentForm(forms.Form):
    """One points field per criterion of `framework`; the grade is computed, never typed."""

    def __init__(
        self,
        *args,
        framework: QualityFramework,
        initial_points=None,
        with_assessor: bool = False,
        **kwargs,
    ):
        # Prefixed: in the editor its fields sit beside the other sections' (ids stay unique).
        kwargs.setdefault("prefix", "quality")
        super().__init__(*args, **kwargs)
        self.framework = framework
        initial_points = initial_points or {}
        for criterion in framework.criteria.all():
            self.fields[f"criterion_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.text} ({_('tối đa %(m)d điểm') % {'m': criterion.max_points}})",
                min_value=0,
                max_value=criterion.max_points,
                initial=initial_points.get(criterion.pk),
                error_messages={
                    "max_value": _("Tối đa %(m)d điểm.") % {"m": criterion.max_points},
                    "min_value": _("Điểm không được âm."),
                    "required": _("Chưa chấm điểm tiêu chí này."),
                    "invalid": _("Ghi một số nguyên."),
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            self.fields[f"criterion_{criterion.pk}"].criterion = criterion
        if with_assessor:
            # The superior's assessment may be made by a committee member who attended
            # as a guest and entered by the reviewer: the name says whose it is.
            self.fields["assessor_name"] = forms.CharField(
                label=gettext_lazy("Người đánh giá (họ tên, chức vụ)"),
                max_length=200,
                required=False,
                help_text=gettext_lazy("Để trống: ghi tên người đang đăng nhập."),
            )
        self.fields["note"] = forms.CharField(
            label=gettext_lazy("Nhận xét"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def criterion_fields(self):
        return [self[name] for name in self.fields if name.startswith("criterion_")]

    def points(self) -> dict[int, int]:
        return {
            field.criterion.pk: self.cleaned_data[name]
            for name, field in self.fields.items()
            if name.startswith("criterion_")
        }
