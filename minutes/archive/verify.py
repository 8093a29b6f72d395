"""Check an archive (a folder or a ZIP) with no database and no network.

Imports nothing from Django or the models: `manage.py verify_archive` runs on
a machine whose database is unreachable, or on an archivist's machine years
later. What it checks, each failure one line of the report:

- manifest.json can be read; manifest.csv says the same thing, row for row;
- index.pdf records the SHA-256 of this manifest.json (in its metadata);
- every certificate listed is there, unchanged, and is the certificate named;
- every document listed is there, with the recorded size and SHA-256, and its
  PAdES signature is intact, covers the whole file and was made with the
  certificate the manifest names, which is one of the archive's certificates;
- no file is there that the manifest does not list.

Every file is checked on its own and any error reading it (a damaged PDF, a
truncated ZIP member) is reported as a problem of that file, never raised.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, TypeVar

from minutes.archive import manifest as mf

CHUNK = 1024 * 1024
# A signed minutes document is well under a megabyte; a "PDF" far larger than
# this is reported instead of being loaded into memory for the signature check.
MAX_PDF_BYTES = 256 * 1024 * 1024
T = TypeVar("T")


@dataclass
class Report:
    """What a check found; `ok` only when there is no problem at all."""

    problems: list[str] = field(default_factory=list)
    documents: int = 0
    documents_ok: int = 0
    certificates: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: str) -> None:
        self.problems.append(problem)


# --- reading a folder or a ZIP -------------------------------------------------


class Source:
    """The files of an archive by their posix path inside it."""

    def names(self) -> list[str]:
        raise NotImplementedError

    def open(self, name: str) -> IO[bytes]:
        raise NotImplementedError

    def close(self) -> None:
        pass


class FolderSource(Source):
    def __init__(self, root: Path) -> None:
        self.root = root

    def names(self) -> list[str]:
        return sorted(
            path.relative_to(self.root).as_posix()
            for path in self.root.rglob("*")
            if path.is_file() or path.is_symlink()
        )

    def open(self, name: str) -> IO[bytes]:
        return (self.root / name).open("rb")


class ZipSource(Source):
    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        self.duplicates: list[str] = []
        seen: set[str] = set()
        for info in self.zip.infolist():
            if info.filename in seen:
                self.duplicates.append(info.filename)
            seen.add(info.filename)

    def names(self) -> list[str]:
        return sorted({i.filename for i in self.zip.infolist() if not i.is_dir()})

    def open(self, name: str) -> IO[bytes]:
        return self.zip.open(name)

    def close(self) -> None:
        self.zip.close()


def open_source(path: Path) -> Source:
    """A folder or a ZIP file; raises OSError/zipfile.BadZipFile when neither can be read."""
    if path.is_dir():
        return FolderSource(path)
    return ZipSource(path)


def _read(source: Source, name: str, limit: int | None = None) -> bytes:
    with source.open(name) as handle:
        data = handle.read(limit + 1 if limit is not None else -1)
    if limit is not None and len(data) > limit:
        raise ValueError(f"tệp lớn hơn {limit // 2**20} MB")
    return data


def _digest(source: Source, name: str) -> tuple[str, int]:
    sha = hashlib.sha256()
    size = 0
    with source.open(name) as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return sha.hexdigest(), size


def _why(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --- certificates and signatures -----------------------------------------------


def _outside_event_loop(work: Callable[[], T]) -> T:
    """pyHanko's synchronous API calls asyncio.run(): never from inside a running loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def load_certificates(pem: bytes) -> list[Any]:
    """The certificates of a PEM file (asn1crypto objects); raises ValueError if none."""
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509 as asn1_x509

    certificates = [
        asn1_x509.Certificate.load(der)
        for kind, _headers, der in asn1_pem.unarmor(pem, multiple=True)
        if kind == "CERTIFICATE"
    ]
    if not certificates:
        raise ValueError("không có chứng thư nào trong tệp PEM")
    return certificates


def fingerprint(certificate: Any) -> str:
    return hashlib.sha256(certificate.dump()).hexdigest()


def signer_certificate_pem(pdf: bytes) -> bytes:
    """The PEM of the certificate that made the last signature of `pdf` (for the builder)."""
    from asn1crypto import pem as asn1_pem
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    cert = reader.embedded_signatures[-1].signer_cert
    return asn1_pem.armor("CERTIFICATE", cert.dump())


@dataclass(frozen=True)
class SignatureResult:
    ok: bool
    problem: str = ""
    signer: str = ""


