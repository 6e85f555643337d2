"""Checking the rows of a file: what each cell means, and what is wrong or odd in a row.

Likely duplicates are looked for among the centre's groups and the earlier
rows of the file, at the same place (same postal code or municipality):

- the same folded name at the same postal code is an error: the group is
  already listed, and this is what stops a file from being imported twice;
- similar names are a warning: the names without their generic words
  ("groupe d'entraide", "Selbsthilfegruppe"...) and place words are equal,
  one is contained in the other, or ``difflib`` rates them at least
  ``SIMILARITY`` alike; names that differ by a number ("Groupe 1", "Groupe 2")
  are different groups, and so are names without a word beginning with the
  same three letters (the cheap test that keeps 10,000 rows fast; it misses a
  name whose only word has a typo in its first letters).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation
from entraide.core.lib.text import fold
from entraide.core.models import Canton, Language
from entraide.directory import places
from entraide.directory.imports.files import shorten
from entraide.directory.imports.report import Duplicate, ImportRow
from entraide.directory.models import Group, GroupType, Rhythm, Theme, ThemeTerm
from entraide.directory.tabular import (
    COLUMN_NAMES,
    COLUMNS,
    FALSE_WORDS,
    REQUIRED_COLUMNS,
    SEPARATOR,
    TRUE_WORDS,
    WEEKDAYS,
)

# Descriptions have no length in the model; a page of text is plenty for a listing.
TEXT_MAX_LENGTH = 5000
# Cells holding several codes (themes, languages).
LIST_MAX_LENGTH = 1000
SIMILARITY = 0.85
# Names compared must share the first letters of a word (see _Named).
STEM = 3
MAX_DUPLICATES_SHOWN = 5

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

# Words of group names that say nothing about which group it is, folded.
GENERIC_WORDS = frozenset(
    fold(
        "groupe group gruppe gruppo d de du des la le les l entraide auto aide selbsthilfe "
        "selbsthilfegruppe self help selfhelp di autoaiuto mutuo aiuto per pour fur for and et "
        "und e ed the der die das"
    ).split()
)
# A phone number or a number: what may follow a leading + or - without being a formula.
_NUMBER_LIKE = re.compile(r"^[+-][\d\s().\/-]*$")
_TIME = re.compile(r"^(\d{1,2})\s*(?:[:h.]\s*(\d{2})(?::00)?)?\s*h?$", re.IGNORECASE)
_POSTAL_CODE = re.compile(r"^(?:CH\s*-?\s*)?(\d{4})$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
# Places, themes and days repeat from row to row: fold each once.
_fold_short = lru_cache(maxsize=8192)(fold)


class CellError(Exception):
    """A cell's value cannot be used; the message says why."""


@dataclass(frozen=True)
class _Named:
    """A group's name reduced to what tells it apart, for finding duplicates."""

    folded: str
    # The folded name without generic and place words, the numbers in it, and
    # the beginnings of its words: alike names share one (typos come later in a word).
    key: str
    numbers: frozenset[str]
    stems: frozenset[str]
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
        municipality_folded = _fold_short(municipality)
        ignored = GENERIC_WORDS | set(municipality_folded.split()) | {postal_code}
        words = [word for word in folded.split() if word not in ignored] or folded.split()
        return cls(
            folded=folded,
            key=" ".join(words),
            numbers=frozenset(_DIGITS.findall(folded)),
            stems=frozenset(word[:STEM] for word in words),
            postal_code=postal_code,
            municipality=municipality_folded,
            label=name,
            place=f"{postal_code} {municipality}".strip(),
            **where,
        )

    def same_as(self, other: _Named) -> bool:
        return self.folded == other.folded and self.postal_code == other.postal_code

    def like(self, other: _Named, matcher: difflib.SequenceMatcher[str]) -> bool:
        """Whether the names are alike; ``matcher`` holds this key as its second sequence.

        Thousands of rows at one place make this the import's inner loop: the
        cheap tests come first, and the matcher indexes this key once per row.
        """
        if self.numbers != other.numbers or not self.stems & other.stems:
            return False
        if f" {self.key} " in f" {other.key} " or f" {other.key} " in f" {self.key} ":
            return True
        shorter, longer = sorted((len(self.key), len(other.key)))
        if 2 * shorter < SIMILARITY * (shorter + longer):
            return False  # the ratio cannot reach the bar
        matcher.set_seq1(other.key)
        return matcher.quick_ratio() >= SIMILARITY and matcher.ratio() >= SIMILARITY


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


