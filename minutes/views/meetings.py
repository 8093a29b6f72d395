from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from minutes.parts import document_part
from minutes.selectors import visible_meeting_row


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes, read-only, laid out like the official document."""
    meeting = visible_meeting_row(request.user, pk)
    return render(
        request,
        "minutes/meeting_detail.html",
        {"meeting": meeting, "document_html": document_part(meeting)},
    )
