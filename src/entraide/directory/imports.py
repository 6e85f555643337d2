"""Import of an existing list of groups (CSV or XLSX): every row checked, then all or nothing.

A centre that joins brings its list as a spreadsheet. The file is read with
the columns of ``tabular.COLUMNS`` and every row is checked as the centre's
staff would check it: themes and languages that exist, a canton the centre
covers, a place that exists, a schedule that makes sense, and groups that
are already listed. The report says, row by row and column by column, what
is wrong (errors: nothing is imported while one remains) and what looks odd
(warnings, likely duplicates). A dry run stops there; a real import writes
every group in one transaction or none.

Files come from anywhere, so reading is defensive: a size cap in bytes, a
cap on rows (reading stops at the first row too many), workbooks whose
declared unpacked size is checked before openpyxl opens them, and no cell
that a spreadsheet program would run as a formula.

Likely duplicates are looked for among the centre's groups and the earlier
rows of the file, at the same place (same postal code or municipality):

- the same folded name at the same postal code is an error: the group is
  already listed, and this is what stops a file from being imported twice;
- similar names are a warning: the names without their generic words
  ("groupe d'entraide", "Selbsthilfegruppe"...) and place words are equal,
  one is contained in the other, or ``difflib`` rates them at least
  ``SIMILARITY`` alike; names that differ by a number ("Groupe 1", "Groupe 2")
  are different groups.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import logging
import re
import zipfile
from collections.abc import Generator, Iterable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation, OrganisationKind
from entraide.core.lib.audit import audit_record_many
from entraide.core.lib.text import fold
from entraide.core.models import AuditEntry, Canton, Language
from entraide.core.permissions import may_manage_centre
from entraide.directory import places
from entraide.directory.models import (
    Group,
    GroupType,
    Rhythm,
    Theme,
    ThemeTerm,
)
from entraide.directory.tabular import (
    COLUMN_NAMES,
    COLUMNS,
    FALSE_WORDS,
    REQUIRED_COLUMNS,
    SEPARATOR,
    TRUE_WORDS,
    WEEKDAYS,
)

logger = logging.getLogger(__name__)

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
# Descriptions have no length in the model; a page of text is plenty for a listing.
TEXT_MAX_LENGTH = 5000
# Cells holding several codes (themes, languages).
LIST_MAX_LENGTH = 1000
SIMILARITY = 0.85
MAX_DUPLICATES_SHOWN = 5

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or a password-protected workbook

# The model field behind each column, where the names differ.
FIELD_OF = {"type": "group_type", "online": "is_online"}
COLUMN_OF = {field_name: column for column, field_name in FIELD_OF.items()}
MULTILINE_COLUMNS = frozenset({"description", "easy_read_summary"})
BOOLEAN_COLUMNS = frozenset({"online", "show_address"})
TIME_COLUMNS = frozenset({"start_time", "end_time"})
CHOICES = {column.name: column.choices for column in COLUMNS if column.choices}

# Weekdays as centres write them in their language, folded; the value is Monday = 0.
WEEKDAY_NUMBERS = {
    fold(name): number
    for names in (
        WEEKDAYS,
        ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
        ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"),
        ("lunedi", "martedi", "mercoledi", "giovedi", "venerdi", "sabato", "domenica"),
    )
    for number, name in enumerate(names)
}

# Words of group names that say nothing about which group it is, folded.
GENERIC_WORDS = frozenset(
    fold(
        "groupe group gruppe gruppo d de du des la le les l entraide auto aide selbsthilfe "
        "selbsthilfegruppe self help selfhelp di autoaiuto mutuo aiuto per pour fur for and et "
        "und e ed the der die das"
    ).split()
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A phone number or a number: what may follow a leading + or - without being a formula.
_NUMBER_LIKE = re.compile(r"^[+-][\d\s().\/-]*$")
_TIME = re.compile(r"^(\d{1,2})\s*(?:[:h.]\s*(\d{2})(?::00)?)?\s*h?$", re.IGNORECASE)
_POSTAL_CODE = re.compile(r"^(?:CH\s*-?\s*)?(\d{4})$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"[\s_-]+")


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why and what to do."""


