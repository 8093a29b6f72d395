"""The manifest of an archive: one row per signed PDF, as JSON and as CSV.

Pure Python (no Django, no models): the builder writes these files and the
offline verifier reads them back with the same functions, so the two cannot
drift apart. manifest.json is the reference; manifest.csv is the same rows for
a spreadsheet (UTF-8 with BOM, Vietnamese headers, like the oversight exports).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

FORMAT = "bienban-nop-luu"
FORMAT_VERSION = 1

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
INDEX_PDF = "index.pdf"
CERTIFICATES_DIR = "certificates/"
# The index records the manifest's SHA-256 in its PDF metadata under this key,
# and prints it; the verifier reads the metadata (no text extraction needed).
INDEX_HASH_PREFIX = "manifest-sha256:"

CURRENT = "current"
SUPERSEDED = "superseded"
STATUS_LABELS = {CURRENT: "Hiện hành", SUPERSEDED: "Bị thay thế"}

# Keys every document row of manifest.json carries.
DOCUMENT_KEYS = (
    "cell",
    "cell_id",
    "meeting_date",
    "kind",
    "kind_label",
    "summary",
    "number",
    "version",
    "status",
    "superseded_by",
    "path",
    "sha256",
    "size",
    "signer",
    "certificate_subject",
    "certificate_fingerprint",
    "signed_at",
    "approved_on",
    "public_code",
)
CERTIFICATE_KEYS = ("path", "sha256", "fingerprint", "subject")

CSV_COLUMNS = (
    "Chi bộ",
    "Ngày họp",
    "Loại sinh hoạt",
    "Trích yếu",
    "Số văn bản",
    "Phiên bản",
    "Tình trạng",
    "Thay thế bởi",
    "Tệp",
    "SHA-256",
    "Kích thước (byte)",
    "Người ký",
    "Chứng thư (SHA-256)",
    "Thời điểm ký",
    "Ngày duyệt",
    "Mã tra cứu",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ManifestError(ValueError):
    """manifest.json is not a manifest this version can read; the message says why."""


def json_bytes(manifest: dict[str, Any]) -> bytes:
    """manifest.json: UTF-8, diacritics kept as they are (not \\u escapes), stable key order."""
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _text(value: Any) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets run a cell starting like a formula: member-written text stays text.
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_date(value: str | None) -> str:
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    except ValueError:
        return value


def _csv_datetime(value: str | None) -> str:
    # The time as recorded (with its own offset): no time-zone database needed to verify.
    if not value:
        return ""
    try:
        return dt.datetime.fromisoformat(value).strftime("%d/%m/%Y %H:%M:%S")
    except ValueError:
        return value


def csv_rows(manifest: dict[str, Any]) -> list[list[str]]:
    """The CSV rows (without the header) that `manifest`'s documents give."""
    rows = []
    for doc in manifest["documents"]:
        rows.append(
            [
                _text(doc["cell"]),
                _csv_date(doc["meeting_date"]),
                _text(doc["kind_label"]),
                _text(doc["summary"]),
                _text(doc["number"]),
                str(doc["version"]),
                STATUS_LABELS.get(doc["status"], _text(doc["status"])),
                _text(doc["superseded_by"]),
                _text(doc["path"]),
                _text(doc["sha256"]),
                str(doc["size"]),
                _text(doc["signer"]),
                _text(doc["certificate_fingerprint"]),
                _csv_datetime(doc["signed_at"]),
                _csv_date(doc["approved_on"]),
                _text(doc["public_code"]),
            ]
        )
    return rows


def csv_bytes(manifest: dict[str, Any]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(manifest))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def parse_csv(data: bytes) -> list[list[str]]:
    """Rows of manifest.csv, header included; raises ValueError when it cannot be read."""
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return list(csv.reader(io.StringIO(text)))


def parse_json(data: bytes) -> dict[str, Any]:
    """manifest.json checked for shape; raises ManifestError with a message for the operator."""
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ManifestError(f"manifest.json không phải JSON hợp lệ ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ManifestError("manifest.json không phải danh mục hồ sơ nộp lưu của Biên bản.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ManifestError(
            f"manifest.json có phiên bản định dạng {manifest.get('format_version')!r}, "
            f"công cụ này đọc phiên bản {FORMAT_VERSION}."
        )
    for key, keys in (("documents", DOCUMENT_KEYS), ("certificates", CERTIFICATE_KEYS)):
        rows = manifest.get(key)
        if not isinstance(rows, list):
            raise ManifestError(f"manifest.json thiếu danh sách {key!r}.")
        for number, row in enumerate(rows, 1):
            if not isinstance(row, dict) or any(k not in row for k in keys):
                raise ManifestError(f"manifest.json: mục {number} của {key!r} thiếu trường.")
            if not isinstance(row["path"], str) or not isinstance(row["sha256"], str):
                raise ManifestError(f"manifest.json: mục {number} của {key!r} sai kiểu dữ liệu.")
    for number, row in enumerate(manifest["documents"], 1):
        if not isinstance(row["size"], int) or isinstance(row["size"], bool):
            raise ManifestError(f"manifest.json: mục {number} có kích thước không phải số.")
    return manifest
