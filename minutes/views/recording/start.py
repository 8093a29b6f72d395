"""Starting a meeting: choose the cell and the kind, then a form prefilled from last time."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from members.access import cells_with_role
from members.models import Member, Role
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


@recording_view
def start_meeting(request: HttpRequest) -> HttpResponse:
    """GET ?cell=&kind=[&campaign=] shows the prefilled form; POST creates the draft."""
    cells_qs = cells_with_role(request.user, Role.RECORDER).order_by("name")
    cells = list(cells_qs)
    if not cells:
        raise Forbidden(_("Bạn chưa được giao ghi biên bản cho chi bộ nào."))
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
        previous = suggestions.previous
        form = StartMeetingForm(
            initial={
                "cell": cell.pk,
                "kind": kind,
                "date": timezone.localdate(),
                "start_time": previous.start_time if previous else None,
                "place": suggestions.place,
                "topic": suggestions.topic,
                "legal_bases": suggestions.legal_bases,
                "agenda": "\n".join(suggestions.agenda),
                "chair_member": suggestions.chair_member_id,
                "secretary_member": suggestions.secretary_member_id,
                "campaign": campaign.pk if campaign else None,
            },
            cells=cells_qs,
            roster=_roster(cell),
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
