"""Searching the directory: one function for the pages and the API.

A query is folded (accents, case, umlaut spellings) and read against the
themes thesaurus first: a word or phrase that names a theme in any of the
four languages, also with a one-letter typo in words of six letters or more,
stands for that theme and its narrower themes. What is left must appear in
the group's own text (name, description, place), at the start of a word; a
word of six letters or more also matches the words of the groups' vocabulary
that are one letter away ("Lausane"). Groups found on every theme named
rank above passing mentions in a description; then groups go by folded name.
Everything is read from one index of the public groups, an FTS5 table on
SQLite and full-text vectors on PostgreSQL: see ``search_backends``.
"""

from __future__ import annotations

import bisect
import math
import time
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Max, QuerySet, Value

from entraide.core.lib.text import fold
from entraide.directory.models import Audience, Group, Theme, ThemeTerm
from entraide.directory.places import KM_PER_DEGREE, Place, distance_km, find_place
from entraide.directory.search_backends import Filters, backend
from entraide.directory.stopwords import STOP_WORDS, without_stop_words

MAX_QUERY_LENGTH = 200
FUZZY_MIN_LENGTH = 6
PREFIX_MIN_LENGTH = 5


@dataclass(frozen=True)
class QueryPart:
    """One thing the person asked for: a word, or a phrase that names themes.

    ``phrases`` are what the group's own text must start a word with: the part
    itself, and for a long word that names no theme, the words of the groups
    one letter away ("Lausane": "lausanne").
    """

    text: str
    theme_ids: frozenset[int] = field(default_factory=frozenset)
    phrases: tuple[str, ...] = ()


def within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = 0
    edited = False
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        if edited:
            return False
        edited = True
        if len(a) == len(b):
            i += 1
        j += 1
    return True


@dataclass(frozen=True)
class Thesaurus:
    """What the search needs of the thesaurus, read once per change.

    ``terms`` maps each folded term to its themes and their narrower themes;
    ``deletions`` maps every term, and every term with one letter left out, to
    the terms it comes from: a word is within one edit of a term exactly when
    they share a key, so typo candidates are a few dictionary lookups.
    """

    terms: dict[str, frozenset[int]]
    longest: int
    sorted_terms: tuple[str, ...]
    deletions: dict[str, frozenset[str]]
    own_terms: tuple[tuple[str, int], ...]
    ids_by_code: dict[str, int]
    themes: dict[int, Theme]  # every theme, active or not, for the labels of result lists

    def close_terms(self, word: str) -> set[str]:
        """Single-word terms within one edit of ``word``."""
        found: set[str] = set()
        for key in {word, *_one_deletion(word)}:
            found |= self.deletions.get(key, frozenset())
        return {term for term in found if within_one_edit(word, term)}

    def terms_starting_with(self, prefix: str) -> list[str]:
        start = bisect.bisect_left(self.sorted_terms, prefix)
        found = []
        for term in self.sorted_terms[start:]:
            if not term.startswith(prefix):
                break
            found.append(term)
        return found


