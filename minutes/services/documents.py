"""Issuing the signed official document of approved minutes.

`issue_signed_document` renders the PDF once, signs it with the key of the cell
or of the nearest committee above it, and stores the exact bytes with their
SHA-256. Every later download returns those bytes; nothing re-renders a signed
version.

Approving does not wait for it (about a second, several on a fresh process):
the workflow calls `request_document`, which records a `DocumentJob` and
enqueues `minutes.tasks.issue_document` in the same transaction. The task runs
`run_document_job`: it claims the job, issues the document, and on failure
tries again a bounded number of times (later, when the backend can defer a
task) before recording the job as failed and telling the person who asked.
The meeting page shows the job as it stands; a reviewer starts a failed one
again with `retry_document`.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from config.site_address import request_address, site_url
from members.access import can_review
from members.models import Organization
from minutes import notifications, pdf, signing
from minutes.document import build_document
from minutes.models import Meeting, MinutesStatus, SignedDocument, SigningKey
from minutes.models.documents import DocumentJob, DocumentJobStatus
from minutes.selectors import with_parts

logger = logging.getLogger(__name__)

# Attempts of one request before the job is recorded as failed, and the wait
# before each new attempt when the backend can defer a task (the immediate
# backend tries again at once).
MAX_ATTEMPTS = 3
RETRY_DELAYS = (timedelta(seconds=30), timedelta(minutes=5))
# A job still "running" after this long lost its worker (killed, host down):
# another worker may take it, and a reviewer may start it again.
STALE_AFTER = timedelta(minutes=15)

# Unambiguous letters and digits (no 0/O, 1/I/L): codes are read off paper.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


class DocumentError(Exception):
    """A signed document cannot be issued; the message is shown to the user as is."""


class NoSigningKeyError(DocumentError):
    def __init__(self, cell: Organization) -> None:
        super().__init__(
            f"Chưa có khóa ký số cho {cell.name} hoặc cấp ủy cấp trên. "
            "Quản trị viên cần tạo hoặc nhập khóa (manage.py signing_key) trước khi duyệt biên bản."
        )
        self.cell = cell


class NotApprovedError(DocumentError):
    def __init__(self) -> None:
        super().__init__("Chỉ biên bản đã được duyệt mới được ký số và phát hành.")


def signing_key_for(organization: Organization) -> SigningKey | None:
    """The active key of `organization` or of the nearest organization above it that has one."""
    ids = [int(part) for part in organization.path.strip("/").split("/") if part]
    keys: dict[int, SigningKey] = {}
    for key in (
        SigningKey.objects.filter(organization_id__in=ids, active=True)
        .select_related("organization")
        .order_by("created_at", "pk")
    ):
        keys[key.organization_id] = key  # the newest active key of each organization wins
    for pk in reversed(ids):
        if pk in keys:
            return keys[pk]
    return None


def verify_url(public_code: str) -> str:
    """The short link printed under the QR code (BIENBAN_SITE_URL, or in development the request's)."""
    return f"{site_url()}/v/{public_code}"


def new_public_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not SignedDocument.objects.filter(public_code=code).exists():
            return code


def signer_role(key: SigningKey, meeting: Meeting) -> str:
    if key.organization_id == meeting.cell_id:
        return f"Chi bộ xác thực biên bản đã được duyệt – {key.organization.name}"
    return f"Cấp ủy cấp trên duyệt biên bản – {key.organization.name}"


@transaction.atomic
def issue_signed_document(meeting: Meeting) -> SignedDocument:
    """Render, sign and store the PDF of approved `meeting`; returns the existing one if issued."""
    # Two workers on the same meeting: the second waits here, then finds the record.
    Meeting.objects.select_for_update(of=("self",)).filter(pk=meeting.pk).values_list("pk").first()
    existing = SignedDocument.objects.filter(meeting_id=meeting.pk).first()
    if existing is not None:
        return existing
    meeting = with_parts(Meeting.objects.filter(pk=meeting.pk)).get()
    if meeting.status != MinutesStatus.APPROVED:
        raise NotApprovedError()
    key = signing_key_for(meeting.cell)
    if key is None:
        raise NoSigningKeyError(meeting.cell)
    try:
        signer = signing.load_signer(key)
    except signing.SigningError as exc:  # the approval page shows DocumentError messages
        raise DocumentError(str(exc)) from exc

    code = new_public_code()
    signed_at = timezone.now()
    stamp = pdf.SignatureStamp(
        signer=key.subject,
        role=signer_role(key, meeting),
        signed_at=signed_at,
        fingerprint=key.fingerprint,
        verify_url=verify_url(code),
    )
    document = build_document(meeting)
    rendered = pdf.render_pdf(document, stamp=stamp)
    signed = signing.sign_pdf(
        rendered,
        signing_key=key,
        signer=signer,
        reason=f"Phát hành biên bản {document.header.number} (phiên bản {meeting.version})",
        location=meeting.cell.place_name,
    )
    record = SignedDocument(
        meeting=meeting,
        public_code=code,
        sha256=hashlib.sha256(signed).hexdigest(),
        size=len(signed),
        signer_name=stamp.signer,
        signer_title=stamp.role,
        certificate_fingerprint=key.fingerprint,
        signing_key=key,
        signed_at=signed_at,
    )
    filename = f"bien-ban-{meeting.cell_id}-{meeting.pk}-v{meeting.version}-{code}.pdf"
    record.file.save(filename, ContentFile(signed), save=False)
    try:
        record.save()
    except Exception:
        record.file.storage.delete(record.file.name)
        raise
    return record


# --- the background job ------------------------------------------------------


def _enqueue(job: DocumentJob, *, delay: timedelta | None = None) -> None:
    """Enqueue the task for `job` (inside the caller's transaction; the last thing it does).

    With the database backend the task row commits with the caller's changes; the
    immediate backend runs the task here and now.
    """
    from minutes.tasks import issue_document

    task = issue_document
    if delay is not None and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + delay)
    # A task has no request: in development (no BIENBAN_SITE_URL) it is given the
    # address of the one that asked, for the verify link it prints.
    result = task.enqueue(job.meeting_id, site_url=request_address())
    # The immediate backend has already run (and updated the row) by now.
    DocumentJob.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])


