"""Signatures: poppler and pyHanko accept the issued file and reject a changed one; keys."""

from __future__ import annotations

import hashlib
import io
import re
import subprocess

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.management import CommandError, call_command

from members.models import OrganizationKind
from minutes import signing
from minutes.models import SignedDocument, SigningKey
from minutes.services.documents import (
    DocumentError,
    NoSigningKeyError,
    NotApprovedError,
    issue_signed_document,
    signing_key_for,
)
from tests.documents.conftest import approve_directly
from tests.factories import CellFactory, CommitteeFactory, meeting_with_parts

pytestmark = pytest.mark.django_db


def pdfsig(data: bytes, tmp_path) -> str:
    path = tmp_path / "sig.pdf"
    path.write_bytes(data)
    # pdfsig exits 0 even for a broken signature: only its output tells.
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def change_one_signed_byte(data: bytes) -> bytes:
    """Flip one byte inside the first signed range, in the middle of a content stream."""
    ranges = [int(n) for n in re.search(rb"/ByteRange\s*\[([\d\s]+)\]", data).group(1).split()]
    start = data.index(b"stream", 200) + 40
    assert ranges[0] <= start < ranges[0] + ranges[1]
    changed = bytearray(data)
    changed[start] ^= 0x01
    return bytes(changed)


@pytest.fixture
def approved(tmp_path):
    meeting = approve_directly(meeting_with_parts())
    signing.create_self_signed_key(organization=meeting.cell.parent)
    return meeting


def test_poppler_and_pyhanko_accept_the_issued_file_and_reject_one_changed_byte(approved, tmp_path):
    record = issue_signed_document(approved)
    data = record.file.open("rb").read()
    report = pdfsig(data, tmp_path)
    assert "Signature is Valid" in report
    assert "Total document signed" in report
    check = signing.check_signature(data)
    assert check.valid and check.intact and check.covers_whole_file and check.known_key

    tampered = change_one_signed_byte(data)
    assert "Signature is Valid" not in pdfsig(tampered, tmp_path)
    check = signing.check_signature(tampered)
    assert not check.valid and not check.intact
    assert "thay đổi" in check.problem


def test_content_appended_after_signing_is_not_valid(approved, tmp_path):
    data = issue_signed_document(approved).file.open("rb").read()
    appended = data + b"\n1 0 obj\n<< >>\nendobj\n"
    check = signing.check_signature(appended)
    assert not check.valid
    assert not check.covers_whole_file


def test_a_signature_by_a_key_the_system_does_not_hold_is_not_valid(approved, tmp_path):
    data = issue_signed_document(approved).file.open("rb").read()
    SigningKey.objects.all().delete()  # as if the file came from another installation
    check = signing.check_signature(data)
    assert check.intact and not check.known_key and not check.valid


def test_the_record_holds_the_exact_bytes_and_issuing_twice_returns_it(approved):
    record = issue_signed_document(approved)
    data = record.file.open("rb").read()
    assert hashlib.sha256(data).hexdigest() == record.sha256
    assert record.size == len(data)
    key = SigningKey.objects.get()
    assert record.certificate_fingerprint == key.fingerprint
    assert record.signer_name == approved.cell.parent.name
    assert issue_signed_document(approved).pk == record.pk
    assert SignedDocument.objects.count() == 1


def test_drafts_are_never_signed(tmp_path):
    meeting = meeting_with_parts()
    signing.create_self_signed_key(organization=meeting.cell)
    with pytest.raises(NotApprovedError):
        issue_signed_document(meeting)
    assert not SignedDocument.objects.exists()


def test_the_nearest_active_key_up_the_tree_signs():
    top = CommitteeFactory(kind=OrganizationKind.PROVINCIAL_COMMITTEE)
    middle = CommitteeFactory(parent=top)
    cell = CellFactory(parent=middle)
    assert signing_key_for(cell) is None
    top_key = signing.create_self_signed_key(organization=top)
    assert signing_key_for(cell) == top_key
    middle_key = signing.create_self_signed_key(organization=middle)
    assert signing_key_for(cell) == middle_key
    cell_key = signing.create_self_signed_key(organization=cell)
    assert signing_key_for(cell) == cell_key
    SigningKey.objects.filter(pk=cell_key.pk).update(active=False)
    assert signing_key_for(cell) == middle_key


