"""What each cell of a row means, read and checked on its own (the whole row: ``rows``).

A reader (``read_...``) takes a cell's value and its row (where a warning
goes) and returns the value of the group's field, or raises ``CellError``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import time
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from entraide.core.lib.text import fold
from entraide.directory.imports.files import shorten
from entraide.directory.imports.report import ImportRow
from entraide.directory.models import Group
from entraide.directory.tabular import COLUMNS, FALSE_WORDS, SEPARATOR, TRUE_WORDS, WEEKDAYS

# Descriptions have no length in the model; a page of text is plenty for a listing.
TEXT_MAX_LENGTH = 5000
# Cells holding several codes (themes, languages).
LIST_MAX_LENGTH = 1000

# The model field behind each column, where the names differ.
FIELD_OF = {"type": "group_type", "online": "is_online"}
COLUMN_OF = {field_name: column for column, field_name in FIELD_OF.items()}
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

# A phone number or a number: what may follow a leading + or - without being a formula.
_NUMBER_LIKE = re.compile(r"^[+-][\d\s().\/-]*$")
_TIME = re.compile(r"^(\d{1,2})\s*(?:[:h.]\s*(\d{2})(?::00)?)?\s*h?$", re.IGNORECASE)
POSTAL_CODE = re.compile(r"^(?:CH\s*-?\s*)?(\d{4})$", re.IGNORECASE)
# Places, themes and days repeat from row to row: fold each once.
fold_short = lru_cache(maxsize=8192)(fold)


class CellError(Exception):
    """A cell's value cannot be used; the message says why."""


def safe_value(column: str, value: str) -> str:
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


def parts(value: str) -> Iterable[str]:
    """The values of a cell that holds several (themes, languages)."""
    return [part.strip() for part in value.split(SEPARATOR) if part.strip()]


def read_text(value: str, row: ImportRow) -> str:
    return value


def read_choice(column: str) -> Any:
    """The reader of a column whose value is one of its choices."""
    allowed = CHOICES[column]

    def read(value: str, row: ImportRow) -> str:
        code = value.casefold().replace("-", "_").replace(" ", "_")
        if code not in allowed:
            raise CellError(
                _("“%(value)s” is not allowed here; write one of %(choices)s.")
                % {"value": shorten(value), "choices": ", ".join(allowed)}
            )
        return code

    return read


def read_weekday(value: str, row: ImportRow) -> int:
    number = WEEKDAY_NUMBERS.get(fold_short(value))
    if number is None:
        raise CellError(
            _("“%(value)s” is not a day of the week; write one of %(choices)s.")
            % {"value": shorten(value), "choices": ", ".join(WEEKDAYS)}
        )
    return number


def read_time(value: str, row: ImportRow) -> time:
    match = _TIME.match(value)
    if match and int(match.group(1)) < 24 and int(match.group(2) or 0) < 60:
        return time(int(match.group(1)), int(match.group(2) or 0))
    raise CellError(
        _("“%(value)s” is not a time; write it as HH:MM, for example 19:30.")
        % {"value": shorten(value)}
    )


def read_yes_no(value: str, row: ImportRow) -> bool:
    word = value.casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("“%(value)s” is neither yes nor no.") % {"value": shorten(value)})


def read_email(value: str, row: ImportRow) -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(
            _("“%(value)s” is not a valid email address.") % {"value": shorten(value)}
        ) from None
    return value


def read_phone(value: str, row: ImportRow) -> str:
    """The same check as the listing form's, so that an imported group can be edited later."""
    from entraide.directory.forms import PHONE

    if not PHONE.fullmatch(value.strip()):
        raise CellError(
            _("“%(value)s” is not a phone number: write digits only, for example 079 123 45 67.")
            % {"value": shorten(value)}
        )
    return value.strip()


def read_postal_code(value: str, row: ImportRow) -> str:
    match = POSTAL_CODE.match(value)
    if not match:
        raise CellError(
            _("“%(value)s” is not a Swiss postal code (four digits).") % {"value": shorten(value)}
        )
    return match.group(1)