def request_document(meeting: Meeting, *, by) -> DocumentJob:
    """Queue the signed document of `meeting`, which the caller is approving in its transaction.

    A cell with no signing key anywhere above it cannot be signed at all: that is
    refused here, so that the approval is refused with it (NoSigningKeyError).
    """
    if signing_key_for(meeting.cell) is None:
        raise NoSigningKeyError(meeting.cell)
    job, _created = DocumentJob.objects.select_for_update().get_or_create(meeting_id=meeting.pk)
    if SignedDocument.objects.filter(meeting_id=meeting.pk).exists():
        _mark_done(job)
        return job
    _reset(job, by)
    _enqueue(job)
    job.refresh_from_db()
    return job


def _reset(job: DocumentJob, by) -> None:
    job.status = DocumentJobStatus.QUEUED
    job.attempts = 0
    job.last_error = ""
    job.requested_by = by
    job.task_id = ""
    job.started_at = None
    job.finished_at = None
    job.save()


def _mark_done(job: DocumentJob) -> None:
    if job.status != DocumentJobStatus.DONE:
        job.status = DocumentJobStatus.DONE
        job.last_error = ""
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "last_error", "finished_at", "updated_at"])


def is_stale(job: DocumentJob) -> bool:
    """Queued or running for so long that its task was lost."""
    since = job.started_at if job.status == DocumentJobStatus.RUNNING else job.updated_at
    return job.in_progress and since is not None and since < timezone.now() - STALE_AFTER


def _claim(meeting_id: int) -> DocumentJob | None:
    """The job of `meeting_id`, marked running for this attempt; None if there is nothing to do."""
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().filter(meeting_id=meeting_id).first()
        if job is None or job.status in (DocumentJobStatus.DONE, DocumentJobStatus.FAILED):
            return None  # finished, or failed and waiting for a reviewer's retry
        if SignedDocument.objects.filter(meeting_id=meeting_id).exists():
            _mark_done(job)
            return None
        if job.status == DocumentJobStatus.RUNNING and not is_stale(job):
            return None  # another worker has it
        job.status = DocumentJobStatus.RUNNING
        job.attempts += 1
        job.started_at = timezone.now()
        job.save(update_fields=["status", "attempts", "started_at", "updated_at"])
        return job


def _reason(exc: Exception) -> str:
    if isinstance(exc, DocumentError):
        return str(exc)
    return _(
        "Lỗi khi tạo hoặc ký tệp PDF (%(kind)s). Quản trị viên xem nhật ký máy chủ để biết chi tiết."
    ) % {"kind": type(exc).__name__}


def _record_failure(meeting_id: int, exc: Exception) -> None:
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().get(meeting_id=meeting_id)
        if SignedDocument.objects.filter(meeting_id=meeting_id).exists():
            _mark_done(job)  # another worker issued it meanwhile
            return
        job.last_error = _reason(exc)[:2000]
        job.finished_at = timezone.now()
        if job.attempts < MAX_ATTEMPTS:
            job.status = DocumentJobStatus.QUEUED
            job.task_id = ""
            job.save()
            delay = RETRY_DELAYS[min(job.attempts, len(RETRY_DELAYS)) - 1]
            _enqueue(job, delay=delay)
            return
        job.status = DocumentJobStatus.FAILED
        job.save()
        if job.requested_by_id:
            transaction.on_commit(
                partial(
                    notifications.document_failed, meeting_id, job.requested_by_id, job.last_error
                )
            )


def run_document_job(meeting_id: int) -> str:
    """One attempt at the job of `meeting_id` (what the task runs); returns the job's status.

    A failed attempt is recorded (and retried or reported) before the error is
    raised again, so that the task backend records it too.
    """
    job = _claim(meeting_id)
    if job is None:
        current = DocumentJob.objects.filter(meeting_id=meeting_id).first()
        return current.status if current else ""
    try:
        issue_signed_document(Meeting(pk=meeting_id))
    except Exception as exc:
        if not isinstance(exc, DocumentError):
            logger.exception("issuing the signed document of meeting %s failed", meeting_id)
        _record_failure(meeting_id, exc)
        raise
    with transaction.atomic():
        job = DocumentJob.objects.select_for_update().get(pk=job.pk)
        _mark_done(job)
    return DocumentJobStatus.DONE


