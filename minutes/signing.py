"""Signing keys and PAdES signatures (pyHanko).

A `SigningKey` holds a PKCS#12 file encrypted with the deployment passphrase
(settings.SIGNING_PASSPHRASE, from BIENBAN_SIGNING_PASSPHRASE). The private key
is decrypted only in memory, for one signature, and is never written anywhere
else or logged. The signature is invisible: the visible "Đã ký số" block is
part of the rendered page (pyHanko's own stamp letter-spaces TrueType text).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from members.models import Organization
from minutes.models import SigningKey

SIGNATURE_FIELD = "BienBanSignature"
T = TypeVar("T")


class SigningError(Exception):
    """A key cannot be created, imported or used; the message is for the operator."""


def _passphrase(value: str | None = None) -> bytes:
    value = settings.SIGNING_PASSPHRASE if value is None else value
    if not value:
        raise SigningError(
            "Chưa cấu hình mật khẩu bảo vệ khóa ký số (biến môi trường BIENBAN_SIGNING_PASSPHRASE)."
        )
    return value.encode("utf-8")


def certificate_fingerprint(certificate: x509.Certificate) -> str:
    return certificate.fingerprint(hashes.SHA256()).hex()


def _store(
    *,
    organization: Organization,
    label: str,
    key,
    certificate: x509.Certificate,
    extra: list[x509.Certificate],
) -> SigningKey:
    encrypted = pkcs12.serialize_key_and_certificates(
        name=label.encode("utf-8")[:64],
        key=key,
        cert=certificate,
        cas=extra or None,
        encryption_algorithm=serialization.BestAvailableEncryption(_passphrase()),
    )
    common_names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return SigningKey.objects.create(
        organization=organization,
        label=label,
        pkcs12=encrypted,
        # The signer's certificate first, then the chain the CA issued with it.
        certificate_pem="".join(
            c.public_bytes(serialization.Encoding.PEM).decode("ascii")
            for c in [certificate, *extra]
        ),
        fingerprint=certificate_fingerprint(certificate),
        subject=str(common_names[0].value)
        if common_names
        else certificate.subject.rfc4514_string(),
        not_after=certificate.not_valid_after_utc,
    )


def create_self_signed_key(
    *, organization: Organization, label: str = "", years: int = 3, algorithm: str = "rsa"
) -> SigningKey:
    """A new key with a self-signed certificate naming `organization` (for trials).

    RSA 2048 by default, like the certificates Vietnamese CAs issue; it also
    keeps the signed file at PDF 1.7 (pyHanko marks ECDSA-signed files PDF 2.0,
    which PDF/A-3 does not allow). "ec" (P-256) is there for those who want it.
    """
    if algorithm == "rsa":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    elif algorithm == "ec":
        key = ec.generate_private_key(ec.SECP256R1())
    else:
        raise SigningError(f"Thuật toán khóa không hỗ trợ: {algorithm} (chọn ec hoặc rsa).")
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization.document_name[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, organization.name[:64]),
        ]
    )
    now = timezone.now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return _store(
        organization=organization,
        label=label or f"Khóa thử nghiệm – {organization.name}",
        key=key,
        certificate=certificate,
        extra=[],
    )


def import_pkcs12_key(
    *, organization: Organization, data: bytes, passphrase: str, label: str = ""
) -> SigningKey:
    """Take a PKCS#12 file issued by a CA; it is stored re-encrypted with the deployment passphrase."""
    try:
        key, certificate, extra = pkcs12.load_key_and_certificates(
            data, passphrase.encode("utf-8") if passphrase else None
        )
    except ValueError as exc:
        raise SigningError(
            "Không đọc được tệp PKCS#12: sai mật khẩu hoặc tệp không hợp lệ."
        ) from exc
    if key is None or certificate is None:
        raise SigningError("Tệp PKCS#12 phải chứa cả khóa bí mật và chứng thư.")
    return _store(
        organization=organization,
        label=label or certificate.subject.rfc4514_string()[:200],
        key=key,
        certificate=certificate,
        extra=list(extra or []),
    )


class _LoadedSigner(signers.SimpleSigner):
    """A SimpleSigner that keeps the decrypted key object for the one signature it makes.

    pyHanko's SimpleSigner re-parses its private key for every raw signature
    (and checks RSA keys each time, about 50 ms); this one parses it once.
    """

    def __init__(self, private_key, **kwargs) -> None:
        super().__init__(**kwargs)
        self._private_key = private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        digest = getattr(hashes, digest_algorithm.upper().replace("-", ""))()
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._private_key, rsa.RSAPrivateKey):
            return self._private_key.sign(data, padding.PKCS1v15(), digest)
        if mechanism == "ecdsa" and isinstance(self._private_key, ec.EllipticCurvePrivateKey):
            return self._private_key.sign(data, ec.ECDSA(digest))
        return super().sign_raw(data, digest_algorithm)


def load_signer(signing_key: SigningKey) -> signers.SimpleSigner:
    """Decrypt the key in memory, for signing now; nothing decrypted is kept or written."""
    certificates = x509.load_pem_x509_certificates(signing_key.certificate_pem.encode("ascii"))
    key = _decrypt_private_key(bytes(signing_key.pkcs12))
    if key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) != certificates[0].public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ):
        raise SigningError("Khóa ký số đã lưu không khớp với chứng thư của nó.")
    registry = SimpleCertificateStore()
    registry.register_multiple([_asn1_certificate(c) for c in certificates[1:]])
    return _LoadedSigner(
        key,
        signing_cert=_asn1_certificate(certificates[0]),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=registry,
    )


