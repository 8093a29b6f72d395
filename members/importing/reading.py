"""Turning the uploaded bytes into rows keyed by field, or one clear reason why not.

XLSX is read with openpyxl in read-only mode (streamed, so a big file does not
load whole into memory) and *without* `data_only`, so a formula shows as a
formula: the cached result of a formula is whatever Excel last computed, which
an import must not trust. CSV is read as UTF-8 (with or without the BOM Excel
writes), separated by commas, semicolons (Excel in Vietnamese locales) or tabs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from members.importing.columns import HEADERS, NO_HEADER, Header, label, read_header

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# Rows scanned for the header: a title block often stands above it.
HEADER_SCAN = 20
# After this many empty rows in a row the sheet is taken to have ended: Excel
# files often carry thousands of formatted but empty rows at the bottom.
BLANK_RUN_END = 500

_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$")


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it (1-based, header rows included)
    values: dict[str, object]
    formulas: dict[str, str] = field(default_factory=dict)  # field → the formula text


@dataclass
class Sheet:
    header: Header
    rows: list[Row]
    epoch: dt.datetime | None = None
    sheet_name: str = ""


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_numbering(values: list[object]) -> bool:
    """The "(1) (2) (3)" line Vietnamese forms put under the header."""
    filled = [v for v in values if not _blank(v)]
    return len(filled) >= 3 and all(_NUMBERING.match(str(v).strip()) for v in filled)


def _collect(
    lines: Iterator[tuple[list[object], list[bool]]],
) -> tuple[Header, list[Row]] | None:
    """Header and data rows from (values, is_formula) lines; None when no header is found."""
    head: list[list[object]] = []
    buffered: list[tuple[list[object], list[bool]]] = []
    for line in lines:
        head.append(line[0])
        buffered.append(line)
        if len(head) >= HEADER_SCAN:
            break
    header = read_header(head)
    if header is None:
        return None
    rows: list[Row] = []
    blank_run = 0
    number = 0

    def all_lines():
        yield from buffered
        yield from lines

    for number, (values, formulas) in enumerate(all_lines(), start=1):
        if number <= header.row:
            continue
        picked: dict[str, object] = {}
        found: dict[str, str] = {}
        for index, key in header.fields.items():
            value = values[index] if index < len(values) else None
            if index < len(formulas) and formulas[index]:
                found[key] = str(value)
            picked[key] = value
        if all(_blank(v) for v in picked.values()):
            blank_run += 1
            if blank_run >= BLANK_RUN_END:
                break
            continue
        blank_run = 0
        if number == header.row + 1 and _is_numbering(list(picked.values())):
            continue
        rows.append(Row(number=number, values=picked, formulas=found))
        if len(rows) > MAX_ROWS:
            raise FileProblem(
                _("Tệp có hơn %(max)s dòng dữ liệu. Hãy chia thành nhiều tệp nhỏ hơn.")
                % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
            )
    return header, rows


def _xlsx_lines(ws) -> Iterator[tuple[list[object], list[bool]]]:
    for cells in ws.iter_rows():
        values = []
        formulas = []
        for cell in cells:
            value = getattr(cell, "value", None)
            is_formula = getattr(cell, "data_type", None) == "f"
            values.append(value)
            formulas.append(is_formula)
        yield values, formulas


def _read_xlsx(content: bytes) -> Sheet:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign zip
        raise FileProblem(
            _("Không đọc được tệp XLSX (tệp hỏng hoặc không phải bảng tính Excel).")
        ) from exc
    try:
        epoch = getattr(workbook, "epoch", None)
        any_rows = False
        for ws in workbook.worksheets:
            lines = _xlsx_lines(ws)
            try:
                first = next(lines)
            except StopIteration:
                continue
            any_rows = True

            def chained(first=first, lines=lines):
                yield first
                yield from lines

            found = _collect(chained())
            if found is not None:
                return Sheet(header=found[0], rows=found[1], epoch=epoch, sheet_name=ws.title)
        if not any_rows:
            raise FileProblem(_("Tệp không có dữ liệu: mọi trang tính đều trống."))
        raise FileProblem(str(NO_HEADER))
    except FileProblem:
        raise
    except Exception as exc:
        raise FileProblem(_("Không đọc được nội dung tệp XLSX (tệp hỏng).")) from exc
    finally:
        workbook.close()


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            _(
                "Tệp CSV không ở mã UTF-8. Trong Excel hãy chọn Lưu thành… → “CSV UTF-8 "
                "(Comma delimited)”, hoặc lưu thành tệp XLSX."
            )
        ) from None


def _delimiter(text: str) -> str:
    for line in text.splitlines()[:HEADER_SCAN]:
        counts = {sep: line.count(sep) for sep in (";", ",", "\t")}
        best = max(counts, key=counts.get)
        if counts[best]:
            return best
    return ","


def _csv_lines(text: str) -> Iterator[tuple[list[object], list[bool]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    for values in reader:
        # A spreadsheet would have run "=…" as a formula: refuse it here too.
        yield values, [len(v) > 1 and v.lstrip().startswith("=") for v in values]


def _read_csv(content: bytes) -> Sheet:
    text = _decode(content)
    if "\x00" in text:
        raise FileProblem(_("Tệp không phải bảng tính XLSX hay CSV."))
    if not text.strip():
        raise FileProblem(_("Tệp không có dữ liệu."))
    try:
        found = _collect(_csv_lines(text))
    except csv.Error as exc:
        raise FileProblem(_("Không đọc được tệp CSV: %(error)s") % {"error": exc}) from exc
    if found is None:
        raise FileProblem(str(NO_HEADER))
    return Sheet(header=found[0], rows=found[1])


_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls (and .doc) container
_NOT_TEXT = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")


def read_file(content: bytes, file_name: str = "") -> Sheet:
    """The header and the non-empty rows of the first sheet that has a header."""
    if not content:
        raise FileProblem(_("Tệp rỗng (0 byte)."))
    if len(content) > MAX_BYTES:
        raise FileProblem(
            _("Tệp lớn hơn %(mb)d MB. Hãy chia thành nhiều tệp nhỏ hơn.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if content.startswith(_OLE):
        raise FileProblem(
            _(
                "Tệp ở định dạng Excel cũ (.xls). Trong Excel hãy chọn Lưu thành… → "
                "“Excel Workbook (.xlsx)” rồi tải lên lại."
            )
        )
    if content.startswith(_ZIP):
        if not _is_xlsx_zip(content):
            raise FileProblem(_("Tệp nén này không phải bảng tính XLSX."))
        return _read_xlsx(content)
    if content.startswith(_NOT_TEXT):
        raise FileProblem(_("Tệp không phải bảng tính XLSX hay CSV."))
    return _read_csv(content)


def _is_xlsx_zip(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    return "xl/workbook.xml" in names or any(n.endswith("workbook.xml") for n in names)


def describe_header(header: Header) -> str:
    """The recognised columns, in file order, for the preview."""
    return ", ".join(label(key) for _index, key in sorted(header.fields.items()))


__all__ = ["HEADERS", "MAX_BYTES", "MAX_ROWS", "FileProblem", "Row", "Sheet", "read_file"]
