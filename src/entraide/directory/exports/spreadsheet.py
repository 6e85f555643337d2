"""The centre's working copy of its groups: CSV and XLSX with the columns the import reads."""

from __future__ import annotations

from collections.abc import Iterable

from entraide.core.lib.spreadsheet import csv_bytes, xlsx_bytes
from entraide.directory.exports.common import hh_mm
from entraide.directory.models import Group
from entraide.directory.tabular import COLUMN_NAMES, SEPARATOR, WEEKDAYS


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
    """The groups as CSV (UTF-8 with a byte-order mark, for Excel), in the import's columns."""
    return csv_bytes(COLUMN_NAMES, (group_row(group) for group in groups))


def groups_xlsx(groups: Iterable[Group]) -> bytes:
    """An Excel workbook with one sheet of groups, every cell stored as text."""
    return xlsx_bytes([("groups", COLUMN_NAMES, (group_row(group) for group in groups))])
