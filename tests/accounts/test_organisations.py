"""Organisations and memberships: who sees what, who may change what."""

from __future__ import annotations

import pytest
from django.test.utils import CaptureQueriesContext

from entraide.accounts.models import Membership, Organisation, User
from entraide.core.models import AuditEntry, Canton, OutboxMessage
from entraide.demo.accounts import load_demo
from tests.conftest import ROLES


def test_the_coordinator_adds_a_person_who_is_invited_in_their_language(
    client_for, centre_vd
) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national_coordinator")
    response = client.post(
        f"/fr/organisations/{centre_vd.pk}/",
        {
            "email": "Lea@Example.org",
            "display_name": "Léa",
            "role": "centre_staff",
            "language": "it",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="lea@example.org")
    assert not user.has_usable_password()
    assert Membership.objects.filter(
        user=user, organisation=centre_vd, role="centre_staff"
    ).exists()
    message = OutboxMessage.objects.get(recipient=user)
    assert message.language == "it"
    assert "/it/account/password/reset/" in message.body
    assert AuditEntry.objects.filter(object_type="accounts.membership", action="create").exists()


def test_a_role_foreign_to_the_kind_of_organisation_is_refused_next_to_the_field(
    client_for, centre_vd
) -> None:  # type: ignore[no-untyped-def]
    response = client_for("national_coordinator").post(
        f"/fr/organisations/{centre_vd.pk}/",
        {"email": "someone@example.org", "role": "management", "language": "fr"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    assert 'value="someone@example.org"' in response.content.decode()
    assert not User.objects.filter(email="someone@example.org").exists()


def test_a_bad_email_keeps_what_was_typed(client_for, centre_vd) -> None:  # type: ignore[no-untyped-def]
    response = client_for("national_coordinator").post(
        f"/fr/organisations/{centre_vd.pk}/",
        {"email": "not-an-email", "display_name": "Zoé", "role": "centre_staff", "language": "fr"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert 'value="Zoé"' in response.content.decode()


@pytest.mark.parametrize("role", ["centre_staff", "quality_reviewer", "group_contact"])
def test_only_the_coordinator_may_add_people(client_for, centre_vd, role) -> None:  # type: ignore[no-untyped-def]
    client_for(role).post(
        f"/fr/organisations/{centre_vd.pk}/",
        {"email": "intruder@example.org", "role": "centre_staff", "language": "fr"},
    )
    assert not User.objects.filter(email="intruder@example.org").exists()


def test_the_coordinator_removes_a_role_and_others_cannot(
    client_for, demo_users, centre_vd
) -> None:  # type: ignore[no-untyped-def]
    membership = Membership.objects.get(user=demo_users["centre_staff"], organisation=centre_vd)
    url = f"/fr/organisations/{centre_vd.pk}/memberships/{membership.pk}/remove/"
    assert client_for("centre_staff").post(url).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert client_for("national_coordinator").post(url).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(object_type="accounts.membership", action="delete").exists()


def test_staff_of_one_centre_get_404_for_another_centre(client_for) -> None:  # type: ignore[no-untyped-def]
    geneva = Organisation.objects.get(code="centre-ge")
    assert client_for("centre_staff").get(f"/fr/organisations/{geneva.pk}/").status_code == 404


def test_the_rules_and_the_querysets_agree(demo_users) -> None:  # type: ignore[no-untyped-def]
    organisations = list(Organisation.objects.all())
    for user in demo_users.values():
        visible = set(Organisation.objects.visible_to(user))
        for organisation in organisations:
            assert user.has_perm("accounts.view_organisation", organisation) == (
                organisation in visible
            ), (
                user.email,
                organisation.code,
            )


def test_the_organisation_list_runs_a_constant_number_of_queries(
    client_for, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    client = client_for("national_coordinator")
    client.get("/fr/organisations/")
    with CaptureQueriesContext(connection) as before:
        client.get("/fr/organisations/")
    vaud = Canton.objects.get(code="VD")
    for n in range(40):
        org = Organisation.objects.create(
            kind="regional_centre", name=f"Centre {n}", code=f"c-{n}", canton=vaud
        )
        org.cantons.set([vaud])
    with django_assert_num_queries(len(before.captured_queries)):
        response = client.get("/fr/organisations/")
    assert response.content.decode().count("Centre ") >= 40


def test_the_organisation_page_runs_a_constant_number_of_queries(
    client_for, centre_vd, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    client = client_for("national_coordinator")
    url = f"/fr/organisations/{centre_vd.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(25):
        user = User.objects.create_user(f"p{n}@example.org")
        Membership.objects.create(user=user, organisation=centre_vd, role="centre_staff")
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)


@pytest.mark.parametrize("role", ROLES)
def test_home_page_lists_what_the_role_can_do(client_for, role) -> None:  # type: ignore[no-untyped-def]
    response = client_for(role).get("/en/")
    assert response.status_code == 200
    capabilities = response.context["capabilities"]
    titles = {str(c.title) for c in capabilities}
    if role == "anonymous":
        assert not capabilities
    elif role == "national_coordinator":
        assert {"Audit trail", "Organisations"} <= titles
    else:
        assert "Audit trail" not in titles
    nav = [str(label) for label, _ in response.context["navigation"]]
    assert ("Audit trail" in nav) == (role == "national_coordinator")


def test_the_reference_data_has_the_26_cantons_in_four_languages(db) -> None:  # type: ignore[no-untyped-def]
    assert Canton.objects.count() == 26
    graubuenden = Canton.objects.get(code="GR")
    assert (graubuenden.name_fr, graubuenden.name_de, graubuenden.name_it) == (
        "Grisons",
        "Graubünden",
        "Grigioni",
    )
    assert set(graubuenden.languages.values_list("code", flat=True)) == {"de", "rm", "it"}
    assert set(Canton.objects.get(code="FR").languages.values_list("code", flat=True)) == {
        "fr",
        "de",
    }


def test_the_demo_centres_cover_every_canton_and_loading_twice_changes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    covered = set(
        Canton.objects.filter(covering_organisations__kind="regional_centre").values_list(
            "code", flat=True
        )
    )
    assert len(covered) == 26
    counts = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
    load_demo()
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    ) == counts
