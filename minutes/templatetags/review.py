"""Template access to the review predicates and the reviewer's home panel.

`{% review_permissions meeting as can %}` gives the buttons a page may show
(`can.submit`, `can.approve`, …), from minutes.permissions; the services check
again on POST, so a hidden button is a courtesy, never the guard.
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from minutes import permissions
from minutes.models import MinutesStatus, Notification, ReviewComment

register = template.Library()


@register.simple_tag(takes_context=True)
def review_permissions(context, meeting) -> dict[str, bool]:
    user = context["request"].user
    return {
        "confirm": permissions.can_confirm_as_chair(user, meeting),
        "submit": permissions.can_submit(user, meeting),
        "return_changes": permissions.can_return(user, meeting),
        "approve": permissions.can_approve(user, meeting),
        "reopen": permissions.can_reopen(user, meeting),
        "comment": permissions.can_comment(user, meeting),
        "address": permissions.can_address_comments(user, meeting),
        "read": permissions.can_read_review(user, meeting),
    }


@register.simple_tag
def open_comment_count(meeting) -> int:
    return ReviewComment.objects.filter(meeting=meeting, addressed_at__isnull=True).count()


@register.inclusion_tag("minutes/review/_home_panel.html", takes_context=True)
def review_home_panel(context) -> dict:
    """The reviewer's waiting minutes (oldest first) and the user's latest notices."""
    from minutes.views.review import queue_queryset

    user = context["request"].user
    reviewer = permissions.is_reviewer(user)
    waiting = list(queue_queryset(user)[:5]) if reviewer else []
    waiting_count = queue_queryset(user).count() if reviewer and len(waiting) == 5 else len(waiting)
    notices = list(
        Notification.objects.filter(user=user)
        .select_related("meeting__cell")
        .order_by("-created_at", "-pk")[:5]
    )
    return {
        "request": context["request"],
        "is_reviewer": reviewer,
        "waiting": waiting,
        "waiting_count": waiting_count,
        "notices": notices,
        "now": timezone.now(),
        "submitted": MinutesStatus.SUBMITTED,
    }
