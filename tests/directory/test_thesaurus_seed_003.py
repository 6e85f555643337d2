"""The social and broad health themes of seed 003 in the thesaurus, and the migration that adds them."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from entraide.directory.indexing import groups_refresh_search_text
from entraide.directory.models import Group, Theme, ThemeTerm
from entraide.directory.search import search_groups
from entraide.directory.thesaurus import read_themes
from tests.conftest import make_group

migration = importlib.import_module("entraide.directory.migrations.0015_thesaurus_seed_003_themes")
SEED_003 = {
    "chronic-illness": "somatic",
    "psychological-difficulties": "mental_health",
    "parenthood": "social",
    "sexual-orientation-gender-identity": "social",
}


def test_the_file_and_the_migration_name_the_same_new_themes() -> None:
    in_file = {entry["code"]: entry["category"] for entry in read_themes()}
    assert set(migration.SEED_003_CODES) == set(SEED_003)
    assert {code: in_file[code] for code in SEED_003} == SEED_003
    for entry in read_themes():
        if entry["code"] in SEED_003:
            assert all(entry["labels"][lang] for lang in ("fr", "de", "it", "en"))
            assert all(len(entry["synonyms"][lang]) >= 3 for lang in ("fr", "de", "it", "en"))


def test_the_new_themes_are_there_after_migrate(db) -> None:  # type: ignore[no-untyped-def]
    themes = {t.code: t for t in Theme.objects.filter(code__in=SEED_003)}
    assert {code: t.category for code, t in themes.items()} == SEED_003
    parenthood = themes["parenthood"]
    assert (parenthood.label_fr, parenthood.label_de, parenthood.label_it, parenthood.label_en) == (
        "Parentalité",
        "Elternschaft",
        "Genitorialità",
        "Parenthood",
    )
    terms = set(
        ThemeTerm.objects.filter(theme__code="sexual-orientation-gender-identity").values_list(
            "language", "term"
        )
    )
    assert {
        ("fr", "orientation sexuelle"),
        ("de", "Geschlechtsidentität"),
        ("it", "orientamento sessuale"),
        ("en", "gender identity"),
    } <= terms


def test_the_migration_adds_them_to_an_installed_thesaurus_and_nothing_else(db) -> None:  # type: ignore[no-untyped-def]
    """An install from before: the seed's themes missing, a theme edited, another removed."""
    Theme.objects.filter(code__in=SEED_003).delete()
    Theme.objects.filter(code="lgbtq").update(label_fr="LGBTIQ+")
    Theme.objects.filter(code="intersex").delete()
    before = Theme.objects.count()
    migration.load(apps, None)
    assert Theme.objects.count() == before + len(SEED_003)
    assert set(Theme.objects.filter(code__in=SEED_003).values_list("code", flat=True)) == set(
        SEED_003
    )
    assert ThemeTerm.objects.filter(theme__code="chronic-illness", language="it").count() >= 4
    assert Theme.objects.get(code="lgbtq").label_fr == "LGBTIQ+"  # the coordinator's edit stays
    assert not Theme.objects.filter(code="intersex").exists()  # only the seed's themes come back
    migration.load(apps, None)  # twice changes nothing
    assert Theme.objects.count() == before + len(SEED_003)


@pytest.fixture
def tagged_groups(db, centre_vd):  # type: ignore[no-untyped-def]
    """One group for each new theme, with a name that says nothing of it."""
    made = {}
    for number, code in enumerate(SEED_003):
        group = make_group(
            name=f"Groupe du mardi {number}",
            canton_id="VD",
            municipality="Lausanne",
            postal_code="1003",
            centre=centre_vd,
        )
        group.themes.add(Theme.objects.get(code=code))
        group.languages.add("fr")
        made[code] = group.name
    groups_refresh_search_text(list(Group.objects.select_related("canton")))
    return made


@pytest.mark.parametrize(
    ("code", "query"),
    [
        ("psychological-difficulties", "difficultés psychiques"),
        ("psychological-difficulties", "psychische Belastungen"),
        ("psychological-difficulties", "difficoltà psichiche"),
        ("psychological-difficulties", "mental health"),
        ("parenthood", "parentalité"),
        ("parenthood", "Elternschaft"),
        ("parenthood", "genitorialità"),
        ("parenthood", "parenting"),
        ("chronic-illness", "maladie chronique"),
        ("chronic-illness", "chronische Krankheit"),
        ("chronic-illness", "malattie croniche"),
        ("chronic-illness", "long-term condition"),
        ("sexual-orientation-gender-identity", "orientation sexuelle"),
        ("sexual-orientation-gender-identity", "Geschlechtsidentität"),
        ("sexual-orientation-gender-identity", "identità di genere"),
        ("sexual-orientation-gender-identity", "gender identity"),
    ],
)
def test_a_search_in_each_language_finds_a_group_tagged_with_a_new_theme(
    tagged_groups, code, query
) -> None:  # type: ignore[no-untyped-def]
    assert tagged_groups[code] in [g.name for g in search_groups(query)]


def test_the_public_search_page_finds_it_too(client, tagged_groups) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/de/groups/", {"q": "Elternschaft"})
    assert tagged_groups["parenthood"] in response.content.decode()
