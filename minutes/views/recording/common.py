"""What every view of the editor shares: loading the meeting, access, rendering.

Access is decided in one order everywhere: a meeting the user may not see is
404 (`visible_meeting`); one they may see but not record for, or minutes no
longer editable, is 403 with a message saying why.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.access import can_record
from minutes import vnformat as vn
from minutes.forms.recording import EditorContext
from minutes.models import AttendanceStatus, CommitteeSettings, LockedMinutesError, VotingRule
from minutes.selectors import visible_meeting
from minutes.services import recording as services


class Forbidden(Exception):
    """The user may see the meeting but not do this; the message says why (rendered as 403)."""


def recording_view(view: Callable) -> Callable:
    """Log-in required; refusals become a 403 page (or fragment) with their message."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (Forbidden, PermissionDenied, LockedMinutesError) as refusal:
            return forbidden(request, str(refusal) or _("Bạn không có quyền làm việc này."))

    return wrapper


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    template = (
        "minutes/recording/_forbidden.html" if request.htmx else "minutes/recording/forbidden.html"
    )
    return render(request, template, {"message": message}, status=403)


def load_context(
    request: HttpRequest, pk: int, *, edit: bool = True, rules: bool | None = None
) -> EditorContext:
    """The meeting with its parts and rules; 404 if invisible, 403 if `edit` and not allowed.

    The voting rules are read only when a decision needs counting: when the
    meeting has decisions, on a POST (a decision may be being saved), or if asked.
    """
    meeting = visible_meeting(request.user, pk)
    if edit:
        if not can_record(request.user, meeting.cell):
            raise Forbidden(_("Chỉ thư ký (người ghi biên bản) của chi bộ mới sửa được biên bản."))
        if not meeting.is_editable:
            raise Forbidden(str(services.NOT_EDITABLE_MESSAGE))
    settings = CommitteeSettings.for_organization(meeting.cell)
    if rules is None:
        rules = bool(meeting.decisions.all()) or request.method == "POST"
    voting_rules = list(VotingRule.objects.all()) if rules else []
    return EditorContext(meeting=meeting, settings=settings, voting_rules=voting_rules)


def editor_url(meeting_pk: int, anchor: str = "") -> str:
    url = reverse("recording_editor", args=[meeting_pk])
    return f"{url}#{anchor}" if anchor else url


# --- display data computed once in Python (cheaper than template logic per row)


STATUS_SHORT = {
    AttendanceStatus.PRESENT: gettext_lazy("Có mặt"),
    AttendanceStatus.ABSENT_EXCUSED: gettext_lazy("Vắng có lý do"),
    AttendanceStatus.ABSENT_UNEXCUSED: gettext_lazy("Vắng không lý do"),
    AttendanceStatus.NOT_EXPECTED: gettext_lazy("Không phải dự"),
}


def attendance_rows(context: EditorContext) -> list[dict]:
    rows = []
    for person in context.members:
        allowed = services.allowed_statuses(person)
        badges = []
        if person.membership == "probationary":
            badges.append(("probationary", _("Dự bị")))
        if person.is_exempt:
            badges.append(("exempt", _("Miễn sinh hoạt")))
        if person.attachment == "in":
            badges.append(("attached", _("Sinh hoạt tạm thời tại chi bộ")))
        elif person.attachment == "out":
            badges.append(("away", _("Sinh hoạt tạm thời nơi khác")))
        if person.is_suspended:
            badges.append(("suspended", _("Đình chỉ sinh hoạt")))
        rows.append(
            {
                "person": person,
                "choices": [
                    (value, _choice_label(value, person), value == person.status)
                    for value in allowed
                ],
                "fixed": len(allowed) == 1,
                "badges": badges,
                "was": f"{person.status}|{person.absence_reason}",
                "reason_editable": not (person.is_exempt or services.is_fixed_row(person)),
                "posted_reason": None,
            }
        )
    return rows


def _choice_label(value: str, person) -> str:
    if value == AttendanceStatus.NOT_EXPECTED and person.is_exempt:
        return _("Miễn sinh hoạt, không dự")
    return str(STATUS_SHORT[value])