def _one_deletion(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _read_thesaurus() -> Thesaurus:
    children: dict[int, set[int]] = {}
    codes = {}
    for theme_id, broader_id, code in Theme.objects.active().values_list(
        "pk", "broader_id", "code"
    ):
        codes[code] = theme_id
        if broader_id:
            children.setdefault(broader_id, set()).add(theme_id)

    def with_narrower(theme_id: int) -> set[int]:
        found, todo = {theme_id}, [theme_id]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found

    own_terms = tuple(
        ThemeTerm.objects.filter(theme__is_active=True).values_list("folded", "theme_id")
    )
    terms: dict[str, set[int]] = {}
    deletions: dict[str, set[str]] = {}
    longest = 1
    for folded, theme_id in own_terms:
        # Each term also without its small words: "cancer du sein" is "cancer sein" too.
        for key in {folded, without_stop_words(folded)} - {""}:
            terms.setdefault(key, set()).update(with_narrower(theme_id))
            longest = max(longest, len(key.split()))
        if " " not in folded:
            for key in {folded, *_one_deletion(folded)}:
                deletions.setdefault(key, set()).add(folded)
    return Thesaurus(
        terms={term: frozenset(ids) for term, ids in terms.items()},
        longest=longest,
        sorted_terms=tuple(sorted(terms)),
        deletions={key: frozenset(found) for key, found in deletions.items()},
        own_terms=own_terms,
        ids_by_code=codes,
        themes=Theme.objects.in_bulk(),
    )


_thesaurus_state: dict[str, Any] = {"version": None, "checked": 0.0, "thesaurus": None}


def thesaurus_version() -> tuple[int, int | None, int]:
    """Changes whenever the thesaurus changes, so that the snapshot is read again."""
    stats = ThemeTerm.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return (stats["n"], stats["last"], Theme.objects.filter(is_active=True).count())


def current_thesaurus() -> Thesaurus:
    """The snapshot of the thesaurus, checked against the database at most every few seconds.

    Edits made in this process (``thesaurus_changed``) count at once; those made
    by another app-server process within ``SEARCH_THESAURUS_RECHECK`` seconds.
    """
    state = _thesaurus_state
    now = time.monotonic()
    if state["thesaurus"] is None or now - state["checked"] >= settings.SEARCH_THESAURUS_RECHECK:
        version = thesaurus_version()
        if version != state["version"] or state["thesaurus"] is None:
            state["thesaurus"] = _read_thesaurus()
            state["version"] = version
        state["checked"] = now
    return state["thesaurus"]


def thesaurus_changed() -> None:
    """Forget the snapshot (called by the writes on themes and terms)."""
    _thesaurus_state.update(version=None, checked=0.0, thesaurus=None)


def rank_themes(query: str, limit: int = 50) -> list[Theme]:
    """Themes whose names come closest to what was typed, best first.

    A term equal to the query comes first, then a term that starts with it, a
    word of a term that starts with it, a term one letter away (six letters or
    more), and last a term that merely contains it.
    """
    wanted = fold(query[:MAX_QUERY_LENGTH])
    if not wanted:
        return []
    scores: dict[int, int] = {}
    for term, theme_id in current_thesaurus().own_terms:
        if term == wanted:
            score = 5
        elif term.startswith(wanted):
            score = 4
        elif any(word.startswith(wanted) for word in term.split()):
            score = 3
        elif len(wanted) >= FUZZY_MIN_LENGTH and within_one_edit(wanted, term):
            score = 2
        elif len(wanted) >= 3 and wanted in term:
            score = 1
        else:
            continue
        scores[theme_id] = max(score, scores.get(theme_id, 0))
    themes = Theme.objects.active().filter(pk__in=list(scores))
    return sorted(themes, key=lambda t: (-scores[t.pk], fold(t.label)))[:limit]


def parse_query(query: str) -> list[QueryPart]:
    """Split a query into parts, recognising the longest theme names first.

    Small words ("du", "al", "der") are left out unless they name a theme.
    """
    thesaurus = current_thesaurus()
    words = [
        word
        for word in fold(query[:MAX_QUERY_LENGTH]).split()
        if word not in STOP_WORDS or word in thesaurus.terms
    ]
    if not words:
        return []
    parts: list[QueryPart] = []
    i = 0
    while i < len(words):
        for size in range(min(thesaurus.longest, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + size])
            ids = _match_terms(phrase, thesaurus, single_word=size == 1)
            if ids:
                parts.append(QueryPart(phrase, frozenset(ids)))
                i += size
                break
        else:
            parts.append(QueryPart(words[i]))
            i += 1
    return parts


def _match_terms(phrase: str, thesaurus: Thesaurus, *, single_word: bool) -> set[int]:
    if phrase in thesaurus.terms:
        return set(thesaurus.terms[phrase])
    if not single_word:
        return set()
    found: set[int] = set()
    if len(phrase) >= FUZZY_MIN_LENGTH:
        for term in thesaurus.close_terms(phrase):
            found |= thesaurus.terms[term]
    if not found and len(phrase) >= PREFIX_MIN_LENGTH:
        for term in thesaurus.terms_starting_with(phrase):
            found |= thesaurus.terms[term]
    return found


def plan_query(query: str) -> list[QueryPart]:
    """The parts of a query with the phrases each must find, typo variants included."""
    database = backend()
    planned = []
    for part in parse_query(query):
        phrases = [part.text]
        if not part.theme_ids and len(part.text) >= FUZZY_MIN_LENGTH and " " not in part.text:
            # A word that names no theme may still be a place or a name with a typo.
            phrases += [
                word
                for word in database.typo_candidates(part.text)
                if within_one_edit(part.text, word)
            ]
        planned.append(QueryPart(part.text, part.theme_ids, tuple(phrases)))
    return planned


def search_groups(query: str) -> QuerySet[Group]:
    """Public groups matching every part of the query, best first (themes, then text)."""
    database = backend()
    return database.groups(database.match(plan_query(query), Filters()), Group.objects.public())


FACETS = ("canton", "language", "theme", "type", "audience", "online")


def read_facets(data: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The facet values that exist, and the facets whose value was unknown (and dropped)."""
    from entraide.core.models import Canton, Language
    from entraide.directory.models import GroupType

    allowed = {
        "canton": lambda v: v in _reference(Canton),
        "language": lambda v: v in _reference(Language),
        "theme": lambda v: v in current_thesaurus().ids_by_code,
        "type": lambda v: v in GroupType.values,
        "audience": lambda v: v in Audience.values,
        "online": lambda v: v == "1",
    }
    chosen: dict[str, str] = {}
    ignored: list[str] = []
    for facet in FACETS:
        value = (data.get(facet) or "").strip()
        if facet == "canton":
            value = value.upper()  # "vd" is Vaud too
        elif facet in ("language", "theme"):
            value = value.lower()
        if not value:
            continue
        if len(value) <= 80 and allowed[facet](value):
            chosen[facet] = value
        else:
            ignored.append(facet)
    return chosen, ignored


@lru_cache(maxsize=4)
def _reference(model: Any) -> dict[str, Any]:
    """Cantons or languages by code: reference data, loaded by migration, never edited."""
    return model.objects.in_bulk()


def filters_of(facets: dict[str, str]) -> Filters:
    """The chosen facet values (already checked by ``read_facets``) as the search reads them."""
    audience = facets.get("audience", "")
    return Filters(
        canton=facets.get("canton", ""),
        language=facets.get("language", ""),
        theme_id=current_thesaurus().ids_by_code.get(facets.get("theme", "")),
        group_type=facets.get("type", ""),
        # A group for both the people affected and their relatives is for either.
        audiences=(audience, Audience.BOTH)
        if audience and audience != Audience.BOTH
        else ((Audience.BOTH,) if audience else ()),
        online=facets.get("online") == "1",
    )


def order_by_distance(groups: QuerySet[Group], place: Place) -> QuerySet[Group]:
    """Nearest first (after the visitor's language, if any), then by themes; unknown places last.

    An equirectangular approximation (plain arithmetic, the same on SQLite and
    PostgreSQL) orders the groups exactly enough within a country; the page
    shows the great-circle distance.
    """
    dy = F("latitude") - Value(place.latitude)
    dx = (F("longitude") - Value(place.longitude)) * Value(place.longitude_scale)
    nearness = groups.annotate(distance_sq=(dx * dx + dy * dy))
    ordering = [F("distance_sq").asc(nulls_last=True)]
    if "spoken" in groups.query.annotations:  # the visitor's language first (relevance)
        ordering.insert(0, F("spoken").asc())
    if "rank" in groups.query.annotations:
        ordering.append(F("rank").asc())
    return nearness.order_by(*ordering, "search_order")


def group_distance_km(group: Group, place: Place) -> float | None:
    """How far the group meets from the place, rounded to the kilometre (None if unknown)."""
    if group.latitude is None or group.longitude is None:
        return None
    return round(distance_km(place.latitude, place.longitude, group.latitude, group.longitude))


@dataclass
class GroupSearch:
    """The outcome of a search: the facets used, the place measured from, and the groups.

    ``match`` is the search as the database backend reads it; ``groups`` (the
    same groups as a query set, for facet counts and sorting by the database)
    is only built when something asks for it.
    """

    query: str
    facets: dict[str, str]
    match: Any
    place: Place | None = None
    place_unknown: bool = False
    ignored_facets: list[str] = field(default_factory=list)
    parts: list[QueryPart] = field(default_factory=list)
    order: str = ""  # ORDERS
    language: str = ""  # spoken in the groups listed first (relevance order)
    query_left_out: str = ""  # "general" (small words only) or "short": the query was not used

    @property
    def by_distance(self) -> bool:
        """Whether distance orders the results (first, or after language and themes)."""
        return self.place is not None and self.order != "name"

    @cached_property
    def groups(self) -> QuerySet[Group]:
        groups = backend().groups(self.match, Group.objects.public())
        if not self.by_distance:
            return groups
        assert self.place is not None
        return order_by_distance(groups, self.place)


# "": relevance (the visitor's language, the themes asked for, distance, name);
# "name": by name alone; "distance": nearest first (needs a place).
ORDERS = ("", "name", "distance")


def _query_left_out(query: str, parts: list[QueryPart]) -> str:
    """Why a query that was typed cannot be searched for ("" when it can)."""
    if not fold(query):
        return ""
    if not parts:
        return "general"
    from entraide.core.models import Canton

    text = " ".join(part.text for part in parts)
    codes = {code.lower() for code in _reference(Canton)}
    if len(text) <= 2 and not any(part.theme_ids for part in parts) and text not in codes:
        return "short"
    return ""


def find_groups(
    query: str, data: dict[str, str], near: str = "", *, language: str = "", order: str = ""
) -> GroupSearch:
    """The one search of the pages and the API; ``language``: the visitor's, listed first."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    facets, ignored = read_facets(data)
    near = (near or "").strip()
    place = find_place(near) if near else None
    order = order if order in ORDERS else ""
    if order == "distance" and place is None:
        order = ""
    parts = plan_query(query)
    left_out = _query_left_out(query, parts)
    if left_out:
        parts = []
    match = backend().match(
        parts,
        filters_of(facets),
        first_language=language if order == "" else "",
        ranked=order != "name",
    )
    return GroupSearch(
        query=query,
        facets=facets,
        match=match,
        place=place,
        place_unknown=bool(near) and place is None,
        ignored_facets=ignored,
        parts=parts,
        order=order,
        language=language,
        query_left_out=left_out,
    )


PAGE_SIZE = 20


@dataclass
class ResultPage:
    """One page of a search: the groups in order, with the totals a pager needs."""

    groups: list[Group]
    number: int
    count: int
    pages: int


NEARBY_RADIUS_KM = 30


def _nearby_page_ids(search: GroupSearch, offset: int) -> list[int] | None:
    """The page's ids from the groups around the place, when that is enough to be exact.

    Sorting every match by distance reads them all; the first pages usually lie
    within a few kilometres. The groups inside a box of NEARBY_RADIUS_KM around
    the place are sorted instead, and their order is kept only when the last
    group of the page is within that radius: every group outside the box is
    farther, so the page is the same as the full sort's. Otherwise: None.
    """
    place = search.place
    assert place is not None
    radius = NEARBY_RADIUS_KM / KM_PER_DEGREE  # in degrees of latitude
    wide = radius / place.longitude_scale
    box = search.groups.filter(
        latitude__range=(place.latitude - radius, place.latitude + radius),
        longitude__range=(place.longitude - wide, place.longitude + wide),
    )
    rows = list(box.values_list("pk", "distance_sq")[: offset + PAGE_SIZE])  # type: ignore[misc]
    if len(rows) < offset + PAGE_SIZE or rows[-1][1] > radius * radius:
        return None
    return [pk for pk, _ in rows[offset:]]


# What a result list shows of a group (the page and the API): reading only these
# columns, and themes and languages as plain lists, is several times faster than
# whole rows with prefetched relations.
LISTED_FIELDS = (
    "id",
    "name",
    "municipality",
    "postal_code",
    "canton_id",
    "group_type",
    "audience",
    "is_online",
    "latitude",
    "longitude",
)


def attach_themes_and_languages(groups: list[Group]) -> None:
    """Give each group ``listed_themes`` (by label) and ``listed_languages``, in one query.

    The themes come from the thesaurus snapshot, the languages from the
    reference data: only the links are read.
    """
    if not groups:
        return
    themes = current_thesaurus().themes
    from entraide.core.models import Language

    languages = _reference(Language)
    by_group: dict[int, tuple[list[Theme], list[Any]]] = {group.pk: ([], []) for group in groups}
    theme_links: Any = Group.themes.through
    language_links: Any = Group.languages.through
    theme_table, language_table = theme_links._meta.db_table, language_links._meta.db_table
    marks = ", ".join(["%s"] * len(by_group))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT group_id, theme_id, NULL FROM {theme_table} WHERE group_id IN ({marks}) "  # noqa: S608
            f"UNION ALL SELECT group_id, NULL, language_id FROM {language_table} "
            f"WHERE group_id IN ({marks})",
            [*by_group, *by_group],
        )
        for group_id, theme_id, language_code in cursor.fetchall():
            if theme_id is not None and theme_id in themes:
                by_group[group_id][0].append(themes[theme_id])
            elif language_code is not None:
                by_group[group_id][1].append(languages[language_code])
    for group in groups:
        own_themes, own_languages = by_group[group.pk]
        group.listed_themes = sorted(own_themes, key=_label_order)
        group.listed_languages = sorted(own_languages, key=lambda lang: lang.position)


def _label_order(theme: Theme) -> tuple[str, int]:
    return _folded_label(theme.label), theme.pk


@lru_cache(maxsize=4096)
def _folded_label(label: str) -> str:
    return fold(label)


def result_page(search: GroupSearch, number: int, *, clamp: bool = True) -> ResultPage:
    """The groups of one page, in two narrow steps: their ids in order, then the rows.

    Ordering tens of thousands of matches by relevance (or distance) and name
    reads only those columns; the full rows, their themes and languages are
    read for the twenty groups shown. ``clamp`` turns a page past the end into
    the last page (the search page); without it such a page is empty (the API).
    """
    database = backend()
    offset = (max(number, 1) - 1) * PAGE_SIZE
    ids: list[int] | None = None
    together = database.page_with_count(search, offset, PAGE_SIZE)
    if together is not None:
        count, ids = together
        pages = max(1, math.ceil(count / PAGE_SIZE))
        if clamp and (number < 1 or number > pages):
            number = min(max(number, 1), pages)
            offset = (number - 1) * PAGE_SIZE
            ids = database.page_with_count(search, offset, PAGE_SIZE)[1]  # type: ignore[index]
    else:
        counts = database.counts(search)
        count = counts[0]
        pages = max(1, math.ceil(count / PAGE_SIZE))
        if clamp:
            number = min(max(number, 1), pages)
        offset = (number - 1) * PAGE_SIZE
        if offset < count:
            ids = database.page_ids(search, counts, offset, PAGE_SIZE)
    if ids is None and search.by_distance and not search.match.language and offset < count:
        ids = _nearby_page_ids(search, offset)
    if ids is None:
        ids = (
            list(search.groups.values_list("pk", flat=True)[offset : offset + PAGE_SIZE])
            if (offset < count)
            else []
        )
    rows = Group.objects.filter(pk__in=ids).only(*LISTED_FIELDS).in_bulk() if ids else {}
    groups = [rows[pk] for pk in ids if pk in rows]
    attach_themes_and_languages(groups)
    if search.place:
        for group in groups:
            setattr(group, "distance_km", group_distance_km(group, search.place))  # noqa: B010
    return ResultPage(groups=groups, number=number, count=count, pages=pages)
