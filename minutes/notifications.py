"""Telling people that minutes moved: an in-app notice and an e-mail to each.

The workflow services call these through `transaction.on_commit`, so nobody is
told about a change that was rolled back. Submitted minutes go to the reviewers
of the cell (reviewer role on a committee above it); returned, approved and
reopened minutes go to the people who record and chair the cell's minutes. The
person who acted is not told about their own action.

E-mail goes through Django's mail API (console backend by default, SMTP when
DJANGO_EMAIL_BACKEND says so). A mail server that is down must not turn a
committed transition into an error page: failures are logged, the in-app notice
is already there.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from config.site_address import site_url
from members.models import Organization, Role
from minutes.models import Meeting, Notification

logger = logging.getLogger(__name__)


def _ancestor_paths(cell: Organization) -> list[str]:
    """Paths of the organizations strictly above `cell` ("000001/", "000001/000004/")."""
    parts = [p for p in cell.path.split("/") if p]
    return ["".join(f"{p}/" for p in parts[:i]) for i in range(1, len(parts))]


def reviewers_of(cell: Organization):
    """Users who hold the reviewer role on a committee above `cell`."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            role_grants__role=Role.REVIEWER,
            role_grants__organization__path__in=_ancestor_paths(cell),
        )
        .distinct()
    )


def recorders_and_chair(meeting: Meeting):
    """The cell's recorders and chairs, the person who started the record, and the chair of the day."""
    q = Q(
        role_grants__organization=meeting.cell_id, role_grants__role__in=[Role.RECORDER, Role.CHAIR]
    )
    if meeting.created_by_id:
        q |= Q(pk=meeting.created_by_id)
    if meeting.chair_id:
        q |= Q(member__attendances__pk=meeting.chair_id)
    return get_user_model().objects.filter(q, is_active=True).distinct()


def _meeting_title(meeting: Meeting) -> str:
    return _("%(cell)s, ngày %(date)s (phiên bản %(v)d)") % {
        "cell": meeting.cell.name,
        "date": meeting.date.strftime("%d/%m/%Y"),
        "v": meeting.version,
    }


def _send(meeting: Meeting, users, *, text: str, actor_id: int | None, extra: str = "") -> int:
    recipients = [u for u in users if u.pk != actor_id]
    if not recipients:
        return 0
    Notification.objects.bulk_create(
        [Notification(user=u, meeting=meeting, text=text[:300]) for u in recipients]
    )
    link = site_url() + reverse("meeting_detail", args=[meeting.pk])
    body = "\n\n".join(part for part in (text, extra, link) if part)
    messages = [
        EmailMessage(
            subject=f"[{_('Biên bản')}] {text}"[:200],
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[u.email],
        )
        for u in recipients
        if u.email
    ]
    if messages:
        try:
            get_connection().send_messages(messages)
        except Exception:  # the notice is stored; a mail outage must not undo the step
            logger.exception("could not send %d notification e-mails", len(messages))
    return len(recipients)


def _load(meeting_id: int) -> Meeting:
    return Meeting.objects.select_related("cell").get(pk=meeting_id)


def submitted(meeting_id: int, actor_id: int | None) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        meeting = _load(meeting_id)
        text = _("Biên bản chờ duyệt: %(m)s") % {"m": _meeting_title(meeting)}
        return _send(meeting, reviewers_of(meeting.cell), text=text, actor_id=actor_id)


def returned(meeting_id: int, actor_id: int | None, reason: str) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        meeting = _load(meeting_id)
        text = _("Biên bản bị trả lại để sửa: %(m)s") % {"m": _meeting_title(meeting)}
        extra = _("Lý do: %(r)s") % {"r": reason}
        return _send(
            meeting, recorders_and_chair(meeting), text=text, actor_id=actor_id, extra=extra
        )


def approved(meeting_id: int, actor_id: int | None) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        meeting = _load(meeting_id)
        text = _("Biên bản đã được duyệt: %(m)s") % {"m": _meeting_title(meeting)}
        return _send(meeting, recorders_and_chair(meeting), text=text, actor_id=actor_id)


def reopened(meeting_id: int, actor_id: int | None, reason: str) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        meeting = _load(meeting_id)
        text = _("Biên bản được mở lại để đính chính: %(m)s") % {"m": _meeting_title(meeting)}
        extra = _("Lý do: %(r)s") % {"r": reason}
        return _send(
            meeting, recorders_and_chair(meeting), text=text, actor_id=actor_id, extra=extra
        )


def document_failed(meeting_id: int, user_id: int, reason: str) -> int:
    """The signed document of approved minutes could not be issued: tell who asked for it."""
    with translation.override(settings.LANGUAGE_CODE):
        meeting = _load(meeting_id)
        text = _("Chưa phát hành được văn bản ký số: %(m)s") % {"m": _meeting_title(meeting)}
        extra = _("Lý do: %(r)s") % {"r": reason}
        users = get_user_model().objects.filter(pk=user_id, is_active=True)
        return _send(meeting, users, text=text, actor_id=None, extra=extra)
