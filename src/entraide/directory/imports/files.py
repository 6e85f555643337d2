"""Reading a CSV or XLSX file of groups, defensively: the file as a whole is checked first.

Files come from anywhere: a size cap in bytes, a cap on rows (reading stops
at the first row too many), workbooks whose declared unpacked size is checked
before openpyxl opens them, text that must be UTF-8, and a header row whose
columns are those of ``tabular.COLUMNS``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Generator
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from entraide.directory.imports.report import ImportFileError, ImportReport
from entraide.directory.tabular import COLUMN_NAMES, REQUIRED_COLUMNS

# The rows of a file as (row number in the spreadsheet, cells).
Rows = Generator[tuple[int, list[Any]], None, None]

# Limits. A region's list is a few hundred groups; Germany's largest contact
# points keep a few thousand. Twice the largest list we expect, and no more.
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# Cells read per row: the 24 columns and room for a centre's own extra columns.
MAX_COLUMNS = 60
# A workbook of 20,000 rows unpacks to about 30 MB; a zip bomb to gigabytes.
XLSX_MAX_UNPACKED = 100 * 1024 * 1024
XLSX_MAX_MEMBERS = 500
# Sheets of repeated rows compress well, but not a hundredfold; only big members count.
XLSX_MAX_RATIO = 100
XLSX_RATIO_FROM = 1024 * 1024
# Excel's last row: a row number beyond it is a forged sheet (openpyxl would fill the gap).
XLSX_LAST_ROW = 1_048_576

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or a password-protected workbook
MULTILINE_COLUMNS = frozenset({"description", "easy_read_summary"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[\s_-]+")


def open_table(filename: str, content: bytes) -> tuple[str, Rows]:
    """The file's format and its rows as (row number, cells); the file as a whole is checked first."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(limit)s MB. Split the list into several files.")
            % {"limit": MAX_BYTES // (1024 * 1024)}
        )
    if not content.strip():
        raise ImportFileError(
            _("The file is empty: it needs a header row with the column names and a row per group.")
        )
    suffix = PurePath(filename).suffix.lower()
    if content.startswith(OLE_SIGNATURE) or suffix == ".xls":
        raise ImportFileError(
            _(
                "This is an old Excel file (.xls) or a workbook protected by a password. "
                "Open it in Excel and save it as an Excel workbook (.xlsx) or as "
                "“CSV UTF-8”, without a password."
            )
        )
    if suffix == ".csv":
        if content.startswith(ZIP_SIGNATURE):
            raise ImportFileError(
                _(
                    "This file is a workbook, not a CSV text file. Import it with the "
                    "extension .xlsx, or save it as “CSV UTF-8”."
                )
            )
        return "csv", _csv_rows(content)
    if suffix == ".xlsx":
        return "xlsx", _xlsx_rows(content)
    raise ImportFileError(_("Only CSV (.csv) and Excel (.xlsx) files can be imported."))


def _not_utf8(content: bytes, position: int | None = None) -> ImportFileError:
    how = _(
        "In Excel, choose “Save as” and the file type “CSV UTF-8 (comma delimited)”, "
        "or save the list as an Excel workbook (.xlsx), then import that file."
    )
    if position is None:
        return ImportFileError(_("The file is not in the UTF-8 encoding. %(how)s") % {"how": how})
    return ImportFileError(
        _("The file is not in the UTF-8 encoding (line %(line)s is the first that is not). %(how)s")
        % {"line": content[:position].count(b"\n") + 1, "how": how}
    )


