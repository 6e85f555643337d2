"""Likely duplicates: a row against the centre's groups and the earlier rows of the file.

They are looked for at the same place (same postal code or municipality):

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
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation
from entraide.core.lib.text import fold
from entraide.directory.imports.cells import POSTAL_CODE, fold_short
from entraide.directory.imports.files import shorten
from entraide.directory.imports.report import Duplicate, ImportRow
from entraide.directory.models import Group

SIMILARITY = 0.85
# Names compared must share the first letters of a word (see Named).
STEM = 3
MAX_DUPLICATES_SHOWN = 5

# Words of group names that say nothing about which group it is, folded.
GENERIC_WORDS = frozenset(
    fold(
        "groupe group gruppe gruppo d de du des la le les l entraide auto aide selbsthilfe "
        "selbsthilfegruppe self help selfhelp di autoaiuto mutuo aiuto per pour fur for and et "
        "und e ed the der die das"
    ).split()
)
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Named:
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
    def of(cls, name: str, postal_code: str, municipality: str, **where: Any) -> Named:
        match = POSTAL_CODE.match(postal_code.strip())
        postal_code = match.group(1) if match else postal_code.strip()
        folded = fold(name)
        municipality_folded = fold_short(municipality)
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

    def same_as(self, other: Named) -> bool:
        return self.folded == other.folded and self.postal_code == other.postal_code

    def like(self, other: Named, matcher: difflib.SequenceMatcher[str]) -> bool:
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


class Places:
    """Groups (existing, or earlier rows) by postal code and by folded municipality."""

    def __init__(self) -> None:
        self.by_postal_code: dict[str, list[Named]] = {}
        self.by_municipality: dict[str, list[Named]] = {}

    def add(self, named: Named) -> None:
        self.by_postal_code.setdefault(named.postal_code, []).append(named)
        self.by_municipality.setdefault(named.municipality, []).append(named)

    def near(self, named: Named) -> list[Named]:
        found = self.by_postal_code.get(named.postal_code, [])
        others = [
            n
            for n in self.by_municipality.get(named.municipality, [])
            if n.postal_code != named.postal_code
        ]
        return found + others


class Duplicates:
    """The groups a row may repeat: the centre's (read once per import) and the earlier rows."""

    def __init__(self, centre: Organisation) -> None:
        self.existing = Places()
        for pk, name, postal_code, municipality in Group.objects.filter(centre=centre).values_list(
            "pk", "name", "postal_code", "municipality"
        ):
            self.existing.add(Named.of(name, postal_code, municipality, group_id=pk))
        self.earlier = Places()

    def check(self, row: ImportRow, fields: dict[str, Any]) -> None:
        """Errors for a group listed or written twice, warnings for likely ones; then note the row."""
        named = Named.of(
            fields["name"], fields["postal_code"], fields.get("municipality", ""), row=row.number
        )
        matcher = difflib.SequenceMatcher(None, "", named.key, autojunk=False)
        # The centre's groups first, then the earlier rows.
        for other in [*self.existing.near(named), *self.earlier.near(named)]:
            if len(row.duplicates) >= MAX_DUPLICATES_SHOWN:
                break
            exact = named.same_as(other)
            if exact:
                row.error("name", _duplicate_message(other, exact=True))
            elif named.like(other, matcher):
                row.warn("name", _duplicate_message(other, exact=False))
            else:
                continue
            row.duplicates.append(
                Duplicate(other.label, other.place, exact, group_id=other.group_id, row=other.row)
            )
        self.earlier.add(named)


def _duplicate_message(other: Named, *, exact: bool) -> str:
    """What a row is told of a group it repeats (exact) or may repeat: listed, or an earlier row."""
    if other.row is None:  # a group of the centre, already listed
        if exact:
            return _(
                "The group “%(name)s” at %(place)s is already listed. If this is "
                "another group, give it a name that tells them apart."
            ) % {"name": shorten(other.label), "place": other.place}
        return _("Perhaps the same group as “%(name)s” at %(place)s, already listed.") % {
            "name": shorten(other.label),
            "place": other.place,
        }
    if exact:
        return _("Row %(row)s has the same name and postal code.") % {"row": other.row}
    return _("Perhaps the same group as row %(row)s (“%(name)s”).") % {
        "row": other.row,
        "name": shorten(other.label),
    }