@dataclass(frozen=True)
class Duplicate:
    """A group that a row may repeat: an existing group of the centre, or an earlier row."""

    name: str
    place: str
    exact: bool
    group_id: int | None = None
    row: int | None = None


@dataclass(frozen=True)
class Problem:
    """One message of the report, with where it belongs."""

    level: str  # "error" or "warning"
    row: int | None  # None: about the whole file
    column: str  # "" when not about one column
    message: str

    @property
    def text(self) -> str:
        if self.row is None:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportRow:
    """A row of the file: its number in the spreadsheet (the header is row 1) and its findings."""

    number: int
    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    # The group created from the row, after a real import.
    group_id: int | None = None
    # What the row becomes, when it has no error.
    group: Group | None = field(default=None, repr=False, compare=False)
    theme_ids: list[int] = field(default_factory=list, repr=False, compare=False)
    language_codes: list[str] = field(default_factory=list, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(self, column: str, message: str) -> None:
        self.errors.setdefault(column, []).append(message)

    def warn(self, column: str, message: str) -> None:
        self.warnings.setdefault(column, []).append(message)


@dataclass
class ImportReport:
    """What an import found in a file, row by row, and what it wrote."""

    filename: str
    dry_run: bool
    format: str = ""
    # The columns recognised, in the order of the file.
    columns: list[str] = field(default_factory=list)
    # About the whole file: with one of these no row is read.
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    created: int = 0

    @property
    def ok(self) -> bool:
        """True when nothing stands in the way of the import."""
        return not self.errors and bool(self.rows) and all(row.ok for row in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.errors) + sum(len(m) for row in self.rows for m in row.errors.values())

    @property
    def warning_count(self) -> int:
        return len(self.warnings) + sum(len(m) for row in self.rows for m in row.warnings.values())

    @property
    def duplicate_count(self) -> int:
        return sum(1 for row in self.rows if row.duplicates)

    @property
    def rows_with_errors(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]

    def problems(self) -> list[Problem]:
        """Every message, the file's first, then row by row in the order of the columns."""
        found = [Problem("error", None, "", message) for message in self.errors]
        found += [Problem("warning", None, "", message) for message in self.warnings]
        order = {name: position for position, name in enumerate(("", *COLUMN_NAMES))}
        for row in self.rows:
            for level, messages in (("error", row.errors), ("warning", row.warnings)):
                for column in sorted(messages, key=lambda c: order.get(c, len(order))):
                    found += [Problem(level, row.number, column, m) for m in messages[column]]
        return found

    def summary(self) -> str:
        return _(
            "Rows read: %(rows)s. Errors: %(errors)s. Warnings: %(warnings)s. "
            "Likely duplicates: %(duplicates)s. Groups created: %(created)s."
        ) % {
            "rows": len(self.rows),
            "errors": self.error_count,
            "warnings": self.warning_count,
            "duplicates": self.duplicate_count,
            "created": self.created,
        }


def groups_import(
    *, by: Any, centre: Organisation, filename: str, content: bytes, dry_run: bool
) -> ImportReport:
    """Check a file of groups for a centre and, unless a dry run, create them all or none.

    ``by`` is the person importing (centre staff of ``centre``), or None for
    the command line, where the operator answers for it. The report is the
    same for a dry run and a real import; ``created`` says what was written.
    """
    if by is not None and not may_manage_centre(by, centre):
        raise PermissionDenied("Only the centre's staff import its groups.")
    if centre.kind != OrganisationKind.REGIONAL_CENTRE:
        raise ValueError("Groups are imported into a regional centre.")
    report = read_groups(centre=centre, filename=filename, content=content)
    report.dry_run = dry_run
    if report.ok and not dry_run:
        _create(report, by=by, centre=centre)
    # Counts only: file names and values may name people.
    logger.info(
        "Group import for %s (%s): %s rows, %s errors, %s created",
        centre.code,
        "dry run" if dry_run else "import",
        len(report.rows),
        report.error_count,
        report.created,
    )
    return report


def read_groups(*, centre: Organisation, filename: str, content: bytes) -> ImportReport:
    """The report of a file for a centre, without writing anything (the dry run)."""
    report = ImportReport(filename=filename, dry_run=True)
    try:
        report.format, table = open_table(filename, content)
        with closing(table):
            raw_rows = _data_rows(report, table)
    except ImportFileError as error:
        report.errors.append(str(error))
        return report
    if not raw_rows:
        report.errors.append(_("The file has a header row but no groups below it."))
        return report
    checker = _Checker(centre)
    report.rows = [checker.check(number, values) for number, values in raw_rows]
    return report


@transaction.atomic
def _create(report: ImportReport, *, by: Any, centre: Organisation) -> None:
    # The custom bulk_create gives the groups their search text and place in
    # name order; the links then put their themes and languages in the index.
    created = Group.objects.bulk_create([row.group for row in report.rows], batch_size=500)
    ThemeLink: Any = Group.themes.through
    LanguageLink: Any = Group.languages.through
    ThemeLink.objects.bulk_create(
        [
            ThemeLink(group_id=group.pk, theme_id=theme_id)
            for group, row in zip(created, report.rows, strict=True)
            for theme_id in row.theme_ids
        ],
        batch_size=2000,
    )
    LanguageLink.objects.bulk_create(
        [
            LanguageLink(group_id=group.pk, language_id=code)
            for group, row in zip(created, report.rows, strict=True)
            for code in row.language_codes
        ],
        batch_size=2000,
    )
    audit_record_many(
        actor=by,
        action=AuditEntry.Action.CREATE,
        objs=created,
        after={"centre": centre.pk, "source": "import"},
    )
    for group, row in zip(created, report.rows, strict=True):
        row.group_id = group.pk
    report.created = len(created)


# Reading the file


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


def _data_rows(report: ImportReport, table: Rows) -> list[tuple[int, dict[str, str]]]:
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
                % {"column": _shorten(text)}
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


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Checking the rows


class CellError(Exception):
    """A cell's value cannot be used; the message says why."""


@dataclass(frozen=True)
class _Named:
    """A group's name reduced to what tells it apart, for finding duplicates."""

    folded: str
    words: tuple[str, ...]
    numbers: frozenset[str]
    postal_code: str
    municipality: str
    label: str
    place: str
    group_id: int | None = None
    row: int | None = None

    @classmethod
    def of(cls, name: str, postal_code: str, municipality: str, **where: Any) -> _Named:
        match = _POSTAL_CODE.match(postal_code.strip())
        postal_code = match.group(1) if match else postal_code.strip()
        folded = fold(name)
        place_words = set(fold(municipality).split()) | {postal_code}
        words = tuple(w for w in folded.split() if w not in GENERIC_WORDS | place_words)
        return cls(
            folded=folded,
            words=words or tuple(folded.split()),
            numbers=frozenset(_DIGITS.findall(folded)),
            postal_code=postal_code,
            municipality=fold(municipality),
            label=name,
            place=f"{postal_code} {municipality}".strip(),
            **where,
        )

    def same_as(self, other: _Named) -> bool:
        return self.folded == other.folded and self.postal_code == other.postal_code

    def like(self, other: _Named) -> bool:
        if self.numbers != other.numbers:
            return False
        mine, theirs = " ".join(self.words), " ".join(other.words)
        if f" {mine} " in f" {theirs} " or f" {theirs} " in f" {mine} ":
            return True
        matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
        return (
            matcher.real_quick_ratio() >= SIMILARITY
            and matcher.quick_ratio() >= SIMILARITY
            and matcher.ratio() >= SIMILARITY
        )


class _Places:
    """Groups (existing, or earlier rows) by postal code and by folded municipality."""

    def __init__(self) -> None:
        self.by_postal_code: dict[str, list[_Named]] = {}
        self.by_municipality: dict[str, list[_Named]] = {}

    def add(self, named: _Named) -> None:
        self.by_postal_code.setdefault(named.postal_code, []).append(named)
        self.by_municipality.setdefault(named.municipality, []).append(named)

    def near(self, named: _Named) -> list[_Named]:
        found = self.by_postal_code.get(named.postal_code, [])
        others = [
            n
            for n in self.by_municipality.get(named.municipality, [])
            if n.postal_code != named.postal_code
        ]
        return found + others


class _Checker:
    """Checks rows against the reference data, read once per import."""

    def __init__(self, centre: Organisation) -> None:
        self.centre = centre
        self.now = timezone.now()
        self.cantons = {canton.code: canton for canton in Canton.objects.all()}
        self.covered = sorted(
            centre.cantons.values_list("code", flat=True), key=list(self.cantons).index
        )
        self.languages = list(Language.objects.values_list("code", flat=True))
        self.themes = {theme.pk: theme for theme in Theme.objects.all()}
        self.theme_codes = {theme.code.lower(): theme.pk for theme in self.themes.values()}
        self.labels: dict[str, set[int]] = {}
        self.synonyms: dict[str, set[int]] = {}
        for theme_id, kind, folded in ThemeTerm.objects.values_list("theme_id", "kind", "folded"):
            terms = self.labels if kind == ThemeTerm.Kind.LABEL else self.synonyms
            terms.setdefault(folded, set()).add(theme_id)
        self.existing = _Places()
        for pk, name, postal_code, municipality in Group.objects.filter(centre=centre).values_list(
            "pk", "name", "postal_code", "municipality"
        ):
            self.existing.add(_Named.of(name, postal_code, municipality, group_id=pk))
        self.earlier = _Places()
        self.suggestions: dict[str, Theme | None] = {}
        self.readers = self._readers()

    def check(self, number: int, values: dict[str, str]) -> ImportRow:
        """The row's findings and, when it has no error, the group it becomes."""
        row = ImportRow(number=number, values=values)
        cells: dict[str, str] = {}
        for column in COLUMN_NAMES:
            value = values.get(column, "")
            try:
                cells[column] = _safe(column, value)
            except CellError as error:
                row.error(column, str(error))
        for column in REQUIRED_COLUMNS:
            if cells.get(column) == "":
                row.error(column, _("A value is required."))
        fields: dict[str, Any] = {}
        for column, read in self.readers.items():
            if cells.get(column):
                try:
                    fields[FIELD_OF.get(column, column)] = read(cells[column], row)
                except CellError as error:
                    row.error(column, str(error))
        self._check_consistency(row, fields)
        if "name" in fields and "postal_code" in fields:
            self._check_duplicates(row, fields)
        if row.ok:
            self._build(row, fields)
        return row

    def _readers(self) -> dict[str, Any]:
        text = _as_text
        week_of_month = _choice("week_of_month")
        return {
            "name": text,
            "themes": self._themes,
            "canton": self._canton,
            "municipality": text,
            "postal_code": _postal_code,
            "languages": self._languages,
            "description": text,
            "easy_read_summary": text,
            "type": _choice("type"),
            "audience": _choice("audience"),
            "rhythm": _choice("rhythm"),
            "weekday": _weekday,
            "week_of_month": lambda value, row: int(week_of_month(value, row)),
            "start_time": _time,
            "end_time": _time,
            "online": _yes_no,
            "address": text,
            "show_address": _yes_no,
            "venue_accessibility": _choice("venue_accessibility"),
            "cost_note": text,
            "contact_mode": _choice("contact_mode"),
            "contact_email": _email,
            "contact_phone": text,
            "status": _choice("status"),
        }

    def _themes(self, value: str, row: ImportRow) -> list[int]:
        found: list[int] = []
        for part in _parts(value):
            theme_id = self._theme(part, row)
            if theme_id not in found:
                found.append(theme_id)
        if not found:
            raise CellError(_("A value is required."))
        return found

    def _theme(self, value: str, row: ImportRow) -> int:
        folded = fold(value)
        theme_id = self.theme_codes.get(value.lower())
        by_label = self.labels.get(folded, set())
        by_synonym = self.synonyms.get(folded, set())
        if theme_id is None and len(by_label) == 1:
            theme_id = next(iter(by_label))
        elif theme_id is None and len(by_label | by_synonym) > 1:
            raise CellError(
                _("“%(value)s” may mean several themes (%(codes)s): write the theme's code.")
                % {
                    "value": _shorten(value),
                    "codes": ", ".join(sorted(self.themes[t].code for t in by_label | by_synonym)),
                }
            )
        elif theme_id is None and by_synonym:
            theme_id = next(iter(by_synonym))
            row.warn(
                "themes",
                _("“%(value)s” was read as the theme “%(label)s” (%(code)s).")
                % {
                    "value": _shorten(value),
                    "label": self.themes[theme_id].label,
                    "code": self.themes[theme_id].code,
                },
            )
        if theme_id is None:
            suggestion = self._suggest_theme(folded)
            if suggestion is None:
                raise CellError(
                    _(
                        "“%(value)s” is not a theme of the thesaurus: write its code, or its "
                        "label in French, German, Italian or English."
                    )
                    % {"value": _shorten(value)}
                )
            raise CellError(
                _(
                    "“%(value)s” is not a theme of the thesaurus. Did you mean “%(label)s” (%(code)s)?"
                )
                % {"value": _shorten(value), "label": suggestion.label, "code": suggestion.code}
            )
        if not self.themes[theme_id].is_active:
            raise CellError(
                _("The theme “%(value)s” is no longer in use.") % {"value": _shorten(value)}
            )
        return theme_id

    def _suggest_theme(self, folded: str) -> Theme | None:
        """The theme whose label is closest to an unknown one, if any is close (once per value)."""
        if folded not in self.suggestions:
            close = difflib.get_close_matches(folded, list(self.labels), n=1, cutoff=0.8)
            self.suggestions[folded] = self.themes[min(self.labels[close[0]])] if close else None
        return self.suggestions[folded]

    def _canton(self, value: str, row: ImportRow) -> Canton:
        code = value.upper()
        if code not in self.cantons:
            raise CellError(
                _("“%(value)s” is not a canton: write its two-letter code, for example VD.")
                % {"value": _shorten(value)}
            )
        if code not in self.covered:
            raise CellError(
                _("The canton %(canton)s is not one that %(centre)s covers (%(cantons)s).")
                % {"canton": code, "centre": self.centre.name, "cantons": ", ".join(self.covered)}
            )
        return self.cantons[code]

    def _languages(self, value: str, row: ImportRow) -> list[str]:
        found: list[str] = []
        for part in _parts(value):
            code = part.lower()
            if code not in self.languages:
                raise CellError(
                    _("“%(value)s” is not a language code; write one of %(codes)s.")
                    % {"value": _shorten(part), "codes": ", ".join(self.languages)}
                )
            if code not in found:
                found.append(code)
        if not found:
            raise CellError(_("A value is required."))
        return found

    def _check_consistency(self, row: ImportRow, fields: dict[str, Any]) -> None:
        """Warnings on the place and schedule; an error for a meeting ending before it starts."""
        start, end = fields.get("start_time"), fields.get("end_time")
        if start is not None and end is not None and end <= start:
            row.error(
                "end_time",
                _("The meeting ends (%(end)s) before it starts (%(start)s).")
                % {"end": end.strftime("%H:%M"), "start": start.strftime("%H:%M")},
            )
        rhythm = fields.get("rhythm")
        if rhythm == Rhythm.MONTHLY and not fields.get("week_of_month"):
            row.warn(
                "week_of_month",
                _("A monthly group needs the week of the month (1 to 5) to show its next dates."),
            )
        elif fields.get("week_of_month") and rhythm != Rhythm.MONTHLY:
            row.warn("week_of_month", _("The week of the month is only used for monthly groups."))
        if fields.get("contact_mode") == "direct" and not (
            fields.get("contact_email") or fields.get("contact_phone")
        ):
            row.warn(
                "contact_mode",
                _("Contact is direct, but the group has no email address or phone number."),
            )
        if fields.get("show_address") and not fields.get("address"):
            row.warn("show_address", _("The address is to be shown, but there is none."))
        postal_code = fields.get("postal_code")
        if postal_code:
            self._check_place(row, postal_code, fields.get("municipality", ""), fields)

    def _check_place(
        self, row: ImportRow, postal_code: str, municipality: str, fields: dict[str, Any]
    ) -> None:
        areas = places.places_with_postal_code(postal_code)
        canton = fields.get("canton")
        if not areas:
            row.warn(
                "postal_code",
                _(
                    "The postal code %(code)s is not among the Swiss localities we know; "
                    "the group will not be found by distance."
                )
                % {"code": postal_code},
            )
            return
        if canton is not None and canton.code not in {area.canton for area in areas}:
            row.warn(
                "postal_code",
                _("The postal code %(code)s is in the canton %(found)s, not %(canton)s.")
                % {
                    "code": postal_code,
                    "found": ", ".join(sorted({area.canton for area in areas})),
                    "canton": canton.code,
                },
            )
        if municipality and not {(a.postal_code, a.canton) for a in areas} & {
            (p.postal_code, p.canton) for p in places.places_named(municipality)
        }:
            row.warn(
                "municipality",
                _("The postal code %(code)s belongs to %(places)s, not to “%(municipality)s”.")
                % {
                    "code": postal_code,
                    "places": ", ".join(sorted({area.name for area in areas})),
                    "municipality": _shorten(municipality),
                },
            )

    def _check_duplicates(self, row: ImportRow, fields: dict[str, Any]) -> None:
        named = _Named.of(
            fields["name"], fields["postal_code"], fields.get("municipality", ""), row=row.number
        )
        for other in self.existing.near(named):
            if len(row.duplicates) >= MAX_DUPLICATES_SHOWN:
                break
            if named.same_as(other):
                row.error(
                    "name",
                    _(
                        "The group “%(name)s” at %(place)s is already listed. If this is "
                        "another group, give it a name that tells them apart."
                    )
                    % {"name": _shorten(other.label), "place": other.place},
                )
            elif named.like(other):
                row.warn(
                    "name",
                    _("Perhaps the same group as “%(name)s” at %(place)s, already listed.")
                    % {"name": _shorten(other.label), "place": other.place},
                )
            else:
                continue
            row.duplicates.append(
                Duplicate(other.label, other.place, named.same_as(other), group_id=other.group_id)
            )
        for other in self.earlier.near(named):
            if len(row.duplicates) >= MAX_DUPLICATES_SHOWN:
                break
            if named.same_as(other):
                row.error(
                    "name",
                    _("Row %(row)s has the same name and postal code.") % {"row": other.row},
                )
            elif named.like(other):
                row.warn(
                    "name",
                    _("Perhaps the same group as row %(row)s (“%(name)s”).")
                    % {"row": other.row, "name": _shorten(other.label)},
                )
            else:
                continue
            row.duplicates.append(
                Duplicate(other.label, other.place, named.same_as(other), row=other.row)
            )
        self.earlier.add(named)

    def _build(self, row: ImportRow, fields: dict[str, Any]) -> None:
        row.theme_ids = fields.pop("themes")
        row.language_codes = fields.pop("languages")
        if fields.get("group_type") == GroupType.ONLINE:
            fields.setdefault("is_online", True)
        location = places.locate(fields["postal_code"], fields["municipality"])
        group = Group(
            **fields,
            centre=self.centre,
            latitude=location[0] if location else None,
            longitude=location[1] if location else None,
            # The centre vouches for its list as it imports it.
            last_confirmed_at=self.now,
        )
        # A last check by the model itself, without queries (the links were checked above).
        try:
            group.clean_fields(exclude=["canton", "centre", "organisation"])
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                for message in messages:
                    row.error(COLUMN_OF.get(field_name, field_name), message)
            return
        row.group = group


def _safe(column: str, value: str) -> str:
    """The value, once it is known to be neither a formula nor too long for its column."""
    if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@"):
        value = value[1:]  # the spreadsheet's escape of a text that looks like a formula
    if value in ("-", "–", "—"):
        return ""  # "nothing", as lists often say
    if value.startswith(("=", "@")) or (
        value.startswith(("+", "-")) and not _NUMBER_LIKE.match(value)
    ):
        raise CellError(
            _(
                "The value starts with “%(sign)s”, which spreadsheet programs run as a formula; "
                "formulas are not imported. Remove the sign, or write the value as plain text."
            )
            % {"sign": value[0]}
        )
    limit = _max_length(column)
    if len(value) > limit:
        raise CellError(
            _("The value is %(length)s characters long; at most %(limit)s are allowed.")
            % {"length": len(value), "limit": limit}
        )
    return value


@lru_cache(maxsize=64)
def _max_length(column: str) -> int:
    if column in ("themes", "languages"):
        return LIST_MAX_LENGTH
    model_field = Group._meta.get_field(FIELD_OF.get(column, column))
    return getattr(model_field, "max_length", None) or TEXT_MAX_LENGTH


def _parts(value: str) -> Iterable[str]:
    return [part.strip() for part in value.split(SEPARATOR) if part.strip()]


def _as_text(value: str, row: ImportRow) -> str:
    return value


def _choice(column: str) -> Any:
    allowed = CHOICES[column]

    def read(value: str, row: ImportRow) -> str:
        code = value.casefold().replace("-", "_").replace(" ", "_")
        if code not in allowed:
            raise CellError(
                _("“%(value)s” is not allowed here; write one of %(choices)s.")
                % {"value": _shorten(value), "choices": ", ".join(allowed)}
            )
        return code

    return read


def _weekday(value: str, row: ImportRow) -> int:
    number = WEEKDAY_NUMBERS.get(fold(value))
    if number is None:
        raise CellError(
            _("“%(value)s” is not a day of the week; write one of %(choices)s.")
            % {"value": _shorten(value), "choices": ", ".join(WEEKDAYS)}
        )
    return number


def _time(value: str, row: ImportRow) -> time:
    match = _TIME.match(value)
    if match and int(match.group(1)) < 24 and int(match.group(2) or 0) < 60:
        return time(int(match.group(1)), int(match.group(2) or 0))
    raise CellError(
        _("“%(value)s” is not a time; write it as HH:MM, for example 19:30.")
        % {"value": _shorten(value)}
    )


def _yes_no(value: str, row: ImportRow) -> bool:
    word = value.casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("“%(value)s” is neither yes nor no.") % {"value": _shorten(value)})


