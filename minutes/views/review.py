"""Review and approval pages: the workflow steps, comments, the comparison, history, the queue.

Every step has a confirmation page (GET) and changes state only on POST, through
one service in minutes.services.workflow. A meeting the user may not see is a
404 (meetings_visible_to); a step they may not take is a 403.
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Trim
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from members.access import meetings_visible_to
from minutes import permissions
from minutes.audit import ACTION_LABELS, event_hash
from minutes.comparison import comment_targets, latest_comparison, section_of
from minutes.document import build_document
from minutes.history import meeting_history
from minutes.models import (
    AuditEvent,
    Meeting,
    MinutesStatus,
    Notification,
    ReviewComment,
    ReviewOpening,
    SubmissionSnapshot,
)
from minutes.selectors import visible_meeting
from minutes.services import workflow


def _visible_row(user, pk: int) -> Meeting:
    """The meeting row alone (no parts), or 404: for pages that do not show the text."""
    return get_object_or_404(
        meetings_visible_to(user).select_related("cell", "cell__parent"), pk=pk
    )


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _finish(request: HttpRequest, outcome: workflow.Outcome) -> HttpResponse:
    (messages.success if outcome.changed else messages.info)(request, outcome.message)
    return redirect("meeting_detail", outcome.meeting.pk)


# --- the steps -------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair signs off the record before it goes up."""
    meeting = visible_meeting(request.user, pk)
    context = {"meeting": meeting, "step": "confirm"}
    if request.method == "POST":
        try:
            return _finish(request, workflow.confirm_as_chair(meeting=meeting, by=request.user))
        except workflow.WorkflowError as error:
            context["error"] = error
    elif not permissions.can_confirm_as_chair(request.user, meeting):
        raise PermissionDenied
    context["errors"] = [p for p in workflow.submission_problems(meeting) if p.is_error]
    context["document"] = build_document(meeting)
    context["confirmed"] = workflow.chair_confirmation_current(meeting)
    return render(request, "minutes/review/confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request.user, pk)
    context = {"meeting": meeting, "step": "submit"}
    if request.method == "POST":
        try:
            return _finish(
                request,
                workflow.submit(
                    meeting=meeting,
                    by=request.user,
                    confirm_warnings=request.POST.get("confirm_warnings") == "on",
                ),
            )
        except workflow.WorkflowError as error:
            context["error"] = error
    elif not permissions.can_submit(request.user, meeting):
        raise PermissionDenied
    problems = workflow.submission_problems(meeting)
    context.update(
        errors=[p for p in problems if p.is_error],
        warnings=[p for p in problems if not p.is_error],
        chair_confirmed=workflow.chair_confirmation_current(meeting),
        submitter_is_chair=permissions.can_confirm_as_chair(request.user, meeting),
        round=workflow.current_round(meeting) + 1,
    )
    return render(request, "minutes/review/submit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def return_for_changes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible_row(request.user, pk)
    context = {"meeting": meeting, "step": "return", "reason": ""}
    if request.method == "POST":
        context["reason"] = request.POST.get("reason", "")
        try:
            return _finish(
                request,
                workflow.return_for_changes(
                    meeting=meeting,
                    by=request.user,
                    reason=context["reason"],
                    round=_int_or_none(request.POST.get("round")),
                ),
            )
        except workflow.WorkflowError as error:
            context["error"] = error
    elif not permissions.can_return(request.user, meeting):
        raise PermissionDenied
    context["round"] = workflow.current_round(meeting)
    context["open_comments"] = ReviewComment.objects.filter(
        meeting=meeting, addressed_at__isnull=True
    ).select_related("author")
    return render(request, "minutes/review/return.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible_row(request.user, pk)
    context = {"meeting": meeting, "step": "approve", "comment": ""}
    if request.method == "POST":
        from minutes.services.documents import DocumentError

        context["comment"] = request.POST.get("comment", "")
        try:
            return _finish(
                request,
                workflow.approve(
                    meeting=meeting,
                    by=request.user,
                    round=_int_or_none(request.POST.get("round")),
                    comment=context["comment"],
                ),
            )
        except workflow.WorkflowError as error:
            context["error"] = error
        except DocumentError as error:
            # Signing failed, so nothing was approved: the transaction rolled back.
            context["error"] = workflow.WorkflowError(str(error))
    elif not permissions.can_approve(request.user, meeting):
        raise PermissionDenied
    context["round"] = workflow.current_round(meeting)
    context["open_comments"] = ReviewComment.objects.filter(
        meeting=meeting, addressed_at__isnull=True
    ).count()
    if meeting.number is None:
        context["next_number"] = workflow.next_number(meeting.cell)
    return render(request, "minutes/review/approve.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _visible_row(request.user, pk)
    context = {"meeting": meeting, "step": "reopen", "reason": ""}
    if request.method == "POST":
        context["reason"] = request.POST.get("reason", "")
        try:
            return _finish(
                request,
                workflow.reopen(meeting=meeting, by=request.user, reason=context["reason"]),
            )
        except workflow.WorkflowError as error:
            context["error"] = error
    elif not permissions.can_reopen(request.user, meeting):
        raise PermissionDenied
    return render(request, "minutes/review/reopen.html", context)


# --- reading and commenting --------------------------------------------------


@login_required
def review_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes part by part, each with the comments tied to it (and a form to add one)."""
    meeting = visible_meeting(request.user, pk)
    if not permissions.can_read_review(request.user, meeting):
        raise PermissionDenied
    if permissions.can_comment(request.user, meeting):
        # Not a workflow step, a read mark: the queue then shows the minutes as being read.
        ReviewOpening.record(meeting, request.user)
    return _render_review(request, meeting)


def _render_review(
    request: HttpRequest, meeting: Meeting, *, form_error: str = "", form: dict | None = None
) -> HttpResponse:
    document = build_document(meeting)
    targets = comment_targets(meeting)
    comments = list(
        ReviewComment.objects.filter(meeting=meeting).select_related("author", "addressed_by")
    )
    by_section: dict[str, list[ReviewComment]] = defaultdict(list)
    labels = {item.anchor: item.label for section in targets for item in section.items}
    for comment in comments:
        comment.target_label = labels.get(comment.anchor, "")
        # The editor marks each item "<kind>-<pk>" (turn-12, decision-3, …).
        # A part of a combined session ("thematic:turns") is no item: no editor anchor.
        kind, _sep, item_pk = comment.anchor.partition(":")
        comment.editor_anchor = f"{kind}-{item_pk}" if item_pk.isdigit() else ""
        by_section[section_of(comment.anchor, targets) or "gone"].append(comment)
    parts = document.parts()
    sections = [
        {
            "anchor": s.anchor,
            "label": s.label,
            "items": s.items,
            "lines": parts.get(s.anchor, []),
            "comments": by_section.get(s.anchor, []),
        }
        for s in targets
        if parts.get(s.anchor) or by_section.get(s.anchor) or s.items
    ]
    context = {
        "meeting": meeting,
        "sections": sections,
        "orphan_comments": by_section.get("gone", []),
        "open_count": sum(1 for c in comments if c.addressed_at is None),
        "can_comment": permissions.can_comment(request.user, meeting),
        "can_address": permissions.can_address_comments(request.user, meeting),
        "form_error": form_error,
        "form": {**(form or {}), "section": section_of((form or {}).get("anchor", ""), targets)},
    }
    return render(
        request, "minutes/review/meeting.html", context, status=400 if form_error else 200
    )


@login_required
@require_POST
def add_comment(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = visible_meeting(request.user, pk)
    anchor = request.POST.get("anchor", "")[:40]
    text = request.POST.get("text", "")
    try:
        comment = workflow.add_comment(meeting=meeting, by=request.user, anchor=anchor, text=text)
    except workflow.WorkflowError as error:
        return _render_review(
            request, meeting, form_error=error.message, form={"anchor": anchor, "text": text}
        )
    messages.success(request, _("Đã ghi nhận xét."))
    section = section_of(comment.anchor, comment_targets(meeting))
    return redirect(f"{_review_url(meeting.pk)}#part-{section}")


def _review_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("review_meeting", args=[pk])


@login_required
@require_POST
def comment_addressed(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(
        ReviewComment.objects.select_related("meeting"),
        pk=pk,
        meeting__in=meetings_visible_to(request.user),
    )
    try:
        outcome = workflow.mark_comment_addressed(comment=comment, by=request.user)
    except workflow.WorkflowError as error:
        messages.error(request, error.message)
    else:
        (messages.success if outcome.changed else messages.info)(request, outcome.message)
    return redirect(f"{_review_url(comment.meeting_id)}#comment-{comment.pk}")


@login_required
def changes(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed since the previous submission, part by part."""
    meeting = _visible_row(request.user, pk)
    if not permissions.can_read_review(request.user, meeting):
        raise PermissionDenied
    return render(
        request,
        "minutes/review/changes.html",
        {"meeting": meeting, "comparison": latest_comparison(meeting)},
    )


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every change to the minutes and their parts: who, when, old → new."""
    meeting = _visible_row(request.user, pk)
    if not permissions.can_read_review(request.user, meeting):
        raise PermissionDenied
    entries = meeting_history(meeting)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "minutes/review/history.html", {"meeting": meeting, "page": page})


@login_required
def audit_trail(request: HttpRequest, pk: int) -> HttpResponse:
    """The workflow events of this meeting, each checked against its hash."""
    meeting = _visible_row(request.user, pk)
    if not permissions.can_read_review(request.user, meeting):
        raise PermissionDenied
    events = list(AuditEvent.objects.filter(meeting=meeting).order_by("pk"))
    for event in events:
        event.intact = event_hash(event) == event.hash
        event.label = ACTION_LABELS.get(event.action, event.action)
    return render(request, "minutes/review/audit.html", {"meeting": meeting, "events": events})


# --- the queue and notifications ---------------------------------------------


class QueueState:
    """Where an item of the queue stands, from data the workflow keeps.

    New: nobody who may review it has opened this submission. Being read:
    opened (ReviewOpening, written by the review page), no comment yet this
    round. Commented: comments written since the last submission (reviewers
    comment only while minutes are submitted). Resubmitted: sent again after a
    return, and not opened since.
    """

    NEW = "new"
    READING = "reading"
    COMMENTED = "commented"
    RESUBMITTED = "resubmitted"
    ALL = (NEW, READING, COMMENTED, RESUBMITTED)


def _comment_count(**filters) -> Coalesce:
    count = (
        ReviewComment.objects.filter(meeting=OuterRef("pk"), **filters)
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))


def _openings_of_this_submission():
    return ReviewOpening.objects.filter(
        meeting=OuterRef("pk"), submitted_at=OuterRef("submitted_at")
    ).order_by()


def _first_reader_name() -> Subquery:
    """The name of whoever opened this submission first, family name first, as on every page."""
    name = Case(
        When(Q(user__last_name="") & Q(user__first_name=""), then=F("user__username")),
        default=Trim(Concat("user__last_name", Value(" "), "user__first_name")),
        output_field=CharField(),
    )
    first = _openings_of_this_submission().order_by("opened_at", "pk")
    return Subquery(first.annotate(name=name).values("name")[:1], output_field=CharField())


def _reader_count() -> Coalesce:
    count = _openings_of_this_submission().values("meeting").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))


def queue_queryset(user, state: str = ""):
    """Submitted minutes under the user's committees, oldest first, each with where it stands.

    `state` (one of QueueState.ALL) keeps only the items in that state; anything else keeps all.
    """
    last_round = (
        SubmissionSnapshot.objects.filter(meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(n=Max("round"))
        .values("n")
    )
    meetings = (
        permissions.reviewable_meetings(user)
        .filter(status=MinutesStatus.SUBMITTED)
        .select_related("cell", "cell__parent")
        .annotate(
            round=Subquery(last_round),
            # This round's comments; and every comment still open, earlier rounds' included.
            round_comments=_comment_count(created_at__gte=OuterRef("submitted_at")),
            open_comments=_comment_count(addressed_at__isnull=True),
            readers=_reader_count(),
            reader_name=_first_reader_name(),
        )
        .annotate(
            queue_state=Case(
                When(round_comments__gt=0, then=Value(QueueState.COMMENTED)),
                When(readers__gt=0, then=Value(QueueState.READING)),
                When(round__gt=1, then=Value(QueueState.RESUBMITTED)),
                default=Value(QueueState.NEW),
                output_field=CharField(),
            )
        )
        .order_by("submitted_at", "pk")
    )
    if state in QueueState.ALL:
        meetings = meetings.filter(queue_state=state)
    return meetings


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Submitted minutes from every cell under the reviewer's committees, oldest first.

    `?state=new|reading|commented|resubmitted` keeps one state. One query counts every state
    (for the filter links) and stands in for the paginator's own count.
    """
    if not permissions.is_reviewer(request.user):
        raise PermissionDenied
    state = request.GET.get("state", "")
    if state not in QueueState.ALL:
        state = ""
    counts = queue_queryset(request.user).aggregate(
        all=Count("pk"),
        **{s: Count("pk", filter=Q(queue_state=s)) for s in QueueState.ALL},
    )
    paginator = Paginator(queue_queryset(request.user, state), 25)
    paginator.count = counts[state or "all"]  # known already: no second COUNT query
    filters = [
        ("", _("Tất cả"), counts["all"]),
        (QueueState.NEW, _("Mới"), counts[QueueState.NEW]),
        (QueueState.READING, _("Đang đọc"), counts[QueueState.READING]),
        (QueueState.COMMENTED, _("Đã có nhận xét"), counts[QueueState.COMMENTED]),
        (QueueState.RESUBMITTED, _("Gửi lại sau khi trả"), counts[QueueState.RESUBMITTED]),
    ]
    return render(
        request,
        "minutes/review/queue.html",
        {
            "page": paginator.get_page(request.GET.get("page")),
            "now": timezone.now(),
            "state": state,
            "filters": filters,
            "total": counts["all"],
            "query_string": f"state={state}" if state else "",
        },
    )


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notices = Notification.objects.filter(user=request.user).select_related("meeting__cell")
    page = Paginator(notices, 25).get_page(request.GET.get("page"))
    return render(request, "minutes/review/notifications.html", {"page": page})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    messages.success(request, _("Đã đánh dấu mọi thông báo là đã đọc."))
    return redirect("notifications")