def _csv_rows(content: bytes) -> Rows:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _not_utf8(content)
    if b"\x00" in content:
        # UTF-16 without its mark has a NUL beside every Latin letter; anything else is binary.
        if content[:200].count(b"\x00") * 3 >= min(len(content), 200):
            raise _not_utf8(content)
        raise ImportFileError(
            _(
                "The file is not a CSV text file: it holds binary data. Save the list as "
                "“CSV UTF-8” or as an Excel workbook (.xlsx) and import that file."
            )
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_utf8(content, error.start) from None
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    # Excel writes semicolons where the comma is the decimal sign (Switzerland, France...).
    delimiter = max((",", ";", "\t"), key=first_line.count)
    return _csv_records(text, delimiter)


def _csv_records(text: str, delimiter: str) -> Rows:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Row numbers count records, as a spreadsheet shows them (a quoted value may span lines).
        for number, record in enumerate(reader, start=1):
            yield number, record[:MAX_COLUMNS]
    except csv.Error:
        raise ImportFileError(
            _(
                "Line %(line)s cannot be read as CSV: a quotation mark may be missing, "
                "or a value is too long."
            )
            % {"line": reader.line_num}
        ) from None


def _not_a_workbook() -> ImportFileError:
    return ImportFileError(
        _(
            "The file is not a valid Excel workbook (.xlsx) and cannot be opened as one. "
            "Save the list from your spreadsheet program as an Excel workbook (.xlsx) "
            "or as “CSV UTF-8”."
        )
    )


def check_workbook_archive(content: bytes) -> None:
    """Refuse a workbook that is not a zip, or would unpack to too much, before opening it.

    openpyxl unpacks what a workbook holds; a few kilobytes of zip can hold
    gigabytes. The declared sizes are what Python's zip reader stops at (a
    member longer than declared fails its checksum), so checking them is enough.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _not_a_workbook() from None
    if "[Content_Types].xml" not in {member.filename for member in members}:
        raise _not_a_workbook()
    unpacked = 0
    for member in members:
        # Other methods (bzip2, lzma) are not bounded by the declared size as deflate is.
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _not_a_workbook()
        if member.flag_bits & 0x1:  # encrypted
            raise _not_a_workbook()
        unpacked += member.file_size
        inflated = member.file_size > XLSX_MAX_RATIO * max(member.compress_size, 1)
        if (
            len(members) > XLSX_MAX_MEMBERS
            or unpacked > XLSX_MAX_UNPACKED
            or (member.file_size > XLSX_RATIO_FROM and inflated)
        ):
            raise ImportFileError(
                _(
                    "The workbook would unpack to far more data than a list of groups "
                    "(more than %(limit)s MB, or compressed suspiciously well), so it was not "
                    "opened. Copy the list of groups into a new workbook, or save it as "
                    "“CSV UTF-8”."
                )
                % {"limit": XLSX_MAX_UNPACKED // (1024 * 1024)}
            )


def _xlsx_rows(content: bytes) -> Rows:
    import openpyxl

    check_workbook_archive(content)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a broken file
        raise _not_a_workbook() from None
    if not workbook.worksheets:
        workbook.close()
        raise _not_a_workbook()
    return _sheet_rows(workbook)


def _sheet_rows(workbook: Any) -> Rows:
    try:
        sheet = workbook.worksheets[0]
        # The size a sheet declares may be wrong (some programs write A1:A1): read it all.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        number = 0
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except Exception:
                raise _not_a_workbook() from None
            number += 1
            if number > XLSX_LAST_ROW:
                raise _not_a_workbook()
            yield number, list(cells)
    finally:
        workbook.close()


def cell_text(value: Any, column: str = "") -> str:
    """A cell as text: numbers without ".0", times as HH:MM, control characters removed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.time() if value.date() in (date(1899, 12, 30), date(1899, 12, 31)) else value
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, timedelta) and value < timedelta(days=1):
        return f"{value.seconds // 3600:02d}:{value.seconds % 3600 // 60:02d}"
    if isinstance(value, date):
        return value.isoformat()
    text = _CONTROL.sub("", str(value))
    if column in MULTILINE_COLUMNS:
        return "\n".join(line.strip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    return " ".join(text.split())


def column_name(header: str) -> str:
    """A header as a column name, case, spaces and dashes aside ("Postal code", "POSTAL-CODE").

    Not ``fold``: its umlaut spelling rule would turn "venue" into "venu".
    """
    return _SPACES.sub("_", header.strip().casefold())


def data_rows(report: ImportReport, table: Rows) -> list[tuple[int, dict[str, str]]]:
    """The rows with a value, as {column: text}; stops at the first row over ``MAX_ROWS``."""
    header: dict[int, str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in table:
        if header is None:
            if any(cell_text(cell) for cell in cells):
                header = _read_header(report, [cell_text(cell) for cell in cells])
            continue
        values = {
            name: cell_text(cells[index], name) if index < len(cells) else ""
            for index, name in header.items()
        }
        if not any(values.values()):
            continue
        if len(rows) == MAX_ROWS:
            raise ImportFileError(
                _(
                    "The file holds more than %(limit)s groups, the most one import takes. "
                    "Split it into files of at most %(limit)s rows."
                )
                % {"limit": number_format(MAX_ROWS, force_grouping=True)}
            )
        rows.append((number, values))
    if header is None:
        raise ImportFileError(
            _("The file is empty: it needs a header row with the column names and a row per group.")
        )
    return rows


def _read_header(report: ImportReport, cells: list[str]) -> dict[int, str]:
    header: dict[int, str] = {}
    for index, text in enumerate(cells):
        if not text:
            continue
        name = column_name(text)
        if name not in COLUMN_NAMES:
            report.warnings.append(
                _("The column “%(column)s” is not one of the list's columns; it was ignored.")
                % {"column": shorten(text)}
            )
        elif name in header.values():
            raise ImportFileError(
                _("The column “%(column)s” appears twice in the header row.") % {"column": name}
            )
        else:
            header[index] = name
    missing = [name for name in REQUIRED_COLUMNS if name not in header.values()]
    if missing:
        raise ImportFileError(
            _(
                "Required columns are missing: %(columns)s. The first row must name the "
                "columns, as in the template."
            )
            % {"columns": ", ".join(missing)}
        )
    report.columns = [header[index] for index in sorted(header)]
    return header


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
