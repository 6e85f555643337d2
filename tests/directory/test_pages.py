"""The public search page and group page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.directory.indexing import groups_bulk_create
from entraide.directory.models import Group, GroupStatus


def make_groups(n: int, centre) -> None:  # type: ignore[no-untyped-def]
    from entraide.directory.indexing import groups_refresh_search_text
    from entraide.directory.models import Theme

    theme = Theme.objects.get(code="depression")
    groups = groups_bulk_create(
        Group(
            name=f"Groupe {i:03}",
            canton_id="VD",
            municipality="Vevey",
            postal_code="1800",
            centre=centre,
        )
        for i in range(n)
    )
    for group in groups:
        group.themes.add(theme)
        group.languages.add("fr")
    groups_refresh_search_text(list(Group.objects.select_related("canton")))


def test_the_search_page_finds_and_counts(client, directory) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/de/groups/", {"q": "Trauer"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Groupe deuil Lausanne" in html
    assert response.context["page"].paginator.count == 1
    assert ("VD", "Waadt", 1) in response.context["facets"]["canton"]


def test_facets_combine_with_the_query(client, directory) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/fr/groups/", {"q": "dépression", "canton": "GE"})
    assert [g.name for g in response.context["page"].object_list] == ["Café rencontre"]


@pytest.mark.parametrize(
    "params",
    [
        {"canton": "XX"},
        {"theme": "no-such-theme"},
        {"language": "zz", "online": "maybe"},
        {"type": "<script>"},
        {"page": "9999"},
        {"page": "-1"},
        {"q": "\x00" * 10 + "😀" * 300},
    ],
)
def test_bad_input_gets_a_clear_answer_never_an_error(client, directory, params) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/fr/groups/", params)
    assert response.status_code == 200
    if set(params) - {"page", "q"}:
        assert response.context["ignored"]


def test_the_empty_state_suggests_wider_searches(client, directory) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/en/groups/", {"q": "Trauer", "canton": "TI"}).content.decode()
    assert "Search again without the filters" in html


def test_the_search_page_runs_the_same_queries_for_10_and_200_results(
    client, directory, centre_vd
) -> None:  # type: ignore[no-untyped-def]
    make_groups(10, centre_vd)
    client.get("/fr/groups/", {"q": "dépression"})  # the thesaurus is read once per change
    with CaptureQueriesContext(connection) as ten:
        client.get("/fr/groups/", {"q": "dépression"})
    make_groups(190, centre_vd)
    with CaptureQueriesContext(connection) as two_hundred:
        response = client.get("/fr/groups/", {"q": "dépression"})
    assert response.context["page"].paginator.count >= 200
    assert len(two_hundred.captured_queries) == len(ten.captured_queries)


def test_a_group_page_hides_the_exact_address_unless_allowed(client, directory) -> None:  # type: ignore[no-untyped-def]
    group = directory["deuil"]
    Group.objects.filter(pk=group.pk).update(address="Rue Secrète 7")
    html = client.get(f"/fr/groups/{group.pk}/").content.decode()
    assert "Rue Secrète" not in html
    assert "entraide Vaud" in html
    Group.objects.filter(pk=group.pk).update(show_address=True)
    assert "Rue Secrète 7" in client.get(f"/fr/groups/{group.pk}/").content.decode()


def test_a_closed_group_is_not_public(client, client_for, directory) -> None:  # type: ignore[no-untyped-def]
    group = directory["deuil"]
    Group.objects.filter(pk=group.pk).update(status=GroupStatus.CLOSED)
    assert client.get(f"/fr/groups/{group.pk}/").status_code == 404
    assert client.get("/fr/groups/", {"q": "deuil"}).context["page"].paginator.count == 0
    # Its centre still sees it.
    assert client_for("centre_staff").get(f"/fr/groups/{group.pk}/").status_code == 200
    assert client_for("group_contact").get(f"/fr/groups/{group.pk}/").status_code == 404


def test_the_pager_keeps_the_query_and_the_filters(client, directory, centre_vd) -> None:  # type: ignore[no-untyped-def]
    make_groups(30, centre_vd)
    html = client.get("/fr/groups/", {"q": "dépression", "canton": "VD"}).content.decode()
    assert 'href="?canton=VD&amp;q=d%C3%A9pression&amp;page=2" rel="next"' in html
    second = client.get("/fr/groups/", {"q": "dépression", "canton": "VD", "page": "2"})
    assert second.context["page"].number == 2
    assert len(second.context["page"].object_list) == 10


def test_the_group_page_carries_schema_org_markup(client, directory) -> None:  # type: ignore[no-untyped-def]
    from entraide.directory.models import Rhythm

    group = directory["deuil"]
    Group.objects.filter(pk=group.pk).update(rhythm=Rhythm.WEEKLY, weekday=1)
    html = client.get(f"/fr/groups/{group.pk}/").content.decode()
    for fragment in [
        'itemtype="https://schema.org/Organization"',
        '<h1 itemprop="name">Groupe deuil Lausanne</h1>',
        '<span itemprop="knowsAbout">Deuil</span>',
        'itemtype="https://schema.org/PostalAddress"',
        '<span itemprop="addressLocality">Lausanne</span>',
        '<meta itemprop="addressCountry" content="CH">',
        'itemprop="parentOrganization"',
        'itemtype="https://schema.org/Event"',
        'itemprop="startDate"',
        '<meta itemprop="alternateName" content="fr">',
    ]:
        assert fragment in html, fragment
    assert 'itemprop="streetAddress"' not in html  # the address is not public


@pytest.mark.parametrize("number", [1, 2, 50, 51, 52, 60])
def test_pages_deep_in_a_long_result_list_are_right(directory, centre_vd, number) -> None:  # type: ignore[no-untyped-def]
    from entraide.directory.search import find_groups, result_page

    make_groups(1030, centre_vd)
    everything = list(find_groups("dépression", {}).groups.values_list("pk", flat=True))
    found = result_page(find_groups("dépression", {}), number, clamp=False)
    assert found.count == len(everything) > 1000
    assert [g.pk for g in found.groups] == everything[(number - 1) * 20 : number * 20]


def test_facet_counts_match_a_count_by_hand(directory, centre_vd) -> None:  # type: ignore[no-untyped-def]
    from collections import Counter

    from entraide.directory.facets import facet_counts
    from entraide.directory.search import find_groups

    make_groups(7, centre_vd)
    Group.objects.filter(name__in=["Groupe 001", "Groupe 002"]).update(
        is_online=True, group_type="online", audience="relatives"
    )
    groups = find_groups("", {}).groups
    counts = facet_counts(groups)
    listed = list(groups.prefetch_related("languages", "themes"))
    assert counts["canton"] == dict(Counter(g.canton_id for g in listed))
    assert counts["type"] == dict(Counter(g.group_type for g in listed))
    assert counts["audience"] == dict(Counter(g.audience for g in listed))
    assert counts["online"] == {"1": sum(g.is_online for g in listed)} == {"1": 2}
    assert counts["language"] == dict(
        Counter(lang.code for g in listed for lang in g.languages.all())
    )
    assert counts["theme"] == dict(Counter(t.code for g in listed for t in g.themes.all()))
