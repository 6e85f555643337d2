"""The parts of the search that each database does its own way.

- SQLite: the words are looked up in an FTS5 index of the search text
  (``directory_group_fts``, kept in step by triggers); typo candidates come
  from the vocabulary by word length.
- PostgreSQL: the words are matched with LIKE on the search text, served by a
  trigram (pg_trgm) GIN index; typo candidates come from the vocabulary by
  trigram similarity, also indexed.

Both give the same answers: a phrase matches where a word of the search text
starts with it, and a typo candidate is a vocabulary word within one edit.
The tests run on both databases.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

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


class SQLiteSearch:
    def text_ids_sql(self, phrases: list[str]) -> tuple[str, list[Any]]:
        """SQL for the ids of the groups whose search text has a word starting with a phrase."""
        # Folded text holds only letters, digits and spaces: quoting each phrase
        # is enough to keep FTS5 syntax ("OR", "NEAR", "*", ":") out of the query.
        expression = " OR ".join(f'"{phrase}"*' for phrase in phrases)
        return (
            "SELECT rowid FROM directory_group_fts WHERE directory_group_fts MATCH %s",
            [expression],
        )

    def typo_candidates(self, word: str) -> list[str]:
        return list(_words_of_near_length(word).values_list("word", flat=True))


class PostgresSearch:
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


def _words_of_near_length(word: str) -> Any:
    """The other words of the vocabulary one letter shorter, as long, or one letter longer."""
    from entraide.directory.models import SearchWord

    return SearchWord.objects.filter(length__range=(len(word) - 1, len(word) + 1)).exclude(
        word=word
    )


def theme_ids_sql(theme_ids: frozenset[int]) -> tuple[str, list[Any]]:
    """SQL for the ids of the groups linked to any of these themes."""
    from entraide.directory.models import Group

    table = Group.themes.through._meta.db_table
    marks = ", ".join(["%s"] * len(theme_ids))
    sql = f"SELECT group_id FROM {table} WHERE theme_id IN ({marks})"  # noqa: S608 - placeholders
    return sql, sorted(theme_ids)


def ids_in(sql: str, params: list[Any]) -> Q:
    """Groups whose id the SQL returns (built here from placeholders; values are parameters)."""
    return Q(pk__in=RawSQL(sql, params))  # noqa: S611


def backend() -> SQLiteSearch | PostgresSearch:
    return PostgresSearch() if connection.vendor == "postgresql" else SQLiteSearch()
