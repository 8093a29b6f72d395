"""Signing keys and the signed PDF files issued on approval."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SigningKey(models.Model):
    """A PKCS#12 key of an organization, kept encrypted with the deployment's passphrase."""

    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("tổ chức"),
        on_delete=models.PROTECT,
        related_name="signing_keys",
    )
    label = models.CharField(_("tên"), max_length=200)
    # The PKCS#12 bytes exactly as issued or created: they are encrypted with the
    # passphrase from BIENBAN_SIGNING_PASSPHRASE, which is never stored here.
    pkcs12 = models.BinaryField(editable=False)
    certificate_pem = models.TextField(_("chứng thư"), editable=False)
    fingerprint = models.CharField(_("dấu vân tay SHA-256"), max_length=64, editable=False)
    subject = models.CharField(_("chủ thể"), max_length=300, editable=False)
    not_after = models.DateTimeField(_("hết hạn"), null=True, editable=False)
    active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khóa ký số")
        verbose_name_plural = _("khóa ký số")

    def __str__(self) -> str:
        return f"{self.label} ({self.fingerprint[:16]}…)"


class SignedDocument(models.Model):
    """The signed PDF of one approved version; downloads return exactly these bytes."""

    meeting = models.OneToOneField(
        "minutes.Meeting", on_delete=models.PROTECT, related_name="signed_document"
    )
    public_code = models.CharField(max_length=16, unique=True)
    file = models.FileField(upload_to="signed/%Y/%m/")
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField()
    signer_name = models.CharField(max_length=300)
    signer_title = models.CharField(max_length=300, blank=True)
    certificate_fingerprint = models.CharField(max_length=64)
    signing_key = models.ForeignKey(
        SigningKey, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("văn bản đã ký số")
        verbose_name_plural = _("văn bản đã ký số")

    def __str__(self) -> str:
        return f"{self.meeting} v{self.meeting.version}"
