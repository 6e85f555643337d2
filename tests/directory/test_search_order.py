"""Result pages in the right order, read from the index as the database would sort them.

On SQLite a page is read from the full-text index in the groups' name order
(``Group.search_order``); on PostgreSQL the planner sorts. Either way the
pages must be what sorting every match by hand gives: groups found on the
themes asked for first, then by folded name; with a place, by distance first.
"""

from __future__ import annotations

import random

import pytest
from django.db import connection

from entraide.core.lib.text import fold
from entraide.directory import ordering
from entraide.directory.indexing import group_save, groups_bulk_create, groups_refresh_search_text
from entraide.directory.models import Group, GroupStatus, Theme
from entraide.directory.places import find_place
from entraide.directory.search import PAGE_SIZE, find_groups, result_page, search_groups
from tests.conftest import make_group

NAMES = ["Zèbre", "éveil", "Abeille", "abeille", "Été", "Œuvre", "ÉCOUTE", "Ulysse", "ours"]


def make_mixed_groups(centre, n: int = 90) -> list[Group]:  # type: ignore[no-untyped-def]
    """Groups with accented and cased names, on a theme or only mentioning it, spread around."""
    rng = random.Random(11)
    depression = Theme.objects.get(code="depression")
    groups = []
    for i in range(n):
        on_theme = i % 3 != 0
        group = make_group(
            name=f"{NAMES[i % len(NAMES)]} {rng.randrange(1000)}",
            description="" if on_theme else "On y parle aussi de dépression.",
            canton_id=rng.choice(["VD", "GE", "VS"]),
            municipality="Lausanne",
            postal_code="1004",
            centre=centre,
            latitude=46.52 + rng.uniform(-0.5, 0.5),
            longitude=6.63 + rng.uniform(-0.6, 0.6),
        )
        if on_theme:
            group.themes.add(depression)
        group.languages.add(rng.choice(["fr", "de"]))
        groups.append(group)
    groups_refresh_search_text(list(Group.objects.select_related("canton")))
    return groups


def by_hand(groups: list[Group], *, canton: str = "", near: str = "") -> list[int]:
    """Every match of "dépression", ordered as the search promises, computed in Python."""
    depression = Theme.objects.get(code="depression")
    found = [
        g
        for g in groups
        if (depression in g.themes.all() or "depression" in fold(g.description))
        and (not canton or g.canton_id == canton)
    ]

    def key(g: Group) -> tuple[object, ...]:
        rank = 0 if depression in g.themes.all() else 1
        name = (fold(g.name), g.pk)
        if not near:
            return (rank, name)
        place = find_place(near)
        assert place is not None
        if g.latitude is None or g.longitude is None:
            return (float("inf"), rank, name)  # a group without a known place comes last
        dy = g.latitude - place.latitude
        dx = (g.longitude - place.longitude) * place.longitude_scale
        return (dx * dx + dy * dy, rank, name)

    return [g.pk for g in sorted(found, key=key)]