def check_pdf_signature(
    pdf: bytes, *, expected_fingerprint: str, roots: dict[str, Any]
) -> SignatureResult:
    """Intact, covering the whole file, made with `expected_fingerprint`, which `roots` holds."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
        if not embedded:
            return SignatureResult(False, "tệp PDF không có chữ ký số")
        sig = embedded[-1]
        cert = sig.signer_cert
        context = ValidationContext(trust_roots=list(roots.values()), allow_fetching=False)
        status = _outside_event_loop(lambda: validate_pdf_signature(sig, context))
    except Exception as exc:  # a malformed file is "not valid", whatever pyHanko raises
        return SignatureResult(False, f"không đọc hoặc không kiểm tra được chữ ký ({_why(exc)})")
    signer = cert.subject.native.get("common_name", "") if cert else ""
    found = fingerprint(cert)
    if not (status.intact and status.valid):
        return SignatureResult(
            False, "chữ ký số không hợp lệ: nội dung đã bị thay đổi sau khi ký", signer
        )
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        return SignatureResult(False, "tệp đã bị thêm nội dung sau khi ký", signer)
    if found != expected_fingerprint:
        return SignatureResult(
            False,
            f"ký bằng chứng thư {found[:16]}…, danh mục ghi {expected_fingerprint[:16]}…",
            signer,
        )
    if found not in roots:
        return SignatureResult(False, "chứng thư ký không có trong thư mục certificates/", signer)
    return SignatureResult(True, signer=signer)


# --- the index -------------------------------------------------------------------


def index_manifest_hash(pdf: bytes) -> str:
    """The manifest SHA-256 recorded in index.pdf's metadata ("" when none is)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    try:
        info = reader.trailer_view["/Info"]
    except KeyError:
        return ""
    if hasattr(info, "get_object"):
        info = info.get_object()
    keywords = str(info.get("/Keywords", ""))
    for word in keywords.replace(",", " ").split():
        if word.startswith(mf.INDEX_HASH_PREFIX):
            return word[len(mf.INDEX_HASH_PREFIX) :].lower()
    return ""


# --- the whole check ---------------------------------------------------------------


def verify_archive(path: Path) -> Report:
    """Check the archive at `path` (a folder or a .zip); every problem is in the report."""
    report = Report()
    try:
        source = open_source(path)
    except FileNotFoundError:
        report.add(f"Không tìm thấy {path}.")
        return report
    except zipfile.BadZipFile as exc:
        report.add(f"{path}: tệp ZIP hỏng hoặc bị cắt cụt, không đọc được ({exc}).")
        return report
    except Exception as exc:  # a directory we may not read, a device, ...
        report.add(f"Không mở được {path} ({_why(exc)}).")
        return report
    try:
        _verify(source, report)
    finally:
        source.close()
    return report


def _verify(source: Source, report: Report) -> None:
    try:
        names = source.names()
    except Exception as exc:
        report.add(f"Không liệt kê được các tệp của hồ sơ ({_why(exc)}).")
        return
    for name in getattr(source, "duplicates", []):
        report.add(f"{name}: xuất hiện hai lần trong tệp ZIP.")
    present = set(names)

    if mf.MANIFEST_JSON not in present:
        report.add("Thiếu manifest.json: không kiểm tra được hồ sơ.")
        return
    try:
        manifest_data = _read(source, mf.MANIFEST_JSON)
        manifest = mf.parse_json(manifest_data)
    except mf.ManifestError as exc:
        report.add(str(exc))
        return
    except Exception as exc:
        report.add(f"manifest.json: không đọc được ({_why(exc)}).")
        return

    listed: set[str] = {mf.MANIFEST_JSON, mf.MANIFEST_CSV, mf.INDEX_PDF}
    roots = _check_certificates(source, manifest, present, report, listed)
    _check_documents(source, manifest, present, roots, report, listed)
    _check_csv(source, manifest, present, report)
    _check_index(source, hashlib.sha256(manifest_data).hexdigest(), present, report)
    for name in sorted(present - listed):
        report.add(f"{name}: tệp thừa, không có trong danh mục (manifest.json).")
    count = manifest.get("document_count")
    if count != len(manifest["documents"]):
        report.add(f"manifest.json ghi {count} văn bản nhưng liệt kê {len(manifest['documents'])}.")


