"""A health institution's people state their profession, once per institution (seed 000)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entraide.accounts import services
from entraide.accounts.models import Membership, Organisation, Profession, Role
from entraide.core.models import AuditEntry

R = Role
URL = reverse("accounts:my_organisations")


def _membership(user, role=R.HEALTH_PROFESSIONAL) -> Membership:  # type: ignore[no-untyped-def]
    return Membership.objects.get(user=user, role=role)


def test_the_demo_professional_has_a_profession(demo_users) -> None:  # type: ignore[no-untyped-def]
    assert _membership(demo_users[R.HEALTH_PROFESSIONAL]).profession == Profession.NURSING


def test_a_professional_states_their_profession_on_my_organisations(demo_users, client_for) -> None:  # type: ignore[no-untyped-def]
    membership = _membership(demo_users[R.HEALTH_PROFESSIONAL])
    client = client_for(R.HEALTH_PROFESSIONAL)
    page = client.get(URL)
    assert f'id="id_m{membership.pk}_profession"' in page.content.decode()
    response = client.post(URL, {"membership": membership.pk, "profession": "therapy"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.profession == Profession.THERAPY
    entry = AuditEntry.objects.filter(
        object_type="accounts.membership", object_id=str(membership.pk)
    ).latest("pk")
    assert "profession" in entry.changed_fields


def test_a_wrong_profession_is_refused_next_to_the_field(demo_users, client_for) -> None:  # type: ignore[no-untyped-def]
    membership = _membership(demo_users[R.HEALTH_PROFESSIONAL])
    response = client_for(R.HEALTH_PROFESSIONAL).post(
        URL, {"membership": membership.pk, "profession": "astrology"}
    )
    assert response.status_code == 200
    form = next(f for m, f in response.context["rows"] if m.pk == membership.pk)
    assert "profession" in form.errors
    membership.refresh_from_db()
    assert membership.profession == Profession.NURSING


def test_nobody_states_another_persons_profession(demo_users, client_for) -> None:  # type: ignore[no-untyped-def]
    membership = _membership(demo_users[R.HEALTH_PROFESSIONAL])
    response = client_for(R.SELF_HELP_OFFICER).post(
        URL, {"membership": membership.pk, "profession": "medicine"}
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.membership_set_profession(
            by=demo_users[R.MANAGEMENT], membership=membership, profession="medicine"
        )
    membership.refresh_from_db()
    assert membership.profession == Profession.NURSING


def test_only_health_institution_memberships_carry_a_profession(demo_users, client_for) -> None:  # type: ignore[no-untyped-def]
    contact = demo_users[R.GROUP_CONTACT]
    membership = contact.memberships.get()
    client = client_for(R.GROUP_CONTACT)
    assert all(form is None for _m, form in client.get(URL).context["rows"])
    response = client.post(URL, {"membership": membership.pk, "profession": "medicine"})
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        services.membership_set_profession(by=contact, membership=membership, profession="medicine")


def test_the_page_runs_the_same_queries_with_more_memberships(demo_users, client_for) -> None:  # type: ignore[no-untyped-def]
    user = demo_users[R.HEALTH_PROFESSIONAL]
    client = client_for(R.HEALTH_PROFESSIONAL)
    with CaptureQueriesContext(connection) as first:
        assert client.get(URL).status_code == 200
    for code in ("spital-aare", "clinica-ceresio"):
        Membership.objects.create(
            user=user, organisation=Organisation.objects.get(code=code), role=R.MANAGEMENT
        )
    with CaptureQueriesContext(connection) as second:
        response = client.get(URL)
    assert len([f for _m, f in response.context["rows"] if f is not None]) == 3
    assert len(second) == len(first)
