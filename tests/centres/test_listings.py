"""Listings kept by the centre: publish with the acceptance criteria, edit, pause, close."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.accounts.models import Organisation, Role
from entraide.centres.models import Criterion, ListingAcceptance
from entraide.core.models import AuditEntry, Language
from entraide.directory.indexing import groups_bulk_create
from entraide.directory.models import Group, Theme
from entraide.directory.search import search_groups
from tests.conftest import make_group

ALL_CRITERIA = list(Criterion.values)


@pytest.fixture
def theme(db) -> Theme:  # type: ignore[no-untyped-def]
    return Theme.objects.create(code="grief-l", category="social", label="Deuil-l")


def listing(theme: Theme, **changes) -> dict:  # type: ignore[no-untyped-def]
    data = {
        "name": "Parents en deuil Morges",
        "themes": [theme.pk],
        "description": "Un groupe de parole.",
        "group_type": "self_managed",
        "audience": "affected",
        "languages": ["fr"],
        "rhythm": "monthly",
        "weekday": "1",
        "week_of_month": "2",
        "start_time": "19:00",
        "end_time": "21:00",
        "canton": "VD",
        "municipality": "Morges",
        "postal_code": "1110",
        "venue_accessibility": "unknown",
        "contact_mode": "centre",
        "criteria": ALL_CRITERIA,
    }
    data.update(changes)
    return data


NEW = "/fr/centre/centre-vd/groups/new/"


def test_a_new_group_is_published_with_its_criteria_recorded(client_for, theme, demo_users) -> None:  # type: ignore[no-untyped-def]
    response = client_for(Role.CENTRE_STAFF).post(NEW, listing(theme))
    assert response.status_code == 302
    group = Group.objects.get(name="Parents en deuil Morges")
    assert (group.status, group.centre.code, group.is_listed) == ("active", "centre-vd", True)
    assert group.latitude and group.longitude  # from the postal code
    assert list(group.themes.all()) == [theme]
    acceptance = ListingAcceptance.objects.get(group=group)
    assert acceptance.criteria == sorted(ALL_CRITERIA)
    assert acceptance.accepted_by == demo_users[Role.CENTRE_STAFF]
    assert AuditEntry.objects.filter(
        object_type="directory.group", object_id=str(group.pk)
    ).exists()
    assert group in search_groups("Morges")


def test_a_group_missing_a_criterion_is_not_published_and_the_form_keeps_its_values(
    client_for, theme
) -> None:  # type: ignore[no-untyped-def]
    response = client_for(Role.CENTRE_STAFF).post(NEW, listing(theme, criteria=ALL_CRITERIA[:-1]))
    assert response.status_code == 400
    assert response.context["form"].errors["criteria"]
    assert 'value="Parents en deuil Morges"' in response.content.decode()
    assert not Group.objects.filter(name="Parents en deuil Morges").exists()


def test_bad_input_is_shown_next_to_the_field(client_for, theme) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)
    # A canton outside the centre's region, a direct contact without a way to reach it,
    # an end before the start.
    response = client.post(
        NEW, listing(theme, canton="ZH", contact_mode="direct", end_time="18:00")
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"canton", "contact_email"} <= set(errors)
    assert Group.objects.filter(name="Parents en deuil Morges").count() == 0


def test_pausing_withdraws_a_group_and_publishing_again_checks_the_criteria(
    client_for, theme
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)
    client.post(NEW, listing(theme))
    group = Group.objects.get(name="Parents en deuil Morges")
    status_url = f"/fr/centre/centre-vd/groups/{group.pk}/status/"
    assert client.post(status_url, {"status": "paused"}).status_code == 302
    assert group not in search_groups("Morges")
    response = client.post(status_url, {"status": "active"})
    assert response.status_code == 400 and response.context["status_form"].errors["criteria"]
    group.refresh_from_db()
    assert group.status == "paused"
    client.post(status_url, {"status": "active", "criteria": ALL_CRITERIA})
    group.refresh_from_db()
    assert group.status == "active" and ListingAcceptance.objects.filter(group=group).count() == 2
    client.post(status_url, {"status": "closed"})
    group.refresh_from_db()
    assert group.status == "closed" and group not in search_groups("Morges")


def test_an_edit_is_saved_and_found_at_once(client_for, theme) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)
    client.post(NEW, listing(theme))
    group = Group.objects.get(name="Parents en deuil Morges")
    data = listing(theme, name="Parents endeuillés Morges", languages=["fr", "de"])
    del data["criteria"]
    assert client.post(f"/fr/centre/centre-vd/groups/{group.pk}/", data).status_code == 302
    group.refresh_from_db()
    assert group.name == "Parents endeuillés Morges"
    assert set(group.languages.values_list("code", flat=True)) == {"fr", "de"}
    assert group in search_groups("endeuilles")
    entry = AuditEntry.objects.filter(object_id=str(group.pk), action="update").first()
    assert entry and "name" in entry.changed_fields and "languages" in entry.changed_fields


def test_another_centres_groups_are_404(client_for, theme) -> None:  # type: ignore[no-untyped-def]
    geneva = Organisation.objects.get(code="centre-ge")
    group = make_group(
        name="Groupe de Genève",
        canton_id="GE",
        municipality="Genève",
        postal_code="1204",
        centre=geneva,
    )
    client = client_for(Role.CENTRE_STAFF)
    assert client.get(f"/fr/centre/centre-vd/groups/{group.pk}/").status_code == 404
    response = client.post(f"/fr/centre/centre-vd/groups/{group.pk}/status/", {"status": "closed"})
    assert response.status_code == 404
    assert client.get(f"/fr/centre/centre-ge/groups/{group.pk}/").status_code == 404
    group.refresh_from_db()
    assert group.status == "active"


def test_the_list_of_groups_runs_a_constant_number_of_queries(client_for, centre_vd) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/fr/centre/centre-vd/groups/").status_code == 200
        return len(captured)

    make_group(name="G0", canton_id="VD", municipality="Nyon", postal_code="1260", centre=centre_vd)
    few = queries()
    groups_bulk_create(
        Group(
            name=f"G{n}", canton_id="VD", municipality="Nyon", postal_code="1260", centre=centre_vd
        )
        for n in range(1, 40)
    )
    assert queries() == few
    assert Language.objects.exists()