def _check_certificates(
    source: Source, manifest: dict, present: set[str], report: Report, listed: set[str]
) -> dict[str, Any]:
    roots: dict[str, Any] = {}
    for row in manifest["certificates"]:
        name = row["path"]
        listed.add(name)
        report.certificates += 1
        if name not in present:
            report.add(f"{name}: thiếu tệp chứng thư.")
            continue
        try:
            data = _read(source, name, limit=1024 * 1024)
            if hashlib.sha256(data).hexdigest() != row["sha256"]:
                report.add(f"{name}: SHA-256 của tệp chứng thư không khớp với danh mục.")
                continue
            certificates = load_certificates(data)
        except Exception as exc:
            report.add(f"{name}: không đọc được chứng thư ({_why(exc)}).")
            continue
        if fingerprint(certificates[0]) != row["fingerprint"]:
            report.add(f"{name}: chứng thư không phải chứng thư danh mục ghi.")
            continue
        # The signer's certificate first, then any chain the CA issued with it.
        for certificate in certificates:
            roots[fingerprint(certificate)] = certificate
    return roots


def _check_documents(
    source: Source,
    manifest: dict,
    present: set[str],
    roots: dict[str, Any],
    report: Report,
    listed: set[str],
) -> None:
    for row in manifest["documents"]:
        name = row["path"]
        report.documents += 1
        if name in listed:
            report.add(f"{name}: ghi hai lần trong danh mục.")
            continue
        listed.add(name)
        if name not in present:
            report.add(f"{name}: thiếu tệp (danh mục có, hồ sơ không có).")
            continue
        fine = True
        try:
            digest, size = _digest(source, name)
        except Exception as exc:
            report.add(f"{name}: không đọc được tệp ({_why(exc)}).")
            continue
        if digest != row["sha256"]:
            report.add(
                f"{name}: SHA-256 không khớp với danh mục "
                f"(danh mục {row['sha256'][:16]}…, tệp {digest[:16]}…)."
            )
            fine = False
        if size != row["size"]:
            report.add(f"{name}: kích thước {size} byte, danh mục ghi {row['size']} byte.")
            fine = False
        if size > MAX_PDF_BYTES:
            report.add(f"{name}: tệp quá lớn để kiểm tra chữ ký.")
            continue
        try:
            data = _read(source, name)
        except Exception as exc:
            report.add(f"{name}: không đọc được tệp ({_why(exc)}).")
            continue
        result = check_pdf_signature(
            data, expected_fingerprint=row["certificate_fingerprint"], roots=roots
        )
        if not result.ok:
            report.add(f"{name}: chữ ký số KHÔNG hợp lệ – {result.problem}.")
            fine = False
        if fine:
            report.documents_ok += 1


def _check_csv(source: Source, manifest: dict, present: set[str], report: Report) -> None:
    if mf.MANIFEST_CSV not in present:
        report.add("Thiếu manifest.csv.")
        return
    try:
        rows = mf.parse_csv(_read(source, mf.MANIFEST_CSV))
    except Exception as exc:
        report.add(f"manifest.csv: không đọc được ({_why(exc)}).")
        return
    if not rows or tuple(rows[0]) != mf.CSV_COLUMNS:
        report.add("manifest.csv: dòng tiêu đề không đúng.")
        return
    expected = mf.csv_rows(manifest)
    found = rows[1:]
    if len(found) != len(expected):
        report.add(f"manifest.csv có {len(found)} dòng văn bản, manifest.json có {len(expected)}.")
    for line, (got, want) in enumerate(zip(found, expected, strict=False), start=2):
        if got != want:
            columns = [
                mf.CSV_COLUMNS[i]
                for i in range(len(mf.CSV_COLUMNS))
                if (got[i] if i < len(got) else None) != want[i]
            ]
            report.add(f"manifest.csv dòng {line} khác manifest.json (cột: {', '.join(columns)}).")


def _check_index(source: Source, manifest_sha256: str, present: set[str], report: Report) -> None:
    if mf.INDEX_PDF not in present:
        report.add("Thiếu index.pdf.")
        return
    try:
        recorded = index_manifest_hash(_read(source, mf.INDEX_PDF, limit=MAX_PDF_BYTES))
    except Exception as exc:
        report.add(f"index.pdf: không đọc được ({_why(exc)}).")
        return
    if not recorded:
        report.add("index.pdf: không ghi mã SHA-256 của manifest.json.")
    elif recorded != manifest_sha256:
        report.add(
            "index.pdf ghi mã SHA-256 của manifest.json khác với manifest.json hiện có "
            f"(index {recorded[:16]}…, manifest.json {manifest_sha256[:16]}…)."
        )
