"""The preview: the minutes laid out like the official document, and what is still missing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from members.access import can_record
from members.models import Member
from minutes.models import CommitteeSettings, Meeting, VotingRule
from minutes.parts import cached_part, document_part, render_document
from minutes.rules import check_minutes
from minutes.selectors import load_parts, visible_meeting_row
from minutes.views.recording.common import recording_view

# Where each part named by `check_minutes` is fixed in the editor.
EDITOR_ANCHORS = {
    "opening": "sec-details",
    "attendance": "sec-attendance",
    "closing": "sec-closing",
    "reports": "sec-report",
    "turns": "sec-turn",
}
# Ids that always exist in the document. Reports point at section II: the one
# problem about them is that there are none (so no "part-reports"), and a
# combined session files them under each of its parts.
DOCUMENT_ANCHORS = {
    "opening": "part-opening",
    "attendance": "part-attendance",
    "reports": "part-proceedings",
    "turns": "part-proceedings",
    "closing": "part-votes",
}


@require_GET
@recording_view
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone who may see the meeting may preview it; recorders get links to fix problems.

    The document and the list of problems are parts (minutes.parts): built once
    per change of the minutes, with the meeting's parts loaded only then.
    """
    meeting = visible_meeting_row(request.user, pk)
    can_edit = meeting.is_editable and can_record(request.user, meeting.cell)
    loaded: dict[str, object] = {}

    def parts() -> dict:
        # What both parts need, loaded once if either of them is missing.
        if not loaded:
            loaded["meeting"] = load_parts(meeting)
            loaded["settings"] = CommitteeSettings.for_organization(meeting.cell)
            loaded["voting_rules"] = list(VotingRule.objects.all())
        return loaded

    def render_problems() -> str:
        return render_to_string(
            "minutes/recording/_preview_problems.html",
            {"meeting": meeting, "can_edit": can_edit, **_problems(**parts())},
        )

    problems_html = cached_part(meeting, "preview-problems", render_problems, can_edit)
    # The same part as the meeting page's (document_part), built from what is loaded here.
    document_html = cached_part(meeting, "document", lambda: render_document(**parts()))
    return render(
        request,
        "minutes/recording/preview.html",
        {
            "meeting": meeting,
            "document_html": document_html,
            "problems_html": problems_html,
            "can_edit": can_edit,
        },
    )


def _problems(*, meeting: Meeting, settings: CommitteeSettings, voting_rules: list) -> dict:
    """What `check_minutes` finds, each with where to fix it in the editor and the document."""
    roster = Member.objects.on_roster(meeting.cell, meeting.date).values_list("pk", flat=True)
    problems = check_minutes(
        meeting,
        participants=list(meeting.participants.all()),
        decisions=list(meeting.decisions.all()),
        reports=list(meeting.reports.all()),
        speaking_turns=list(meeting.speaking_turns.all()),
        roster_member_ids=list(roster),
        rules=settings,
        voting_rules=voting_rules,
    )
    rows = []
    for problem in problems:
        part = problem.part
        if part.startswith("decision:"):
            editor_anchor, document_anchor = f"decision-{part.split(':', 1)[1]}", "part-votes"
        else:
            editor_anchor = EDITOR_ANCHORS.get(part, "")
            document_anchor = DOCUMENT_ANCHORS.get(part, "")
        rows.append((problem, editor_anchor, document_anchor))
    return {
        "problems": rows,
        "errors": sum(p.is_error for p in problems),
        "warnings": sum(not p.is_error for p in problems),
    }


@require_GET
@recording_view
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """The document part alone, for the editor's live pane on a wide screen.

    The pane fetches it after saves settle: one GET, answered from the same
    cached part as the preview and the meeting page (rendered again only after
    a change), so following the edits costs no more than the preview does.
    """
    meeting = visible_meeting_row(request.user, pk)
    response = HttpResponse(document_part(meeting))
    response["Cache-Control"] = "private, no-store"
    return response
