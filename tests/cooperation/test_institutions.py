"""Health institutions: registered by the national office, kept by their own leads."""

from __future__ import annotations

from django.urls import reverse

from entraide.accounts.models import Membership, Organisation, OrganisationKind, Role, Unit
from entraide.core.models import AuditEntry

R = Role


def test_the_coordinator_registers_an_institution_and_a_duplicate_code_is_refused(
    client_for,
) -> None:
    client = client_for(R.NATIONAL_COORDINATOR)
    url = reverse("cooperation:institution_new")
    data = {
        "name": "Clinique du Lac",
        "code": "clinique-du-lac",
        "institution_type": "clinic",
        "canton": "NE",
        "email": "entraide@clinique-du-lac.example",
        "phone": "032 123 45 67",
        "website": "",
    }
    response = client.post(url, data)
    institution = Organisation.objects.get(code="clinique-du-lac")
    assert response.status_code == 302
    assert response["Location"] == reverse("cooperation:unit_new", args=[institution.pk])
    assert institution.kind == OrganisationKind.HEALTH_INSTITUTION
    assert AuditEntry.objects.filter(
        object_type="accounts.organisation", object_id=str(institution.pk), action="create"
    ).exists()
    response = client.post(url, {**data, "name": "Autre", "phone": "not a phone"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"code", "phone"}
    assert 'value="Autre"' in response.content.decode()
    for role in (R.SELF_HELP_OFFICER, R.CENTRE_STAFF, R.QUALITY_REVIEWER):
        assert client_for(role).get(url).status_code == 404


def test_the_officer_keeps_units_and_people_of_their_own_institution_only(
    client_for, demo_users
) -> None:
    hospital = Organisation.objects.get(code="hospital-leman")
    other = Organisation.objects.get(code="spital-aare")
    client = client_for(R.SELF_HELP_OFFICER)
    response = client.post(
        reverse("cooperation:unit_new", args=[hospital.pk]),
        {"name": "Site de Morges", "canton": "VD"},
    )
    assert response.status_code == 302
    assert Unit.objects.filter(institution=hospital, name="Site de Morges").exists()
    response = client.post(
        reverse("cooperation:unit_new", args=[hospital.pk]),
        {"name": "site de morges", "canton": "VD"},
    )
    assert "name" in response.context["form"].errors
    assert client.get(reverse("cooperation:unit_new", args=[other.pk])).status_code == 404
    assert client.get(reverse("cooperation:institution_edit", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("cooperation:institution_edit", args=[hospital.pk]),
        {
            "name": hospital.name,
            "institution_type": "hospital",
            "canton": "VD",
            "email": "",
            "phone": "",
            "website": "",
        },
    )
    assert response.status_code == 302
    hospital.refresh_from_db()
    assert hospital.institution_type == "hospital"
    # The officer invites a colleague with a role of the institution.
    response = client.post(
        reverse("accounts:organisation_detail", args=[hospital.pk]),
        {
            "email": "nurse@hopital-leman.example",
            "role": R.HEALTH_PROFESSIONAL,
            "display_name": "N",
            "language": "fr",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        organisation=hospital, user__email="nurse@hopital-leman.example", role=R.HEALTH_PROFESSIONAL
    ).exists()
    # A professional does not manage the institution's people or units.
    professional = client_for(R.HEALTH_PROFESSIONAL)
    assert professional.get(reverse("cooperation:unit_new", args=[hospital.pk])).status_code == 404
    response = professional.post(
        reverse("accounts:organisation_detail", args=[hospital.pk]),
        {"email": "x@example.org", "role": R.MANAGEMENT, "display_name": "X", "language": "fr"},
    )
    assert response.status_code == 404


def test_the_coordinator_keeps_the_library_in_four_languages(client_for) -> None:
    from entraide.cooperation.models import LibraryMeasure

    client = client_for(R.NATIONAL_COORDINATOR)
    response = client.post(
        reverse("cooperation:library_new"),
        {
            "criterion": 3,
            "owner": "centre",
            "title_fr": "Affiche des groupes dans les salles d'attente",
            "title_de": "Plakat der Gruppen in den Wartezimmern",
            "title_it": "",
            "title_en": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    measure = LibraryMeasure.objects.get(title_fr="Affiche des groupes dans les salles d'attente")
    german = client_for(R.QUALITY_REVIEWER).get("/de/cooperation/library/").content.decode()
    assert "Plakat der Gruppen in den Wartezimmern" in german
    italian = client_for(R.QUALITY_REVIEWER).get("/it/cooperation/library/").content.decode()
    assert "Affiche des groupes dans les salles d&#x27;attente" in italian  # falls back to French
    response = client.post(
        reverse("cooperation:library_edit", args=[measure.pk]),
        {"criterion": 3, "owner": "centre", "title_fr": "", "is_active": ""},
    )
    assert "title_fr" in response.context["form"].errors  # French is required
    client.post(
        reverse("cooperation:library_edit", args=[measure.pk]),
        {"criterion": 3, "owner": "centre", "title_fr": measure.title_fr, "is_active": ""},
    )
    public = client_for(R.SELF_HELP_OFFICER).get(reverse("cooperation:library")).context["measures"]
    assert measure.pk not in [m.pk for m in public]
    assert client_for(R.QUALITY_REVIEWER).get(reverse("cooperation:library_new")).status_code == 404
