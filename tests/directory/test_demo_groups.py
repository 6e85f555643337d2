"""The demo directory: realistic spread of languages, kinds of group and places."""

from __future__ import annotations

from entraide.demo.directory import load_demo_groups
from entraide.directory.models import Group, GroupType, Theme, ThemeTerm
from entraide.directory.search import search_groups
from entraide.directory.thesaurus import load_themes
from tests.directory.conftest import THEMES


def test_demo_groups_are_spread_like_real_ones_and_loaded_once(db) -> None:  # type: ignore[no-untyped-def]
    load_themes(Theme, ThemeTerm, THEMES)
    assert load_demo_groups(640) == 640
    ticino = Group.objects.filter(canton_id="TI")
    assert ticino.exists()
    assert not ticino.exclude(languages__code="it").exists()
    assert not Group.objects.filter(canton_id="VD").exclude(languages__code="fr").exists()
    assert Group.objects.filter(canton_id="ZH", languages__code="de").exists()
    assert (
        Group.objects.filter(canton_id="FR", languages__code="fr")
        .filter(languages__code="de")
        .exists()
    )
    assert Group.objects.filter(group_type=GroupType.ONLINE, is_online=True).exists()
    assert Group.objects.filter(group_type=GroupType.PROFESSIONALLY_GUIDED).exists()
    assert (
        Group.objects.filter(canton_id="ZH").count() > Group.objects.filter(canton_id="UR").count()
    )
    # Every group is findable by its theme in another language (narrower themes included).
    codes = {
        "bereavement",
        *Theme.objects.filter(broader__code="bereavement").values_list("code", flat=True),
    }
    expected = {
        g.pk
        for g in Group.objects.prefetch_related("themes")
        if {t.code for t in g.themes.all()} & codes
    }
    assert expected
    assert set(search_groups("Trauer").values_list("pk", flat=True)) >= expected
    assert load_demo_groups(640) == 640  # a second run changes nothing


def test_example_themes_have_groups_in_every_language_region_and_the_contact_their_group(
    db,
) -> None:  # type: ignore[no-untyped-def]
    from entraide.demo.directory import EXAMPLE_GROUPS

    load_themes(Theme, ThemeTerm, THEMES)
    load_demo_groups(200)
    for code in {example[0] for example in EXAMPLE_GROUPS}:
        spoken = set(
            Group.objects.filter(themes__code=code).values_list("languages__code", flat=True)
        )
        assert {"fr", "de", "it"} <= spoken, code
    # Names in the language of the place: German in Bern, Italian in Ticino, French in Vaud.
    assert not Group.objects.filter(canton_id="TI").exclude(name__startswith="Gruppo").exists()
    assert not Group.objects.filter(canton_id="ZH").exclude(name__startswith="Selbsthilfe").exists()
    assert not Group.objects.filter(canton_id="VD").exclude(name__startswith="Groupe").exists()
    contact = Group.objects.get(organisation__code="group-deuil-lausanne")
    assert (
        contact.name == "Groupe d'entraide Deuil – Lausanne" and contact.municipality == "Lausanne"
    )
    assert Group.objects.get(organisation__code="group-trauer-bern").name == (
        "Selbsthilfegruppe Trauer Bern"
    )
