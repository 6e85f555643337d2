"""Every protected model: its rule and its ``visible_to`` queryset agree, for every role.

A rule answers "may this person read this object?"; the queryset lists what a
person may read. Pages use one and lists the other, so any disagreement is a
leak or a dead link. Each case builds objects on both sides of the rule.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.utils import timezone

from entraide.accounts.models import Organisation, Role, Unit
from entraide.centres.consent import CONTACT_CONSENT
from entraide.centres.models import CentreActivity, ContactRequest
from entraide.cooperation import services as cooperation_services
from entraide.cooperation.models import QualityConsultation, Triangle
from entraide.core.permissions import may
from entraide.directory.models import Group, GroupStatus
from tests.conftest import make_group


def _groups() -> list[Group]:
    vaud = Organisation.objects.get(code="centre-vd")
    geneva = Organisation.objects.get(code="centre-ge")
    contact_org = Organisation.objects.get(code="group-deuil-lausanne")
    base = {"canton_id": "VD", "municipality": "Lausanne", "postal_code": "1003"}
    return [
        make_group(name="Public VD", centre=vaud, **base),
        make_group(name="Paused VD", centre=vaud, status=GroupStatus.PAUSED, **base),
        make_group(name="Stale VD", centre=vaud, is_listed=False, **base),
        make_group(
            name="Paused GE",
            centre=geneva,
            status=GroupStatus.PAUSED,
            **{**base, "canton_id": "GE"},
        ),
        make_group(
            name="The contact's paused group",
            centre=geneva,
            organisation=contact_org,
            status=GroupStatus.PAUSED,
            **{**base, "canton_id": "GE"},
        ),
    ]


def _triangles(demo_users: dict[str, Any]) -> list[Triangle]:
    hospital = Organisation.objects.get(code="hospital-leman")
    officer = demo_users[Role.SELF_HELP_OFFICER]
    vaud = Organisation.objects.get(code="centre-vd")
    group = make_group(
        name="Deuil Lausanne",
        canton_id="VD",
        municipality="Lausanne",
        postal_code="1003",
        centre=vaud,
        organisation=Organisation.objects.get(code="group-deuil-lausanne"),
    )
    data = {
        "units": Unit.objects.filter(institution=hospital),
        "centre": vaud,
        "officer": officer,
        "language": "fr",
        "started_on": date(2024, 11, 4),
    }
    with_group = cooperation_services.triangle_create(
        by=officer, institution=hospital, data={**data, "name": "With", "groups": [group]}
    )
    without_group = cooperation_services.triangle_create(
        by=officer, institution=hospital, data={**data, "name": "Without", "groups": []}
    )
    return [with_group, without_group]


def _contact_requests(demo_users: dict[str, Any]) -> list[ContactRequest]:
    """A request for the demo centre (Vaud), one for another centre (Geneva), and one waiting
    at the national office (nobody reads it there: it is handed over unread)."""
    base = {
        "name": "Sophie",
        "email": "sophie@example.org",
        "language": "fr",
        "channel": "web",
        "consented_at": timezone.now(),
        **CONTACT_CONSENT.stamp(consent=True),
    }
    return [
        ContactRequest.objects.create(centre=Organisation.objects.get(code=code), **base)
        for code in ("centre-vd", "centre-ge", "office")
    ]


def _centre_activities(demo_users: dict[str, Any]) -> list[CentreActivity]:
    """A line of the demo centre's log (Vaud) and one of another centre's (Geneva)."""
    return [
        CentreActivity.objects.create(
            centre=Organisation.objects.get(code=code), kind="group_support", on=date(2026, 11, 2)
        )
        for code in ("centre-vd", "centre-ge")
    ]


def _consultations(demo_users: dict[str, Any]) -> list[QualityConsultation]:
    """A consultation of the demo hospital and one of another institution."""
    other = Organisation.objects.filter(kind="health_institution").exclude(code="hospital-leman")
    return [
        QualityConsultation.objects.create(institution=institution)
        for institution in (Organisation.objects.get(code="hospital-leman"), other.first())
    ]


CASES: dict[str, tuple[type[Model], str, Callable[[dict[str, Any]], list[Any]]]] = {
    "organisation": (
        Organisation,
        "accounts.view_organisation",
        lambda users: list(Organisation.objects.all()),
    ),
    "group": (Group, "directory.view_group", lambda users: _groups()),
    "triangle": (Triangle, "cooperation.view_triangle", _triangles),
    "consultation": (QualityConsultation, "cooperation.view_consultation", _consultations),
    "contact request": (ContactRequest, "centres.view_contactrequest", _contact_requests),
    "centre activity": (CentreActivity, "centres.view_centreactivity", _centre_activities),
}


@pytest.mark.parametrize("case", CASES)
def test_the_rule_and_the_queryset_agree(case, demo_users) -> None:  # type: ignore[no-untyped-def]
    model, perm, make = CASES[case]
    objects = make(demo_users)
    users = {"anonymous": AnonymousUser(), **demo_users}
    seen_yes = seen_no = False
    for role, user in users.items():
        manager: Any = model._default_manager
        visible = set(manager.visible_to(user).filter(pk__in=[o.pk for o in objects]))
        for obj in objects:
            allowed = may(user, perm, obj)
            assert allowed == (obj in visible), (role, str(obj))
            seen_yes |= allowed
            seen_no |= not allowed
    # The objects fall on both sides of the rule, or the comparison proves nothing.
    assert seen_yes and seen_no


def test_only_the_national_coordinator_hands_over_what_waits_at_the_office(demo_users) -> None:  # type: ignore[no-untyped-def]
    allowed = {
        role for role, user in demo_users.items() if may(user, "centres.hand_over_from_office")
    }
    assert allowed == {Role.NATIONAL_COORDINATOR}
    assert not may(AnonymousUser(), "centres.hand_over_from_office")
