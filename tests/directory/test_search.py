"""Cross-language, typo- and spelling-tolerant search, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from entraide.directory.models import PUBLIC_STATUSES, GroupStatus
from entraide.directory.search import parse_query, search_groups, within_one_edit
from tests.conftest import make_group


def names(query: str) -> list[str]:
    return [g.name for g in search_groups(query)]


def test_a_query_in_one_language_finds_groups_described_in_another(directory) -> None:  # type: ignore[no-untyped-def]
    assert names("Trauer") == ["Groupe deuil Lausanne"]
    assert names("lutto") == ["Groupe deuil Lausanne"]
    assert names("cancro al seno") == ["Gruppo tumore al seno"]
    assert names("Brustkrebs") == ["Gruppo tumore al seno"]


def test_a_broader_theme_finds_the_narrower_ones(directory) -> None:  # type: ignore[no-untyped-def]
    assert names("Krebs") == ["Gruppo tumore al seno"]


@pytest.mark.parametrize("query", ["Zürich", "zurich", "ZUERICH", "zürich"])
def test_accents_case_and_umlaut_spellings_do_not_matter(directory, query) -> None:  # type: ignore[no-untyped-def]
    assert names(query) == ["Depressionsgruppe Zürich"]


def test_a_one_letter_typo_in_a_long_word_still_finds(directory) -> None:  # type: ignore[no-untyped-def]
    assert "Depressionsgruppe Zürich" in names("depresion")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("MS", "MS-Gruppe Bern"),
        ("SEP", "MS-Gruppe Bern"),
        ("ADHS", "Groupe TDAH adultes"),
        ("TDAH", "Groupe TDAH adultes"),
    ],
)
def test_abbreviations_work(directory, query, expected) -> None:  # type: ignore[no-untyped-def]
    assert names(query) == [expected]


def test_theme_matches_rank_above_passing_mentions(directory) -> None:  # type: ignore[no-untyped-def]
    assert names("dépression") == ["Depressionsgruppe Zürich", "Café rencontre"]


def test_every_word_must_match(directory) -> None:  # type: ignore[no-untyped-def]
    assert names("Trauer Genève") == []
    assert names("deuil Lausanne") == ["Groupe deuil Lausanne"]


@pytest.mark.parametrize(
    "query", ["", "   ", "!!!", '"', "*", "a:b", "NEAR OR -x", "😀", "\x00\x1f", "x" * 5000]
)
def test_odd_queries_never_fail(directory, client, query) -> None:  # type: ignore[no-untyped-def]
    """The search function, the page and the API answer, and show only published groups."""
    paused = make_group(
        name="Groupe en pause",
        # The query's words, so that only its status keeps it out (PostgreSQL refuses NUL).
        description=query.replace("\x00", ""),
        canton_id="VD",
        municipality="Lausanne",
        postal_code="1000",
        centre=directory["deuil"].centre,
        status=GroupStatus.PAUSED,
    )
    found = list(search_groups(query))
    assert paused not in found
    assert all(g.status in PUBLIC_STATUSES and g.is_listed for g in found)
    page = client.get("/fr/groups/", {"q": query})
    assert page.status_code == 200
    assert paused.name not in page.content.decode()
    answer = client.get("/api/v1/groups", {"q": query})
    # A query longer than the API accepts is refused with 422, never a server error.
    assert answer.status_code == (422 if len(query) > 1000 else 200)
    if answer.status_code == 200:
        assert paused.pk not in {g["id"] for g in answer.json()["results"]}


def test_the_query_is_read_against_the_thesaurus_longest_phrase_first(directory) -> None:  # type: ignore[no-untyped-def]
    parts = parse_query("cancro al seno Lugano")
    assert [p.text for p in parts] == ["cancro seno", "lugano"]  # small words left out
    assert parts[0].theme_ids and not parts[1].theme_ids


@pytest.mark.parametrize(
    ("a", "b", "close"),
    [
        ("depression", "depresion", True),
        ("depression", "depressoin", False),
        ("abc", "abd", True),
        ("abc", "abcde", False),
    ],
)
def test_edit_distance(a, b, close) -> None:  # type: ignore[no-untyped-def]
    assert within_one_edit(a, b) is close


def test_a_typo_in_a_word_that_names_no_theme_still_finds(directory) -> None:  # type: ignore[no-untyped-def]
    # "Lausane" is no theme: it is read against the words of the groups.
    assert [g.name for g in search_groups("Lausane")] == ["Groupe deuil Lausanne"]
    assert [g.name for g in search_groups("Neuchatl")] == ["Groupe TDAH adultes"]
    assert not list(search_groups("Lausxxe"))


def test_the_text_index_follows_changes_and_deletions(directory) -> None:  # type: ignore[no-untyped-def]
    from entraide.directory.indexing import groups_refresh_search_text

    group = directory["mention"]
    group.description = "Un lieu pour les aidants naturels."
    groups_refresh_search_text([group])
    assert list(search_groups("aidants")) == [group]
    assert group not in list(search_groups("solitude"))
    group.delete()
    assert not list(search_groups("aidants"))


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('"deuil', True),
        ("deuil*", True),
        ("-deuil", True),
        ("deuil:", True),
        ("NEAR(deuil)", False),
    ],
)
def test_full_text_syntax_is_just_text(directory, query, found) -> None:  # type: ignore[no-untyped-def]
    assert (directory["deuil"] in list(search_groups(query))) is found


def test_the_database_specific_search_structures_are_in_place(db) -> None:  # type: ignore[no-untyped-def]
    """A later migration that rebuilds the group table (SQLite does for many changes) would drop
    the FTS triggers silently: this test notices, so that the migration re-creates them."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'view')")
            names = {row[0] for row in cursor.fetchall()}
            assert {
                "directory_group_search_row",
                "directory_group_search_insert",
                "directory_group_search_update",
                "directory_group_search_delete",
                "directory_group_themes_search_insert",
                "directory_group_themes_search_delete",
                "directory_group_languages_search_insert",
                "directory_group_languages_search_delete",
            } <= names
        else:
            cursor.execute("SELECT indexname FROM pg_indexes")
            names = {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT tgname FROM pg_trigger")
            names |= {row[0] for row in cursor.fetchall()}
            assert {
                "directory_searchword_trgm",
                "directory_group_search_words",
                "directory_group_search_tags",
                "directory_group_search_sync",
                "directory_group_search_truncate",
                "directory_group_themes_search_sync",
                "directory_group_languages_search_sync",
            } <= names
