"""Quality assessment of cell meetings (xếp loại chất lượng sinh hoạt chi bộ).

Frameworks are data, never constants: a province or a superior committee
issues one (criteria with maximum points, grade thresholds), an administrator
or a committee enters it, and a committee adopts it for its cells from a date
(`FrameworkAdoption`). Each meeting can carry two assessments that are never
confused: the cell's own (`AssessmentSource.SELF`, part of the minutes) and
the superior committee's (`AssessmentSource.SUPERIOR`, recorded by a reviewer
or a guest from the committee). The grade is computed by
`minutes.rules.quality_grade`, never typed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from minutes.models.meeting import MeetingKind
from minutes.vnformat import nfc


class QualityFramework(models.Model):
    """A set of criteria and grade thresholds issued by a named document."""

    name = models.CharField(_("tên khung đánh giá"), max_length=200)
    document_number = models.CharField(
        _("số hiệu văn bản ban hành"), max_length=60, blank=True, help_text=_("Ví dụ: 42-HD/BTCTW")
    )
    document_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)
    # Shown wherever the framework is: a framework entered from a secondary
    # source says so ("cần đối chiếu văn bản gốc") until someone checks it.
    caution = models.CharField(
        _("lưu ý"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: cần đối chiếu văn bản gốc. Để trống khi đã đối chiếu."),
    )
    # Meeting kinds (MeetingKind values) it applies to; empty: every kind.
    meeting_kinds = models.JSONField(_("áp dụng cho loại sinh hoạt"), default=list, blank=True)
    # The committee that entered it (None: entered by an administrator for everyone).
    owner = models.ForeignKey(
        "members.Organization",
        verbose_name=_("cấp ủy nhập"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quality_frameworks",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("khung đánh giá chất lượng sinh hoạt")
        verbose_name_plural = _("khung đánh giá chất lượng sinh hoạt")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name, self.issuer = nfc(self.name), nfc(self.issuer)
        self.document_number, self.caution = nfc(self.document_number), nfc(self.caution)
        super().save(*args, **kwargs)

    def applies_to(self, kind: str) -> bool:
        return not self.meeting_kinds or kind in self.meeting_kinds

    @property
    def meeting_kind_labels(self) -> list[str]:
        return [str(MeetingKind(k).label) for k in self.meeting_kinds if k in MeetingKind.values]


class QualityCriterion(models.Model):
    framework = models.ForeignKey(
        QualityFramework, on_delete=models.CASCADE, related_name="criteria"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.CharField(_("tiêu chí"), max_length=500)
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa"))

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs) -> None:
        self.text = nfc(self.text)
        super().save(*args, **kwargs)


class QualityGrade(models.Model):
    """A grade reached from `min_points` up to the next grade's threshold."""

    framework = models.ForeignKey(QualityFramework, on_delete=models.CASCADE, related_name="grades")
    label = models.CharField(_("mức xếp loại"), max_length=40, help_text=_("Ví dụ: Tốt"))
    min_points = models.PositiveSmallIntegerField(_("từ số điểm"))

    class Meta:
        verbose_name = _("mức xếp loại")
        verbose_name_plural = _("mức xếp loại")
        ordering = ["-min_points", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "min_points"], name="quality_grade_one_threshold"
            ),
            models.UniqueConstraint(fields=["framework", "label"], name="quality_grade_one_label"),
        ]

    def __str__(self) -> str:
        return f"{self.label} (≥ {self.min_points})"

    def save(self, *args, **kwargs) -> None:
        self.label = nfc(self.label).strip()
        super().save(*args, **kwargs)


class FrameworkAdoption(models.Model):
    """A committee applies a framework to the cells below it from a date on."""

    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("cấp ủy áp dụng"),
        on_delete=models.CASCADE,
        related_name="framework_adoptions",
    )
    framework = models.ForeignKey(
        QualityFramework,
        verbose_name=_("khung đánh giá"),
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    valid_from = models.DateField(_("áp dụng từ ngày"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("áp dụng khung đánh giá")
        verbose_name_plural = _("áp dụng khung đánh giá")
        ordering = ["organization", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "framework", "valid_from"], name="one_adoption_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} – {self.framework} – {self.valid_from:%d/%m/%Y}"


class AssessmentSource(models.TextChoices):
    SELF = "self", _("Chi bộ tự đánh giá")
    SUPERIOR = "superior", _("Cấp ủy cấp trên đánh giá")


class QualityAssessment(models.Model):
    """One assessment of one meeting under one framework; at most one per source."""

    meeting = models.ForeignKey(
        "minutes.Meeting", on_delete=models.CASCADE, related_name="assessments"
    )
    source = models.CharField(_("người đánh giá"), max_length=10, choices=AssessmentSource.choices)
    framework = models.ForeignKey(
        QualityFramework,
        verbose_name=_("khung đánh giá"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    # Stored for statistics; both are written by the service from the scores
    # and `rules.quality_grade`, never typed.
    total_points = models.PositiveSmallIntegerField(_("tổng điểm"), default=0)
    grade = models.CharField(_("xếp loại"), max_length=40, blank=True)
    assessor_name = models.CharField(_("người/cơ quan đánh giá"), max_length=200, blank=True)
    note = models.TextField(_("nhận xét"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(_("đánh giá lúc"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đánh giá chất lượng sinh hoạt")
        verbose_name_plural = _("đánh giá chất lượng sinh hoạt")
        ordering = ["meeting", "source"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "source"], name="one_assessment_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.grade} ({self.total_points})"


class QualityScore(models.Model):
    assessment = models.ForeignKey(
        QualityAssessment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(QualityCriterion, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(_("điểm"))

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"
