"""Signing keys, the signed PDF files issued on approval, and the jobs that issue them."""

from __future__ import annotations

from django.conf import settings
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


class DocumentJobStatus(models.TextChoices):
    QUEUED = "queued", _("đang chờ")
    RUNNING = "running", _("đang tạo và ký")
    FAILED = "failed", _("không thành công")
    DONE = "done", _("đã phát hành")


class DocumentJob(models.Model):
    """Issuing the signed PDF of one approved version, run as a background task.

    The row says where the work stands so that the meeting page can show it:
    queued or running (the page polls), failed (the reason and a retry button),
    done (the SignedDocument exists). Written only by minutes.services.documents.
    """

    meeting = models.OneToOneField(
        "minutes.Meeting", on_delete=models.CASCADE, related_name="document_job"
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=DocumentJobStatus.choices,
        default=DocumentJobStatus.QUEUED,
    )
    # Attempts of the current request; a retry by a reviewer starts again from 0.
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("việc phát hành văn bản ký số")
        verbose_name_plural = _("việc phát hành văn bản ký số")
        indexes = [models.Index(fields=["status"], name="document_job_status")]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.status}"

    @property
    def in_progress(self) -> bool:
        return self.status in (DocumentJobStatus.QUEUED, DocumentJobStatus.RUNNING)
