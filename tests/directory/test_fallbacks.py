"""No search is a dead end: few results offer wider themes, online groups, neighbouring
cantons, the regional centre and founding interest; results in the visitor's language first."""

from __future__ import annotations

import json

import pytest

from entraide.accounts.models import Organisation
from entraide.directory.fallbacks import NEIGHBOURS_FILE, canton_neighbours
from entraide.directory.models import Group, GroupStatus, Theme
from entraide.directory.search import find_groups, result_page
from tests.conftest import make_group


def test_the_canton_neighbours_are_symmetric_and_cover_every_canton(db) -> None:  # type: ignore[no-untyped-def]
    from entraide.core.models import Canton

    neighbours = canton_neighbours()
    assert set(neighbours) == set(Canton.objects.values_list("code", flat=True))
    for canton, around in neighbours.items():
        assert around and canton not in around
        assert all(canton in neighbours[other] for other in around), canton
    assert set(neighbours["GE"]) == {"VD"}
    assert set(neighbours["TI"]) == {"GR", "UR", "VS"}
    assert "_comment" in json.loads(NEIGHBOURS_FILE.read_text())


@pytest.fixture
def cancer(directory, centre_vd):  # type: ignore[no-untyped-def]
    """A cancer group in Lausanne, one online, one in Fribourg, and an unpublished one."""
    theme = Theme.objects.get(code="cancer")

    def group(name, canton, **fields):  # type: ignore[no-untyped-def]
        made = make_group(
            name=name,
            canton_id=canton,
            municipality="X",
            postal_code="1000",
            centre=centre_vd,
            **fields,
        )
        made.themes.add(theme)
        made.languages.add("fr")
        return made

    return {
        "vd": group("Cancer Lausanne", "VD"),
        "online": group("Cancer en ligne", "ZH", is_online=True),
        "fr": group("Cancer Fribourg", "FR"),
        "closed": group("Cancer fermé", "FR", is_online=True, status=GroupStatus.CLOSED),
    }


@pytest.mark.parametrize(
    "query", ["cancer du sein", "Brustkrebs", "tumore al seno", "breast cancer"]
)
def test_breast_cancer_leads_to_groups_and_to_the_vaud_centre(client, cancer, query) -> None:  # type: ignore[no-untyped-def]
    centre = Organisation.objects.get(code="centre-vd")
    Organisation.objects.filter(pk=centre.pk).update(phone="021 555 12 34", hours="Lu–ve 9–12 h")
    answer = client.get("/api/v1/groups", {"q": query, "near": "1003", "lang": "fr"}).json()
    assert [g["name"] for g in answer["results"]] == ["Gruppo tumore al seno"]
    assert answer["broader"] == [{"theme": "cancer", "label": "Cancer", "count": 4}]
    assert answer["online"] == 1  # the closed online group is not counted
    assert answer["neighbours"] == [{"canton": "FR", "count": 1}]
    assert answer["centre"]["code"] == "centre-vd"
    assert answer["centre"]["phone"] == "021 555 12 34"
    assert answer["founding"].endswith("/groups/founding/")
    html = client.get("/fr/groups/", {"q": query, "near": "1003"}).content.decode()
    assert "021 555 12 34" in html and "Lu–ve 9–12 h" in html
    assert "Cancer fermé" not in html
    assert html.index("Cancer") < html.index("en ligne") < html.index("Fribourg")
    assert "/groups/founding/" in html


def test_a_word_of_a_theme_suggests_the_theme_and_its_broader_one(client, cancer) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/api/v1/groups", {"q": "seno", "lang": "it"}).json()
    assert {b["theme"] for b in answer["broader"]} == {"breast-cancer", "cancer"}
    assert answer["centre"] is None  # no canton or place: the page links the list of centres


def test_enough_results_offer_nothing_more(client, cancer) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/api/v1/groups", {"q": "cancer"}).json()
    assert answer["count"] == 4 and answer["broader"]  # 4 < 5: still few
    make_group(
        name="Cancer Nyon",
        canton_id="VD",
        municipality="Nyon",
        postal_code="1260",
        centre=cancer["vd"].centre,
    ).themes.add(Theme.objects.get(code="cancer"))
    answer = client.get("/api/v1/groups", {"q": "cancer"}).json()
    assert answer["count"] == 5 and "broader" not in answer and "centre" not in answer


@pytest.mark.parametrize(
    ("query", "kind"),
    [("de la", "small words"), ("du", "small words"), ("ab", "too short"), ("x", "too short")],
)
def test_small_words_or_two_letters_explain_what_to_type(client, directory, query, kind) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/en/groups/", {"q": query}).content.decode()
    assert 'id="id_q_error"' in html and "for example" in html
    assert client.get("/api/v1/groups", {"q": query}).json()["ignored"] == ["q"]


def test_abbreviations_and_canton_codes_are_not_too_short(client, directory) -> None:  # type: ignore[no-untyped-def]
    for query in ("MS", "VD"):
        assert 'id="id_q_error"' not in client.get("/en/groups/", {"q": query}).content.decode()


def test_an_unknown_api_language_is_a_clear_400(client, directory) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/groups", {"lang": "xx"})
    assert response.status_code == 400
    assert "fr, de, it or en" in response.json()["detail"]


def test_trauer_on_the_german_page_lists_german_speaking_groups_first(
    client, directory, centre_vd
) -> None:  # type: ignore[no-untyped-def]
    bereavement = Theme.objects.get(code="bereavement")
    for name, language in [("Aaa Deuil Genève", "fr"), ("Zzz Trauergruppe Bern", "de")]:
        made = make_group(
            name=name, canton_id="BE", municipality="Bern", postal_code="3011", centre=centre_vd
        )
        made.themes.add(bereavement)
        made.languages.add(language)
    for language, first in [("de", "Zzz Trauergruppe Bern"), ("fr", "Aaa Deuil Genève")]:
        names = [
            g.name for g in result_page(find_groups("Trauer", {}, language=language), 1).groups
        ]
        assert names[0] == first, language
    html = client.get("/de/groups/", {"q": "Trauer"}).content.decode()
    assert html.index("Zzz Trauergruppe Bern") < html.index("Aaa Deuil Genève")
    by_name = client.get("/de/groups/", {"q": "Trauer", "sort": "name"}).content.decode()
    assert by_name.index("Aaa Deuil Genève") < by_name.index("Zzz Trauergruppe Bern")
    answer = client.get("/api/v1/groups", {"q": "Trauer", "lang": "de"}).json()
    assert answer["results"][0]["name"] == "Zzz Trauergruppe Bern"
    assert Group.objects.count() >= 8


def test_the_offers_take_the_same_queries_however_many_they_count(client, cancer) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"q": "Brustkrebs", "near": "1003"}
    client.get("/fr/groups/", params)  # the thesaurus is read once per change
    with CaptureQueriesContext(connection) as few:
        client.get("/fr/groups/", params)
    theme = Theme.objects.get(code="cancer")
    for canton in ("BE", "NE", "VS", "GE"):
        make_group(
            name=f"Krebs {canton}",
            canton_id=canton,
            municipality="X",
            postal_code="1000",
            centre=cancer["vd"].centre,
            is_online=True,
        ).themes.add(theme)
    with CaptureQueriesContext(connection) as many:
        html = client.get("/fr/groups/", params).content.decode()
    assert "Neuchâtel" in html
    assert len(few) == len(many)
