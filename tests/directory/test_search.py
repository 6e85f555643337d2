"""Cross-language, typo- and spelling-tolerant search, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from entraide.accounts.models import Organisation
from entraide.core.models import Canton, Language
from entraide.directory.models import Group, Theme, ThemeTerm
from entraide.directory.search import parse_query, search_groups, within_one_edit
from entraide.directory.services import groups_refresh_search_text
from entraide.directory.thesaurus import load_themes


def entry(code, category, fr, de, it, en, synonyms=None, broader=None):  # type: ignore[no-untyped-def]
    return {
        "code": code,
        "category": category,
        "broader": broader,
        "labels": {"fr": fr, "de": de, "it": it, "en": en},
        "synonyms": {"fr": [], "de": [], "it": [], "en": [], **(synonyms or {})},
    }


THEMES = [
    entry("bereavement", "social", "Deuil", "Trauer", "Lutto", "Bereavement"),
    entry("cancer", "somatic", "Cancer", "Krebs", "Cancro", "Cancer", {"it": ["tumore"]}),
    entry(
        "breast-cancer",
        "somatic",
        "Cancer du sein",
        "Brustkrebs",
        "Cancro al seno",
        "Breast cancer",
        {"it": ["tumore al seno"], "de": ["Mammakarzinom"]},
        broader="cancer",
    ),
    entry("depression", "mental_health", "Dépression", "Depression", "Depressione", "Depression"),
    entry(
        "multiple-sclerosis",
        "somatic",
        "Sclérose en plaques",
        "Multiple Sklerose",
        "Sclerosi multipla",
        "Multiple sclerosis",
        {"fr": ["SEP"], "de": ["MS"], "it": ["SM"], "en": ["MS"]},
    ),
    entry(
        "adhd",
        "mental_health",
        "TDAH",
        "ADHS",
        "ADHD",
        "ADHD",
        {"fr": ["trouble du déficit de l'attention"], "de": ["Aufmerksamkeitsdefizit"]},
    ),
]


@pytest.fixture
def directory(db):  # type: ignore[no-untyped-def]
    load_themes(Theme, ThemeTerm, THEMES)
    themes = {t.code: t for t in Theme.objects.all()}
    centre = Organisation.objects.get(code="centre-vd")
    cantons = {c.code: c for c in Canton.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}

    def group(name, theme, canton, municipality, language, description=""):  # type: ignore[no-untyped-def]
        g = Group.objects.create(
            name=name,
            description=description,
            canton=cantons[canton],
            municipality=municipality,
            postal_code="1000",
            centre=centre,
        )
        if theme:
            g.themes.add(themes[theme])
        g.languages.add(languages[language])
        return g

    made = {
        "deuil": group("Groupe deuil Lausanne", "bereavement", "VD", "Lausanne", "fr"),
        "seno": group("Gruppo tumore al seno", "breast-cancer", "TI", "Lugano", "it"),
        "depression": group("Depressionsgruppe Zürich", "depression", "ZH", "Zürich", "de"),
        "mention": group(
            "Café rencontre",
            None,
            "GE",
            "Genève",
            "fr",
            "On y parle parfois de dépression et de solitude.",
        ),
        "ms": group("MS-Gruppe Bern", "multiple-sclerosis", "BE", "Bern", "de"),
        "adhd": group("Groupe TDAH adultes", "adhd", "NE", "Neuchâtel", "fr"),
    }
    groups_refresh_search_text(list(Group.objects.select_related("canton")))
    return made


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
def test_odd_queries_never_fail(directory, query) -> None:  # type: ignore[no-untyped-def]
    list(search_groups(query))


def test_the_query_is_read_against_the_thesaurus_longest_phrase_first(directory) -> None:  # type: ignore[no-untyped-def]
    parts = parse_query("cancro al seno Lugano")
    assert [p.text for p in parts] == ["cancro al seno", "lugano"]
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
