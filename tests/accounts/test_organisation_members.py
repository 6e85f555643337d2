"""An organisation's page: members see each other's names and roles; only those who manage
its memberships (its administrators) see the email addresses."""

from __future__ import annotations

import pytest

from entraide.accounts.models import Membership, Organisation, User

HOSPITAL_PEOPLE = {
    "officer@demo.entraide.example": "Sophie Responsable",
    "professional@demo.entraide.example": "Paul Soignant",
    "management@demo.entraide.example": "Marc Direction",
}


def page(client, organisation: Organisation) -> str:  # type: ignore[no-untyped-def]
    response = client.get(f"/en/organisations/{organisation.pk}/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_a_member_sees_names_and_roles_but_no_email_address(client_for) -> None:  # type: ignore[no-untyped-def]
    body = page(client_for("health_professional"), Organisation.objects.get(code="hospital-leman"))
    for email, name in HOSPITAL_PEOPLE.items():
        assert name in body
        assert email not in body
    assert "self-help officer" in body
    assert "Email address</th>" not in body
    assert "Only the people who manage this organisation's members see the email" in body


@pytest.mark.parametrize("role", ["self_help_officer", "management", "national_coordinator"])
def test_those_who_manage_the_memberships_see_the_email_addresses(client_for, role) -> None:  # type: ignore[no-untyped-def]
    body = page(client_for(role), Organisation.objects.get(code="hospital-leman"))
    for email, name in HOSPITAL_PEOPLE.items():
        assert name in body
        assert email in body


def test_a_centres_staff_do_not_read_each_others_addresses_the_coordinator_does(  # type: ignore[no-untyped-def]
    client_for, centre_vd
) -> None:
    colleague = User.objects.create_user("colleague@example.org", display_name="Cora Collègue")
    Membership.objects.create(user=colleague, organisation=centre_vd, role="centre_staff")
    staff = page(client_for("centre_staff"), centre_vd)
    assert "Cora Collègue" in staff
    assert "colleague@example.org" not in staff
    # The quality reviewer reads every organisation but manages no membership.
    assert "colleague@example.org" not in page(client_for("quality_reviewer"), centre_vd)
    assert "colleague@example.org" in page(client_for("national_coordinator"), centre_vd)


def test_a_person_without_a_name_is_shown_without_their_address(client_for, centre_vd) -> None:  # type: ignore[no-untyped-def]
    nameless = User.objects.create_user("nameless@example.org")
    Membership.objects.create(user=nameless, organisation=centre_vd, role="centre_staff")
    body = page(client_for("centre_staff"), centre_vd)
    assert "No name given yet" in body
    assert "nameless@example.org" not in body
