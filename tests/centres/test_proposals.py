"""Proposals from the public: a correction or a new group, reviewed as a difference."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.accounts.models import Role
from entraide.centres.models import Criterion, ListingAcceptance, ListingProposal
from entraide.core.models import AuditEntry, OutboxMessage
from entraide.directory.indexing import group_save
from entraide.directory.models import Group, Theme
from entraide.directory.search import search_groups
from tests.conftest import make_group

SENDER = {"sender_name": "Louise", "sender_email": "louise@example.org", "consent": "on"}


@pytest.fixture
def theme(db) -> Theme:  # type: ignore[no-untyped-def]
    return Theme.objects.create(code="tinnitus-p", category="somatic", label="Acouphènes-p")


@pytest.fixture
def group(centre_vd, theme) -> Group:  # type: ignore[no-untyped-def]
    group = make_group(
        name="Acouphènes Vevey",
        canton_id="VD",
        municipality="Vevey",
        postal_code="1800",
        centre=centre_vd,
        rhythm="monthly",
        weekday=2,
        week_of_month=1,
    )
    group.themes.set([theme])
    group.languages.set(["fr"])
    return group


def correction(client, group, **changes):  # type: ignore[no-untyped-def]
    page = client.get(f"/fr/groups/{group.pk}/correction/")
    assert page.status_code == 200
    data = {k: v for k, v in page.context["form"].initial.items() if v not in ("", [])}
    data.update(SENDER)
    data.update(changes)
    return client.post(f"/fr/groups/{group.pk}/correction/", data)


def test_a_correction_waits_for_review_and_is_shown_as_a_difference(
    client, client_for, group
) -> None:  # type: ignore[no-untyped-def]
    response = correction(client, group, weekday="3", comment="Nous avons changé de jour.")
    assert response.status_code == 302, response.context["form"].errors
    proposal = ListingProposal.objects.get()
    assert proposal.group == group and proposal.centre.code == "centre-vd"
    group.refresh_from_db()
    assert group.weekday == 2  # nothing changes before the review
    assert OutboxMessage.objects.filter(kind="proposal_received").exists()
    staff = client_for(Role.CENTRE_STAFF)
    page = staff.get(f"/fr/centre/centre-vd/proposals/{proposal.pk}/")
    rows = page.context["rows"]
    assert len(rows) == 1 and str(rows[0]["label"]).lower().startswith("jour")
    assert (rows[0]["then"], rows[0]["now"], rows[0]["proposed"]) == ("mercredi",) * 2 + ("jeudi",)


def test_approving_applies_the_correction_and_tells_the_sender(client, client_for, group) -> None:  # type: ignore[no-untyped-def]
    correction(client, group, municipality="La Tour-de-Peilz", postal_code="1814")
    proposal = ListingProposal.objects.get()
    staff = client_for(Role.CENTRE_STAFF)
    form = staff.get(f"/fr/centre/centre-vd/proposals/{proposal.pk}/").context["form"]
    data = {k: v for k, v in form.initial.items() if v not in ("", [], None)}
    data["message"] = "Merci, c'est corrigé."
    response = staff.post(f"/fr/centre/centre-vd/proposals/{proposal.pk}/approve/", data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    group.refresh_from_db()
    assert (group.municipality, group.postal_code) == ("La Tour-de-Peilz", "1814")
    proposal.refresh_from_db()
    assert proposal.status == "approved" and proposal.decided_by is not None
    answer = OutboxMessage.objects.get(kind="proposal_answer")
    assert answer.to_email == "louise@example.org" and "Merci, c'est corrigé." in answer.body
    assert AuditEntry.objects.filter(object_type="centres.listingproposal").count() == 2
    # An answered proposal cannot be answered again.
    again = staff.post(f"/fr/centre/centre-vd/proposals/{proposal.pk}/reject/", {"message": "x"})
    assert again.status_code == 400


def test_rejecting_needs_a_message_and_changes_nothing(client, client_for, group) -> None:  # type: ignore[no-untyped-def]
    correction(client, group, name="Autre nom")
    proposal = ListingProposal.objects.get()
    staff = client_for(Role.CENTRE_STAFF)
    url = f"/fr/centre/centre-vd/proposals/{proposal.pk}/reject/"
    assert staff.post(url, {"message": ""}).status_code == 400
    assert staff.post(url, {"message": "Le nom reste celui du groupe."}).status_code == 302
    group.refresh_from_db()
    proposal.refresh_from_db()
    assert group.name == "Acouphènes Vevey" and proposal.status == "rejected"
    assert "Le nom reste" in OutboxMessage.objects.get(kind="proposal_answer").body


def test_a_new_group_goes_to_the_centre_of_its_canton_and_is_published_with_the_criteria(
    client, client_for, theme
) -> None:  # type: ignore[no-untyped-def]
    data = {
        "name": "Hyperacousie Sion",
        "themes": [theme.pk],
        "group_type": "self_managed",
        "audience": "affected",
        "languages": ["fr", "de"],
        "canton": "VS",
        "municipality": "Sion",
        "postal_code": "1950",
        "contact_mode": "centre",
        **SENDER,
    }
    assert client.post("/fr/groups/propose/", data).status_code == 302
    proposal = ListingProposal.objects.get()
    assert proposal.group is None and proposal.centre.code == "centre-vs"
    assert not Group.objects.filter(name="Hyperacousie Sion").exists()
    # The Vaud centre does not see it.
    vaud = client_for(Role.CENTRE_STAFF)
    assert vaud.get(f"/fr/centre/centre-vd/proposals/{proposal.pk}/").status_code == 404
    assert not vaud.get("/fr/centre/centre-vd/proposals/").context["page"].object_list


def test_bad_input_on_the_public_forms_keeps_what_was_typed(client, group) -> None:  # type: ignore[no-untyped-def]
    response = correction(client, group, consent="", contact_phone="call me")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"consent", "contact_phone"} <= set(errors)
    assert 'value="Louise"' in response.content.decode()
    # A robot filling the hidden field is thanked and nothing is kept.
    assert correction(client, group, website="http://spam").status_code == 302
    assert not ListingProposal.objects.exists()


def test_approving_a_new_group_checks_every_criterion(client_for, centre_vd, theme) -> None:  # type: ignore[no-untyped-def]
    proposal = ListingProposal.objects.create(
        centre=centre_vd,
        data={
            "name": "Nouveau groupe",
            "themes": [str(theme.pk)],
            "languages": ["fr"],
            "canton": "VD",
            "municipality": "Morges",
            "postal_code": "1110",
            "group_type": "self_managed",
            "audience": "affected",
            "contact_mode": "centre",
            "venue_accessibility": "unknown",
        },
        sender_name="A",
        sender_email="a@example.org",
        consent_text="…",
        consent_version="t",
    )
    staff = client_for(Role.CENTRE_STAFF)
    form = staff.get(f"/fr/centre/centre-vd/proposals/{proposal.pk}/").context["form"]
    data = {k: v for k, v in form.initial.items() if v not in ("", [], None)}
    url = f"/fr/centre/centre-vd/proposals/{proposal.pk}/approve/"
    assert staff.post(url, data).status_code == 400
    assert staff.post(url, {**data, "criteria": list(Criterion.values)}).status_code == 302
    group = Group.objects.get(name="Nouveau groupe")
    assert ListingAcceptance.objects.filter(group=group).exists()
    proposal.refresh_from_db()
    assert proposal.group == group  # the answered proposal keeps its link
    assert group in search_groups("Nouveau groupe")


def test_the_review_queue_runs_a_constant_number_of_queries(client_for, centre_vd, group) -> None:  # type: ignore[no-untyped-def]
    staff = client_for(Role.CENTRE_STAFF)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff.get("/fr/centre/centre-vd/proposals/").status_code == 200
        return len(captured)

    def add(n: int) -> None:
        ListingProposal.objects.bulk_create(
            ListingProposal(
                centre=centre_vd,
                group=group if i % 2 else None,
                data={"name": f"G{i}"},
                sender_name="x",
                sender_email="x@example.org",
                consent_text="…",
                consent_version="t",
            )
            for i in range(n)
        )

    add(2)
    few = queries()
    add(30)
    assert queries() == few


def test_the_public_correction_form_never_shows_a_hidden_contact_nor_erases_it(
    client, group
) -> None:  # type: ignore[no-untyped-def]
    group.contact_email = "private@example.org"
    group_save(group)
    page = client.get(f"/fr/groups/{group.pk}/correction/")
    assert "private@example.org" not in page.content.decode()
    correction(client, group, name="Acouphènes Vevey-Montreux")
    proposal = ListingProposal.objects.get()
    assert "contact_email" not in proposal.data and proposal.data["name"].endswith("Montreux")
