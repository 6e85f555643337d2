"""Fixtures of the directory tests: a small thesaurus and a few groups in several languages."""

from __future__ import annotations

import pytest

from entraide.accounts.models import Organisation
from entraide.core.models import Canton, Language
from entraide.directory.indexing import groups_refresh_search_text
from entraide.directory.models import Group, Theme, ThemeTerm
from entraide.directory.thesaurus import load_themes
from tests.conftest import make_group


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
        g = make_group(
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
