"""Issuing the signed official document of approved minutes.

`issue_signed_document` is called by the approval workflow, inside its
transaction: it renders the PDF once, signs it with the key of the cell or of
the nearest committee above it, and stores the exact bytes with their SHA-256.
Every later download returns those bytes; nothing re-renders a signed version.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from members.models import Organization
from minutes import pdf, signing
from minutes.document import build_document
from minutes.models import Meeting, MinutesStatus, SignedDocument, SigningKey
from minutes.selectors import with_parts

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
    return f"{settings.SITE_URL}/v/{public_code}"


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
