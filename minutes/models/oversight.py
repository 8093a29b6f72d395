"""Oversight across cells: campaigns, the follow-up of corrective actions, and
the per-meeting figures and search keys that the committee pages read.

`MeetingFigures` and `SearchEntry` are derived data: they are recomputed from
the minutes (with `minutes.rules` and `minutes.document`) whenever the minutes
change state, never typed. They exist so that a committee page over thousands
of meetings sums stored numbers instead of loading every attendance row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from minutes.vnformat import nfc


class CampaignQuerySet(models.QuerySet):
    def open(self) -> CampaignQuerySet:
        return self.filter(closed_at__isnull=True)


class Campaign(models.Model):
    """A thematic session a committee asks every cell under it to hold by a deadline."""

    committee = models.ForeignKey(
        "members.Organization",
        verbose_name=_("cấp ủy"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    topic = models.CharField(_("chủ đề"), max_length=300)
    description = models.TextField(_("mục đích, yêu cầu"), blank=True)
    legal_bases = models.TextField(
        _("văn bản hướng dẫn"), blank=True, help_text=_("Mỗi dòng một văn bản.")
    )
    deadline = models.DateField(_("hạn hoàn thành"))
    pilot_cell = models.ForeignKey(
        "members.Organization",
        verbose_name=_("chi bộ làm điểm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt sinh hoạt chuyên đề")
        verbose_name_plural = _("đợt sinh hoạt chuyên đề")
        ordering = ["-deadline", "-pk"]
        indexes = [models.Index(fields=["committee", "-deadline"], name="campaign_committee")]

    def __str__(self) -> str:
        return self.topic

    def save(self, *args, **kwargs) -> None:
        self.topic = nfc(self.topic).strip()
        self.description = nfc(self.description)
        self.legal_bases = nfc(self.legal_bases)
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def legal_basis_lines(self) -> list[str]:
        return [line.strip() for line in self.legal_bases.splitlines() if line.strip()]


class ProgressStep(models.TextChoices):
    REPORTED = "reported", _("Báo cáo kết quả khắc phục tại cuộc họp")
    STARTED = "started", _("Bắt đầu thực hiện")
    DONE = "done", _("Báo cáo đã hoàn thành")
    VERIFIED = "verified", _("Cấp ủy cấp trên kiểm tra, xác nhận")
    REOPENED = "reopened", _("Cấp ủy cấp trên yêu cầu tiếp tục khắc phục")


class ActionProgress(models.Model):
    """One step in the life of a corrective action, oldest first.

    Either the progress reported at a later meeting of the cell ("kết quả khắc
    phục", `meeting` set), or a status change outside a meeting (the owner's
    report, the reviewer's verification). Written only by minutes.services.oversight.
    """

    action = models.ForeignKey(
        "minutes.CorrectiveAction", on_delete=models.CASCADE, related_name="progress"
    )
    meeting = models.ForeignKey(
        "minutes.Meeting",
        verbose_name=_("tại cuộc họp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="action_progress",
    )
    step = models.CharField(
        _("bước"), max_length=20, choices=ProgressStep.choices, default=ProgressStep.REPORTED
    )
    note = models.TextField(_("kết quả khắc phục"), blank=True)
    from_status = models.CharField(_("từ tình trạng"), max_length=20, blank=True)
    status = models.CharField(_("tình trạng"), max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_name = models.CharField(_("người ghi"), max_length=150, blank=True)
    # A default rather than auto_now_add, so that bulk loads can give historical times.
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("kết quả khắc phục")
        verbose_name_plural = _("kết quả khắc phục")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["action", "created_at"], name="progress_action")]

    def __str__(self) -> str:
        return self.note[:60]

    def save(self, *args, **kwargs) -> None:
        self.note = nfc(self.note)
        super().save(*args, **kwargs)

    @property
    def status_label(self) -> str:
        from minutes.models.meeting import ActionStatus

        return (
            str(ActionStatus(self.status).label)
            if self.status in ActionStatus.values
            else self.status
        )


class MeetingFigures(models.Model):
    """The figures of one meeting, computed by minutes.rules, for committee statistics."""

    meeting = models.OneToOneField(
        "minutes.Meeting", primary_key=True, on_delete=models.CASCADE, related_name="figures"
    )
    expected = models.PositiveIntegerField(default=0)
    present = models.PositiveIntegerField(default=0)
    absent_excused = models.PositiveIntegerField(default=0)
    absent_unexcused = models.PositiveIntegerField(default=0)
    # Above the committee's quality threshold and nobody absent without reason.
    attendance_good = models.BooleanField(default=False)
    duration = models.PositiveIntegerField(null=True, blank=True)
    minimum_duration = models.PositiveIntegerField(default=0)
    decisions = models.PositiveIntegerField(default=0)
    decisions_adopted = models.PositiveIntegerField(default=0)
    shortcomings = models.PositiveIntegerField(default=0)
    speaking_turns = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("số liệu cuộc họp")
        verbose_name_plural = _("số liệu cuộc họp")

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.present}/{self.expected}"

    @property
    def duration_short(self) -> bool:
        return self.duration is not None and self.duration < self.minimum_duration


class SearchEntry(models.Model):
    """The accent-folded text of a meeting, for search on databases without `unaccent`.

    PostgreSQL searches `Meeting.search_document` through its own index and
    leaves this table empty.
    """

    meeting = models.OneToOneField(
        "minutes.Meeting", primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    folded = models.TextField(default="")

    class Meta:
        verbose_name = _("chỉ mục tìm kiếm")
        verbose_name_plural = _("chỉ mục tìm kiếm")

    def __str__(self) -> str:
        return str(self.meeting_id)
