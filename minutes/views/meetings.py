from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from minutes.document import build_document
from minutes.selectors import visible_meeting


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes, read-only, laid out like the official document."""
    meeting = visible_meeting(request.user, pk)
    return render(
        request,
        "minutes/meeting_detail.html",
        {"meeting": meeting, "document": build_document(meeting)},
    )
