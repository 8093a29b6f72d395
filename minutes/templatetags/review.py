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


@register.filter
def person(user) -> str:
    """An account's name in Vietnamese order (family and middle names first)."""
    from minutes.audit import person_name

    return person_name(user) if user is not None else ""


@register.filter
def waited(since, now=None) -> str:
    """How long something has waited, in days and hours ("3 ngày 4 giờ", "25 phút")."""
    from django.utils.translation import ngettext

    if since is None:
        return ""
    minutes = max(0, int(((now or timezone.now()) - since).total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        text = ngettext("%(n)d ngày", "%(n)d ngày", days) % {"n": days}
        if hours and days < 7:
            text += " " + ngettext("%(n)d giờ", "%(n)d giờ", hours) % {"n": hours}
        return text
    if hours:
        return ngettext("%(n)d giờ", "%(n)d giờ", hours) % {"n": hours}
    return ngettext("%(n)d phút", "%(n)d phút", minutes) % {"n": minutes}
