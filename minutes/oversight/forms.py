"""Forms of the oversight pages. Every field error comes back beside the field."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.access import organizations_with_role
from members.models import Organization, OrganizationKind, Role
from minutes.datetime_fields import date_field
from minutes.models import ActionStatus
from minutes.services.oversight import REPORTABLE_STATUSES


class CampaignForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Cấp ủy giao"), queryset=Organization.objects.none(), empty_label=None
    )
    topic = forms.CharField(label=_("Chủ đề"), max_length=300)
    description = forms.CharField(
        label=_("Mục đích, yêu cầu"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    legal_bases = forms.CharField(
        label=_("Văn bản hướng dẫn (mỗi dòng một văn bản)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    deadline = date_field(_("Hạn hoàn thành"))
    pilot_cell = forms.ModelChoiceField(
        label=_("Chi bộ làm điểm (nếu có)"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— Không có —"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        reviewer_orgs = organizations_with_role(user, Role.REVIEWER)
        self.fields["committee"].queryset = reviewer_orgs.exclude(
            kind=OrganizationKind.CELL
        ).order_by("path")
        self.fields["pilot_cell"].queryset = reviewer_orgs.filter(
            kind=OrganizationKind.CELL
        ).order_by("path")

    def clean_deadline(self) -> dt.date:
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise forms.ValidationError(_("Hạn hoàn thành không được ở quá khứ."))
        return deadline

    def clean(self):
        data = super().clean()
        committee, pilot = data.get("committee"), data.get("pilot_cell")
        if committee and pilot and not pilot.path.startswith(committee.path):
            self.add_error(
                "pilot_cell", _("Chi bộ làm điểm phải là một chi bộ trực thuộc cấp ủy đã chọn.")
            )
        return data


class PeriodForm(forms.Form):
    start = date_field(_("Từ ngày"))
    end = date_field(_("Đến ngày"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
            elif (end - start).days > 366 * 10:
                self.add_error("end", _("Khoảng thời gian tối đa là 10 năm."))
        return data


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CompleteForm(forms.Form):
    note = forms.CharField(
        label=_("Kết quả khắc phục"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    done_on = date_field(_("Hoàn thành ngày"))

    def clean_done_on(self) -> dt.date:
        day = self.cleaned_data["done_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Ngày hoàn thành không được ở tương lai."))
        return day


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Lý do yêu cầu tiếp tục khắc phục"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProgressForm(forms.Form):
    note = forms.CharField(
        label=_("Kết quả khắc phục"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    status = forms.ChoiceField(
        label=_("Tình trạng sau cuộc họp"),
        choices=[(s.value, s.label) for s in ActionStatus if s in REPORTABLE_STATUSES],
    )
