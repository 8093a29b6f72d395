"""The preview: the minutes laid out like the official document, and what is still missing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from members.access import can_record
from members.models import Member
from minutes.document import build_document
from minutes.rules import check_minutes
from minutes.views.recording.common import load_context, recording_view

# Where each part named by `check_minutes` is fixed in the editor.
EDITOR_ANCHORS = {
    "opening": "sec-details",
    "attendance": "sec-attendance",
    "closing": "sec-closing",
    "reports": "sec-report",
    "turns": "sec-turn",
}
DOCUMENT_ANCHORS = {
    "opening": "part-opening",
    "attendance": "part-attendance",
    "reports": "part-reports",
    "turns": "part-proceedings",
    "closing": "part-votes",
}


@require_GET
@recording_view
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone who may see the meeting may preview it; recorders get links to fix problems."""
    context = load_context(request, pk, edit=False)
    meeting = context.meeting
    document = build_document(meeting, settings=context.settings, voting_rules=context.voting_rules)
    roster = Member.objects.on_roster(meeting.cell, meeting.date).values_list("pk", flat=True)
    problems = check_minutes(
        meeting,
        participants=context.participants,
        decisions=list(meeting.decisions.all()),
        reports=list(meeting.reports.all()),
        speaking_turns=list(meeting.speaking_turns.all()),
        roster_member_ids=list(roster),
        rules=context.settings,
        voting_rules=context.voting_rules,
    )
    can_edit = meeting.is_editable and can_record(request.user, meeting.cell)
    rows = []
    for problem in problems:
        part = problem.part
        if part.startswith("decision:"):
            editor_anchor, document_anchor = f"decision-{part.split(':', 1)[1]}", "part-votes"
        else:
            editor_anchor = EDITOR_ANCHORS.get(part, "")
            document_anchor = DOCUMENT_ANCHORS.get(part, "")
        rows.append((problem, editor_anchor, document_anchor))
    return render(
        request,
        "minutes/recording/preview.html",
        {
            "meeting": meeting,
            "document": document,
            "problems": rows,
            "errors": sum(p.is_error for p in problems),
            "warnings": sum(not p.is_error for p in problems),
            "can_edit": can_edit,
        },
    )