class Checker:
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
        # What was found once for a value that repeats from row to row.
        self.suggestions: dict[str, Theme | None] = {}
        self.theme_memo: dict[str, tuple[int | None, str, str]] = {}
        self.place_memo: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
        self.locations: dict[tuple[str, str], tuple[float, float] | None] = {}
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
            "contact_phone": _phone,
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
        if value not in self.theme_memo:
            self.theme_memo[value] = self._resolve_theme(value)
        theme_id, error, warning = self.theme_memo[value]
        if error:
            raise CellError(error)
        if warning:
            row.warn("themes", warning)
        assert theme_id is not None
        return theme_id

    def _resolve_theme(self, value: str) -> tuple[int | None, str, str]:
        """The theme a value names, or the error, and a warning (once per distinct value).

        A code, then a label in any language; a synonym only when it names one
        theme, with a warning, since synonyms are looser than labels.
        """
        folded = _fold_short(value)
        theme_id = self.theme_codes.get(value.lower())
        by_label = self.labels.get(folded, set())
        by_synonym = self.synonyms.get(folded, set())
        warning = ""
        if theme_id is None and len(by_label) == 1:
            theme_id = next(iter(by_label))
        elif theme_id is None and len(by_label | by_synonym) > 1:
            codes = sorted(self.themes[t].code for t in by_label | by_synonym)
            return (
                None,
                _("“%(value)s” may mean several themes (%(codes)s): write the theme's code.")
                % {"value": shorten(value), "codes": ", ".join(codes)},
                "",
            )
        elif theme_id is None and by_synonym:
            theme_id = next(iter(by_synonym))
            warning = _("“%(value)s” was read as the theme “%(label)s” (%(code)s).") % {
                "value": shorten(value),
                "label": self.themes[theme_id].label,
                "code": self.themes[theme_id].code,
            }
        if theme_id is None:
            suggestion = self._suggest_theme(folded)
            if suggestion is None:
                return (
                    None,
                    _(
                        "“%(value)s” is not a theme of the thesaurus: write its code, or its "
                        "label in French, German, Italian or English."
                    )
                    % {"value": shorten(value)},
                    "",
                )
            return (
                None,
                _(
                    "“%(value)s” is not a theme of the thesaurus. Did you mean “%(label)s” (%(code)s)?"
                )
                % {"value": shorten(value), "label": suggestion.label, "code": suggestion.code},
                "",
            )
        if not self.themes[theme_id].is_active:
            return (
                None,
                _("The theme “%(value)s” is no longer in use.") % {"value": shorten(value)},
                "",
            )
        return theme_id, "", warning

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
                % {"value": shorten(value)}
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
                    % {"value": shorten(part), "codes": ", ".join(self.languages)}
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
        canton = fields.get("canton")
        key = (postal_code, municipality, canton.code if canton else "")
        if key not in self.place_memo:
            self.place_memo[key] = _place_warnings(*key)
        for column, message in self.place_memo[key]:
            row.warn(column, message)

    def _check_duplicates(self, row: ImportRow, fields: dict[str, Any]) -> None:
        named = _Named.of(
            fields["name"], fields["postal_code"], fields.get("municipality", ""), row=row.number
        )
        matcher = difflib.SequenceMatcher(None, "", named.key, autojunk=False)
        for other in self.existing.near(named):
            if len(row.duplicates) >= MAX_DUPLICATES_SHOWN:
                break
            exact = named.same_as(other)
            if exact:
                row.error(
                    "name",
                    _(
                        "The group “%(name)s” at %(place)s is already listed. If this is "
                        "another group, give it a name that tells them apart."
                    )
                    % {"name": shorten(other.label), "place": other.place},
                )
            elif named.like(other, matcher):
                row.warn(
                    "name",
                    _("Perhaps the same group as “%(name)s” at %(place)s, already listed.")
                    % {"name": shorten(other.label), "place": other.place},
                )
            else:
                continue
            row.duplicates.append(
                Duplicate(other.label, other.place, exact, group_id=other.group_id)
            )
        for other in self.earlier.near(named):
            if len(row.duplicates) >= MAX_DUPLICATES_SHOWN:
                break
            exact = named.same_as(other)
            if exact:
                row.error(
                    "name",
                    _("Row %(row)s has the same name and postal code.") % {"row": other.row},
                )
            elif named.like(other, matcher):
                row.warn(
                    "name",
                    _("Perhaps the same group as row %(row)s (“%(name)s”).")
                    % {"row": other.row, "name": shorten(other.label)},
                )
            else:
                continue
            row.duplicates.append(Duplicate(other.label, other.place, exact, row=other.row))
        self.earlier.add(named)

    def _build(self, row: ImportRow, fields: dict[str, Any]) -> None:
        row.theme_ids = fields.pop("themes")
        row.language_codes = fields.pop("languages")
        if fields.get("group_type") == GroupType.ONLINE:
            fields.setdefault("is_online", True)
        place = (fields["postal_code"], fields["municipality"])
        if place not in self.locations:
            self.locations[place] = places.locate(*place)
        location = self.locations[place]
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