def can_retry(user, meeting: Meeting, job: DocumentJob | None) -> bool:
    """A reviewer of the cell (or an administrator) starts a failed or lost job again."""
    if meeting.status != MinutesStatus.APPROVED or not can_review(user, meeting.cell):
        return False
    if job is None:
        return not SignedDocument.objects.filter(meeting_id=meeting.pk).exists()
    return job.status == DocumentJobStatus.FAILED or is_stale(job)


def retry_document(*, meeting: Meeting, by) -> DocumentJob:
    """Start issuing the signed document of approved `meeting` again, from the first attempt."""
    with transaction.atomic():
        locked = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("cell")
            .get(pk=meeting.pk)
        )
        if not can_review(by, locked.cell):
            raise PermissionDenied
        if locked.status != MinutesStatus.APPROVED:
            raise NotApprovedError()
        job, _created = DocumentJob.objects.select_for_update().get_or_create(meeting_id=locked.pk)
        if SignedDocument.objects.filter(meeting_id=locked.pk).exists():
            _mark_done(job)
            return job
        if job.in_progress and not is_stale(job):
            return job  # already on its way: a second click changes nothing
        _reset(job, by)
        _enqueue(job)
    job.refresh_from_db()
    return job


@dataclass(frozen=True)
class IssuingState:
    """Where the signed document of approved minutes stands, for the meeting page."""

    status: str  # a DocumentJobStatus value
    job: DocumentJob | None
    error: str
    can_retry: bool

    @property
    def in_progress(self) -> bool:
        return self.status in (DocumentJobStatus.QUEUED, DocumentJobStatus.RUNNING)


def issuing_state(user, meeting: Meeting, *, polled: bool = False) -> IssuingState | None:
    """The state to show for `meeting`, or None when there is nothing to say.

    Nothing is said for minutes that are not approved, nor for a document that
    was already there when the page was loaded (the download button says it);
    a page that polls (`polled`) is told when it is ready.
    """
    if meeting.status != MinutesStatus.APPROVED:
        return None
    has_document = SignedDocument.objects.filter(meeting_id=meeting.pk).exists()
    if has_document and not polled:
        return None
    job = DocumentJob.objects.filter(meeting_id=meeting.pk).first()
    if has_document:
        return IssuingState(DocumentJobStatus.DONE, job, "", False)
    if job is None:  # approved before jobs were recorded, and never signed
        return IssuingState(DocumentJobStatus.FAILED, None, "", can_retry(user, meeting, None))
    if is_stale(job):
        error = _(
            "Việc tạo và ký văn bản đã chờ quá lâu mà chưa xong (máy chạy tác vụ nền có thể "
            "chưa chạy hoặc đã dừng)."
        )
        return IssuingState(DocumentJobStatus.FAILED, job, error, can_retry(user, meeting, job))
    return IssuingState(job.status, job, job.last_error, can_retry(user, meeting, job))


def failed_documents(user) -> QuerySet[Meeting]:
    """Approved minutes whose signed document failed (or was lost), among those `user` reviews."""
    from minutes.permissions import reviewable_meetings

    cutoff = timezone.now() - STALE_AFTER
    return (
        reviewable_meetings(user)
        .filter(status=MinutesStatus.APPROVED, signed_document__isnull=True)
        .filter(
            Q(document_job__status=DocumentJobStatus.FAILED)
            | Q(document_job__status=DocumentJobStatus.QUEUED, document_job__updated_at__lt=cutoff)
            | Q(document_job__status=DocumentJobStatus.RUNNING, document_job__started_at__lt=cutoff)
        )
        .select_related("cell", "document_job", "document_job__requested_by")
        .order_by("-approved_at", "-pk")
    )


def ensure_demo_signing_key(organization: Organization) -> SigningKey:
    """A demonstration key for `organization` unless it (or a committee above) already has one."""
    existing = signing_key_for(organization)
    if existing is not None:
        return existing
    return signing.create_self_signed_key(
        organization=organization, label=f"Khóa trình diễn – {organization.name}"
    )


@dataclass(frozen=True)
class FileVerification:
    """A PDF compared with the record: same bytes as an issued document, and a valid signature."""

    sha256: str
    record: SignedDocument | None
    signature: signing.SignatureCheck

    @property
    def matches_record(self) -> bool:
        return self.record is not None

    @property
    def valid(self) -> bool:
        return self.matches_record and self.signature.valid


def verify_file(data: bytes, *, expected: SignedDocument | None = None) -> FileVerification:
    """Compare `data` with the issued documents (or with `expected` only) and validate its signature."""
    digest = hashlib.sha256(data).hexdigest()
    if expected is not None:
        record = expected if expected.sha256 == digest else None
    else:
        record = (
            SignedDocument.objects.select_related("meeting", "meeting__cell")
            .filter(sha256=digest)
            .first()
        )
    return FileVerification(digest, record, signing.check_signature(data))