def _email(value: str, row: ImportRow) -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(
            _("“%(value)s” is not a valid email address.") % {"value": _shorten(value)}
        ) from None
    return value


def _postal_code(value: str, row: ImportRow) -> str:
    match = _POSTAL_CODE.match(value)
    if not match:
        raise CellError(
            _("“%(value)s” is not a Swiss postal code (four digits).") % {"value": _shorten(value)}
        )
    return match.group(1)


# The template


def import_template(fmt: str, language: str, *, centre: Organisation | None = None) -> bytes:
    """A file to fill in: the header row and an example row; an XLSX also documents each column.

    The example is placed in the centre's first canton when a centre is
    given, so that a centre importing the template unchanged gets no error.
    """
    with translation.override(language):
        example = _example_row(language, centre)
        if fmt == "csv":
            return _template_csv(example)
        if fmt == "xlsx":
            return _template_xlsx(example, language, centre)
    raise ValueError(f"Unknown template format: {fmt}")


def _example_row(language: str, centre: Organisation | None) -> dict[str, str]:
    from entraide.directory.demo import PLACES

    cantons = (
        list(centre.cantons.order_by("position").values_list("code", flat=True)) if centre else []
    )
    canton = cantons[0] if cantons else "VD"
    municipality, postal_code, spoken = PLACES[canton][0]
    theme = (
        Theme.objects.active().filter(code="bereavement").first()
        or Theme.objects.active().order_by("code").first()
    )
    label = (getattr(theme, f"label_{language}", "") or theme.label) if theme else ""
    return {
        "name": _("Self-help group %(theme)s – %(place)s")
        % {"theme": label, "place": municipality},
        "themes": label,
        "canton": canton,
        "municipality": municipality,
        "postal_code": postal_code,
        "languages": SEPARATOR.join(dict.fromkeys([spoken, language])),
        "description": _(
            "We meet to share our experiences, support one another and find ideas for "
            "everyday life together. What is said in the group stays in the group."
        ),
        "easy_read_summary": _("We talk about our loss. We help each other."),
        "type": GroupType.SELF_MANAGED,
        "audience": "both",
        "rhythm": Rhythm.MONTHLY,
        "weekday": WEEKDAYS[1],
        "week_of_month": "2",
        "start_time": "19:00",
        "end_time": "21:00",
        "online": "no",
        "address": _("Community hall"),
        "show_address": "no",
        "venue_accessibility": "accessible",
        "cost_note": _("Voluntary contribution to the room rent"),
        "contact_mode": "centre",
        "contact_email": "",
        "contact_phone": "",
        "status": "active",
    }


