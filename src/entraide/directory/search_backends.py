"""The search index of the public groups, and what each database does its own way.

Both databases keep one row per public group in ``directory_group_search``
(migration 0011, kept in step by triggers on the groups and their themes and
languages): its words, its tags (themes, languages, canton, kind, audience,
online, a cell of a tenth of a degree around its meeting place) and its place
in name order (``Group.search_order``). A whole search (words, themes, facets)
is then a condition on that one table: a count never touches the groups' rows,
and a page is read in name order and stops after twenty.

- SQLite: an FTS5 table keyed by the place in name order; a search is one
  MATCH expression.
- PostgreSQL: a table with two full-text vectors (words, tags), each with a
  GIN index; a search is a boolean of ``@@`` conditions.

Both give the same answers in the same order: a phrase matches where a word of
the search text starts with it; groups found on every theme named come first,
then the others, each in name order. The tests run on both databases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from entraide.directory.places import KM_PER_DEGREE

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


def _words_of_near_length(word: str) -> Any:
    """The other words of the vocabulary one letter shorter, as long, or one letter longer."""
    from entraide.directory.models import SearchWord

    return SearchWord.objects.filter(length__range=(len(word) - 1, len(word) + 1)).exclude(
        word=word
    )


# --- The search index, on both databases ------------------------------------------------

INDEX = "directory_group_search"
CELLS_PER_DEGREE = 10  # the cell tags of migration 0011: a tenth of a degree
NEAR_START_KM = 8
NEAR_MAX_KM = 128
NEAR_MAX_CANDIDATES = 20_000

Condition = tuple[str, list[Any]]  # a WHERE clause on the index, and its parameters


@dataclass(frozen=True)
class IndexMatch:
    """A search as conditions on the index: all the groups found, and its ranks, best first.

    ``everything`` is None when nothing narrows the search (every public group);
    a rank is None in the same case.
    """

    everything: Condition | None
    ranks: tuple[Condition | None, ...]
    best: Condition | None = None  # found on every theme named (the first rank)
    language: str = ""  # groups where it is spoken come first (split of every rank)


def facet_tags(filters: Filters) -> list[list[str]]:
    """The tags a group must carry, one list a facet (any tag of a list will do)."""
    wanted = []
    if filters.canton:
        wanted.append([f"c{filters.canton.lower()}"])
    if filters.language:
        wanted.append([f"l{filters.language}"])
    if filters.theme_id is not None:
        wanted.append([f"t{filters.theme_id}"])
    if filters.group_type:
        wanted.append(["y" + filters.group_type.replace("_", "")])
    if filters.audiences:
        wanted.append([f"a{audience}" for audience in filters.audiences])
    if filters.online:
        wanted.append(["online"])
    return wanted


class IndexedSearch:
    """What both databases share: the index's rows, how a search reads them, pages and places.

    Each database spells the conditions its own way (``words``, ``tags``,
    ``either``, ``every``, ``but_not``, ``condition``) and names the column that
    holds a row's place in name order (``ORDER``).
    """

    ORDER = "search_order"

    def words(self, phrases: Sequence[str]) -> Any:
        raise NotImplementedError

    def tags(self, values: Sequence[str]) -> Any:
        raise NotImplementedError

    def either(self, a: Any, b: Any) -> Any:
        raise NotImplementedError

    def every(self, parts: Sequence[Any]) -> Any:
        raise NotImplementedError

    def but_not(self, a: Any, b: Any) -> Any:
        raise NotImplementedError

    def condition(self, expression: Any) -> Condition:
        raise NotImplementedError

    def typo_candidates(self, word: str) -> list[str]:
        raise NotImplementedError

    def anything(self) -> Any:
        """A condition every row of the index meets (each group has one kind)."""
        raise NotImplementedError

    def match(
        self,
        criteria: Sequence[Criterion],
        filters: Filters,
        *,
        first_language: str = "",
        ranked: bool = True,
    ) -> IndexMatch:
        """Every criterion and facet, joined into conditions on the index.

        ``ranked``: groups found on every theme named come first. ``first_language``:
        within that, the groups where this language is spoken come first.
        """
        conditions = []
        on_themes = []
        for criterion in criteria:
            words = self.words(criterion.phrases) if criterion.phrases else None
            if criterion.theme_ids:
                themes = self.tags([f"t{theme_id}" for theme_id in sorted(criterion.theme_ids)])
                on_themes.append(themes)
                conditions.append(self.either(words, themes) if words is not None else themes)
            elif words is not None:
                conditions.append(words)
        conditions += [self.tags(values) for values in facet_tags(filters)]
        everything = self.every(conditions) if conditions else None
        best = self.every(on_themes) if on_themes and ranked else None
        ranks: list[Any] = [everything]
        if best is not None:
            ranks = [self.every([everything, best]), self.but_not(everything, best)]
        if first_language:
            spoken = self.tags([f"l{first_language}"])
            ranks = [
                split
                for rank in ranks
                for split in (
                    self.every([rank, spoken]) if rank is not None else spoken,
                    self.but_not(rank if rank is not None else self.anything(), spoken),
                )
            ]
        return IndexMatch(
            self.condition(everything) if everything is not None else None,
            tuple(self.condition(rank) if rank is not None else None for rank in ranks),
            self.condition(best) if best is not None else None,
            first_language,
        )

    def groups(self, match: IndexMatch, base: QuerySet[Group]) -> QuerySet[Group]:
        """The groups found, best first, as a query set (for facet counts and the tests)."""
        groups = base
        if match.everything is not None:
            groups = base.filter(ids_in(*self._ids_sql(match.everything)))
        if match.best is None and not match.language:
            return groups.order_by("search_order")
        # 0 first: the language spoken comes before the themes (see ``match``).
        ordering = []
        if match.language:
            spoken = self.condition(self.tags([f"l{match.language}"]))
            groups = groups.annotate(spoken=Value(1) - _as_int(ids_in(*self._ids_sql(spoken))))
            ordering.append("spoken")
        if match.best is not None:
            groups = groups.annotate(rank=Value(1) - _as_int(ids_in(*self._ids_sql(match.best))))
            ordering.append("rank")
        return groups.order_by(*ordering, "search_order")

    def _ids_sql(self, condition: Condition) -> Condition:
        where, params = condition
        return f"SELECT group_id FROM {INDEX} WHERE {where}", params  # noqa: S608 - constant

    def page_with_count(self, search: Any, offset: int, limit: int) -> tuple[int, list[int]] | None:
        """The count and the page in one go, where the database does that best (else None)."""
        return None

    def counts(self, search: Any) -> tuple[int, list[int]]:
        """How many groups the search finds, and how many of them each rank but the last holds.

        One query: the counts come from the index alone.
        """
        match: IndexMatch = search.match
        # Ordered by distance, a page needs no rank sizes: the total alone.
        ranks = [] if search.by_distance else match.ranks[:-1]
        if match.everything is None and not ranks:
            from entraide.directory.models import Group

            return Group.objects.public().count(), []
        selects = [f"(SELECT count(*) FROM {INDEX})"] if match.everything is None else []  # noqa: S608
        params: list[Any] = []
        for condition in [match.everything, *ranks] if match.everything else ranks:
            assert condition is not None
            selects.append(f"(SELECT count(*) FROM {INDEX} WHERE {condition[0]})")  # noqa: S608
            params += condition[1]
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(selects), params)
            total, *sizes = (int(n) for n in cursor.fetchone())
        return total, sizes

    def page_ids(
        self, search: Any, counts: tuple[int, list[int]], offset: int, limit: int
    ) -> list[int] | None:
        """The ids of one page, read from the index in order (None: let the caller sort)."""
        match: IndexMatch = search.match
        if search.by_distance:
            if match.language:
                return None  # language first, then distance: the caller sorts the matches
            return self._near_page_ids(match, search.place, offset, limit)
        total, sizes = counts
        sizes = [*sizes, total - sum(sizes)]
        # Which slice of each rank the page takes; then one query reads them all
        # (the same number of queries whether the page spans one rank or two).
        selects, params = [], []
        wanted = limit
        for position, (condition, size) in enumerate(zip(match.ranks, sizes, strict=True)):
            taken = max(0, min(wanted, size - offset))
            where, where_params = condition or ("", [])
            selects.append(
                f"SELECT * FROM (SELECT group_id, {position} AS rank, {self.ORDER} AS ordering "  # noqa: S608
                f"FROM {INDEX} {'WHERE ' + where if where else ''} "
                f"ORDER BY {self.ORDER} LIMIT %s OFFSET %s) AS rank{position}"
            )
            params += [*where_params, taken, max(0, offset)]
            offset, wanted = max(0, offset - size), wanted - taken
        sql = (
            f"SELECT group_id FROM ({' UNION ALL '.join(selects)}) AS page ORDER BY rank, ordering"  # noqa: S608
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [int(row[0]) for row in cursor.fetchall()]

    def _near_page_ids(
        self, match: IndexMatch, place: Place, offset: int, limit: int
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
            radius = radius_km / KM_PER_DEGREE  # in degrees of latitude
            inside = sorted(row for row in rows if row[0] <= radius * radius)
            if len(inside) >= offset + limit:
                return [row[3] for row in inside[offset : offset + limit]]
            if radius_km >= NEAR_MAX_KM:
                return None
            radius_km *= 2

    def _rows_in_cells(
        self, match: IndexMatch, place: Place, radius_km: float
    ) -> list[tuple[float, int, int, int]]:
        radius = radius_km / KM_PER_DEGREE
        wide = radius / place.longitude_scale
        cells = sorted(
            f"g{lat}x{lon}"
            for lat in range(
                int((place.latitude - radius + 90) * CELLS_PER_DEGREE),
                int((place.latitude + radius + 90) * CELLS_PER_DEGREE) + 1,
            )
            for lon in range(
                int((place.longitude - wide + 180) * CELLS_PER_DEGREE),
                int((place.longitude + wide + 180) * CELLS_PER_DEGREE) + 1,
            )
        )
        around = self.tags(cells)
        rows: list[tuple[float, int, int, int]] = []
        columns = f"{self.ORDER}, group_id, latitude, longitude"
        with connection.cursor() as cursor:
            for rank, condition in enumerate(match.ranks):
                if condition is None:
                    where, params = self.condition(around)
                else:  # the rank's condition and the cells
                    cells_where, cells_params = self.condition(around)
                    where = f"({condition[0]}) AND {cells_where}"
                    params = [*condition[1], *cells_params]
                cursor.execute(f"SELECT {columns} FROM {INDEX} WHERE {where}", params)  # noqa: S608
                for order, group_id, latitude, longitude in cursor.fetchall():
                    dy = latitude - place.latitude
                    dx = (longitude - place.longitude) * place.longitude_scale
                    rows.append((dx * dx + dy * dy, rank, order, int(group_id)))
        return rows


class SQLiteSearch(IndexedSearch):
    """FTS5: a whole search is one MATCH expression (migration 0011)."""

    ORDER = "rowid"

    def words(self, phrases: Sequence[str]) -> str:
        # Folded text holds only letters, digits and spaces: quoting each phrase
        # is enough to keep FTS5 syntax ("OR", "NEAR", "*", ":") out of the query.
        return "search_text : (" + " OR ".join(f'"{p}"*' for p in phrases) + ")"

    def tags(self, values: Sequence[str]) -> str:
        return "tags : (" + " OR ".join(f'"{v}"' for v in values) + ")"

    def either(self, a: str, b: str) -> str:
        return f"({a} OR {b})"

    def every(self, parts: Sequence[str]) -> str:
        return "(" + " AND ".join(parts) + ")"

    def but_not(self, a: str, b: str) -> str:
        return f"{a} NOT {b}"

    def condition(self, expression: str) -> Condition:
        return f"{INDEX} MATCH %s", [expression]

    def anything(self) -> str:
        from entraide.directory.models import GroupType

        return self.tags(["y" + kind.replace("_", "") for kind in GroupType.values])

    def typo_candidates(self, word: str) -> list[str]:
        return list(_words_of_near_length(word).values_list("word", flat=True))


class PostgresSearch(IndexedSearch):
    """Full-text search vectors with GIN indexes: words and tags in two columns (migration 0011)."""

    def words(self, phrases: Sequence[str]) -> Condition:
        # A phrase matches where the words follow one another, the last one as a
        # prefix: the same as FTS5's "phrase"*. Folded text holds no tsquery syntax.
        query = " | ".join("(" + " <-> ".join(p.split()) + ":*)" for p in phrases)
        return "words @@ to_tsquery('simple', %s)", [query]

    def tags(self, values: Sequence[str]) -> Condition:
        return "tags @@ to_tsquery('simple', %s)", [" | ".join(values)]

    def either(self, a: Condition, b: Condition) -> Condition:
        return f"({a[0]} OR {b[0]})", [*a[1], *b[1]]

    def every(self, parts: Sequence[Condition]) -> Condition:
        return "(" + " AND ".join(p[0] for p in parts) + ")", [x for p in parts for x in p[1]]

    def but_not(self, a: Condition, b: Condition) -> Condition:
        return f"({a[0]} AND NOT {b[0]})", [*a[1], *b[1]]

    def condition(self, expression: Condition) -> Condition:
        return expression

    def anything(self) -> Condition:
        return "TRUE", []

    def page_with_count(self, search: Any, offset: int, limit: int) -> tuple[int, list[int]] | None:
        """One scan of the matches gives both the count and the page.

        PostgreSQL reads the matches from its GIN indexes as a bitmap; walking the
        index in name order instead, testing each row, is slower unless matches
        are everywhere. The count rides along as a window over the same scan.
        """
        match: IndexMatch = search.match
        if search.by_distance or match.everything is None:
            return None
        where, params = match.everything
        rank, rank_params = "0", []
        if match.best is not None:
            rank, rank_params = f"CASE WHEN {match.best[0]} THEN 0 ELSE 1 END", match.best[1]
        if match.language:
            spoken, spoken_params = self.condition(self.tags([f"l{match.language}"]))
            rank = f"({rank} + CASE WHEN {spoken} THEN 0 ELSE 2 END)"
            rank_params = [*rank_params, *spoken_params]
        # MATERIALIZED keeps the planner from walking the name-order index to
        # avoid the sort: the matches come from the GIN indexes, then are sorted.
        sql = (
            "WITH found AS MATERIALIZED ("  # noqa: S608 - built from constants
            f"SELECT group_id, search_order, {rank} AS rank FROM {INDEX} WHERE {where}) "
            "SELECT group_id, count(*) OVER () FROM found "
            "ORDER BY rank, search_order LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*rank_params, *params, limit, offset])
            rows = cursor.fetchall()
            if rows:
                return int(rows[0][1]), [int(row[0]) for row in rows]
            if not offset:
                return 0, []
            cursor.execute(f"SELECT count(*) FROM {INDEX} WHERE {where}", params)  # noqa: S608
            return int(cursor.fetchone()[0]), []

    def typo_candidates(self, word: str) -> list[str]:
        similar = RawSQL("SELECT id FROM directory_searchword WHERE word %% %s", [word])
        return list(
            _words_of_near_length(word).filter(pk__in=similar).values_list("word", flat=True)
        )


def backend() -> SQLiteSearch | PostgresSearch:
    return PostgresSearch() if connection.vendor == "postgresql" else SQLiteSearch()
