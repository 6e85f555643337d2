"""CSV and XLSX files that a spreadsheet opens safely (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

import tablib
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# What Excel, LibreOffice and Google Sheets read as the start of a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_safe(value: str) -> str:
    """The text with a leading ``'`` if a spreadsheet would run it as a formula.

    ``=HYPERLINK(...)`` in a group's name must not become a live link or
    command on a centre's computer. Phone numbers starting with ``+`` are
    escaped too: an import must drop the one apostrophe before such a character.
    """
    if value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def sheet_cell(value: Any) -> Any:
    """Text made harmless for a spreadsheet (no formula, no control character); numbers as is.

    Control characters other than tab and line breaks make openpyxl refuse the
    whole file; they are dropped before escaping, so none can hide a formula.
    """
    if isinstance(value, str):
        return spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def csv_bytes(headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 with a byte-order mark: without it Excel reads the accents as Windows-1252."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([spreadsheet_safe(v) if isinstance(v, str) else v for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def sheet_title(title: str) -> str:
    # Excel refuses these characters in a sheet's name and more than 31 characters.
    return "".join(c for c in title if c not in "[]:*?/\\")[:31] or "sheet"


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence[Any], Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook with one sheet per ``(title, headers, rows)``, every text cell made safe."""
    book = []
    for title, headers, rows in sheets:
        data = tablib.Dataset(headers=[str(h) for h in headers], title=sheet_title(str(title)))
        for row in rows:
            data.append([sheet_cell(value) for value in row])
        book.append(data)
    content: bytes = tablib.Databook(book).export("xlsx")
    return content
