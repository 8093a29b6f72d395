"""Forms of the meeting editor.

The forms only read and check what the user typed; the services in
`minutes.services.recording` write it. Every text is limited in length, every
number has bounds, dates and times are text read the Vietnamese way (21/6/2022,
19:30; minutes.datetime_fields), so no input reaches the database unchecked.

People are chosen by typing part of a name: `resolve_person` compares the
typed text, folded (no diacritics, no case), with `Participant.search_name`,
so "hoa" finds "Hòa" however it was typed. With JavaScript a suggestion list
fills in the exact person; without it the name alone is enough when it is
unambiguous.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Member, Organization
from minutes import datetime_fields
from minutes import rules as minutes_rules
from minutes.models import (
    AttendanceStatus,
    Campaign,
    CatalogItem,
    CommitteeSettings,
    DecisionKind,
    Meeting,
    MeetingKind,
    NonMemberKind,
    Participant,
    ParticipantRole,
    PresentationKind,
    SessionPart,
    ShortcomingSubject,
    VotingRule,
)
from minutes.services import recording as services
from minutes.vnformat import fold, nfc, short_date

# Generous, but bounded: a gist or a conclusion is never a book.
LONG_TEXT = 20000
SHORT_TEXT = 5000
MAX_VOTES = 9999
EARLIEST_DATE = dt.date(1930, 2, 3)  # the Party's founding


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# --- what the forms need to know about the meeting


@dataclass
class EditorContext:
    """The meeting with its parts loaded once, and the figures the forms check against."""

    meeting: Meeting
    settings: CommitteeSettings
    voting_rules: Sequence[VotingRule] = field(default_factory=list)

    @cached_property
    def participants(self) -> list[Participant]:
        return list(self.meeting.participants.all())

    @cached_property
    def members(self) -> list[Participant]:
        return [p for p in self.participants if p.role == ParticipantRole.MEMBER]

    @cached_property
    def guests(self) -> list[Participant]:
        return [p for p in self.participants if p.role == ParticipantRole.GUEST]

    @cached_property
    def by_pk(self) -> dict[int, Participant]:
        return {p.pk: p for p in self.participants}

    @cached_property
    def figures(self) -> minutes_rules.AttendanceFigures:
        return minutes_rules.attendance_figures(self.members)

    @cached_property
    def denominator(self) -> minutes_rules.Denominator:
        return minutes_rules.vote_denominator(self.members, self.settings)

    @cached_property
    def present_people(self) -> list[Participant]:
        """Who can speak, present or direct: members present, then guests."""
        present = [p for p in self.members if p.status == AttendanceStatus.PRESENT]
        return present + self.guests

    def outcome(self, decision) -> minutes_rules.DecisionOutcome:
        return minutes_rules.decision_outcome(
            kind=decision.kind,
            votes_for=decision.votes_for,
            votes_against=decision.votes_against,
            votes_other=decision.votes_other,
            denominator=self.denominator,
            rules=self.voting_rules,
        )


# --- fields


class RecordingFormMixin:
    """Bootstrap classes, described-by links and column widths; `is-invalid` on failed fields."""

    # field name -> Bootstrap column classes in the form's grid (default: full width)
    columns: dict[str, str] = {}

    def _setup_widgets(self) -> None:
        for name, bound_field in self.fields.items():
            widget = bound_field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
            auto_id = self[name].auto_id
            described = [f"{auto_id}-error"]
            if bound_field.help_text:
                described.append(f"{auto_id}-help")
            widget.attrs["aria-describedby"] = " ".join(described)
            bound_field.col = self.columns.get(name, "col-12")
            if "data-person-picker" in widget.attrs:
                bound_field.person_picker = widget.attrs["data-person-picker"]
                widget.attrs["data-id-input"] = self[f"{name}_id"].auto_id

    @property
    def hidden_errors(self) -> list[str]:
        """Errors of hidden fields (a stale revision, a cell not allowed), said in words."""
        out = []
        for bound in self.hidden_fields():
            for error in bound.errors:
                named = bound.name not in ("revision", "original") and bound.label
                out.append(f"{bound.label}: {error}" if named else str(error))
        return out

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


def text_field(label, *, max_length: int, required: bool = False, rows: int | None = None, **kw):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, max_length=max_length, required=required, widget=widget, **kw
    )


def date_field(label, *, required: bool = True):
    # Text shown and read the Vietnamese way (21/6/2022), whatever the browser's language.
    return datetime_fields.date_field(label, required=required)


def time_field(label, *, required: bool = True):
    # 19:30, 19h30, 19h…, never the browser's 12-hour clock.
    return datetime_fields.time_field(label, required=required)


STALE_FORM = gettext_lazy("Biểu mẫu không còn hợp lệ; hãy tải lại trang.")


def hidden_int_field(*, required: bool = False):
    """Ids and revisions the page itself fills in: any fault means the page is stale."""
    return forms.IntegerField(
        required=required,
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**63 - 1,
        error_messages={
            "invalid": STALE_FORM,
            "min_value": STALE_FORM,
            "max_value": STALE_FORM,
            "required": STALE_FORM,
        },
    )


def count_field(label, *, negative: str, help_text: str = ""):
    """A count that may stay unknown (empty): votes, speakers, turns."""
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_VOTES,
        help_text=help_text,
        error_messages={
            "invalid": gettext_lazy("Nhập một số nguyên, ví dụ 12."),
            "min_value": negative,
            "max_value": gettext_lazy("Số quá lớn (tối đa %(limit_value)s)."),
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": MAX_VOTES, "inputmode": "numeric"}),
    )


def votes_field(label):
    return count_field(label, negative=gettext_lazy("Số phiếu không được âm."))


def check_meeting_date(value: dt.date | None) -> None:
    if value is None:
        return
    latest = timezone.localdate() + dt.timedelta(days=366)
    if not EARLIEST_DATE <= value <= latest:
        raise ValidationError(
            _("Ngày họp phải trong khoảng %(a)s đến %(b)s.")
            % {"a": EARLIEST_DATE.strftime("%d/%m/%Y"), "b": latest.strftime("%d/%m/%Y")}
        )


def person_rank(search_name: str, key: str) -> int:
    """How well a folded name matches a folded query: 0 same name, 1 whole words, 2 word starts, 3 inside."""
    if search_name == key:
        return 0
    if f" {key} " in f" {search_name} ":
        return 1
    if f" {search_name}".find(f" {key}") >= 0:
        return 2
    return 3 if key in search_name else 4


def resolve_person(
    text: str, chosen_id: int | None, candidates: Sequence[Participant]
) -> Participant | None:
    """The one candidate the typed name means; a ValidationError explains when there is none.

    A suggestion picked with JavaScript sends its id too; it wins when the name
    still matches it. Otherwise the best kind of match (`person_rank`) must
    point at exactly one person; two people with the same name need the list.
    """
    text = nfc(text or "").strip()
    if not text:
        return None
    key = fold(text)
    if chosen_id:
        for person in candidates:
            if person.pk == chosen_id and person.search_name == key:
                return person
    # The best kind of match wins when it is unique: "hoa" means Tô Thái Hòa
    # (a whole word) rather than Hoàng Văn Nam (only the start of a word).
    ranked = sorted((person_rank(p.search_name, key), i) for i, p in enumerate(candidates))
    ranked = [(rank, i) for rank, i in ranked if rank < 4]
    partial = [candidates[i] for rank, i in ranked if rank == ranked[0][0]] if ranked else []
    if len(partial) == 1:
        return partial[0]
    if not partial:
        raise ValidationError(
            _(
                "Không có ai tên “%(name)s” trong danh sách. Gõ một phần họ tên rồi chọn trong gợi ý."
            )
            % {"name": text[:60]}
        )
    names = ", ".join(p.full_name for p in partial[:5])
    raise ValidationError(
        _("Có %(n)d người khớp “%(name)s”: %(names)s. Gõ đầy đủ hơn hoặc chọn trong gợi ý.")
        % {"n": len(partial), "name": text[:60], "names": names}
    )


def resolve_owner(
    text: str, chosen_id: int | None, members: Sequence[Participant]
) -> tuple[Member | None, str]:
    """(member, "") when the text names a member of the meeting exactly, else (None, text)."""
    text = nfc(text or "").strip()
    if not text:
        return None, ""
    key = fold(text)
    named = [p for p in members if p.member_id and p.search_name == key]
    chosen = [p for p in named if p.pk == chosen_id]
    match = chosen or named
    if match:
        return match[0].member, ""
    return None, text


def check_deadline(form: forms.Form, name: str) -> None:
    deadline = form.cleaned_data.get(name)
    if deadline is not None and not EARLIEST_DATE <= deadline <= dt.date(2100, 12, 31):
        form.add_error(name, _("Thời hạn không hợp lệ."))


TAG_SPLIT = re.compile(r"[,;\n]+")
MAX_TAGS = 20


def resolve_tags(text: str) -> list[CatalogItem]:
    """Catalogue items from codes or words ("SD-TT-1, vu loi"), each token meaning one item."""
    tokens = [t.strip() for t in TAG_SPLIT.split(nfc(text or "")) if t.strip()]
    if len(tokens) > MAX_TAGS:
        raise ValidationError(_("Tối đa %(n)d mục đối chiếu.") % {"n": MAX_TAGS})
    if not tokens:
        return []
    by_code = {
        item.code.casefold(): item
        for item in CatalogItem.objects.filter(code__in=[t.upper() for t in tokens])
    }
    found: list[CatalogItem] = []
    errors = []
    for token in tokens:
        item = by_code.get(token.casefold())
        if item is None:
            matches = list(CatalogItem.objects.matching(token)[:6])
            if len(matches) == 1:
                item = matches[0]
            elif not matches:
                errors.append(_("Không tìm thấy mục nào khớp “%(t)s”.") % {"t": token[:60]})
            else:
                codes = ", ".join(m.code for m in matches[:5])
                errors.append(
                    _("“%(t)s” khớp nhiều mục (%(codes)s…); ghi mã của mục cần chọn.")
                    % {"t": token[:60], "codes": codes}
                )
        if item is not None and item not in found:
            found.append(item)
    if errors:
        raise ValidationError(errors)
    return found


# --- starting a meeting


class StartMeetingForm(RecordingFormMixin, forms.Form):
    columns = {
        "date": "col-sm-6 col-md-3",
        "start_time": "col-sm-6 col-md-3",
        "place": "col-md-6",
        "chair_member": "col-md-6",
        "secretary_member": "col-md-6",
    }
    cell = forms.ModelChoiceField(
        label=gettext_lazy("Chi bộ"), queryset=Organization.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=gettext_lazy("Loại sinh hoạt"), choices=MeetingKind.choices)
    date = date_field(gettext_lazy("Ngày họp"))
    # Unknown stays empty: the preview lists it and submission asks for it.
    start_time = time_field(gettext_lazy("Giờ bắt đầu"), required=False)
    place = text_field(gettext_lazy("Địa điểm"), max_length=_max_length(Meeting, "place"))
    topic = text_field(gettext_lazy("Chủ đề"), max_length=_max_length(Meeting, "topic"))
    legal_bases = text_field(
        gettext_lazy("Căn cứ"),
        max_length=SHORT_TEXT,
        rows=3,
        help_text=gettext_lazy("Mỗi dòng một văn bản."),
    )
    agenda = text_field(
        gettext_lazy("Chương trình"),
        max_length=SHORT_TEXT,
        rows=3,
        help_text=gettext_lazy("Mỗi dòng một nội dung."),
    )
    chair_member = forms.TypedChoiceField(
        label=gettext_lazy("Chủ trì"), coerce=int, required=False, empty_value=None
    )
    secretary_member = forms.TypedChoiceField(
        label=gettext_lazy("Thư ký"), coerce=int, required=False, empty_value=None
    )
    campaign = hidden_int_field()

    def __init__(
        self, *args, cells, roster: Sequence[Member] = (), place_suggestion: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells
        if place_suggestion:
            # Last time's place is a suggestion, shown as such; never filled in for the user.
            self.fields["place"].help_text = _("Lần trước họp tại: %(place)s.") % {
                "place": place_suggestion
            }
        choices = [("", _("— chọn sau —"))] + [(m.pk, m.full_name) for m in roster]
        self.fields["chair_member"].choices = choices
        self.fields["secretary_member"].choices = choices
        self._setup_widgets()

    def clean_date(self):
        value = self.cleaned_data["date"]
        check_meeting_date(value)
        return value

    def clean_agenda(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["agenda"].splitlines()]
        lines = [line for line in lines if line]
        limit = _max_length(services.AgendaItem, "title")
        for line in lines:
            if len(line) > limit:
                raise ValidationError(
                    _("Mỗi nội dung chương trình tối đa %(n)d ký tự.") % {"n": limit}
                )
        return lines

    def clean(self):
        data = super().clean()
        cell = data.get("cell")
        campaign_id = data.get("campaign")
        data["campaign_obj"] = None
        if cell is not None and campaign_id:
            data["campaign_obj"] = services.campaigns_for_cell(cell).filter(pk=campaign_id).first()
        return data


# --- meeting fields: three forms, each carrying the revision it started from


PILOT_FIELDS = ("is_pilot", "pilot_guide_number", "pilot_guide_date", "pilot_guide_issuer")


class MeetingFieldsForm(RecordingFormMixin, forms.Form):
    revision = hidden_int_field(required=True)
    section = ""
    fields_saved: tuple[str, ...] = ()

    def __init__(self, *args, context: EditorContext, **kwargs):
        kwargs.setdefault("prefix", self.section)
        super().__init__(*args, **kwargs)
        self.context = context
        self._setup_widgets()

    @classmethod
    def initial_from(cls, meeting: Meeting) -> dict:
        initial = {"revision": meeting.revision}
        for name in cls.fields_saved:
            initial[name] = getattr(
                meeting, f"{name}_id" if name in ("chair", "secretary") else name
            )
        return initial

    def clean_revision(self):
        return self.cleaned_data["revision"]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields_saved}


class DetailsForm(MeetingFieldsForm):
    section = "details"
    columns = {
        "kind": "col-md-4",
        "date": "col-sm-6 col-md-4",
        "start_time": "col-sm-6 col-md-4",
        "place": "col-md-6",
        "topic": "col-md-6",
    }
    fields_saved = (
        "kind",
        "date",
        "start_time",
        "place",
        "topic",
        "title_override",
        "legal_bases",
        "documents_used",
        *PILOT_FIELDS,
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại sinh hoạt"),
        choices=MeetingKind.choices,
        help_text=gettext_lazy(
            "Sinh hoạt kết hợp: tải lại trang để chọn “Thuộc phần” cho từng báo cáo, "
            "ý kiến, chỉ đạo và biểu quyết."
        ),
    )
    date = date_field(gettext_lazy("Ngày họp"))
    # Unknown stays empty: the preview lists it and submission asks for it.
    start_time = time_field(gettext_lazy("Giờ bắt đầu"), required=False)
    place = text_field(gettext_lazy("Địa điểm"), max_length=_max_length(Meeting, "place"))
    topic = text_field(gettext_lazy("Chủ đề"), max_length=_max_length(Meeting, "topic"))
    title_override = text_field(
        gettext_lazy("Trích yếu"),
        max_length=_max_length(Meeting, "title_override"),
        help_text=gettext_lazy("Để trống để tự tạo từ loại sinh hoạt và tháng."),
    )
    legal_bases = text_field(
        gettext_lazy("Căn cứ"),
        max_length=SHORT_TEXT,
        rows=3,
        help_text=gettext_lazy("Mỗi dòng một văn bản."),
    )
    documents_used = text_field(gettext_lazy("Tài liệu sử dụng"), max_length=SHORT_TEXT, rows=2)
    # A pilot session (sinh hoạt điểm), held under a guiding document of the superior committee.
    is_pilot = forms.BooleanField(
        label=gettext_lazy("Buổi sinh hoạt điểm (làm điểm)"),
        required=False,
        help_text=gettext_lazy(
            "Biên bản ghi “sinh hoạt điểm” và văn bản hướng dẫn; khi đã duyệt, "
            "các chi bộ trong đợt sinh hoạt được xem làm mẫu."
        ),
    )
    pilot_guide_number = text_field(
        gettext_lazy("Số hiệu văn bản hướng dẫn"),
        max_length=_max_length(Meeting, "pilot_guide_number"),
        help_text=gettext_lazy("Ghi đúng như trên văn bản, ví dụ: 03-HD/Th.U"),
    )
    pilot_guide_date = date_field(gettext_lazy("Ngày văn bản hướng dẫn"), required=False)
    pilot_guide_issuer = text_field(
        gettext_lazy("Cơ quan ban hành hướng dẫn"),
        max_length=_max_length(Meeting, "pilot_guide_issuer"),
        help_text=gettext_lazy("Ví dụ: Thành ủy Thái Bình"),
    )
    # The pilot fields side by side (added here, apart from the fields above).
    columns = {
        **columns,
        "pilot_guide_number": "col-md-4",
        "pilot_guide_date": "col-sm-6 col-md-4",
        "pilot_guide_issuer": "col-md-4",
    }

    def clean_pilot_guide_number(self) -> str:
        return " ".join(nfc(self.cleaned_data["pilot_guide_number"]).split())

    def clean_date(self):
        value = self.cleaned_data["date"]
        check_meeting_date(value)
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), self.context.meeting.end_time
        if start and end and minutes_rules.duration_minutes(start, end) is None:
            self.add_error(
                "start_time",
                _("Giờ bắt đầu phải trước giờ kết thúc (%(end)s).")
                % {"end": end.strftime("%H:%M")},
            )
        self._clean_pilot(data)
        return data

    def _clean_pilot(self, data: dict) -> None:
        """A pilot names its guiding document; the guide comes before the meeting."""
        if (
            data.get("is_pilot")
            and not data.get("pilot_guide_number")
            and ("pilot_guide_number" not in self.errors)
        ):
            self.add_error(
                "pilot_guide_number",
                _("Buổi sinh hoạt điểm cần ghi số hiệu văn bản hướng dẫn, ví dụ 03-HD/Th.U."),
            )
        guide, held = data.get("pilot_guide_date"), data.get("date")
        if guide and held and guide > held:
            self.add_error(
                "pilot_guide_date",
                _("Văn bản hướng dẫn phải có trước ngày họp (%(date)s).")
                % {"date": short_date(held)},
            )


class RolesForm(MeetingFieldsForm):
    section = "roles"
    columns = {"chair": "col-md-6", "secretary": "col-md-6"}
    fields_saved = ("chair", "secretary")
    chair = forms.TypedChoiceField(
        label=gettext_lazy("Chủ trì"), coerce=int, required=False, empty_value=None
    )
    secretary = forms.TypedChoiceField(
        label=gettext_lazy("Thư ký"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, context: EditorContext, **kwargs):
        super().__init__(*args, context=context, **kwargs)
        members = [(p.pk, p.full_name) for p in context.members]
        # A chair or a secretary is one person and a party member: never a
        # group of guests, never someone who is not a member.
        guests = [
            (p.pk, p.full_name) for p in context.guests if not p.is_group and not p.non_member
        ]
        choices = [("", _("— chưa chọn —"))]
        if members:
            choices.append((_("Đảng viên"), members))
        if guests:
            choices.append((_("Đại biểu, khách mời"), guests))
        for name in ("chair", "secretary"):
            self.fields[name].choices = choices

    def values(self) -> dict:
        by_pk = self.context.by_pk
        return {name: by_pk.get(self.cleaned_data[name]) for name in self.fields_saved}


class ClosingForm(MeetingFieldsForm):
    section = "closing"
    columns = {
        "commendations": "col-md-6",
        "reminders": "col-md-6",
        "end_time": "col-sm-6 col-md-4",
        "minutes_read_back": "col-12",
        "closing_votes_for": "col-sm-4 col-lg-3",
        "closing_votes_against": "col-sm-4 col-lg-3",
        "closing_votes_other": "col-sm-4 col-lg-3",
    }
    fields_saved = (
        "conclusion",
        "thematic_conclusion",
        "commendations",
        "reminders",
        "end_time",
        "minutes_read_back",
        "closing_votes_for",
        "closing_votes_against",
        "closing_votes_other",
    )
    conclusion = text_field(gettext_lazy("Kết luận của chủ trì"), max_length=LONG_TEXT, rows=4)
    # Only for a combined session (`combined_only`): the conclusion of its thematic part.
    thematic_conclusion = text_field(
        gettext_lazy("Kết luận phần chuyên đề"),
        max_length=LONG_TEXT,
        rows=4,
        help_text=gettext_lazy(
            "Sinh hoạt kết hợp: kết luận trên dành cho phần thường kỳ, ô này cho phần chuyên đề."
        ),
    )
    commendations = text_field(gettext_lazy("Biểu dương"), max_length=SHORT_TEXT, rows=2)
    reminders = text_field(gettext_lazy("Nhắc nhở"), max_length=SHORT_TEXT, rows=2)
    end_time = time_field(gettext_lazy("Giờ kết thúc"), required=False)
    minutes_read_back = forms.BooleanField(
        label=gettext_lazy("Thư ký đã đọc lại biên bản trước chi bộ"), required=False
    )
    closing_votes_for = votes_field(gettext_lazy("Số đồng chí nhất trí thông qua biên bản"))
    closing_votes_against = votes_field(gettext_lazy("Không nhất trí"))
    closing_votes_other = votes_field(gettext_lazy("Ý kiến khác"))

    def __init__(self, *args, context: EditorContext, **kwargs):
        super().__init__(*args, context=context, **kwargs)
        if context.meeting.kind != MeetingKind.COMBINED:
            del self.fields["thematic_conclusion"]

    @classmethod
    def initial_from(cls, meeting: Meeting) -> dict:
        # The kind decides whether the thematic conclusion is shown: the editor
        # keeps this form's HTML under a digest of these values.
        return {**super().initial_from(meeting), "combined": meeting.kind == MeetingKind.COMBINED}

    def values(self) -> dict:
        # Not a combined session: the thematic conclusion is neither shown nor touched.
        return {name: self.cleaned_data[name] for name in self.fields_saved if name in self.fields}

    def clean(self):
        data = super().clean()
        end, start = data.get("end_time"), self.context.meeting.start_time
        if end and start and minutes_rules.duration_minutes(start, end) is None:
            self.add_error(
                "end_time",
                _("Giờ kết thúc phải sau giờ bắt đầu (%(start)s).")
                % {"start": start.strftime("%H:%M")},
            )
        votes = [data.get(f"closing_votes_{k}") for k in ("for", "against", "other")]
        if any(v is not None for v in votes):
            present = self.context.figures.present
            cast = sum(v or 0 for v in votes)
            if cast > present:
                self.add_error(
                    "closing_votes_for",
                    _("Tổng số biểu quyết (%(c)d) nhiều hơn số người có mặt (%(p)d).")
                    % {"c": cast, "p": present},
                )
        return data


class DiscussionForm(MeetingFieldsForm):
    """The discussion recorded as a whole, in the section of speaking turns.

    For turns the secretary did not take down one by one ("15/15 đảng viên có
    mặt đã có 19 lượt phát biểu. Các ý kiến thống nhất cao …"). The counts are
    checked against the attendance and the turns recorded by name
    (`rules.discussion_errors`), so the summary never invents speakers.
    """

    section = "discussion"
    columns = {
        "discussion_speakers": "col-sm-6",
        "discussion_turns": "col-sm-6",
    }
    fields_saved = ("discussion_speakers", "discussion_turns", "discussion_summary")
    discussion_speakers = count_field(
        gettext_lazy("Số đảng viên đã phát biểu"),
        negative=gettext_lazy("Số này không được âm."),
        help_text=gettext_lazy("Trên số đảng viên có mặt; để trống nếu không rõ."),
    )
    discussion_turns = count_field(
        gettext_lazy("Tổng số lượt phát biểu"),
        negative=gettext_lazy("Số này không được âm."),
        help_text=gettext_lazy("Kể cả các lượt đã ghi theo tên ở trên; để trống nếu không rõ."),
    )
    discussion_summary = text_field(
        gettext_lazy("Tóm tắt chung các ý kiến"),
        max_length=LONG_TEXT,
        rows=3,
        help_text=gettext_lazy(
            "Cho các ý kiến không ghi riêng từng người, ví dụ: “Các ý kiến thống nhất cao …”."
        ),
    )

    def clean(self):
        data = super().clean()
        if "discussion_speakers" in self.errors or "discussion_turns" in self.errors:
            return data
        context = self.context
        named = minutes_rules.named_member_turns(
            context.meeting.speaking_turns.all(), context.participants
        )
        errors = minutes_rules.discussion_errors(
            speakers=data.get("discussion_speakers"),
            turns=data.get("discussion_turns"),
            present=context.figures.present,
            named=named,
        )
        for which, message in errors:
            self.add_error(f"discussion_{which}", message)
        return data


# --- items


def part_field():
    """Which part of a combined session an item belongs to (removed for other meetings)."""
    return forms.ChoiceField(
        label=gettext_lazy("Thuộc phần"),
        choices=SessionPart.choices,
        initial=SessionPart.REGULAR,
        error_messages={"invalid_choice": gettext_lazy("Chọn phần thường kỳ hoặc chuyên đề.")},
    )


class ItemForm(RecordingFormMixin, forms.Form):
    """Base of the forms for one item of a list; `original` holds what an edit started from."""

    kind = ""
    original = forms.CharField(required=False, widget=forms.HiddenInput)
    person_fields: dict[str, str] = {}  # field -> which people may be chosen

    def __init__(
        self, *args, context: EditorContext, item=None, combined: bool | None = None, **kwargs
    ):
        kwargs.setdefault("prefix", f"{self.kind}-{item.pk if item is not None else 'new'}")
        if item is not None and not args and "data" not in kwargs:
            kwargs.setdefault("initial", self.initial_for(item, context))
        super().__init__(*args, **kwargs)
        self.context = context
        self.item = item
        # "Thuộc phần" only for a combined session; a blank form (no context) is told.
        if combined is None:
            combined = context is not None and context.meeting.kind == MeetingKind.COMBINED
        if "part" in self.fields and not combined:
            del self.fields["part"]
        for name in self.person_fields:
            self.fields[f"{name}_id"] = hidden_int_field()
            which = self.person_fields[name]
            self.fields[name].widget.attrs.update(
                {"autocomplete": "off", "data-person-picker": which, "list": f"people-{which}"}
            )
        self._setup_widgets()

    @classmethod
    def initial_for(cls, item, context: EditorContext) -> dict:
        initial = {"original": json.dumps(services.snapshot(item, cls.kind), ensure_ascii=False)}
        for name in cls.base_fields:
            if name in cls.person_fields:
                person = context.by_pk.get(getattr(item, f"{name}_id", None))
                initial[name] = person.full_name if person else ""
                initial[f"{name}_id"] = person.pk if person else None
            elif name != "original" and hasattr(item, name):
                initial[name] = getattr(item, name)
        return initial

    def candidates(self, which: str) -> list[Participant]:
        if which == "members":
            return self.context.members
        return self.context.present_people

    def clean_original(self) -> dict[str, str] | None:
        """The version token the edit started from; None when missing or malformed.

        The service answers None with the conflict message and a fresh token, and
        the form keeps what the user typed, so a second "Lưu" saves knowingly.
        """
        raw = self.cleaned_data.get("original") or ""
        try:
            value = json.loads(raw) if raw else None
        except (ValueError, RecursionError):  # deep nesting exhausts the decoder's stack
            return None
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            return None
        return value

    def clean(self):
        data = super().clean()
        for name, which in self.person_fields.items():
            if name in self.errors:
                continue
            try:
                data[name] = resolve_person(
                    data.get(name, ""), data.get(f"{name}_id"), self.candidates(which)
                )
            except ValidationError as error:
                self.add_error(name, error)
                continue
            if data[name] is None and self.fields[name].required:
                self.add_error(name, _("Trường này là bắt buộc."))
        return data

    def values(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in services.ITEMS[self.kind].fields
            if name in self.cleaned_data
        }


class AgendaForm(ItemForm):
    kind = "agenda"
    title = text_field(
        gettext_lazy("Nội dung"),
        max_length=_max_length(services.AgendaItem, "title"),
        required=True,
    )


class GuestForm(ItemForm):
    kind = "guest"
    columns = {"full_name": "col-md-4", "title": "col-md-4", "organization": "col-md-4"}
    field_order = ["full_name", "title", "organization", "non_member", "is_group"]
    full_name = text_field(
        gettext_lazy("Họ và tên (hoặc tên nhóm)"),
        max_length=_max_length(Participant, "full_name"),
        required=True,
    )
    title = text_field(gettext_lazy("Chức vụ"), max_length=_max_length(Participant, "title"))
    organization = text_field(
        gettext_lazy("Cơ quan, đơn vị"), max_length=_max_length(Participant, "organization")
    )
    non_member = forms.ChoiceField(
        label=gettext_lazy("Tư cách"),
        required=False,
        choices=[
            ("", gettext_lazy("Đại biểu, khách mời")),
            (NonMemberKind.OUTSTANDING, gettext_lazy("Không phải đảng viên – quần chúng ưu tú")),
            (
                NonMemberKind.ADMISSION,
                gettext_lazy("Không phải đảng viên – đang trong quy trình kết nạp Đảng"),
            ),
            (NonMemberKind.STAFF, gettext_lazy("Không phải đảng viên – cán bộ được mời")),
        ],
        help_text=gettext_lazy(
            "Người không phải đảng viên được ghi riêng một dòng trong biên bản, "
            "có thể phát biểu, không tính vào số có mặt và biểu quyết."
        ),
    )
    is_group = forms.BooleanField(
        label=gettext_lazy("Là nhóm/đại diện, không ghi tên từng người"),
        required=False,
        help_text=gettext_lazy(
            "Ví dụ: “Bí thư các chi bộ trực thuộc”. Biên bản ghi đúng tên nhóm, "
            "không có “đồng chí” và chức vụ."
        ),
    )

    def clean_full_name(self):
        name = nfc(self.cleaned_data["full_name"]).strip()
        if not fold(name):
            raise ValidationError(_("Ghi họ và tên."))
        return name

    def clean(self):
        data = super().clean()
        meeting = self.context.meeting if self.context else None
        if (
            data.get("non_member")
            and self.item is not None
            and meeting is not None
            and self.item.pk in (meeting.chair_id, meeting.secretary_id)
        ):
            self.add_error(
                "non_member",
                _("Người này đang là chủ trì hoặc thư ký: chủ trì, thư ký phải là đảng viên."),
            )
        if not data.get("is_group"):
            return data
        # A group has no personal title: said here rather than dropped silently.
        if (data.get("title") or "").strip():
            self.add_error(
                "title",
                _("Nhóm đại biểu không ghi chức vụ; ghi cả chức danh vào tên nhóm."),
            )
        meeting = self.context.meeting if self.context else None
        if (
            self.item is not None
            and meeting is not None
            and self.item.pk in (meeting.chair_id, meeting.secretary_id)
        ):
            self.add_error(
                "is_group",
                _("Đại biểu này đang là chủ trì hoặc thư ký: chủ trì, thư ký là một người."),
            )
        return data


class ReportForm(ItemForm):
    kind = "report"
    columns = {
        "part": "col-md-4",
        "presentation": "col-md-4",
        "presenter": "col-md-8",
        "title": "col-12",
    }
    field_order = ["part", "presentation", "presenter", "title", "summary"]
    person_fields = {"presenter": "present"}
    part = part_field()
    presentation = forms.ChoiceField(
        label=gettext_lazy("Loại"),
        choices=PresentationKind.choices,
        initial=PresentationKind.REPORT,
        # Not sent (an older page, a script): a report, as before the choice existed.
        required=False,
        help_text=gettext_lazy(
            "Đề dẫn, tham luận và báo cáo được ghi là bài trình bày, không phải lượt phát biểu."
        ),
    )
    presenter = text_field(gettext_lazy("Người trình bày"), max_length=200)
    title = text_field(
        gettext_lazy("Tên báo cáo"),
        max_length=_max_length(services.Report, "title"),
        required=True,
    )
    summary = text_field(gettext_lazy("Tóm tắt"), max_length=LONG_TEXT, rows=3)

    def clean_presentation(self) -> str:
        return self.cleaned_data.get("presentation") or PresentationKind.REPORT


class TurnForm(ItemForm):
    kind = "turn"
    columns = {"part": "col-md-4", "speaker": "col-md-4", "gist": "col-md-8"}
    field_order = ["part", "speaker", "gist"]
    person_fields = {"speaker": "present"}
    part = part_field()
    speaker = text_field(
        gettext_lazy("Người phát biểu"),
        max_length=200,
        required=True,
        help_text=gettext_lazy("Gõ một phần họ tên, có dấu hay không dấu đều được."),
    )
    gist = text_field(
        gettext_lazy("Tóm tắt ý kiến"),
        max_length=LONG_TEXT,
        required=True,
        rows=3,
        help_text=gettext_lazy(
            "Nhiều ý thì mỗi ý một dòng: biên bản ghi tên người phát biểu, "
            "rồi mỗi ý một dòng bắt đầu bằng “-”."
        ),
    )

    def clean_gist(self) -> str:
        gist = self.cleaned_data["gist"]
        if not any(line.strip().lstrip("-+•*–").strip() for line in gist.splitlines()):
            raise ValidationError(_("Ghi nội dung ý kiến, không chỉ dấu gạch đầu dòng."))
        return gist


class ShortcomingForm(ItemForm):
    kind = "shortcoming"
    columns = {
        "subject": "col-md-4",
        "subject_participant": "col-md-8",
        "causes": "col-md-6",
        "responsibility": "col-md-6",
        "action_text": "col-12",
        "action_owner": "col-md-8",
        "action_deadline": "col-md-4",
    }
    person_fields = {"subject_participant": "members"}
    subject = forms.ChoiceField(
        label=gettext_lazy("Tồn tại của"), choices=ShortcomingSubject.choices
    )
    subject_participant = text_field(
        gettext_lazy("Đảng viên"),
        max_length=200,
        help_text=gettext_lazy("Khi tồn tại là của một đảng viên."),
    )
    text = text_field(gettext_lazy("Tồn tại, hạn chế"), max_length=LONG_TEXT, required=True, rows=3)
    tags = forms.CharField(
        label=gettext_lazy("Đối chiếu danh mục"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy(
            "Mã hoặc vài chữ của mục (không dấu cũng được), cách nhau bởi dấu phẩy, "
            "ví dụ: SD-TT-1, vu loi."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-tag-picker": "1"}),
    )
    causes = text_field(gettext_lazy("Nguyên nhân"), max_length=LONG_TEXT, rows=2)
    responsibility = text_field(gettext_lazy("Trách nhiệm"), max_length=SHORT_TEXT, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.item is None:
            # A new shortcoming may come with its first corrective action.
            self.fields["action_text"] = text_field(
                _("Biện pháp khắc phục"), max_length=LONG_TEXT, rows=2
            )
            self.fields["action_owner"] = text_field(
                _("Người/bộ phận thực hiện"),
                max_length=_max_length(services.CorrectiveAction, "owner_name"),
                help_text=_("Tên một đảng viên, hoặc một bộ phận như “Chi ủy”."),
            )
            self.fields["action_owner_id"] = hidden_int_field()
            self.fields["action_owner"].widget.attrs.update(
                {"autocomplete": "off", "data-person-picker": "members", "list": "people-members"}
            )
            self.fields["action_text"].group_start = _("Biện pháp khắc phục (nếu có)")
            self.fields["action_deadline"] = date_field(_("Thời hạn"), required=False)
            self._setup_widgets()

    @classmethod
    def initial_for(cls, item, context):
        initial = super().initial_for(item, context)
        initial["tags"] = ", ".join(tag.code for tag in item.tags.all())
        return initial

    def action_values(self) -> dict | None:
        """The first corrective action typed with a new shortcoming, if any."""
        data = self.cleaned_data
        if self.item is not None or not data.get("action_text"):
            return None
        return {
            "text": data["action_text"],
            "owner_member": data.get("action_owner_member"),
            "owner_name": data.get("action_owner_name", ""),
            "deadline": data.get("action_deadline"),
        }

    def clean_tags(self):
        return resolve_tags(self.cleaned_data["tags"])

    def clean(self):
        data = super().clean()
        if (
            data.get("subject") == ShortcomingSubject.MEMBER
            and "subject_participant" not in self.errors
            and data.get("subject_participant") is None
        ):
            self.add_error("subject_participant", _("Ghi tên đảng viên có tồn tại này."))
        if data.get("subject") != ShortcomingSubject.MEMBER:
            data["subject_participant"] = None
        if self.item is None and "action_owner" not in self.errors:
            data["action_owner_member"], data["action_owner_name"] = resolve_owner(
                data.get("action_owner", ""), data.get("action_owner_id"), self.context.members
            )
            check_deadline(self, "action_deadline")
            if not data.get("action_text") and (
                data.get("action_owner") or data.get("action_deadline")
            ):
                self.add_error("action_text", _("Ghi nội dung biện pháp khắc phục."))
        return data


class ActionForm(ItemForm):
    kind = "action"
    columns = {"owner": "col-md-8", "deadline": "col-md-4"}
    person_fields = {"owner": "members"}
    text = text_field(
        gettext_lazy("Biện pháp khắc phục"), max_length=LONG_TEXT, required=True, rows=2
    )
    owner = text_field(
        gettext_lazy("Người/bộ phận thực hiện"),
        max_length=_max_length(services.CorrectiveAction, "owner_name"),
        help_text=gettext_lazy("Tên một đảng viên, hoặc một bộ phận như “Chi ủy”."),
    )
    deadline = date_field(gettext_lazy("Thời hạn"), required=False)

    @classmethod
    def initial_for(cls, item, context):
        initial = super().initial_for(item, context)
        initial["owner"] = item.owner_display
        initial["owner_id"] = next(
            (p.pk for p in context.members if item.owner_member_id == p.member_id and p.member_id),
            None,
        )
        return initial

    def clean(self):
        # Not ItemForm.clean: an owner need not be a person of the meeting ("Chi ủy").
        data = forms.Form.clean(self)
        if "owner" not in self.errors:
            data["owner_member"], data["owner_name"] = resolve_owner(
                data.get("owner", ""), data.get("owner_id"), self.context.members
            )
        check_deadline(self, "deadline")
        return data


class DirectiveForm(ItemForm):
    kind = "directive"
    columns = {"part": "col-md-4", "given_by": "col-md-4", "text": "col-md-8"}
    field_order = ["part", "given_by", "text"]
    person_fields = {"given_by": "present"}
    part = part_field()
    given_by = text_field(gettext_lazy("Người chỉ đạo"), max_length=200)
    text = text_field(gettext_lazy("Nội dung"), max_length=LONG_TEXT, required=True, rows=3)


class DecisionForm(ItemForm):
    kind = "decision"
    columns = {
        "part": "col-md-6",
        "decision_kind": "col-md-6",
        "subject_person": "col-md-6",
        "votes_for": "col-4 col-md-3",
        "votes_against": "col-4 col-md-3",
        "votes_other": "col-4 col-md-3",
    }
    field_order = ["part", "decision_kind", "subject_person", "text"]
    person_fields = {"subject_person": "members"}
    part = part_field()
    decision_kind = forms.ChoiceField(label=gettext_lazy("Loại"), choices=DecisionKind.choices)
    text = text_field(
        gettext_lazy("Nội dung biểu quyết"), max_length=LONG_TEXT, required=True, rows=2
    )
    subject_person = text_field(
        gettext_lazy("Đảng viên liên quan"),
        max_length=200,
        help_text=gettext_lazy("Khi quyết định về một đảng viên (chuyển chính thức, kỷ luật)."),
    )
    votes_for = votes_field(gettext_lazy("Tán thành"))
    votes_against = votes_field(gettext_lazy("Không tán thành"))
    votes_other = votes_field(gettext_lazy("Ý kiến khác"))

    @classmethod
    def initial_for(cls, item, context):
        initial = super().initial_for(item, context)
        initial["decision_kind"] = item.kind
        person = next(
            (p for p in context.members if p.member_id and p.member_id == item.subject_member_id),
            None,
        )
        initial["subject_person"] = person.full_name if person else ""
        initial["subject_person_id"] = person.pk if person else None
        return initial

    def clean(self):
        data = super().clean()
        if any(f"votes_{k}" in self.errors for k in ("for", "against", "other")):
            return data
        errors = minutes_rules.vote_errors(
            data.get("votes_for"),
            data.get("votes_against"),
            data.get("votes_other"),
            self.context.denominator,
        )
        for message in errors:
            self.add_error("votes_for", message)
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        person = data.get("subject_person")
        values = {
            "kind": data["decision_kind"],
            "text": data["text"],
            "subject_member": person.member if person is not None else None,
            "votes_for": data.get("votes_for"),
            "votes_against": data.get("votes_against"),
            "votes_other": data.get("votes_other"),
        }
        if "part" in data:
            values["part"] = data["part"]
        return values

    def outcome(self) -> minutes_rules.DecisionOutcome | None:
        """The outcome of the votes as typed, for the live display (None until they parse).

        Read from the fields themselves: a vote count the rules refuse is taken
        out of `cleaned_data`, but the display still has to say why.
        """
        if not self.is_bound:
            return None
        kind = self.data.get(self.add_prefix("decision_kind"))
        if kind not in DecisionKind.values:
            return None
        votes = {}
        for name in ("votes_for", "votes_against", "votes_other"):
            try:
                votes[name] = self.fields[name].clean(self.data.get(self.add_prefix(name)))
            except ValidationError:
                return None
        return minutes_rules.decision_outcome(
            kind=kind,
            denominator=self.context.denominator,
            rules=self.context.voting_rules,
            **votes,
        )


ITEM_FORMS: dict[str, type[ItemForm]] = {
    form.kind: form
    for form in (
        AgendaForm,
        GuestForm,
        ReportForm,
        TurnForm,
        ShortcomingForm,
        ActionForm,
        DirectiveForm,
        DecisionForm,
    )
}


# --- attendance (one row per member, posted all together or one at a time)


@dataclass(frozen=True)
class AttendanceInput:
    changes: list[services.AttendanceChange]
    errors: dict[int, str]


REASON_MAX = _max_length(Participant, "absence_reason")


def parse_attendance(data, rows: Sequence[Participant]) -> AttendanceInput:
    """Read `status-<id>`, `reason-<id>` and what the user saw (`was-<id>`) for each row posted."""
    changes, errors = [], {}
    valid = set(AttendanceStatus.values)
    for row in rows:
        status = data.get(f"status-{row.pk}")
        if status is None:
            continue
        reason = nfc(data.get(f"reason-{row.pk}", "") or "").strip()
        if status not in valid:
            errors[row.pk] = _("Chọn một trạng thái điểm danh.")
            continue
        if len(reason) > REASON_MAX:
            errors[row.pk] = _("Lý do tối đa %(n)d ký tự.") % {"n": REASON_MAX}
            continue
        if "\x00" in reason:
            errors[row.pk] = _("Lý do có ký tự không hợp lệ.")
            continue
        was = data.get(f"was-{row.pk}")
        was_status, was_reason = None, None
        if was:
            was_status, _sep, was_reason = was.partition("|")
        changes.append(
            services.AttendanceChange(
                participant_id=row.pk,
                status=status,
                reason=reason,
                was_status=was_status,
                was_reason=was_reason,
            )
        )
    return AttendanceInput(changes, errors)


def campaign_for(user_cells, campaign_id) -> Campaign | None:
    """A campaign that applies to one of `user_cells` (a committee at or above it), or None."""
    try:
        pk = int(campaign_id)
    except (TypeError, ValueError):
        return None
    for cell in user_cells:
        campaign = services.campaigns_for_cell(cell).filter(pk=pk).first()
        if campaign is not None:
            return campaign
    return None
