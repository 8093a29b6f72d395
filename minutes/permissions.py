"""Who may do what to one meeting: role checks (members.access) combined with its state.

Plain predicates, used by the templates (which buttons to show), the views (403)
and the workflow services (which check again inside their transaction). They
assume the user may already see the meeting: visibility is
`members.access.meetings_visible_to`, answered with 404 before any of these.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

from members.access import User, _grant_paths, can_chair, can_record, can_review, has_role_on
from members.models import Role
from minutes.models import Meeting, MinutesStatus


def is_open_for_recording(meeting: Meeting) -> bool:
    """Draft or returned, and not an old version (old versions are never drafts)."""
    return meeting.is_editable and meeting.superseded_at is None


def can_confirm_as_chair(user: User, meeting: Meeting) -> bool:
    return is_open_for_recording(meeting) and can_chair(user, meeting.cell)


def can_submit(user: User, meeting: Meeting) -> bool:
    """The cell's recorder or its chair sends the minutes up (the chair's sign-off is checked
    by the service: a recorder needs the chair's confirmation of the current text)."""
    return is_open_for_recording(meeting) and (
        can_record(user, meeting.cell) or can_chair(user, meeting.cell)
    )


def can_return(user: User, meeting: Meeting) -> bool:
    return meeting.status == MinutesStatus.SUBMITTED and can_review(user, meeting.cell)


def can_approve(user: User, meeting: Meeting) -> bool:
    return meeting.status == MinutesStatus.SUBMITTED and can_review(user, meeting.cell)


def can_comment(user: User, meeting: Meeting) -> bool:
    """Reviewers comment on minutes while they read them, i.e. while submitted."""
    return meeting.status == MinutesStatus.SUBMITTED and can_review(user, meeting.cell)


def can_address_comments(user: User, meeting: Meeting) -> bool:
    """The recorder (or chair) marks comments addressed while correcting returned minutes."""
    return is_open_for_recording(meeting) and (
        can_record(user, meeting.cell) or can_chair(user, meeting.cell)
    )


def can_reopen(user: User, meeting: Meeting) -> bool:
    """A reviewer reopens the current approved version, once (one new version at a time)."""
    if meeting.status != MinutesStatus.APPROVED or meeting.superseded_at is not None:
        return False
    if not can_review(user, meeting.cell):
        return False
    return not Meeting.objects.filter(previous_version_id=meeting.pk).exists()


def can_read_review(user: User, meeting: Meeting) -> bool:
    """Comments, comparison, history and audit trail: anyone with a role on the cell or above.

    Plain members read the approved minutes themselves, not how they were made.
    """
    return has_role_on(user, meeting.cell)


def is_reviewer(user: User) -> bool:
    """Holds the reviewer role somewhere (or administers the site): has a review queue."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(_reviewer_paths(user))


def _reviewer_paths(user: User) -> list[str]:
    # The same per-request cache as members.access.can_review: one query for both.
    return _grant_paths(user, (Role.REVIEWER,))


def reviewable_meetings(user: User) -> QuerySet[Meeting]:
    """Meetings of the cells strictly below an organization where `user` is a reviewer."""
    if not user.is_authenticated:
        return Meeting.objects.none()
    if user.is_superuser:
        return Meeting.objects.all()
    paths = _reviewer_paths(user)
    if not paths:
        return Meeting.objects.none()
    q = reduce(or_, (Q(cell__path__startswith=p) & ~Q(cell__path=p) for p in paths))
    return Meeting.objects.filter(q)