def render_fragments(request: HttpRequest, parts: list[tuple[str, dict]], **kwargs) -> HttpResponse:
    """Several templates in one response: the main fragment first, then out-of-band swaps."""
    html = "".join(render_to_string(name, ctx, request=request) for name, ctx in parts)
    return HttpResponse(html, **kwargs)


# --- items as the editor shows them

_PLACEHOLDER_ID = 987654321


class ItemUrls:
    """The URLs of each item's buttons, from one `reverse()` per route, not one per item.

    The editor shows a hundred items or more; reversing four routes for each
    costs more than everything else on the row.
    """

    ROUTES = {
        "edit": "recording_item_edit",
        "show": "recording_item_show",
        "delete": "recording_item_delete",
        "move": "recording_item_move",
    }

    def __init__(self, meeting_pk: int) -> None:
        self.patterns = {
            key: reverse(name, args=[meeting_pk, "kind", _PLACEHOLDER_ID])
            for key, name in self.ROUTES.items()
        }
        self.action_add = reverse("recording_action_add", args=[meeting_pk, _PLACEHOLDER_ID])

    def url(self, key: str, kind: str, pk: int) -> str:
        return (
            self.patterns[key]
            .replace("/kind/", f"/{kind}/", 1)
            .replace(f"/{_PLACEHOLDER_ID}/", f"/{pk}/", 1)
        )


def item_urls(context: EditorContext) -> ItemUrls:
    urls = context.__dict__.get("_item_urls")
    if urls is None:
        urls = context.__dict__["_item_urls"] = ItemUrls(context.meeting.pk)
    return urls


@dataclass
class ItemRow:
    """One item as the editor shows it, with the people and figures it needs (no queries)."""

    kind: str
    item: object
    urls: ItemUrls | None = None
    person: object = None
    ordinal: str = ""
    outcome: object = None
    subject_name: str = ""
    actions: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    position: int = 0

    def _url(self, key: str) -> str:
        return self.urls.url(key, self.kind, self.item.pk) if self.urls else ""

    @property
    def edit_url(self) -> str:
        return self._url("edit")

    @property
    def show_url(self) -> str:
        return self._url("show")

    @property
    def delete_url(self) -> str:
        return self._url("delete")

    @property
    def move_url(self) -> str:
        return self._url("move")

    @property
    def action_add_url(self) -> str:
        return self.urls.action_add.replace(f"/{_PLACEHOLDER_ID}/", f"/{self.item.pk}/", 1)


PERSON_FIELD = {
    "report": "presenter_id",
    "turn": "speaker_id",
    "directive": "given_by_id",
    "shortcoming": "subject_participant_id",
}


def items_of(context: EditorContext, kind: str) -> list:
    meeting = context.meeting
    if kind == "guest":
        return context.guests
    if kind == "action":
        return [a for s in meeting.shortcomings.all() for a in s.actions.all()]
    relation = {
        "agenda": "agenda_items",
        "report": "reports",
        "turn": "speaking_turns",
        "shortcoming": "shortcomings",
        "directive": "directive_points",
        "decision": "decisions",
    }[kind]
    return list(getattr(meeting, relation).all())


def item_rows(context: EditorContext, kind: str) -> list[ItemRow]:
    return [
        item_row(context, kind, item, position)
        for position, item in enumerate(items_of(context, kind), 1)
    ]


def item_row(context: EditorContext, kind: str, item, position: int = 0) -> ItemRow:
    urls = item_urls(context)
    row = ItemRow(kind, item, urls, position=position)
    if kind in PERSON_FIELD:
        row.person = context.by_pk.get(getattr(item, PERSON_FIELD[kind]))
    if kind == "directive":
        row.ordinal = vn.ordinal_la(position)
    elif kind == "decision":
        row.outcome = context.outcome(item)
        if item.subject_member_id:
            row.subject_name = next(
                (p.full_name for p in context.members if p.member_id == item.subject_member_id),
                "",
            )
    elif kind == "shortcoming":
        row.tags = list(item.tags.all())
        row.actions = [ItemRow("action", a, urls) for a in item.actions.all()]
    return row


def find_row(context: EditorContext, kind: str, item_id: int) -> ItemRow | None:
    for position, item in enumerate(items_of(context, kind), 1):
        if item.pk == item_id:
            return item_row(context, kind, item, position)
    return None
