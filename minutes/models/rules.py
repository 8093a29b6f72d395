"""Rule parameters that domain.md marks unconfirmed: data an administrator can change.

`VotingRule` holds the majority per kind of decision; `CommitteeSettings` holds,
per superior committee, the wording of the official document and the choices
the sources leave open. The computations in `minutes.rules` read them; nothing
else hard-codes these values.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionKind(models.TextChoices):
    ORDINARY = "ordinary", _("Nghị quyết, kết luận thông thường")
    ADMISSION = "admission", _("Kết nạp đảng viên")
    OFFICIAL_RECOGNITION = "recognition", _("Công nhận đảng viên chính thức")
    DISCIPLINE = "discipline", _("Kỷ luật (khiển trách, cảnh cáo)")
    EXPULSION = "expulsion", _("Kỷ luật khai trừ")
    OTHER = "other", _("Khác")


class VotingRule(models.Model):
    """The majority needed for one kind of decision, over the official-member denominator."""

    kind = models.CharField(
        _("loại quyết định"), max_length=20, choices=DecisionKind.choices, unique=True
    )
    numerator = models.PositiveSmallIntegerField(_("tử số"))
    denominator = models.PositiveSmallIntegerField(_("mẫu số"))
    strict = models.BooleanField(
        _("phải vượt quá"),
        default=True,
        help_text=_("Bật: phải hơn tỷ lệ (hơn một nửa). Tắt: ít nhất bằng tỷ lệ (ít nhất 2/3)."),
    )
    label = models.CharField(_("diễn đạt"), max_length=100, help_text=_("Ví dụ: hơn một nửa."))
    source = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("quy tắc biểu quyết")
        verbose_name_plural = _("quy tắc biểu quyết")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(denominator__gt=0)
                & models.Q(numerator__lte=models.F("denominator")),
                name="voting_rule_fraction",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"


class CommitteeSettings(models.Model):
    """Document wording and open rule choices for the cells under one committee.

    The nearest organization up the tree that has a row decides; where none has
    one, `CommitteeSettings.defaults()` applies.
    """

    organization = models.OneToOneField(
        "members.Organization",
        verbose_name=_("tổ chức"),
        on_delete=models.CASCADE,
        related_name="committee_settings",
    )
    number_pattern = models.CharField(
        _("mẫu số văn bản"),
        max_length=60,
        default="Số {number}-BB/{symbol}",
        help_text=_("Các chỗ thay thế: {number} (hai chữ số), {symbol}."),
    )
    secretary_label = models.CharField(_("nhãn chữ ký thư ký"), max_length=60, default="THƯ KÝ")
    chair_label = models.CharField(_("nhãn chữ ký chủ trì"), max_length=60, default="CHỦ TRÌ")
    chair_authority = models.CharField(
        _("thẩm quyền trên chữ ký chủ trì"),
        max_length=60,
        blank=True,
        help_text=_("Ví dụ: T/M CHI BỘ. Để trống nếu không dùng."),
    )
    recipients = models.TextField(
        _("nơi nhận"),
        blank=True,
        help_text=_(
            "Mỗi dòng một nơi nhận, ví dụ: Đảng ủy cơ quan (báo cáo). Để trống nếu không in."
        ),
    )
    closing_formula = models.CharField(
        _("câu kết thúc"),
        max_length=200,
        default="Buổi sinh hoạt kết thúc lúc {end_time} cùng ngày.",
    )
    exclude_absent_with_reason = models.BooleanField(
        _("loại đảng viên vắng có lý do khỏi mẫu số"),
        default=False,
        help_text=_(
            "Quy định 9.3.2 (d) áp dụng cho đại hội; với sinh hoạt thường kỳ chưa xác nhận."
        ),
    )
    attached_members_vote = models.BooleanField(
        _("đảng viên sinh hoạt tạm thời được biểu quyết tại chi bộ"),
        default=False,
    )
    min_minutes_regular = models.PositiveSmallIntegerField(
        _("thời lượng tối thiểu (phút)"), default=90
    )
    min_minutes_combined = models.PositiveSmallIntegerField(
        _("thời lượng tối thiểu khi kết hợp chuyên đề (phút)"), default=120
    )
    good_attendance_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ dự họp để đạt chất lượng tốt (%)"),
        default=85,
        help_text=_("Phải vượt quá tỷ lệ này và không có ai vắng không lý do."),
    )

    # The register (domain.md §3.9): the probation term is confirmed, the
    # window for considering recognition and the notice period are not.
    probation_months = models.PositiveSmallIntegerField(
        _("thời gian dự bị (tháng)"),
        default=12,
        help_text=_("Điều lệ Đảng, Điều 5: 12 tháng kể từ ngày chi bộ tổ chức lễ kết nạp."),
    )
    recognition_working_days = models.PositiveSmallIntegerField(
        _("thời hạn xét công nhận chính thức (ngày làm việc)"),
        default=30,
        help_text=_("Sau khi hết thời gian dự bị (QĐ 294 §4.2, chưa xác nhận)."),
    )
    due_notice_days = models.PositiveSmallIntegerField(
        _("báo trước việc đến hạn (ngày)"), default=60
    )

    class Meta:
        verbose_name = _("cấu hình văn bản và quy tắc")
        verbose_name_plural = _("cấu hình văn bản và quy tắc")

    def __str__(self) -> str:
        return str(self.organization)

    @classmethod
    def defaults(cls) -> CommitteeSettings:
        return cls()

    @classmethod
    def for_organization(cls, org) -> CommitteeSettings:
        """The settings of the nearest organization at or above `org` that has any."""
        ids = [int(part) for part in org.path.strip("/").split("/") if part]
        rows = {row.organization_id: row for row in cls.objects.filter(organization_id__in=ids)}
        for pk in reversed(ids):
            if pk in rows:
                return rows[pk]
        return cls.defaults()