def _decrypt_private_key(data: bytes):
    """The private key of a PKCS#12 file this module wrote (see `_store`).

    Only the encrypted key bag is decrypted, without re-checking the RSA key:
    the library's check costs about 45 ms per load, and every stored key was
    checked when it was created or imported. Files of another layout take the
    library's full path.
    """
    passphrase = _passphrase()
    try:
        pfx = asn1_pkcs12.Pfx.load(data)
        safes = asn1_pkcs12.AuthenticatedSafe.load(pfx["auth_safe"]["content"].native)
        for info in safes:
            if info["content_type"].native != "data":
                continue
            for bag in asn1_pkcs12.SafeContents.load(info["content"].native):
                if bag["bag_id"].native == "pkcs8_shrouded_key_bag":
                    return serialization.load_der_private_key(
                        bag["bag_value"].untag().dump(),
                        passphrase,
                        unsafe_skip_rsa_key_validation=True,
                    )
    except (ValueError, TypeError, KeyError) as exc:
        if "decrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise _wrong_passphrase() from exc
    try:
        key, _cert, _extra = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError as exc:
        raise _wrong_passphrase() from exc
    if key is None:
        raise SigningError("Khóa ký số đã lưu không có khóa bí mật.")
    return key


def _wrong_passphrase() -> SigningError:
    return SigningError(
        "Không mở được khóa ký số: mật khẩu BIENBAN_SIGNING_PASSPHRASE không khớp với khóa đã lưu."
    )


def _asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def sign_pdf(
    pdf: bytes,
    *,
    signing_key: SigningKey,
    signer: signers.SimpleSigner | None = None,
    reason: str = "",
    location: str = "",
) -> bytes:
    """`pdf` with an invisible PAdES baseline (B-B) signature appended as an incremental update."""
    signer = signer or load_signer(signing_key)
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or None,
        location=location or None,
        name=signing_key.subject or None,
    )
    # Reserving room for the signature up front spares pyHanko a trial
    # signature to measure it; the certificates are the bulk of it.
    certs = [signer.signing_cert, *signer.cert_registry]
    reserve = 6144 + 2 * sum(len(cert.dump()) for cert in certs)
    out = io.BytesIO()
    _outside_event_loop(
        lambda: signers.PdfSigner(meta, signer=signer).sign_pdf(
            IncrementalPdfFileWriter(io.BytesIO(pdf)), output=out, bytes_reserved=reserve
        )
    )
    return out.getvalue()


def _outside_event_loop(work: Callable[[], T]) -> T:
    """Run pyHanko's synchronous API, which calls asyncio.run(), from any caller.

    Where this thread already runs an event loop (an ASGI server, a browser
    test driver), asyncio.run() refuses to start: the work goes to a thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


@dataclass(frozen=True)
class SignatureCheck:
    """What a signature check found; `valid` means intact, whole file covered, key known."""

    has_signature: bool
    intact: bool = False
    covers_whole_file: bool = False
    fingerprint: str = ""
    signer: str = ""
    signed_at: dt.datetime | None = None
    known_key: bool = False
    problem: str = ""

    @property
    def valid(self) -> bool:
        return self.has_signature and self.intact and self.covers_whole_file and self.known_key


def check_signature(pdf: bytes) -> SignatureCheck:
    """Validate the (last) signature of `pdf` with pyHanko against the keys this system holds."""
    # The file comes from anyone (the public verify page, the command line), and
    # pyHanko's reader raises whatever the damaged part provokes: PdfReadError,
    # but also NotImplementedError (an unknown filter name), zlib.error,
    # struct.error, RecursionError... Any of them means "cannot be read", a
    # verdict, never a 500 or a traceback; so this boundary catches Exception.
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        return SignatureCheck(False, problem=f"Không đọc được tệp PDF ({type(exc).__name__}).")
    if not embedded:
        return SignatureCheck(False, problem="Tệp PDF không có chữ ký số.")
    sig = embedded[-1]
    # Outside the catch-all below: a database that does not answer is not a
    # verdict on the file, and must reach the outage page.
    roots = _known_certificates()
    try:
        cert = sig.signer_cert
        fingerprint = hashlib.sha256(cert.dump()).hexdigest()
        signer = cert.subject.native.get("common_name", "") if cert else ""
        context = ValidationContext(trust_roots=list(roots.values()), allow_fetching=False)
        status = _outside_event_loop(lambda: validate_pdf_signature(sig, context))
    except Exception as exc:  # any malformed signature is "not valid", never a 500
        return SignatureCheck(
            True, problem=f"Chữ ký số không kiểm tra được ({type(exc).__name__})."
        )
    coverage = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    known = fingerprint in roots
    problem = ""
    if not status.intact or not status.valid:
        problem = "Chữ ký số không hợp lệ: nội dung đã bị thay đổi sau khi ký."
    elif not coverage:
        problem = "Tệp đã bị thêm nội dung sau khi ký."
    elif not known:
        problem = "Chữ ký số không phải của khóa nào do hệ thống quản lý."
    return SignatureCheck(
        True,
        intact=bool(status.intact and status.valid),
        covers_whole_file=coverage,
        fingerprint=fingerprint,
        signer=signer,
        signed_at=status.signer_reported_dt,
        known_key=known,
        problem=problem,
    )


def _known_certificates() -> dict[str, asn1_x509.Certificate]:
    out = {}
    for pem, fingerprint in SigningKey.objects.values_list("certificate_pem", "fingerprint"):
        der = x509.load_pem_x509_certificates(pem.encode("ascii"))[0].public_bytes(
            serialization.Encoding.DER
        )
        out[fingerprint] = asn1_x509.Certificate.load(der)
    return out
