"""Oversight across cells: campaigns and the follow-up of corrective actions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Campaign(models.Model):
    """A thematic session a committee asks every cell under it to hold by a deadline."""

    committee = models.ForeignKey(
        "members.Organization",
        verbose_name=_("cấp ủy"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    topic = models.CharField(_("chủ đề"), max_length=300)
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

    class Meta:
        verbose_name = _("đợt sinh hoạt chuyên đề")
        verbose_name_plural = _("đợt sinh hoạt chuyên đề")
        ordering = ["-deadline", "-pk"]

    def __str__(self) -> str:
        return self.topic


class ActionProgress(models.Model):
    """Progress on a corrective action recorded at a later meeting (kết quả khắc phục)."""

    action = models.ForeignKey(
        "minutes.CorrectiveAction", on_delete=models.CASCADE, related_name="progress"
    )
    meeting = models.ForeignKey(
        "minutes.Meeting", on_delete=models.CASCADE, related_name="action_progress"
    )
    note = models.TextField(_("kết quả khắc phục"))
    status = models.CharField(_("tình trạng"), max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả khắc phục")
        verbose_name_plural = _("kết quả khắc phục")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.note[:60]
