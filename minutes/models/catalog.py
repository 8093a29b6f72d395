"""Reference catalogues used to tag shortcomings (NQ 04-NQ/TW, QĐ 37-QĐ/TW)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from minutes.vnformat import fold, nfc


class CatalogItemQuerySet(models.QuerySet):
    def matching(self, query: str) -> CatalogItemQuerySet:
        """Items whose code or words contain `query`, with or without diacritics."""
        key = fold(query)
        if not key:
            return self
        return self.filter(
            models.Q(code__icontains=query.strip()) | models.Q(search_text__contains=key)
        )


class CatalogItem(models.Model):
    """One manifestation (NQ 04) or prohibition (QĐ 37), with a stable code."""

    catalog = models.CharField(_("danh mục"), max_length=20, help_text=_("Ví dụ: NQ04-2016."))
    catalog_name = models.CharField(_("tên danh mục"), max_length=200)
    group_code = models.CharField(_("mã nhóm"), max_length=20)
    group_name = models.CharField(_("tên nhóm"), max_length=200)
    code = models.CharField(_("mã"), max_length=20, unique=True)
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    text = models.TextField(_("nội dung (tóm tắt)"))
    exact_wording = models.TextField(
        _("nguyên văn"),
        blank=True,
        help_text=_("Điền nguyên văn từ văn bản chính thức khi đã đối chiếu."),
    )
    gloss_en = models.TextField(_("diễn giải tiếng Anh"), blank=True)
    confidence = models.CharField(
        _("mức xác nhận"),
        max_length=1,
        choices=[("C", _("Đã xác nhận")), ("P", _("Xác nhận một phần")), ("U", _("Chưa xác nhận"))],
        default="U",
    )
    search_text = models.TextField(editable=False, default="")

    objects = CatalogItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục danh mục khuyết điểm")
        verbose_name_plural = _("danh mục khuyết điểm")
        ordering = ["catalog", "group_code", "number"]

    def __str__(self) -> str:
        return f"{self.code} – {self.text[:80]}"

    def save(self, *args, **kwargs) -> None:
        self.text = nfc(self.text)
        self.exact_wording = nfc(self.exact_wording)
        self.search_text = fold(f"{self.code} {self.text} {self.exact_wording}")
        super().save(*args, **kwargs)

    @property
    def wording(self) -> str:
        return self.exact_wording or self.text
