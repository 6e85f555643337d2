"""The centre's working copy of its groups: CSV and XLSX with the columns the import reads."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

import tablib
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from entraide.directory.exports.common import hh_mm
from entraide.directory.models import Group
from entraide.directory.tabular import COLUMN_NAMES, SEPARATOR, WEEKDAYS

# What Excel, LibreOffice and Google Sheets read as the start of a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
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


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def group_row(group: Group) -> list[str]:
    """The cells of one group in the order of ``tabular.COLUMN_NAMES``, as the import reads them."""
    cells = {
        "name": group.name,
        "themes": SEPARATOR.join(sorted(theme.code for theme in group.themes.all())),
        "canton": group.canton_id,
        "municipality": group.municipality,
        "postal_code": group.postal_code,
        "languages": SEPARATOR.join(language.code for language in group.languages.all()),
        "description": group.description,
        "easy_read_summary": group.easy_read_summary,
        "type": group.group_type,
        "audience": group.audience,
        "rhythm": group.rhythm,
        "weekday": WEEKDAYS[group.weekday] if group.weekday is not None else "",
        "week_of_month": str(group.week_of_month) if group.week_of_month else "",
        "start_time": hh_mm(group.start_time),
        "end_time": hh_mm(group.end_time),
        "online": _yes_no(group.is_online),
        "address": group.address,
        "show_address": _yes_no(group.show_address),
        "venue_accessibility": group.venue_accessibility,
        "cost_note": group.cost_note,
        "contact_mode": group.contact_mode,
        "contact_email": group.contact_email,
        "contact_phone": group.contact_phone,
        "status": group.status,
    }
    # A column added to tabular.COLUMNS without a value here fails loudly (KeyError).
    return [cells[name] for name in COLUMN_NAMES]


def groups_csv(groups: Iterable[Group]) -> bytes:
    """UTF-8 with a byte-order mark: without it Excel reads the accents as Windows-1252."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMN_NAMES)
    for group in groups:
        writer.writerow([spreadsheet_safe(cell) for cell in group_row(group)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def groups_xlsx(groups: Iterable[Group]) -> bytes:
    """An Excel workbook with one sheet of groups, every cell stored as text."""
    data = tablib.Dataset(headers=list(COLUMN_NAMES), title="groups")
    for group in groups:
        # Control characters other than tab and line breaks make openpyxl refuse the
        # whole file; they are dropped before escaping, so none can hide a formula.
        data.append(
            [spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", cell)) for cell in group_row(group)]
        )
    content: bytes = data.export("xlsx")
    return content