@pytest.mark.parametrize(
    ("facets", "near"), [({}, ""), ({"canton": "VD"}, ""), ({}, "1004"), ({}, "1950")]
)
def test_every_page_is_the_slice_of_the_order_by_hand(directory, centre_vd, facets, near) -> None:  # type: ignore[no-untyped-def]
    groups = [*make_mixed_groups(centre_vd), directory["depression"], directory["mention"]]
    groups = [Group.objects.get(pk=g.pk) for g in groups]
    expected = by_hand(groups, canton=facets.get("canton", ""), near=near)
    pages = -(-len(expected) // PAGE_SIZE)
    assert pages >= 2
    for number in range(1, pages + 1):
        found = result_page(find_groups("dépression", facets, near), number)
        assert found.count == len(expected)
        assert [g.pk for g in found.groups] == expected[(number - 1) * 20 : number * 20], number


def test_names_are_ordered_without_regard_to_accents_and_case(directory, centre_vd) -> None:  # type: ignore[no-untyped-def]
    for name in ["Zèbre", "éveil", "Abeilles", "été", "ours"]:
        make_group(
            name=name, canton_id="VD", municipality="Nyon", postal_code="1260", centre=centre_vd
        )
    listed = [g.name for g in result_page(find_groups("", {"canton": "VD"}), 1).groups]
    assert listed == ["Abeilles", "été", "éveil", "Groupe deuil Lausanne", "ours", "Zèbre"]
    assert [g.name for g in search_groups("").filter(canton_id="VD")] == listed


def test_a_renamed_group_moves_in_the_order(directory) -> None:  # type: ignore[no-untyped-def]
    group = directory["ms"]
    group.name = "Aaa MS-Gruppe"
    group_save(group)
    assert result_page(find_groups("", {}), 1).groups[0] == group
    group.name = "Zzz MS-Gruppe"
    group_save(group, update_fields=["name"])
    assert result_page(find_groups("", {}), 1).groups[-1] == group


def test_when_no_number_is_left_between_two_names_every_group_is_renumbered(
    directory, centre_vd, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(ordering, "GAP", 4)
    ordering.renumber_all()
    # Each new name falls just after "Café rencontre": the gap halves until nothing is left.
    for i in range(6):
        make_group(
            name=f"Café rencontre {'z' * (6 - i)}",
            canton_id="GE",
            municipality="Genève",
            postal_code="1201",
            centre=centre_vd,
        )
    numbers = list(Group.objects.values_list("search_order", flat=True))
    assert len(set(numbers)) == len(numbers)
    by_number = [g.name for g in Group.objects.order_by("search_order")]
    assert by_number == sorted(by_number, key=fold)
    assert [g.name for g in result_page(find_groups("", {"canton": "GE"}), 1).groups] == [
        name for name in by_number if name.startswith("Café")
    ]


def test_the_index_follows_status_themes_languages_place_and_deletion(directory) -> None:  # type: ignore[no-untyped-def]
    group = directory["deuil"]

    def found(query: str, **facets: str) -> bool:
        search = find_groups(query, facets)
        return group in result_page(search, 1).groups and group in search.groups

    assert found("deuil") and found("", language="fr") and found("", canton="VD")
    group.status = GroupStatus.PAUSED
    group_save(group)
    assert not found("deuil") and not found("")
    group.status = GroupStatus.ACTIVE
    group.is_listed = False
    group_save(group)
    assert not found("deuil")
    group.is_listed = True
    group.canton_id = "FR"
    group_save(group)
    assert found("deuil", canton="FR") and not found("deuil", canton="VD")
    group.languages.remove("fr")
    group.languages.add("de")
    assert found("", language="de") and not found("", language="fr")
    group.themes.add(Theme.objects.get(code="adhd"))
    assert found("TDAH") and found("", theme="adhd")
    group.themes.clear()
    assert not found("TDAH") and not found("Trauer")
    assert found("deuil")  # still in its name
    group.delete()
    assert not result_page(find_groups("deuil", {}), 1).groups


def test_groups_created_in_bulk_are_found_at_once(directory, centre_vd) -> None:  # type: ignore[no-untyped-def]
    groups_bulk_create(
        [
            Group(
                name=name, canton_id="VS", municipality="Sion", postal_code="1950", centre=centre_vd
            )
            for name in ("Zoé", "Après-midi")
        ]
    )
    found = result_page(find_groups("", {"canton": "VS"}), 1)
    assert [g.name for g in found.groups] == ["Après-midi", "Zoé"] and found.count == 2
    assert [g.name for g in result_page(find_groups("Sion", {}), 1).groups] == ["Après-midi", "Zoé"]


def test_groups_left_without_a_number_are_numbered_by_the_periodic_job(directory) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from entraide.directory.jobs import place_new_groups_in_name_order

    Group.objects.filter(pk=directory["ms"].pk).update(search_order=None)  # as raw SQL might
    # The index holds numbered groups only.
    assert directory["ms"] not in result_page(find_groups("", {}), 1).groups
    assert place_new_groups_in_name_order(now=timezone.now()) == "1 groups numbered"
    assert directory["ms"] in result_page(find_groups("", {}), 1).groups
    assert place_new_groups_in_name_order(now=timezone.now()) == "0 groups numbered"


def test_a_save_from_an_instance_read_before_a_renumbering_keeps_the_new_number(directory) -> None:  # type: ignore[no-untyped-def]
    stale = Group.objects.get(pk=directory["ms"].pk)
    ordering.renumber_all()
    fresh = Group.objects.get(pk=stale.pk).search_order
    stale.description = "Neu beschrieben."
    group_save(stale)
    assert Group.objects.get(pk=stale.pk).search_order == fresh
    assert stale in result_page(find_groups("beschrieben", {}), 1).groups


def test_two_groups_given_the_same_number_at_once_do_not_fail(
    directory, centre_vd, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # The first attempt takes the number a concurrent save has just taken.
    taken = Group.objects.get(pk=directory["deuil"].pk).search_order
    real = ordering._number_between_neighbours
    calls = iter([taken])
    monkeypatch.setattr(
        ordering, "_number_between_neighbours", lambda g: next(calls, None) or real(g)
    )
    group = make_group(
        name="Groupe deuil Lausanne bis",
        canton_id="VD",
        municipality="Lausanne",
        postal_code="1004",
        centre=centre_vd,
    )
    assert group.search_order not in (None, taken)
    assert [g.name for g in result_page(find_groups("deuil lausanne", {}), 1).groups] == [
        "Groupe deuil Lausanne",
        "Groupe deuil Lausanne bis",
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("flushable_audit_trail")
def test_a_later_migration_that_rebuilds_the_groups_table_keeps_the_search_index() -> None:
    """SQLite rebuilds a table for most column changes; the index must survive it."""
    from entraide.accounts.models import Organisation
    from entraide.directory.schema import restore_search_index, set_aside_search_index

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL alters columns in place")
    centre = Organisation.objects.get(code="centre-vd")
    make_group(name="Avant", canton_id="VD", municipality="Nyon", postal_code="1260", centre=centre)
    old = Group._meta.get_field("municipality")
    new = Group._meta.get_field("municipality").clone()
    new.set_attributes_from_name("municipality")
    new.max_length = 120
    for before, after in ((old, new), (new, old)):
        set_aside_search_index(None, using="default", plan=["a migration"])
        with connection.schema_editor() as editor:
            editor.alter_field(Group, before, after, strict=True)
        restore_search_index(None, using="default")
    make_group(name="Après", canton_id="VD", municipality="Nyon", postal_code="1260", centre=centre)
    assert [g.name for g in result_page(find_groups("Nyon", {}), 1).groups] == ["Après", "Avant"]
