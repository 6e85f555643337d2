"""Places: postal codes and town names to coordinates, and ordering the results by distance."""

from __future__ import annotations

import pytest

from entraide.directory.indexing import group_save, groups_bulk_create
from entraide.directory.models import Group
from entraide.directory.places import distance_km, find_place, locate
from entraide.directory.search import find_groups


@pytest.mark.parametrize(
    ("text", "name", "canton"),
    [
        ("1004", "Lausanne", "VD"),
        ("CH-8400", "Winterthur", "ZH"),
        ("1004 Lausanne", "Lausanne", "VD"),
        ("Zürich", "Zürich", "ZH"),
        ("zuerich", "Zürich", "ZH"),
        ("GENF", "Genève", "GE"),
        ("Ginevra", "Genève", "GE"),
        ("Delémont", "Delémont", "JU"),
        ("Bellinzona", "Bellinzona", "TI"),
    ],
)
def test_a_place_is_found_by_postal_code_or_name_in_any_spelling(text, name, canton) -> None:  # type: ignore[no-untyped-def]
    place = find_place(text)
    assert place is not None
    assert (place.name, place.canton) == (name, canton)


@pytest.mark.parametrize("text", ["", "   ", "0000", "Atlantis", "*:NEAR", "😀" * 200])
def test_an_unknown_place_is_none(text) -> None:  # type: ignore[no-untyped-def]
    assert find_place(text) is None


def test_a_postal_code_on_a_cantonal_border_takes_the_side_of_the_municipality() -> None:
    # 8640 covers Rapperswil (SG) and Hurden (SZ).
    latitude, longitude = locate("8640", "Rapperswil-Jona") or (0, 0)
    rapperswil = find_place("Rapperswil-Jona")
    assert rapperswil is not None and rapperswil.canton == "SG"
    assert (latitude, longitude) == (rapperswil.latitude, rapperswil.longitude)


def test_distances_are_great_circle_kilometres() -> None:
    lausanne, geneva = find_place("1004"), find_place("1201")
    assert lausanne and geneva
    assert (
        50
        < distance_km(lausanne.latitude, lausanne.longitude, geneva.latitude, geneva.longitude)
        < 56
    )


def test_results_are_ordered_by_distance_from_the_place(directory) -> None:  # type: ignore[no-untyped-def]
    for group in Group.objects.all():
        place = find_place(group.municipality)
        group.latitude, group.longitude = (
            (place.latitude, place.longitude) if place else (None, None)
        )
        group_save(group, update_fields=["latitude", "longitude"])
    search = find_groups("", {}, "Bern")
    names = [g.name for g in search.groups if g.latitude is not None]
    assert names[0] == "MS-Gruppe Bern"
    assert names.index("Groupe TDAH adultes") < names.index("Groupe deuil Lausanne")  # Neuchâtel
    assert names.index("Groupe deuil Lausanne") < names.index("Gruppo tumore al seno")  # Lugano
    assert search.place is not None and not search.place_unknown


def test_an_unknown_place_keeps_the_results_and_says_so(client, directory) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/en/groups/", {"q": "Trauer", "near": "Atlantis"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    html = response.content.decode()
    assert "We do not know the place" in html
    assert 'aria-invalid="true"' in html
    assert 'value="Atlantis"' in html


def test_the_search_page_shows_the_distance(client, directory) -> None:  # type: ignore[no-untyped-def]
    Group.objects.filter(municipality="Lausanne").update(latitude=46.516, longitude=6.6328)
    html = client.get("/en/groups/", {"q": "Trauer", "near": "1201"}).content.decode()
    geneva = find_place("1201")
    assert geneva is not None
    expected = round(distance_km(geneva.latitude, geneva.longitude, 46.516, 6.6328))
    assert (
        "Groups where English is spoken first, then nearest to 1201 Genève, then by name." in html
    )
    assert f"about {expected} km away" in html
    by_distance = client.get("/en/groups/", {"q": "Trauer", "near": "1201", "sort": "distance"})
    assert "Nearest to 1201 Genève first." in by_distance.content.decode()


def test_the_nearby_shortcut_gives_the_same_pages_as_the_full_sort(directory, centre_vd) -> None:  # type: ignore[no-untyped-def]
    import random

    from entraide.directory import search as search_module
    from entraide.directory.search import result_page

    rng = random.Random(7)
    groups_bulk_create(
        Group(
            name=f"Groupe {i:03}",
            canton_id="VD",
            municipality="Lausanne",
            postal_code="1004",
            centre=centre_vd,
            latitude=46.5 + rng.uniform(-0.3, 0.3),
            longitude=6.6 + rng.uniform(-0.4, 0.4),
        )
        for i in range(120)
    )
    for number in (1, 2, 3, 6):
        fast = [g.pk for g in result_page(find_groups("", {}, "1004"), number).groups]
        saved = search_module._nearby_page_ids
        search_module._nearby_page_ids = lambda search, offset: None  # type: ignore[assignment]
        try:
            full = [g.pk for g in result_page(find_groups("", {}, "1004"), number).groups]
        finally:
            search_module._nearby_page_ids = saved  # type: ignore[assignment]
        assert fast == full, number
    # The shortcut is taken for the first page (plenty of groups within 30 km)...
    first = find_groups("", {}, "1004")
    assert search_module._nearby_page_ids(first, 0) is not None
    # ...and not far down the list, where the box holds too few.
    assert search_module._nearby_page_ids(first, 100) is None
