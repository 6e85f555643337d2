"""The parts of the search that each database does its own way.

- SQLite: one FTS5 index of the public groups (``directory_group_search``,
  migration 0011, kept in step by triggers) holds each group's words and its
  tags (themes, languages, canton, kind, audience, online, a cell around its
  meeting place). A whole search is one full-text expression; the index is
  keyed by the groups' place in name order, so a page of results is read in
  order and stops after twenty, and a count never touches the groups' rows.
- PostgreSQL: the words are matched with LIKE on the search text, served by a
  trigram (pg_trgm) GIN index; themes and facets are ordinary conditions; the
  planner sorts.

Both give the same answers in the same order: a phrase matches where a word of
the search text starts with it; groups found on every theme named come first,
then the others, each in name order. The tests run on both databases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

if TYPE_CHECKING:
    from entraide.directory.models import Group
    from entraide.directory.places import Place

# Words shorter than this are not worth a typo candidate (see search.FUZZY_MIN_LENGTH).
VOCABULARY_MIN_LENGTH = 5
VOCABULARY_MAX_LENGTH = 100


def words_of(folded_text: str) -> set[str]:
    """The words of a folded search text that go into the vocabulary."""
    return {
        word
        for word in folded_text.split()
        if VOCABULARY_MIN_LENGTH <= len(word) <= VOCABULARY_MAX_LENGTH and not word.isdigit()
    }


class Criterion(Protocol):
    """One part of a query: words (with their typo variants), and the themes it names."""

    @property
    def phrases(self) -> tuple[str, ...]: ...

    @property
    def theme_ids(self) -> frozenset[int]: ...


@dataclass(frozen=True)
class Filters:
    """The facet values chosen, in the form the databases read them."""

    canton: str = ""
    language: str = ""
    theme_id: int | None = None
    group_type: str = ""
    audiences: tuple[str, ...] = ()
    online: bool = False


def _as_int(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def ids_in(sql: str, params: list[Any]) -> Q:
    """Groups whose id the SQL returns (built here from placeholders; values are parameters)."""
    return Q(pk__in=RawSQL(sql, params))  # noqa: S611


def theme_ids_sql(theme_ids: Iterable[int]) -> tuple[str, list[Any]]:
    """SQL for the ids of the groups linked to any of these themes."""
    from entraide.directory.models import Group

    ids = sorted(theme_ids)
    table = Group.themes.through._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    sql = f"SELECT group_id FROM {table} WHERE theme_id IN ({marks})"  # noqa: S608 - placeholders
    return sql, ids


def _words_of_near_length(word: str) -> Any:
    """The other words of the vocabulary one letter shorter, as long, or one letter longer."""
    from entraide.directory.models import SearchWord

    return SearchWord.objects.filter(length__range=(len(word) - 1, len(word) + 1)).exclude(
        word=word
    )


# --- SQLite ------------------------------------------------------------------------------

INDEX = "directory_group_search"
CELLS_PER_DEGREE = 10  # the cell tags of migration 0011: a tenth of a degree
NEAR_START_KM = 8
NEAR_MAX_KM = 128
NEAR_MAX_CANDIDATES = 20_000


def _quoted(token: str) -> str:
    return f'"{token}"'


def _tags(values: Iterable[str]) -> str:
    return "tags : (" + " OR ".join(_quoted(v) for v in values) + ")"


def _theme_tags(theme_ids: Iterable[int]) -> str:
    return _tags(f"t{theme_id}" for theme_id in sorted(theme_ids))


def cell_tag(latitude: float, longitude: float) -> str:
    """The tag of the cell a point lies in, spelled as migration 0011's view spells it."""
    return f"g{int((latitude + 90) * CELLS_PER_DEGREE)}x{int((longitude + 180) * CELLS_PER_DEGREE)}"


@dataclass(frozen=True)
class FullTextMatch:
    """A search as full-text expressions: all the groups found, and its ranks, best first.

    ``everything`` is None when nothing narrows the search (every public group).
    """

    everything: str | None
    ranks: tuple[str | None, ...]


