"""Checking the rows of a file: each cell read (``cells``), then what is wrong or odd in a row.

A row's likely duplicates, among the centre's groups and the earlier rows of
the file, are found by ``duplicates``.
"""

from __future__ import annotations

import difflib
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation
from entraide.core.models import Canton, Language
from entraide.directory import places
from entraide.directory.imports.cells import (
    COLUMN_OF,
    FIELD_OF,
    CellError,
    fold_short,
    parts,
    read_choice,
    read_email,
    read_phone,
    read_postal_code,
    read_text,
    read_time,
    read_weekday,
    read_yes_no,
    safe_value,
)
from entraide.directory.imports.duplicates import Duplicates
from entraide.directory.imports.files import shorten
from entraide.directory.imports.report import ImportRow
from entraide.directory.models import Group, GroupType, Rhythm, Theme, ThemeTerm
from entraide.directory.tabular import COLUMN_NAMES, REQUIRED_COLUMNS


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
        self.duplicates = Duplicates(centre)
        # What was found once for a value that repeats from row to row.
        self.suggestions: dict[str, Theme | None] = {}
        self.theme_memo: dict[str, tuple[int | None, str, str]] = {}
        self.place_memo: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
        self.locations: dict[tuple[str, str], tuple[float, float] | None] = {}
        self.readers = self._readers()

    def check(self, number: int, values: dict[str, str]) -> ImportRow:
        """The row's findings and, when it has no error, the group it becomes."""
        row = ImportRow(number=number, values=values)
        checked: dict[str, str] = {}
        for column in COLUMN_NAMES:
            value = values.get(column, "")
            try:
                checked[column] = safe_value(column, value)
            except CellError as error:
                row.error(column, str(error))
        for column in REQUIRED_COLUMNS:
            if checked.get(column) == "":
                row.error(column, _("A value is required."))
        fields: dict[str, Any] = {}
        for column, reader in self.readers.items():
            if checked.get(column):
                try:
                    fields[FIELD_OF.get(column, column)] = reader(checked[column], row)
                except CellError as error:
                    row.error(column, str(error))
        self._check_consistency(row, fields)
        if "name" in fields and "postal_code" in fields:
            self.duplicates.check(row, fields)
        if row.ok:
            self._build(row, fields)
        return row

    def _readers(self) -> dict[str, Any]:
        week_of_month = read_choice("week_of_month")
        return {
            "name": read_text,
            "themes": self._themes,
            "canton": self._canton,
            "municipality": read_text,
            "postal_code": read_postal_code,
            "languages": self._languages,
            "description": read_text,
            "easy_read_summary": read_text,
            "type": read_choice("type"),
            "audience": read_choice("audience"),
            "rhythm": read_choice("rhythm"),
            "weekday": read_weekday,
            "week_of_month": lambda value, row: int(week_of_month(value, row)),
            "start_time": read_time,
            "end_time": read_time,
            "online": read_yes_no,
            "address": read_text,
            "show_address": read_yes_no,
            "venue_accessibility": read_choice("venue_accessibility"),
            "cost_note": read_text,
            "contact_mode": read_choice("contact_mode"),
            "contact_email": read_email,
            "contact_phone": read_phone,
            "status": read_choice("status"),
        }

    def _themes(self, value: str, row: ImportRow) -> list[int]:
        found: list[int] = []
        for part in parts(value):
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
        folded = fold_short(value)
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
        for part in parts(value):
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
