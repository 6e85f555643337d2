"""What an import found in a file: the report, row by row, and its messages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from entraide.directory.models import Group
from entraide.directory.tabular import COLUMN_NAMES


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