class SQLiteSearch:
    vendor = "sqlite"

    def match(self, criteria: Sequence[Criterion], filters: Filters) -> FullTextMatch:
        """Every criterion and facet, joined into one full-text expression."""
        conditions = []
        on_themes = []
        for criterion in criteria:
            words = "search_text : (" + " OR ".join(f'"{p}"*' for p in criterion.phrases) + ")"
            # Folded text holds only letters, digits and spaces: quoting each phrase
            # is enough to keep FTS5 syntax ("OR", "NEAR", "*", ":") out of the query.
            if criterion.theme_ids:
                themes = _theme_tags(criterion.theme_ids)
                on_themes.append(themes)
                conditions.append(f"({words} OR {themes})")
            else:
                conditions.append(words)
        if filters.canton:
            conditions.append(_tags([f"c{filters.canton.lower()}"]))
        if filters.language:
            conditions.append(_tags([f"l{filters.language}"]))
        if filters.theme_id is not None:
            conditions.append(_theme_tags([filters.theme_id]))
        if filters.group_type:
            conditions.append(_tags(["y" + filters.group_type.replace("_", "")]))
        if filters.audiences:
            conditions.append(_tags(f"a{a}" for a in filters.audiences))
        if filters.online:
            conditions.append(_tags(["online"]))
        if not conditions:
            return FullTextMatch(None, (None,))
        everything = " AND ".join(conditions)
        if not on_themes:
            return FullTextMatch(everything, (everything,))
        best = " AND ".join(on_themes)
        return FullTextMatch(
            everything, (f"{everything} AND {best}", f"({everything}) NOT ({best})")
        )

    def groups(self, match: Any, base: QuerySet[Group]) -> QuerySet[Group]:
        """The groups found, best first, as a query set (for facet counts and the tests)."""
        if match.everything is None:
            return base.order_by("search_order")
        sql = f"SELECT group_id FROM {INDEX} WHERE {INDEX} MATCH %s"  # noqa: S608 - constant
        groups = base.filter(ids_in(sql, [match.everything]))
        if len(match.ranks) == 1:
            return groups.order_by("search_order")
        rank = _as_int(ids_in(sql, [match.ranks[0]]))
        return groups.annotate(rank=rank).order_by("-rank", "search_order")

    def typo_candidates(self, word: str) -> list[str]:
        return list(_words_of_near_length(word).values_list("word", flat=True))

    def counts(self, search: Any) -> tuple[int, list[int]]:
        """How many groups the search finds, and how many of them each rank but the last holds.

        One query: the counts come from the index alone.
        """
        match: FullTextMatch = search.match
        if match.everything is None:
            from entraide.directory.models import Group

            return Group.objects.public().count(), []
        one = f"(SELECT count(*) FROM {INDEX} WHERE {INDEX} MATCH %s)"  # noqa: S608 - constant
        expressions = [match.everything, *match.ranks[:-1]]
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join([one] * len(expressions)), expressions)
            total, *sizes = (int(n) for n in cursor.fetchone())
        return total, sizes

    def page_ids(
        self, search: Any, counts: tuple[int, list[int]], offset: int, limit: int
    ) -> list[int] | None:
        """The ids of one page, read from the index in order (None: let the caller sort)."""
        match: FullTextMatch = search.match
        if search.place is not None:
            return self._near_page_ids(match, search.place, offset, limit)
        total, sizes = counts
        sizes = [*sizes, total - sum(sizes)]
        # Which slice of each rank the page takes; then one query reads them all
        # (the same number of queries whether the page spans one rank or two).
        selects, params = [], []
        wanted = limit
        for position, (expression, size) in enumerate(zip(match.ranks, sizes, strict=True)):
            taken = max(0, min(wanted, size - offset))
            where = f"WHERE {INDEX} MATCH %s " if expression else ""
            selects.append(
                f"SELECT * FROM (SELECT group_id, {position} AS rank, rowid AS ordering "  # noqa: S608
                f"FROM {INDEX} {where}ORDER BY rowid LIMIT %s OFFSET %s)"
            )
            params += ([expression] if expression else []) + [taken, max(0, offset)]
            offset, wanted = max(0, offset - size), wanted - taken
        sql = f"SELECT group_id FROM ({' UNION ALL '.join(selects)}) ORDER BY rank, ordering"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [int(row[0]) for row in cursor.fetchall()]

    def _near_page_ids(
        self, match: FullTextMatch, place: Place, offset: int, limit: int
    ) -> list[int] | None:
        """The page nearest the place, from the cells around it, widening until it is exact.

        The groups in the cells that cover a box of ``radius`` around the place are
        ordered by distance (then rank, then name, as the full sort would); the
        page is kept when its last group lies within the radius, since every group
        outside the cells is farther. None when the page lies too far out to be
        worth it: the caller then sorts every match.
        """
        radius_km = NEAR_START_KM
        while True:
            rows = self._rows_in_cells(match, place, radius_km)
            if len(rows) > NEAR_MAX_CANDIDATES:
                return None
            radius = radius_km / 111.2  # in degrees of latitude, as search.KM_PER_DEGREE
            inside = sorted(row for row in rows if row[0] <= radius * radius)
            if len(inside) >= offset + limit:
                return [row[3] for row in inside[offset : offset + limit]]
            if radius_km >= NEAR_MAX_KM:
                return None
            radius_km *= 2

    def _rows_in_cells(
        self, match: FullTextMatch, place: Place, radius_km: float
    ) -> list[tuple[float, int, int, int]]:
        radius = radius_km / 111.2
        wide = radius / place.longitude_scale
        cells = {
            f"g{lat}x{lon}"
            for lat in range(
                int((place.latitude - radius + 90) * CELLS_PER_DEGREE),
                int((place.latitude + radius + 90) * CELLS_PER_DEGREE) + 1,
            )
            for lon in range(
                int((place.longitude - wide + 180) * CELLS_PER_DEGREE),
                int((place.longitude + wide + 180) * CELLS_PER_DEGREE) + 1,
            )
        }
        around = _tags(sorted(cells))
        rows: list[tuple[float, int, int, int]] = []
        sql = f"SELECT rowid, group_id, latitude, longitude FROM {INDEX} WHERE {INDEX} MATCH %s"  # noqa: S608
        with connection.cursor() as cursor:
            for rank, expression in enumerate(match.ranks):
                cursor.execute(sql, [f"({expression}) AND {around}" if expression else around])
                for order, group_id, latitude, longitude in cursor.fetchall():
                    dy = latitude - place.latitude
                    dx = (longitude - place.longitude) * place.longitude_scale
                    rows.append((dx * dx + dy * dy, rank, order, int(group_id)))
        return rows