def test_without_a_key_approval_gets_a_clear_vietnamese_error():
    meeting = approve_directly(meeting_with_parts())
    with pytest.raises(NoSigningKeyError) as caught:
        issue_signed_document(meeting)
    assert "Chưa có khóa ký số" in str(caught.value)
    assert meeting.cell.name in str(caught.value)
    assert not SignedDocument.objects.exists()


def test_the_stored_key_opens_only_with_the_deployment_passphrase(settings):
    cell = CellFactory()
    key = signing.create_self_signed_key(organization=cell)
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(bytes(key.pkcs12), None)
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(bytes(key.pkcs12), b"another passphrase")
    private, certificate, _ = pkcs12.load_key_and_certificates(
        bytes(key.pkcs12), settings.SIGNING_PASSPHRASE.encode()
    )
    assert private is not None and certificate is not None
    assert b"PRIVATE KEY" not in bytes(key.pkcs12)
    settings.SIGNING_PASSPHRASE = "changed"
    with pytest.raises(signing.SigningError, match="không khớp"):
        signing.load_signer(key)


def test_signing_key_create_command(capsys):
    cell = CellFactory(name="Chi bộ Thử nghiệm")
    out = io.StringIO()
    call_command("signing_key", "create", "--organization", "Chi bộ Thử nghiệm", stdout=out)
    key = SigningKey.objects.get(organization=cell)
    assert key.fingerprint in out.getvalue()
    assert "PRIVATE" not in out.getvalue() + capsys.readouterr().err
    with pytest.raises(CommandError, match="Không tìm thấy tổ chức"):
        call_command("signing_key", "create", "--organization", "Không có")


def test_signing_key_import_reencrypts_a_ca_file(tmp_path, monkeypatch, settings):
    cell = CellFactory()
    source = signing.create_self_signed_key(organization=cell, algorithm="rsa")
    private, certificate, _ = pkcs12.load_key_and_certificates(
        bytes(source.pkcs12), settings.SIGNING_PASSPHRASE.encode()
    )
    from cryptography.hazmat.primitives import serialization

    issued = pkcs12.serialize_key_and_certificates(
        b"ca", private, certificate, None, serialization.BestAvailableEncryption(b"ca-pass")
    )
    path = tmp_path / "issued.p12"
    path.write_bytes(issued)

    monkeypatch.setenv("BIENBAN_IMPORT_PASSPHRASE", "wrong")
    with pytest.raises(CommandError, match="sai mật khẩu"):
        call_command("signing_key", "import", str(path), "--organization", str(cell.pk))

    monkeypatch.setenv("BIENBAN_IMPORT_PASSPHRASE", "ca-pass")
    call_command(
        "signing_key", "import", str(path), "--organization", str(cell.pk), stdout=io.StringIO()
    )
    imported = SigningKey.objects.exclude(pk=source.pk).get()
    assert imported.fingerprint == source.fingerprint
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(bytes(imported.pkcs12), b"ca-pass")
    assert signing.load_signer(imported) is not None


def test_verify_pdf_command(approved, tmp_path):
    record = issue_signed_document(approved)
    good = tmp_path / "good.pdf"
    good.write_bytes(record.file.open("rb").read())
    out = io.StringIO()
    call_command("verify_pdf", str(good), stdout=out)
    assert "KẾT QUẢ: HỢP LỆ" in out.getvalue()
    assert record.public_code in out.getvalue()

    bad = tmp_path / "bad.pdf"
    bad.write_bytes(change_one_signed_byte(good.read_bytes()))
    out = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("verify_pdf", str(bad), stdout=out)
    assert caught.value.returncode == 1
    assert "KHÔNG khớp" in out.getvalue()
    assert "KHÔNG hợp lệ" in out.getvalue()


def test_a_key_the_passphrase_does_not_open_stops_approval_with_a_message(approved, settings):
    settings.SIGNING_PASSPHRASE = "not the one the key was stored with"
    with pytest.raises(DocumentError, match="BIENBAN_SIGNING_PASSPHRASE"):
        issue_signed_document(approved)
    assert not SignedDocument.objects.exists()
