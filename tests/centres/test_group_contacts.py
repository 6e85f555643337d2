"""Group contacts: invited by their centre, they keep their listing current (live or reviewed)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from entraide.centres.models import CentreSettings, ListingProposal
from entraide.core.models import OutboxMessage
from entraide.directory.indexing import group_save
from entraide.directory.models import Group
from tests.conftest import make_group


@pytest.fixture
def group(centre_vd) -> Group:  # type: ignore[no-untyped-def]
    group = make_group(
        name="Diabète Renens",
        canton_id="VD",
        municipality="Renens",
        postal_code="1020",
        centre=centre_vd,
        rhythm="monthly",
        weekday=0,
        week_of_month=1,
        start_time="18:00",
        end_time="20:00",
    )
    group.languages.set(["fr"])
    return group


def invite(client_for, group, email="nouvelle@example.org"):  # type: ignore[no-untyped-def]
    return client_for(Role.CENTRE_STAFF).post(
        f"/fr/centre/centre-vd/groups/{group.pk}/invite/",
        {"email": email, "display_name": "Nadine", "language": "de"},
    )


def signed_in_contact(client, email="nouvelle@example.org"):  # type: ignore[no-untyped-def]
    client.force_login(User.objects.get(email=email))
    return client


def edit(client, group, **changes):  # type: ignore[no-untyped-def]
    form = client.get(f"/fr/my-groups/{group.pk}/").context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, "", []):
            continue
        data[name] = value
    data["start_time"] = "18:00"
    data["end_time"] = "20:00"
    data.update(changes)
    return client.post(f"/fr/my-groups/{group.pk}/", data)


def test_the_centre_invites_a_contact_who_gets_an_account_and_an_email(client_for, group) -> None:  # type: ignore[no-untyped-def]
    assert invite(client_for, group).status_code == 302
    group.refresh_from_db()
    assert group.organisation is not None and group.organisation.parent == group.centre
    membership = Membership.objects.get(user__email="nouvelle@example.org")
    assert (membership.role, membership.organisation) == (Role.GROUP_CONTACT, group.organisation)
    invitation = OutboxMessage.objects.get(kind="membership_invitation")
    assert (invitation.to_email, invitation.language) == ("nouvelle@example.org", "de")


def test_by_default_a_contacts_change_waits_for_the_centres_review(
    client, client_for, group
) -> None:  # type: ignore[no-untyped-def]
    invite(client_for, group)
    contact = signed_in_contact(client)
    assert contact.get("/fr/my-groups/").status_code == 200
    response = edit(contact, group, start_time="18:30", cost_note="5 francs pour la salle")
    assert response.status_code == 302, response.context["form"].errors
    group.refresh_from_db()
    assert group.cost_note == ""  # not live yet
    proposal = ListingProposal.objects.get()
    assert proposal.submitted_by.email == "nouvelle@example.org"
    assert set(proposal.data) == {"start_time", "cost_note"}
    staff = client_for(Role.CENTRE_STAFF)
    rows = staff.get(f"/fr/centre/centre-vd/proposals/{proposal.pk}/").context["rows"]
    assert [(str(r["label"]), r["then"], r["now"], r["proposed"]) for r in rows] == [
        ("Heure de début habituelle", "18:00", "18:00", "18:30"),
        ("Coût", "", "", "5 francs pour la salle"),
    ]
    assert not any(r["conflict"] for r in rows)


def test_a_centre_may_let_contacts_changes_go_live(client, client_for, group, centre_vd) -> None:  # type: ignore[no-untyped-def]
    CentreSettings.objects.create(centre=centre_vd, contact_edits_reviewed=False)
    invite(client_for, group)
    contact = signed_in_contact(client)
    edit(
        contact,
        group,
        cost_note="5 francs pour la salle",
        municipality="Prilly",
        postal_code="1008",
    )
    group.refresh_from_db()
    assert (group.cost_note, group.municipality) == ("5 francs pour la salle", "Prilly")
    assert not ListingProposal.objects.exists()


def test_a_contact_sees_only_their_groups_and_confirms_the_listing(
    client, client_for, group, centre_vd
) -> None:  # type: ignore[no-untyped-def]
    other = make_group(
        name="Autre groupe",
        canton_id="VD",
        municipality="Nyon",
        postal_code="1260",
        centre=centre_vd,
    )
    invite(client_for, group)
    contact = signed_in_contact(client)
    assert contact.get(f"/fr/my-groups/{other.pk}/").status_code == 404
    assert contact.post(f"/fr/my-groups/{other.pk}/confirm/").status_code == 404
    assert contact.post(f"/fr/my-groups/{group.pk}/confirm/").status_code == 302
    group.refresh_from_db()
    other.refresh_from_db()
    assert group.last_confirmed_at is not None and other.last_confirmed_at is None


def test_bad_input_from_a_contact_is_shown_next_to_the_field(client, client_for, group) -> None:  # type: ignore[no-untyped-def]
    invite(client_for, group)
    contact = signed_in_contact(client)
    response = edit(contact, group, contact_phone="appelez-moi", end_time="17:00")
    assert response.status_code == 400
    assert "contact_phone" in response.context["form"].errors
    assert 'value="appelez-moi"' in response.content.decode()
    assert not ListingProposal.objects.exists()


def test_only_the_groups_centre_invites_contacts(client_for, group) -> None:  # type: ignore[no-untyped-def]
    coordinator = client_for(Role.NATIONAL_COORDINATOR)
    response = coordinator.post(
        f"/fr/centre/centre-vd/groups/{group.pk}/invite/",
        {"email": "x@example.org", "language": "fr"},
    )
    assert response.status_code == 404
    assert not User.objects.filter(email="x@example.org").exists()


def test_a_contacts_list_of_groups_runs_a_constant_number_of_queries(
    client, client_for, group, centre_vd
) -> None:  # type: ignore[no-untyped-def]
    invite(client_for, group)
    contact = signed_in_contact(client)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert contact.get("/fr/my-groups/").status_code == 200
        return len(captured)

    few = queries()
    organisation = Group.objects.get(pk=group.pk).organisation
    for n in range(5):
        other = make_group(
            name=f"G{n}", canton_id="VD", municipality="Nyon", postal_code="1260", centre=centre_vd
        )
        own = Organisation.objects.create(
            kind=OrganisationKind.SELF_HELP_GROUP, name=f"G{n}", code=f"g-{n}", canton_id="VD"
        )
        other.organisation = own
        group_save(other)
        Membership.objects.create(
            user=User.objects.get(email="nouvelle@example.org"),
            organisation=own,
            role=Role.GROUP_CONTACT,
        )
    assert organisation is not None
    assert len(contact.get("/fr/my-groups/").context["groups"]) == 6
    assert queries() == few
