"""The national coordinator creates, edits and deactivates organisations and people."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from entraide.accounts import organisations, services
from entraide.accounts.models import Membership, Organisation, Role, User
from entraide.core.models import AuditEntry, Canton


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """The messages these tests read, in English (the catalogues are checked apart)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def test_the_coordinator_creates_a_regional_centre(client_for) -> None:  # type: ignore[no-untyped-def]
    for centre in Organisation.objects.filter(code__in=["centre-zh", "centre-sh"]):
        centre.cantons.clear()
    client = client_for("national_coordinator")
    assert client.get("/en/organisations/new/").status_code == 200
    response = client.post(
        "/en/organisations/new/",
        {
            "kind": "regional_centre",
            "name": "Selbsthilfe Nord",
            "code": "centre-nord",
            "canton": "ZH",
            "cantons": ["ZH", "SH"],
            "email": "nord@example.org",
            "phone": "044 000 00 00",
            "website": "nord.example.org",
            "hours": "Mo–Fr 9–12",
            "languages": ["de", "en"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    centre = Organisation.objects.get(code="centre-nord")
    assert response["Location"] == f"/en/organisations/{centre.pk}/"
    assert sorted(c.code for c in centre.cantons.all()) == ["SH", "ZH"]
    assert sorted(lang.code for lang in centre.languages.all()) == ["de", "en"]
    assert centre.website == "https://nord.example.org"
    assert centre.hours == "Mo–Fr 9–12"
    entry = AuditEntry.objects.get(object_type="accounts.organisation", object_id=str(centre.pk))
    assert entry.action == AuditEntry.Action.CREATE
    page = client.get(f"/en/organisations/{centre.pk}/").content.decode()
    assert "Mo–Fr 9–12" in page and "044 000 00 00" in page


def test_a_canton_covered_by_another_centre_is_refused_next_to_the_field(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national_coordinator")
    response = client.post(
        "/en/organisations/new/",
        {
            "kind": "regional_centre",
            "name": "Centre bis",
            "code": "centre-bis",
            "canton": "GE",
            "cantons": ["GE"],
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The canton GE is already covered by Centre d&#x27;entraide Genève." in page
    assert 'value="Centre bis"' in page  # what was typed stays
    assert not Organisation.objects.filter(code="centre-bis").exists()


def test_the_coordinator_edits_an_organisation(client_for, centre_vd) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national_coordinator")
    page = client.get(f"/en/organisations/{centre_vd.pk}/edit/").content.decode()
    assert 'value="centre-vd"' in page
    response = client.post(
        f"/en/organisations/{centre_vd.pk}/edit/",
        {
            "kind": "regional_centre",
            "name": "Centre d'entraide Vaud",
            "code": "centre-vd",
            "canton": "VD",
            "cantons": ["VD"],
            "email": "new@example.org",
            "languages": ["fr"],
        },
    )
    assert response.status_code == 302
    centre_vd.refresh_from_db()
    assert centre_vd.email == "new@example.org"
    entry = AuditEntry.objects.filter(
        object_type="accounts.organisation", object_id=str(centre_vd.pk)
    ).latest("id")
    assert entry.action == AuditEntry.Action.UPDATE
    assert "email" in entry.changed_fields and "languages" in entry.changed_fields


def test_only_a_regional_centre_keeps_cantons_and_hours(demo_users) -> None:  # type: ignore[no-untyped-def]
    organisation = organisations.organisation_save(
        by=demo_users["national_coordinator"],
        organisation=None,
        kind="member_organisation",
        name="Liga",
        code="liga",
        canton=Canton.objects.get(code="BE"),
        cantons=list(Canton.objects.filter(code="BE")),
        hours="Mo",
    )
    assert organisation.cantons.count() == 0
    assert organisation.hours == ""


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.NATIONAL_COORDINATOR])
def test_other_roles_may_not_manage_organisations(role, demo_users, centre_vd, client_for) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        organisations.organisation_set_active(
            by=demo_users[role], organisation=centre_vd, active=False
        )
    with pytest.raises(PermissionDenied):
        services.person_set_active(by=demo_users[role], user=demo_users[role], active=False)
    response = client_for(role).post(f"/en/organisations/{centre_vd.pk}/active/", {"active": "0"})
    assert response.status_code == 404
    centre_vd.refresh_from_db()
    assert centre_vd.is_active


def test_the_coordinator_deactivates_and_reactivates_a_centre(client_for, centre_vd) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national_coordinator")
    entries = AuditEntry.objects.filter(
        object_type="accounts.organisation", object_id=str(centre_vd.pk)
    )
    before = entries.count()
    # A centre that still covers a canton is not deactivated: its cantons move first.
    response = client.post(
        f"/en/organisations/{centre_vd.pk}/active/", {"active": "0"}, follow=True
    )
    assert "Move the cantons of this centre to another centre first (VD)" in (
        response.content.decode()
    )
    centre_vd.refresh_from_db()
    assert centre_vd.is_active
    centre_vd.cantons.clear()
    # Vaud has no centre now: the coordinator's list says so.
    page = client.get("/en/organisations/").content.decode()
    assert "No active regional centre covers these cantons:" in page
    assert "Vaud (VD)" in page
    client.post(f"/en/organisations/{centre_vd.pk}/active/", {"active": "0"})
    centre_vd.refresh_from_db()
    assert not centre_vd.is_active
    assert "deactivated" in client.get("/en/organisations/").content.decode()
    client.post(f"/en/organisations/{centre_vd.pk}/active/", {"active": "1"})
    centre_vd.refresh_from_db()
    assert centre_vd.is_active
    assert entries.count() == before + 2


def test_a_centre_is_not_reactivated_over_another_centre_s_canton(demo_users, centre_vd) -> None:  # type: ignore[no-untyped-def]
    coordinator = demo_users["national_coordinator"]
    vaud = list(Canton.objects.filter(code="VD"))
    centre_vd.cantons.clear()
    organisations.organisation_set_active(by=coordinator, organisation=centre_vd, active=False)
    organisations.organisation_save(
        by=coordinator,
        organisation=None,
        kind="regional_centre",
        name="Nouveau centre Vaud",
        code="centre-vd-2",
        canton=vaud[0],
        cantons=vaud,
    )
    # A deactivated centre may be given the canton back (no conflict while inactive)…
    organisations.organisation_save(
        by=coordinator,
        organisation=centre_vd,
        kind="regional_centre",
        name=centre_vd.name,
        code=centre_vd.code,
        canton=vaud[0],
        cantons=vaud,
    )
    # …but not reactivated while another active centre covers it.
    with pytest.raises(ValidationError, match="already covered by Nouveau centre Vaud"):
        organisations.organisation_set_active(by=coordinator, organisation=centre_vd, active=True)


def test_the_national_office_cannot_be_deactivated(demo_users) -> None:  # type: ignore[no-untyped-def]
    office = Organisation.objects.get(code="office")
    with pytest.raises(ValidationError, match="cannot be deactivated"):
        organisations.organisation_set_active(
            by=demo_users["national_coordinator"], organisation=office, active=False
        )


def test_the_coordinator_deactivates_a_person_who_can_no_longer_sign_in(
    client, client_for, demo_users, centre_vd
) -> None:  # type: ignore[no-untyped-def]
    staff = demo_users["centre_staff"]
    membership = Membership.objects.get(user=staff, organisation=centre_vd)
    coordinator = client_for("national_coordinator")
    response = coordinator.post(
        f"/en/organisations/{centre_vd.pk}/memberships/{membership.pk}/person-active/",
        {"active": "0"},
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_active
    client.post("/en/account/login/", {"login": staff.email, "password": "Entraide-demo-2026"})
    assert "_auth_user_id" not in client.session
    coordinator.post(
        f"/en/organisations/{centre_vd.pk}/memberships/{membership.pk}/person-active/",
        {"active": "1"},
    )
    staff.refresh_from_db()
    assert staff.is_active


def test_the_last_active_coordinator_cannot_be_deactivated(client_for, demo_users) -> None:  # type: ignore[no-untyped-def]
    coordinator = demo_users["national_coordinator"]
    office = Organisation.objects.get(code="office")
    membership = Membership.objects.get(user=coordinator, organisation=office)
    client = client_for("national_coordinator")
    response = client.post(
        f"/en/organisations/{office.pk}/memberships/{membership.pk}/person-active/",
        {"active": "0"},
        follow=True,
    )
    assert "is the last active national coordinator" in response.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.is_active

    # With a second coordinator, the first may go.
    second = User.objects.create_user("second@example.org")
    Membership.objects.create(user=second, organisation=office, role=Role.NATIONAL_COORDINATOR)
    services.person_set_active(by=coordinator, user=coordinator, active=False)
    coordinator.refresh_from_db()
    assert not coordinator.is_active
    with pytest.raises(ValidationError, match="last active national coordinator"):
        services.person_set_active(by=second, user=second, active=False)


def test_there_stays_one_national_office(demo_users) -> None:  # type: ignore[no-untyped-def]
    coordinator = demo_users["national_coordinator"]
    office = Organisation.objects.get(code="office")
    bern = Canton.objects.get(code="BE")
    with pytest.raises(ValidationError, match="one national office"):
        organisations.organisation_save(
            by=coordinator,
            organisation=None,
            kind="national_office",
            name="Bis",
            code="bis",
            canton=bern,
        )
    with pytest.raises(ValidationError, match="one national office"):
        organisations.organisation_save(
            by=coordinator,
            organisation=office,
            kind="member_organisation",
            name=office.name,
            code=office.code,
            canton=bern,
        )
    # Its other details change as any organisation's.
    organisations.organisation_save(
        by=coordinator,
        organisation=office,
        kind="national_office",
        name="Office national",
        code=office.code,
        canton=bern,
        email="office@example.org",
    )
    office.refresh_from_db()
    assert (office.name, office.email) == ("Office national", "office@example.org")
