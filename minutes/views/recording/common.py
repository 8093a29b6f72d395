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
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.access import can_record
from minutes import vnformat as vn
from minutes.forms.recording import EditorContext
from minutes.models import (
    AttendanceStatus,
    CommitteeSettings,
    LockedMinutesError,
    Meeting,
    MeetingKind,
    SessionPart,
    VotingRule,
)
from minutes.parts import TOKEN_MARK
from minutes.selectors import load_parts, visible_meeting
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


def check_can_edit(user, meeting: Meeting) -> None:
    if not can_record(user, meeting.cell):
        raise Forbidden(_("Chỉ thư ký (người ghi biên bản) của chi bộ mới sửa được biên bản."))
    if not meeting.is_editable:
        raise Forbidden(str(services.NOT_EDITABLE_MESSAGE))


def load_context(
    request: HttpRequest, pk: int, *, edit: bool = True, rules: bool | None = None
) -> EditorContext:
    """The meeting with its parts and rules; 404 if invisible, 403 if `edit` and not allowed.

    The voting rules are read only when a decision needs counting: when the
    meeting has decisions, on a POST (a decision may be being saved), or if asked.
    """
    meeting = visible_meeting(request.user, pk)
    if edit:
        check_can_edit(request.user, meeting)
    return context_for(request, meeting, rules=rules)


def load_editor_context(request: HttpRequest, row: Meeting) -> EditorContext:
    """The context of a meeting whose row (`selectors.visible_meeting_row`) was checked already."""
    return context_for(request, load_parts(row))


def context_for(
    request: HttpRequest, meeting: Meeting, *, rules: bool | None = None
) -> EditorContext:
    settings = CommitteeSettings.for_organization(meeting.cell)
    if rules is None:
        rules = bool(meeting.decisions.all()) or request.method == "POST"
    voting_rules = list(VotingRule.objects.all()) if rules else []
    return EditorContext(meeting=meeting, settings=settings, voting_rules=voting_rules)


def editor_url(meeting_pk: int, anchor: str = "") -> str:
    url = reverse("recording_editor", args=[meeting_pk])
    return f"{url}#{anchor}" if anchor else url


# --- display data computed once in Python (cheaper than template logic per row)

# Stands for an id in a URL reversed once and completed per row or item.
PLACEHOLDER_ID = 987654321


STATUS_SHORT = {
    AttendanceStatus.UNMARKED: gettext_lazy("Chưa điểm danh"),
    AttendanceStatus.PRESENT: gettext_lazy("Có mặt"),
    AttendanceStatus.ABSENT_EXCUSED: gettext_lazy("Vắng có lý do"),
    AttendanceStatus.ABSENT_UNEXCUSED: gettext_lazy("Vắng không lý do"),
    AttendanceStatus.ABSENT_UNKNOWN: gettext_lazy("Vắng, chưa rõ lý do"),
    AttendanceStatus.NOT_EXPECTED: gettext_lazy("Không phải dự"),
}


def attendance_rows(context: EditorContext) -> list[dict]:
    # One reverse() for all rows: the URL differs only by the person's id.
    pattern = reverse("recording_attendance_row", args=[context.meeting.pk, PLACEHOLDER_ID])
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
        pk = str(person.pk)
        rows.append(
            {
                "person": person,
                "pk": pk,
                "legend": _("Điểm danh đồng chí %(name)s") % {"name": person.full_name},
                "reason_label": _("Lý do vắng của đồng chí %(name)s") % {"name": person.full_name},
                "choices": [
                    (value, _choice_label(value, person), value == person.status)
                    for value in allowed
                ],
                "fixed": len(allowed) == 1,
                "badges": badges,
                "was": f"{person.status}|{person.absence_reason}",
                "reason_editable": not (person.is_exempt or services.is_fixed_row(person)),
                "posted_reason": None,
                "url": pattern.replace(f"/{PLACEHOLDER_ID}/", f"/{pk}/", 1),
            }
        )
    return rows


def _choice_label(value: str, person) -> str:
    if value == AttendanceStatus.NOT_EXPECTED and person.is_exempt:
        return _("Miễn sinh hoạt, không dự")
    return str(STATUS_SHORT[value])