# --- PostgreSQL --------------------------------------------------------------------------


@dataclass(frozen=True)
class SqlMatch:
    criteria: tuple[Any, ...]
    filters: Filters


class PostgresSearch:
    vendor = "postgresql"

    def match(self, criteria: Sequence[Criterion], filters: Filters) -> SqlMatch:
        return SqlMatch(tuple(criteria), filters)

    def groups(self, match: Any, base: QuerySet[Group]) -> QuerySet[Group]:
        groups = _apply_filters(base, match.filters)
        best = Q()
        for criterion in match.criteria:
            text_sql, text_params = self.text_ids_sql(list(criterion.phrases))
            if criterion.theme_ids:
                theme_sql, theme_params = theme_ids_sql(criterion.theme_ids)
                # One list of ids (a UNION) rather than an OR of two: the groups are
                # then looked up by id instead of scanned.
                groups = groups.filter(
                    ids_in(f"{theme_sql} UNION {text_sql}", theme_params + text_params)
                )
                best &= ids_in(theme_sql, theme_params)
            else:
                groups = groups.filter(ids_in(text_sql, text_params))
        if not best:
            return groups.order_by("search_order")
        return groups.annotate(rank=_as_int(best)).order_by("-rank", "search_order")

    def text_ids_sql(self, phrases: list[str]) -> tuple[str, list[Any]]:
        """SQL for the ids of the groups whose search text has a word starting with a phrase."""
        # The search text is stored as " word word ": the leading space anchors the
        # match to the start of a word ("ms" must not match "stems"). The trigram
        # index serves each LIKE.
        patterns = [f"% {connection.ops.prep_for_like_query(phrase)}%" for phrase in phrases]
        where = " OR ".join(["search_text LIKE %s"] * len(patterns))
        # Only placeholders are joined into the SQL; the words travel as parameters.
        return f"SELECT id FROM directory_group WHERE {where}", patterns  # noqa: S608

    def typo_candidates(self, word: str) -> list[str]:
        similar = RawSQL("SELECT id FROM directory_searchword WHERE word %% %s", [word])
        return list(
            _words_of_near_length(word).filter(pk__in=similar).values_list("word", flat=True)
        )

    def counts(self, search: Any) -> tuple[int, list[int]]:
        return search.groups.count(), []

    def page_ids(
        self, search: Any, counts: tuple[int, list[int]], offset: int, limit: int
    ) -> list[int] | None:
        return None  # the planner sorts: see search.result_page


def _apply_filters(groups: QuerySet[Group], filters: Filters) -> QuerySet[Group]:
    if filters.canton:
        groups = groups.filter(canton_id=filters.canton)
    if filters.language:
        groups = groups.filter(languages__code=filters.language)
    if filters.theme_id is not None:
        groups = groups.filter(themes__id=filters.theme_id)
    if filters.group_type:
        groups = groups.filter(group_type=filters.group_type)
    if filters.audiences:
        groups = groups.filter(audience__in=filters.audiences)
    if filters.online:
        groups = groups.filter(is_online=True)
    return groups


def backend() -> SQLiteSearch | PostgresSearch:
    return PostgresSearch() if connection.vendor == "postgresql" else SQLiteSearch()
