"""What no active regional centre can take goes to the national office, which hands it over."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entraide.accounts.models import Organisation, OrganisationKind, Role
from entraide.centres.models import ContactRequest, ListingProposal
from entraide.centres.services.office import office_proposal_hand_over, office_request_hand_over
from entraide.centres.services.requests import remind_waiting_requests
from entraide.core.models import AuditEntry, OutboxMessage
from entraide.directory.models import Theme
from tests.centres.test_contact_request import VALID

SENDER = {"sender_name": "Louise", "sender_email": "louise@example.org", "consent": "on"}


@pytest.fixture
def office(db) -> Organisation:  # type: ignore[no-untyped-def]
    return Organisation.objects.get(kind=OrganisationKind.NATIONAL_OFFICE)


@pytest.fixture
def uncovered(db) -> str:  # type: ignore[no-untyped-def]
    """Valais loses its centre: no active regional centre covers it."""
    for centre in Organisation.objects.filter(cantons="VS"):
        centre.cantons.remove("VS")
    return "VS"


def propose(client, theme_pk: int, canton: str):  # type: ignore[no-untyped-def]
    data = {
        "name": "Hyperacousie Sion",
        "themes": [theme_pk],
        "group_type": "self_managed",
        "audience": "affected",
        "languages": ["fr"],
        "canton": canton,
        "municipality": "Sion",
        "postal_code": "1950",
        "contact_mode": "centre",
        **SENDER,
    }
    return client.post("/fr/groups/propose/", data)


def _theme() -> Theme:
    return Theme.objects.create(code="hyperacusis-o", category="somatic", label="Hyperacousie-o")


def test_a_proposal_in_a_canton_without_a_centre_goes_to_the_national_office(
    client, office, uncovered, demo_users
) -> None:  # type: ignore[no-untyped-def]
    assert propose(client, _theme().pk, uncovered).status_code == 302
    proposal = ListingProposal.objects.get()
    assert proposal.centre == office
    coordinator = demo_users[Role.NATIONAL_COORDINATOR]
    told = OutboxMessage.objects.filter(kind="office_item_received")
    assert list(told.values_list("to_email", flat=True)) == [coordinator.email]
    assert "Louise" not in told.get().body


def test_a_contact_request_for_a_group_of_a_deactivated_centre_goes_to_the_office(
    client, office, directory, demo_users
) -> None:  # type: ignore[no-untyped-def]
    group = directory["deuil"]
    Organisation.objects.filter(pk=group.centre_id).update(is_active=False)
    assert client.post(f"/fr/groups/{group.pk}/contact/", VALID).status_code == 302
    request = ContactRequest.objects.get()
    assert (request.centre, request.group) == (office, group)
    told = OutboxMessage.objects.get(kind="office_item_received")
    assert told.to_email == demo_users[Role.NATIONAL_COORDINATOR].email
    assert "Marie" not in told.body and "mars" not in told.body
    # The coordinator does not read the request itself (health-related data).
    coordinator = demo_users[Role.NATIONAL_COORDINATOR]
    assert not ContactRequest.objects.visible_to(coordinator).exists()


def test_the_three_day_reminder_leaves_what_waits_at_the_office_alone(
    client, office, directory
) -> None:  # type: ignore[no-untyped-def]
    group = directory["deuil"]
    Organisation.objects.filter(pk=group.centre_id).update(is_active=False)
    client.post(f"/fr/groups/{group.pk}/contact/", VALID)
    later = timezone.now() + timedelta(days=30)
    assert remind_waiting_requests(now=later) == 0
    assert ContactRequest.objects.get().reminded_at is None


def test_an_active_centre_still_receives_its_own(client, directory, office) -> None:  # type: ignore[no-untyped-def]
    group = directory["deuil"]
    assert client.post(f"/fr/groups/{group.pk}/contact/", VALID).status_code == 302
    assert ContactRequest.objects.get().centre == group.centre
    assert not OutboxMessage.objects.filter(kind="office_item_received").exists()


def test_the_coordinator_hands_items_over_and_the_centre_works_them(
    client, client_for, office, uncovered, directory, demo_users
) -> None:  # type: ignore[no-untyped-def]
    propose(client, _theme().pk, uncovered)
    group = directory["deuil"]
    Organisation.objects.filter(pk=group.centre_id).update(is_active=False)
    client.post(f"/fr/groups/{group.pk}/contact/", VALID)
    Organisation.objects.filter(pk=group.centre_id).update(is_active=True)
    vaud = Organisation.objects.get(code="centre-vd")
    vaud.cantons.add(uncovered)  # the canton gets a centre: the page suggests it
    coordinator = client_for(Role.NATIONAL_COORDINATOR)
    page = coordinator.get("/fr/regions/without-centre/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hyperacousie Sion" in html and "Marie" not in html and "mars" not in html
    assert [row["suggested"] for row in page.context["rows"]] == [vaud, vaud]
    proposal = ListingProposal.objects.get()
    request = ContactRequest.objects.get()
    for item in (f"proposal:{proposal.pk}", f"request:{request.pk}"):
        response = coordinator.post(
            "/fr/regions/without-centre/", {"item": item, "centre": vaud.pk}
        )
        assert response.status_code == 302
    proposal.refresh_from_db()
    request.refresh_from_db()
    assert proposal.centre == vaud and request.centre == vaud
    entry = AuditEntry.objects.filter(
        object_type="directory.contactrequest", object_id=str(request.pk)
    ).latest("at")
    assert entry.changes == {"centre": [office.pk, vaud.pk]}
    staff = client_for(Role.CENTRE_STAFF)  # the Vaud centre's staff now read them
    assert staff.get(f"/fr/centre/centre-vd/requests/{request.pk}/").status_code == 200
    assert staff.get(f"/fr/centre/centre-vd/proposals/{proposal.pk}/").status_code == 200
    assert OutboxMessage.objects.filter(kind="contact_request_received").exists()
    assert OutboxMessage.objects.filter(kind="proposal_received").exists()
    # Handed over once: a second time is refused with a message, never a 500.
    again = coordinator.post(
        "/fr/regions/without-centre/", {"item": f"request:{request.pk}", "centre": vaud.pk}
    )
    assert again.status_code == 404
    assert "Nothing waits" in coordinator.get("/en/regions/without-centre/").content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"item": "nonsense", "centre": "1"},
        {"item": "request:1", "centre": "999999"},
        {},
    ],
)
def test_bad_input_on_the_hand_over_is_a_400_not_a_500(client_for, office, data) -> None:  # type: ignore[no-untyped-def]
    response = client_for(Role.NATIONAL_COORDINATOR).post("/fr/regions/without-centre/", data)
    assert response.status_code == 400


def test_only_the_national_coordinator_hands_over_to_an_active_regional_centre(
    client, office, uncovered, demo_users
) -> None:  # type: ignore[no-untyped-def]
    propose(client, _theme().pk, uncovered)
    proposal = ListingProposal.objects.get()
    with pytest.raises(PermissionDenied):
        office_proposal_hand_over(
            by=demo_users[Role.CENTRE_STAFF],
            proposal=proposal,
            centre=Organisation.objects.get(code="centre-vd"),
        )
    with pytest.raises(ValidationError):
        office_proposal_hand_over(
            by=demo_users[Role.NATIONAL_COORDINATOR], proposal=proposal, centre=office
        )
    vaud = Organisation.objects.get(code="centre-vd")
    request = ContactRequest.objects.create(
        centre=vaud,
        name="X",
        email="x@example.org",
        language="fr",
        consented_at=proposal.created_at,
    )
    with pytest.raises(ValidationError):  # not at the office
        office_request_hand_over(
            by=demo_users[Role.NATIONAL_COORDINATOR], request=request, centre=vaud
        )


def test_the_office_page_runs_a_constant_number_of_queries(
    client, client_for, office, uncovered
) -> None:  # type: ignore[no-untyped-def]
    coordinator = client_for(Role.NATIONAL_COORDINATOR)
    theme = _theme()
    propose(client, theme.pk, uncovered)
    with CaptureQueriesContext(connection) as one:
        assert coordinator.get("/fr/regions/without-centre/").status_code == 200
    for _ in range(3):
        propose(client, theme.pk, uncovered)
    with CaptureQueriesContext(connection) as four:
        assert coordinator.get("/fr/regions/without-centre/").status_code == 200
    assert len(four) == len(one)


def test_the_coordinators_home_page_warns_of_cantons_without_a_centre(
    client, client_for, office, uncovered
) -> None:  # type: ignore[no-untyped-def]
    coordinator = client_for(Role.NATIONAL_COORDINATOR)
    html = coordinator.get("/en/").content.decode()
    assert "No active regional centre covers these cantons: Valais (VS)" in html
    assert "Waiting at the national office" not in html
    propose(client, _theme().pk, uncovered)
    with CaptureQueriesContext(connection) as queries:
        html = coordinator.get("/en/").content.decode()
    assert "Waiting at the national office for a regional centre: 1." in html
    propose(client, int(ListingProposal.objects.get().data["themes"][0]), uncovered)
    with CaptureQueriesContext(connection) as again:
        coordinator.get("/en/")
    assert len(again) == len(queries)
    # Nobody else is warned.
    assert (
        "No active regional centre"
        not in client_for(Role.CENTRE_STAFF).get("/en/").content.decode()
    )


def test_a_group_of_a_deactivated_centre_moves_with_its_request_to_the_centre_covering_it(
    client, client_for, office, directory, demo_users
) -> None:  # type: ignore[no-untyped-def]
    group = directory["deuil"]
    old = group.centre
    Organisation.objects.filter(pk=old.pk).update(is_active=False)
    client.post(f"/fr/groups/{group.pk}/contact/", VALID)
    request = ContactRequest.objects.get()
    coordinator = client_for(Role.NATIONAL_COORDINATOR)
    geneva = Organisation.objects.get(code="centre-ge")
    # Geneva does not cover the group's canton: refused, with the reason next to the choice.
    refused = coordinator.post(
        "/fr/regions/without-centre/", {"item": f"request:{request.pk}", "centre": geneva.pk}
    )
    assert refused.status_code == 400
    assert geneva.name in refused.context["form"].errors["centre"][0]
    request.refresh_from_db()
    assert request.centre == office
    # Geneva takes the canton over: the group follows its request there.
    geneva.cantons.add(group.canton_id)
    assert (
        coordinator.post(
            "/fr/regions/without-centre/", {"item": f"request:{request.pk}", "centre": geneva.pk}
        ).status_code
        == 302
    )
    group.refresh_from_db()
    request.refresh_from_db()
    assert group.centre == geneva and request.centre == geneva
    assert AuditEntry.objects.filter(
        object_type="directory.group", object_id=str(group.pk)
    ).exists()


def test_a_new_group_is_handed_over_only_to_a_centre_covering_its_canton(
    client, office, uncovered, demo_users
) -> None:  # type: ignore[no-untyped-def]
    propose(client, _theme().pk, uncovered)
    proposal = ListingProposal.objects.get()
    vaud = Organisation.objects.get(code="centre-vd")
    coordinator = demo_users[Role.NATIONAL_COORDINATOR]
    with pytest.raises(ValidationError):
        office_proposal_hand_over(by=coordinator, proposal=proposal, centre=vaud)
    vaud.cantons.add(uncovered)
    office_proposal_hand_over(by=coordinator, proposal=proposal, centre=vaud)
    proposal.refresh_from_db()
    assert proposal.centre == vaud