# What cached parts leave open, filled in per response. The CSRF input of a
# part's form carries TOKEN_MARK; a blank add form, the same for every meeting,
# carries a placeholder id in its URLs; the meeting forms carry REVISION_MARK
# as their revision. Only these exact strings are replaced: they contain `<`
# or `="`, which text typed by a member cannot produce (it is escaped), so
# typed text is never changed.
_TOKEN_INPUT = f'<input type="hidden" name="csrfmiddlewaretoken" value="{TOKEN_MARK}">'
REVISION_MARK = "BIENBAN-PART-REVISION"
_REVISION_VALUE = f'value="{REVISION_MARK}" id="id_'


def _url_start(meeting_pk: int) -> str:
    return '="' + reverse("recording_editor", args=[meeting_pk])


def fill_in(
    request: HttpRequest, html: str, meeting_pk: int | None = None, revision: int | None = None
) -> str:
    """`html` with the request's CSRF token and, given them, the meeting's URLs and revision."""
    if _TOKEN_INPUT in html:
        token = escape(get_token(request))
        html = html.replace(
            _TOKEN_INPUT, f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        )
    if meeting_pk is not None:
        blank = _url_start(PLACEHOLDER_ID)
        if blank in html:
            html = html.replace(blank, _url_start(meeting_pk))
    if revision is not None and _REVISION_VALUE in html:
        html = html.replace(_REVISION_VALUE, f'value="{int(revision)}" id="id_')
    return html


def render_fragments(
    request: HttpRequest,
    parts: list[tuple[str, dict] | SafeString],
    *,
    meeting_pk: int | None = None,
    **kwargs,
) -> HttpResponse:
    """Several templates in one response: the main fragment first, then out-of-band swaps.

    A part is a template with its context, or a cached part already rendered.
    """
    html = "".join(
        part if isinstance(part, SafeString) else render_to_string(*part, request=request)
        for part in parts
    )
    return HttpResponse(fill_in(request, html, meeting_pk), **kwargs)


def render_page(
    request: HttpRequest, template: str, context: dict, *, meeting: Meeting, **kwargs
) -> HttpResponse:
    """`render`, with what the cached parts of the page leave open filled in."""
    response = render(request, template, context, **kwargs)
    html = response.content.decode()
    response.content = fill_in(request, html, meeting.pk, meeting.revision)
    return response


# --- items as the editor shows them


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
            key: reverse(name, args=[meeting_pk, "kind", PLACEHOLDER_ID])
            for key, name in self.ROUTES.items()
        }
        self.action_add = reverse("recording_action_add", args=[meeting_pk, PLACEHOLDER_ID])

    def url(self, key: str, kind: str, pk: int) -> str:
        return (
            self.patterns[key]
            .replace("/kind/", f"/{kind}/", 1)
            .replace(f"/{PLACEHOLDER_ID}/", f"/{pk}/", 1)
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
    # The item's id as the page writes it (ids and URLs), formatted once.
    pk: str = field(init=False)

    def __post_init__(self) -> None:
        self.pk = str(self.item.pk)

    @property
    def body_template(self) -> str:
        return f"minutes/recording/item/_{self.kind}.html"

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
        return self.urls.action_add.replace(f"/{PLACEHOLDER_ID}/", f"/{self.item.pk}/", 1)


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


def _positions(context: EditorContext, kind: str, items: list) -> list[int]:
    """Each item's place in its list; a combined session numbers directives per part."""
    if kind != "directive" or context.meeting.kind != MeetingKind.COMBINED:
        return list(range(1, len(items) + 1))
    # "Một là, Hai là" starts again in each part, as the minutes print them.
    seen: dict[str, int] = {}
    positions = []
    for item in items:
        part = item.part or SessionPart.REGULAR
        seen[part] = seen.get(part, 0) + 1
        positions.append(seen[part])
    return positions


def item_rows(context: EditorContext, kind: str) -> list[ItemRow]:
    items = items_of(context, kind)
    return [
        item_row(context, kind, item, position)
        for position, item in zip(_positions(context, kind, items), items, strict=True)
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
    items = items_of(context, kind)
    for position, item in zip(_positions(context, kind, items), items, strict=True):
        if item.pk == item_id:
            return item_row(context, kind, item, position)
    return None
