"""The public API: its answers, its bad-input behaviour and its OpenAPI schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from entraide.directory.models import Group, GroupStatus
from entraide.directory.places import distance_km, find_place


def test_themes_best_match_first_with_labels_in_the_language(client, directory) -> None:  # type: ignore[no-untyped-def]
    results = client.get("/api/v1/themes", {"q": "Trauer", "lang": "it"}).json()["results"]
    assert results[0] == {"code": "bereavement", "label": "Lutto", "category": "social"}
    codes = [r["code"] for r in client.get("/api/v1/themes", {"q": "SEP"}).json()["results"]]
    assert codes[0] == "multiple-sclerosis"


def test_themes_without_a_query_list_the_whole_thesaurus(client, directory) -> None:  # type: ignore[no-untyped-def]
    results = client.get("/api/v1/themes", {"lang": "de"}).json()["results"]
    labels = [r["label"] for r in results]
    assert "Trauer" in labels and len(results) >= 6


def test_groups_search_across_languages_with_facets(client, directory) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/api/v1/groups", {"q": "cancro al seno", "lang": "en"}).json()
    assert answer["count"] == 1
    group = answer["results"][0]
    assert group["name"] == "Gruppo tumore al seno"
    assert group["themes"] == [{"code": "breast-cancer", "label": "Breast cancer"}]
    assert group["canton"] == "TI" and group["languages"] == ["it"]
    assert group["url"] == f"http://testserver/en/groups/{group['id']}/"
    answer = client.get("/api/v1/groups", {"q": "dépression", "canton": "GE"}).json()
    assert [g["name"] for g in answer["results"]] == ["Café rencontre"]


def test_groups_near_a_place_carry_their_distance(client, directory) -> None:  # type: ignore[no-untyped-def]
    Group.objects.filter(municipality="Lausanne").update(latitude=46.516, longitude=6.6328)
    answer = client.get("/api/v1/groups", {"q": "deuil", "near": "Genf"}).json()
    assert answer["near"] == "1200 Genève"
    geneva = find_place("Genf")
    assert geneva is not None
    expected = round(distance_km(geneva.latitude, geneva.longitude, 46.516, 6.6328))
    assert 45 < expected < 60
    assert answer["results"][0]["distance_km"] == expected


@pytest.mark.parametrize(
    "params",
    [
        {"page": "9999"},
        {"canton": "XX", "theme": "nope", "language": "zz"},
        {"q": '"*: NEAR OR -'},
        {"q": "\x00\x1f" + "😀" * 500},
        {"near": "Atlantis"},
    ],
)
def test_groups_bad_input_gets_an_answer(client, directory, params) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/groups", params)
    assert response.status_code == 200
    assert "count" in response.json()


def test_unknown_filters_are_named_and_codes_are_read_in_any_case(client, directory) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/api/v1/groups", {"canton": "XX", "theme": "nope", "q": "deuil"}).json()
    assert answer["ignored"] == ["canton", "theme"]
    assert answer["count"] == 1
    answer = client.get("/api/v1/groups", {"canton": "vd", "theme": "BEREAVEMENT"}).json()
    assert answer["ignored"] == []
    assert [g["name"] for g in answer["results"]] == ["Groupe deuil Lausanne"]


@pytest.mark.parametrize("params", [{"page": "0"}, {"page": "x"}, {"sort": "xx"}])
def test_groups_invalid_parameters_get_a_422(client, directory, params) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/groups", params).status_code == 422


def test_a_group_that_is_not_public_is_a_404(client, directory) -> None:  # type: ignore[no-untyped-def]
    group = directory["deuil"]
    assert client.get(f"/api/v1/groups/{group.pk}").json()["name"] == "Groupe deuil Lausanne"
    Group.objects.filter(pk=group.pk).update(status=GroupStatus.CLOSED)
    assert client.get(f"/api/v1/groups/{group.pk}").status_code == 404


def test_a_group_hides_its_address_unless_allowed(client, directory) -> None:  # type: ignore[no-untyped-def]
    group = directory["deuil"]
    Group.objects.filter(pk=group.pk).update(address="Rue Secrète 3", show_address=False)
    assert client.get(f"/api/v1/groups/{group.pk}").json()["address"] == ""
    Group.objects.filter(pk=group.pk).update(show_address=True)
    assert client.get(f"/api/v1/groups/{group.pk}").json()["address"] == "Rue Secrète 3"


def test_cantons_in_the_language(client, db) -> None:  # type: ignore[no-untyped-def]
    results = client.get("/api/v1/cantons", {"lang": "de"}).json()["results"]
    assert len(results) == 26
    assert {"code": "VD", "name": "Waadt", "languages": ["fr"]} in results


def test_the_group_search_runs_the_same_queries_for_few_and_many_results(
    client, directory, centre_vd
) -> None:  # type: ignore[no-untyped-def]
    from tests.directory.test_pages import make_groups

    make_groups(5, centre_vd)
    client.get("/api/v1/groups", {"q": "dépression"})  # the thesaurus is read once per change
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/groups", {"q": "dépression"})
    make_groups(100, centre_vd)
    with CaptureQueriesContext(connection) as many:
        answer = client.get("/api/v1/groups", {"q": "dépression"}).json()
    assert answer["count"] > 100 and len(answer["results"]) == 20
    assert len(few) == len(many)


def test_the_schema_is_published(client, db) -> None:  # type: ignore[no-untyped-def]
    schema = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/themes",
        "/api/v1/groups",
        "/api/v1/groups/{group_id}",
        "/api/v1/cantons",
    } <= set(schema["paths"])


def test_the_api_matches_its_schema_and_never_fails(directory, settings) -> None:  # type: ignore[no-untyped-def]
    """schemathesis generates requests from the schema: no 5xx, every answer matches it."""
    from entraide.wsgi import application

    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    # Like Django's test client: the test's connection (and its transaction) must
    # outlive each request, which would otherwise close it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
        operations = [result.ok() for result in schema.get_all_operations()]
        # themes, groups, group, cantons, centres, monitoring/cooperations
        assert len(operations) == 6
        for operation in operations:

            @given(case=operation.as_strategy())
            @hypothesis_settings(
                max_examples=30,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def check(case) -> None:  # type: ignore[no-untyped-def]
                case.call_and_validate()

            check()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
