"""Review and approval: the audit trail, reviewers' comments, notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One workflow event; chained by hash per organization so tampering shows."""

    organization = models.ForeignKey(
        "members.Organization", on_delete=models.PROTECT, related_name="audit_events"
    )
    meeting = models.ForeignKey(
        "minutes.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=150, blank=True)
    action = models.CharField(_("hành động"), max_length=40)
    from_status = models.CharField(_("từ trạng thái"), max_length=20, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20, blank=True)
    comment = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("lúc"))
    previous_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["organization", "pk"]
        indexes = [models.Index(fields=["meeting", "created_at"], name="audit_meeting")]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.action}"


class ReviewComment(models.Model):
    """A reviewer's comment tied to one part of the minutes."""

    meeting = models.ForeignKey(
        "minutes.Meeting", on_delete=models.CASCADE, related_name="review_comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The part of the minutes, e.g. "attendance", "turn:12", "decision:3".
    anchor = models.CharField(_("phần"), max_length=40)
    text = models.TextField(_("nhận xét"))
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    addressed_at = models.DateTimeField(_("đã xử lý lúc"), null=True, blank=True)
    addressed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("nhận xét")
        verbose_name_plural = _("nhận xét")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Notification(models.Model):
    """An in-app notice to one user about one meeting."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    meeting = models.ForeignKey(
        "minutes.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(_("nội dung"), max_length=300)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text


class SubmissionSnapshot(models.Model):
    """The minutes as submitted, part by part, so a reviewer can see what changed."""

    meeting = models.ForeignKey(
        "minutes.Meeting", on_delete=models.CASCADE, related_name="snapshots"
    )
    round = models.PositiveSmallIntegerField()
    data = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "round"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "round"], name="one_snapshot_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} #{self.round}"


class ReviewOpening(models.Model):
    """A reviewer opened one submission of the minutes: the queue shows it as being read.

    One row per reviewer and submission, kept from the first opening. A
    submission is told apart by the `submitted_at` it was sent with (each
    sending sets it anew), so a resubmission starts unread.
    """

    meeting = models.ForeignKey(
        "minutes.Meeting", on_delete=models.CASCADE, related_name="review_openings"
    )
    submitted_at = models.DateTimeField(_("lần gửi lúc"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đọc"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("mở lần đầu lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt mở để duyệt")
        verbose_name_plural = _("lượt mở để duyệt")
        ordering = ["meeting", "opened_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "submitted_at", "user"], name="one_opening_per_submission"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.submitted_at:%d/%m/%Y %H:%M} {self.user_id}"

    @classmethod
    def record(cls, meeting, user) -> None:
        """Note that `user` opened the current submission of `meeting`: one INSERT, kept once.

        A second opening (or two at once) hits the unique constraint and is
        ignored by the database (ON CONFLICT DO NOTHING), so the first time stays.
        """
        if meeting.submitted_at is None:
            return
        cls.objects.bulk_create(
            [cls(meeting=meeting, submitted_at=meeting.submitted_at, user=user)],
            ignore_conflicts=True,
        )