def _place_warnings(postal_code: str, municipality: str, canton: str) -> list[tuple[str, str]]:
    """Where a postal code, a municipality and a canton disagree, as (column, message)."""
    areas = places.places_with_postal_code(postal_code)
    if not areas:
        return [
            (
                "postal_code",
                _(
                    "The postal code %(code)s is not among the Swiss localities we know; "
                    "the group will not be found by distance."
                )
                % {"code": postal_code},
            )
        ]
    found: list[tuple[str, str]] = []
    cantons = {area.canton for area in areas}
    if canton and canton not in cantons:
        found.append(
            (
                "postal_code",
                _("The postal code %(code)s is in the canton %(found)s, not %(canton)s.")
                % {"code": postal_code, "found": ", ".join(sorted(cantons)), "canton": canton},
            )
        )
    named = {(place.postal_code, place.canton) for place in places.places_named(municipality)}
    if municipality and not {(area.postal_code, area.canton) for area in areas} & named:
        found.append(
            (
                "municipality",
                _("The postal code %(code)s belongs to %(places)s, not to “%(municipality)s”.")
                % {
                    "code": postal_code,
                    "places": ", ".join(sorted({area.name for area in areas})),
                    "municipality": shorten(municipality),
                },
            )
        )
    return found


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
                % {"value": shorten(value), "choices": ", ".join(allowed)}
            )
        return code

    return read


def _weekday(value: str, row: ImportRow) -> int:
    number = WEEKDAY_NUMBERS.get(_fold_short(value))
    if number is None:
        raise CellError(
            _("“%(value)s” is not a day of the week; write one of %(choices)s.")
            % {"value": shorten(value), "choices": ", ".join(WEEKDAYS)}
        )
    return number


def _time(value: str, row: ImportRow) -> time:
    match = _TIME.match(value)
    if match and int(match.group(1)) < 24 and int(match.group(2) or 0) < 60:
        return time(int(match.group(1)), int(match.group(2) or 0))
    raise CellError(
        _("“%(value)s” is not a time; write it as HH:MM, for example 19:30.")
        % {"value": shorten(value)}
    )


def _yes_no(value: str, row: ImportRow) -> bool:
    word = value.casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("“%(value)s” is neither yes nor no.") % {"value": shorten(value)})


def _email(value: str, row: ImportRow) -> str:
    try:
        validate_email(value)
    except ValidationError:
        raise CellError(
            _("“%(value)s” is not a valid email address.") % {"value": shorten(value)}
        ) from None
    return value


def _phone(value: str, row: ImportRow) -> str:
    """The same check as the listing form's, so that an imported group can be edited later."""
    from entraide.directory.forms import PHONE

    if not PHONE.fullmatch(value.strip()):
        raise CellError(
            _("“%(value)s” is not a phone number: write digits only, for example 079 123 45 67.")
            % {"value": shorten(value)}
        )
    return value.strip()


def _postal_code(value: str, row: ImportRow) -> str:
    match = _POSTAL_CODE.match(value)
    if not match:
        raise CellError(
            _("“%(value)s” is not a Swiss postal code (four digits).") % {"value": shorten(value)}
        )
    return match.group(1)