def _template_csv(example: dict[str, str]) -> bytes:
    out = io.StringIO()
    # Semicolons and a byte-order mark: what Swiss Excel opens and saves without asking.
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    writer.writerow([example[name] for name in COLUMN_NAMES])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _allowed_values(column: str, centre: Organisation | None, themes_sheet: str) -> str:
    if column == "themes":
        return _("A code or a label of the sheet “%(sheet)s”.") % {"sheet": themes_sheet}
    if column == "canton":
        cantons = centre.cantons.all() if centre else Canton.objects.all()
        return ", ".join(canton.code for canton in cantons.order_by("position"))
    if column == "languages":
        return ", ".join(Language.objects.values_list("code", flat=True))
    if column == "postal_code":
        return _("Four digits")
    if column in BOOLEAN_COLUMNS:
        return "yes, no"
    if column in TIME_COLUMNS:
        return "HH:MM"
    return ", ".join(CHOICES.get(column, ()))


def _template_xlsx(example: dict[str, str], language: str, centre: Organisation | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    workbook = Workbook()
    groups = workbook.active
    groups.title = _("Groups")[:31]
    groups.append(list(COLUMN_NAMES))
    groups.append([example[name] for name in COLUMN_NAMES])
    for cell in groups[1]:
        cell.font = bold
        groups.column_dimensions[cell.column_letter].width = max(14, len(str(cell.value)) + 4)
    groups.freeze_panes = "A2"

    themes_title = _("Themes")[:31]
    columns = workbook.create_sheet(_("Columns")[:31])
    columns.append([_("Column"), _("Required"), _("What to write"), _("Allowed values")])
    for column in COLUMNS:
        columns.append(
            [
                column.name,
                _("required") if column.required else _("optional"),
                str(column.help),
                _allowed_values(column.name, centre, themes_title) or None,
            ]
        )
    for cell in columns[1]:
        cell.font = bold
    for letter, width in zip("ABCD", (22, 12, 70, 50), strict=True):
        columns.column_dimensions[letter].width = width
    for row in columns.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    themes = workbook.create_sheet(themes_title)
    themes.append([_("Code"), _("Label")])
    themes["A1"].font = themes["B1"].font = bold
    listed = [
        (theme.code, getattr(theme, f"label_{language}", "") or theme.label)
        for theme in Theme.objects.active()
    ]
    for code, label in sorted(listed, key=lambda item: fold(item[1])):
        themes.append([code, label])
    themes.column_dimensions["A"].width = 32
    themes.column_dimensions["B"].width = 48

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
