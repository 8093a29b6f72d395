"""Every oversight table as CSV (UTF-8 with BOM, for Excel) or XLSX (openpyxl).

Cells holding text that a spreadsheet would read as a formula (=, +, -, @ at
the start) are written as text, so member-written words never run as formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

FORMATS = ("csv", "xlsx")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Table:
    name: str  # file name without extension, ASCII
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def csv_bytes(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(table: Table) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.title[:31] or "Sheet1")
    bold = Font(bold=True)
    header = []
    for name in table.columns:
        cell = WriteOnlyCell(sheet, value=str(name))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                cell.data_type = "s"  # never a formula
            elif isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "DD/MM/YYYY"
            else:
                cell = WriteOnlyCell(sheet, value=value)
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_response(table: Table, fmt: str) -> HttpResponse:
    if fmt == "csv":
        body, content_type = csv_bytes(table), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = xlsx_bytes(table)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{table.name}.{fmt}"'
    return response


def percent_or_blank(numerator: int, denominator: int) -> str:
    """ "93,33%" for the tables, "" when there is nothing to divide by."""
    from minutes.vnformat import percent

    return percent(numerator, denominator) if denominator else ""
