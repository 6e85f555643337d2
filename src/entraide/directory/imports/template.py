"""The file a centre fills in: the header row, an example row, and what each column takes."""

from __future__ import annotations

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation
from entraide.core.lib.text import fold
from entraide.core.models import Canton, Language
from entraide.directory.imports.cells import BOOLEAN_COLUMNS, CHOICES, TIME_COLUMNS
from entraide.directory.models import GroupType, Rhythm, Theme
from entraide.directory.places import PLACES
from entraide.directory.tabular import COLUMN_NAMES, COLUMNS, SEPARATOR, WEEKDAYS


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
        "type": GroupType.SELF_MANAGED.value,
        "audience": "both",
        "rhythm": Rhythm.MONTHLY.value,
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
        return _("yes, no")  # the import reads the words of the four languages
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
