"""Starting a meeting: one click from the home page, or the cell, the kind, then a form.

The common path is one click: a button per cell and kind POSTs here with
`quick=1`, the draft is made at once, dated today and prefilled from the cell's
previous meeting of that kind, and the editor opens (date, time and place are
edited there, in "Thông tin chung"; time and place start empty, never copied).
The full form ("Tùy chọn khác…") stays for choosing another date or the
details first.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.access import cells_with_role
from members.models import Member, Role
from minutes import vnformat as vn
from minutes.forms.recording import StartMeetingForm, campaign_for
from minutes.models import MeetingKind
from minutes.services import recording as services
from minutes.views.recording.common import Forbidden, editor_url, recording_view


def _pick(cells, value) -> object | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return next((cell for cell in cells if cell.pk == pk), None)


def _roster(cell) -> list[Member]:
    if cell is None:
        return []
    return list(Member.objects.on_roster(cell, timezone.localdate()).order_by("search_name"))


def _form_url(cell, kind: str | None, campaign) -> str:
    """The full start form for this cell (and kind, campaign): the page behind "Tùy chọn khác…"."""
    query = {"cell": cell.pk}
    if kind:
        query["kind"] = kind
    if campaign is not None:
        query["campaign"] = campaign.pk
    return f"{reverse('recording_start')}?{urlencode(query)}"


def _quick_start(request: HttpRequest, cells: list) -> HttpResponse:
    """One click: make the draft like last time and open the editor (see the module docstring)."""
    posted_cell = request.POST.get("cell")
    cell = _pick(cells, posted_cell)
    campaign = campaign_for([cell] if cell else cells, request.POST.get("campaign"))
    if cell is None and campaign is not None and not posted_cell:
        cell = next(c for c in cells if c.path.startswith(campaign.committee.path))
    if cell is None:
        raise Forbidden(_("Bạn không có quyền ghi biên bản của chi bộ này."))
    kind = request.POST.get("kind")
    if kind not in MeetingKind.values:
        kind = MeetingKind.THEMATIC if campaign is not None else None
    if kind is None:
        return redirect(_form_url(cell, None, campaign))
    outcome = services.start_meeting_like_last_time(
        cell=cell, kind=kind, campaign=campaign, by=request.user
    )
    meeting = outcome.meeting
    if meeting is None:
        messages.info(
            request,
            _(
                "Chi bộ chưa có cuộc họp cùng loại để điền sẵn: "
                "hãy nhập giờ, địa điểm rồi tạo biên bản."
            ),
        )
        return redirect(_form_url(cell, kind, campaign))
    if outcome.created:
        messages.success(
            request,
            _(
                "Đã tạo biên bản dự thảo ngày %(date)s, điền sẵn theo cuộc họp ngày %(previous)s. "
                "Ngày, giờ, địa điểm sửa ngay ở phần Thông tin chung."
            )
            % {
                "date": vn.short_date(meeting.date),
                "previous": vn.short_date(outcome.suggestions.previous.date),
            },
        )
    else:
        messages.info(
            request,
            _("Biên bản này vừa được tạo cách đây chưa đầy một phút; đã mở lại, không tạo thêm."),
        )
    return redirect(editor_url(meeting.pk, "sec-details"))


@recording_view
def start_meeting(request: HttpRequest) -> HttpResponse:
    """GET ?cell=&kind=[&campaign=] shows the prefilled form; POST creates the draft.

    A POST with `quick` (the home page's buttons) skips the form: `_quick_start`.
    """
    cells_qs = cells_with_role(request.user, Role.RECORDER).order_by("name")
    cells = list(cells_qs)
    if not cells:
        raise Forbidden(_("Bạn chưa được giao ghi biên bản cho chi bộ nào."))
    if request.method == "POST" and request.POST.get("quick"):
        return _quick_start(request, cells)
    source = request.POST if request.method == "POST" else request.GET
    cell = _pick(cells, source.get("cell")) or (cells[0] if len(cells) == 1 else None)
    kind = source.get("kind") if source.get("kind") in MeetingKind.values else None
    campaign = campaign_for([cell] if cell else cells, source.get("campaign"))
    if campaign is not None:
        kind = kind or MeetingKind.THEMATIC
        if cell is None:
            cell = next(c for c in cells if c.path.startswith(campaign.committee.path))
    # "?change=1" goes back to choosing the cell and the kind.
    ready = cell is not None and kind is not None and not source.get("change")

    if request.method == "POST":
        form = StartMeetingForm(request.POST, cells=cells_qs, roster=_roster(cell))
        if form.is_valid():
            data = form.cleaned_data
            previous = services.previous_meeting(data["cell"], data["kind"])
            meeting = services.start_meeting(
                cell=data["cell"],
                kind=data["kind"],
                date=data["date"],
                start_time=data["start_time"],
                place=data["place"],
                topic=data["topic"],
                legal_bases=data["legal_bases"],
                agenda=data["agenda"],
                chair_member_id=data["chair_member"],
                secretary_member_id=data["secretary_member"],
                previous=previous,
                campaign=data["campaign_obj"],
                by=request.user,
            )
            return redirect(editor_url(meeting.pk))
        ready = True
        suggestions = None
    elif ready:
        suggestions = services.suggestions_for(cell, kind, campaign)
        form = StartMeetingForm(
            initial={
                "cell": cell.pk,
                "kind": kind,
                "date": timezone.localdate(),
                # The time and the place of this meeting are not last time's:
                # left empty (last place shown as a suggestion), never invented.
                "topic": suggestions.topic,
                "legal_bases": suggestions.legal_bases,
                "agenda": "\n".join(suggestions.agenda),
                "chair_member": suggestions.chair_member_id,
                "secretary_member": suggestions.secretary_member_id,
                "campaign": campaign.pk if campaign else None,
            },
            cells=cells_qs,
            roster=_roster(cell),
            place_suggestion=suggestions.place,
        )
    else:
        form = None
        suggestions = None
    if form is not None:
        # The cell and the kind were chosen in the first step; a link goes back to it.
        form.fields["cell"].widget = forms.HiddenInput()
        form.fields["kind"].widget = forms.HiddenInput()
    return render(
        request,
        "minutes/recording/start.html",
        {
            "cells": cells,
            "cell": cell,
            "kind": kind,
            "kind_label": dict(MeetingKind.choices).get(kind, ""),
            "kinds": MeetingKind.choices,
            "campaign": campaign,
            "form": form if ready else None,
            "suggestions": suggestions,
        },
    )
