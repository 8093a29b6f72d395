"""Forms of the roster pages and of the committee's decisions. Errors come back beside the field.

The forms check what a person can type wrong; the services check the rules
again (they are the one way in) and their `RosterError` carries the field it
concerns, so the view puts the message in the same place (`apply_error`).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import EventKind, Gender, Member, Position, RegisterProposal
from members.services.roster import FLAG_KINDS, MAX_DAYS_AHEAD, RECORDABLE_KINDS, WITH_END_DATE
from minutes.datetime_fields import date_field
from minutes.models import DecisionKind


def apply_error(form: forms.Form, error) -> None:
    """Show a service's RosterError beside its field (or above the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    gender = forms.ChoiceField(label=_("Giới tính"), choices=Gender.choices)
    birth_date = date_field(_("Ngày sinh"), required=False)
    card_number = forms.CharField(label=_("Số thẻ đảng viên"), max_length=30, required=False)
    admitted_on = date_field(_("Ngày vào Đảng"))
    official_on = date_field(
        _("Ngày chính thức"),
        required=False,
        help_text=_("Để trống khi còn là đảng viên dự bị."),
    )
    position = forms.ChoiceField(
        label=_("Chức vụ trong chi bộ"), choices=Position.choices, initial=Position.MEMBER
    )
    job_title = forms.CharField(label=_("Chức vụ, đơn vị công tác"), max_length=200, required=False)

    @classmethod
    def for_member(cls, member: Member, data=None) -> MemberForm:
        return cls(data, initial={name: getattr(member, name) for name in cls.base_fields})

    def clean_full_name(self) -> str:
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError(_("Hãy ghi họ và tên."))
        return name

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        admitted, official, birth = (
            data.get("admitted_on"),
            data.get("official_on"),
            data.get("birth_date"),
        )
        if admitted and admitted > today:
            self.add_error("admitted_on", _("Ngày vào Đảng không được ở tương lai."))
        if admitted and official and official < admitted:
            self.add_error("official_on", _("Ngày chính thức không được trước ngày vào Đảng."))
        if official and official > today:
            self.add_error("official_on", _("Ngày chính thức không được ở tương lai."))
        if birth and admitted and birth >= admitted:
            self.add_error("birth_date", _("Ngày sinh phải trước ngày vào Đảng."))
        return data


class EventForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Sự kiện"),
        choices=[(k, label) for k, label in EventKind.choices if k in RECORDABLE_KINDS],
    )
    date = date_field(_("Ngày"), initial=timezone.localdate)
    end_date = date_field(
        _("Đến ngày"),
        required=False,
        help_text=_("Với miễn sinh hoạt và sinh hoạt tạm thời; để trống nếu chưa xác định."),
    )
    reason = forms.CharField(
        label=_("Lý do"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    place = forms.CharField(
        label=_("Nơi đi / nơi đến"),
        max_length=200,
        required=False,
        help_text=_("Với sinh hoạt tạm thời và chuyển sinh hoạt đảng."),
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50, required=False)
    decision_date = date_field(_("Ngày quyết định"), required=False)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        kind, date, end = data.get("kind"), data.get("date"), data.get("end_date")
        if date and kind in FLAG_KINDS and date > today:
            self.add_error(
                "date", _("Sự kiện này có hiệu lực ngay khi ghi: ngày không được ở tương lai.")
            )
        elif date and date > today + dt.timedelta(days=MAX_DAYS_AHEAD):
            self.add_error(
                "date",
                _("Ngày của sự kiện không được quá %(n)d ngày sau hôm nay.")
                % {"n": MAX_DAYS_AHEAD},
            )
        if end and kind and kind not in WITH_END_DATE:
            self.add_error("end_date", _("Loại sự kiện này không có ngày kết thúc."))
        elif end and date and end < date:
            self.add_error("end_date", _("Ngày kết thúc không được trước ngày bắt đầu."))
        if kind in (EventKind.ATTACH_OUT, EventKind.ATTACH_IN) and not data.get("place"):
            self.add_error("place", _("Hãy ghi nơi sinh hoạt tạm thời."))
        decision_date = data.get("decision_date")
        if decision_date and decision_date > today:
            self.add_error("decision_date", _("Ngày quyết định không được ở tương lai."))
        if data.get("decision_number") and not decision_date:
            self.add_error("decision_date", _("Hãy ghi ngày của quyết định."))
        return data


class DecideForm(forms.Form):
    """The committee's decision on one proposal; the fields shown depend on its kind."""

    member = forms.ModelChoiceField(
        label=_("Đảng viên"), queryset=Member.objects.none(), required=False
    )
    full_name = forms.CharField(label=_("Họ và tên người được kết nạp"), max_length=120)
    gender = forms.ChoiceField(label=_("Giới tính"), choices=[("", "—"), *Gender.choices])
    birth_date = date_field(_("Ngày sinh"), required=False)
    decision_number = forms.CharField(label=_("Số quyết định của cấp trên"), max_length=50)
    decision_date = date_field(_("Ngày quyết định"))
    effective_date = date_field(_("Ngày có hiệu lực"), required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args, proposal: RegisterProposal, default_effective=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        kind = proposal.kind
        if kind == DecisionKind.ADMISSION:
            del self.fields["member"]
            self.fields["effective_date"].label = _("Ngày tổ chức lễ kết nạp")
            self.fields["effective_date"].required = True
            self.fields["effective_date"].help_text = _(
                "Thời gian dự bị 12 tháng tính từ ngày này."
            )
        else:
            for name in ("full_name", "gender", "birth_date"):
                del self.fields[name]
            if proposal.member_id:
                del self.fields["member"]
            else:
                self.fields["member"].required = True
                self.fields["member"].queryset = Member.objects.filter(
                    cell=proposal.cell, left_on__isnull=True
                ).order_by("search_name")
            if kind == DecisionKind.OFFICIAL_RECOGNITION:
                self.fields["effective_date"].label = _("Ngày chính thức")
                self.fields["effective_date"].help_text = _(
                    "Mặc định: ngày hết thời gian dự bị (ngày vào Đảng + thời gian dự bị)."
                )
            else:
                self.fields["effective_date"].help_text = _(
                    "Để trống: có hiệu lực từ ngày quyết định."
                )
        if default_effective and not self.is_bound:
            self.initial["effective_date"] = default_effective

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        decision_date = data.get("decision_date")
        if decision_date and decision_date > today:
            self.add_error("decision_date", _("Ngày quyết định không được ở tương lai."))
        effective = data.get("effective_date")
        if effective and effective > today:
            self.add_error("effective_date", _("Ngày có hiệu lực không được ở tương lai."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "decision_number": data["decision_number"],
            "decision_date": data["decision_date"],
            "effective_date": data.get("effective_date"),
            "member": data.get("member"),
            "full_name": data.get("full_name", ""),
            "gender": data.get("gender", ""),
            "birth_date": data.get("birth_date"),
            "note": data.get("note", ""),
        }


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Lý do không ra quyết định"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy ghi lý do không ra quyết định.")},
    )
