"""The "waiting three working days" reminder and counts follow the centre's cantonal holidays."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from entraide.accounts.models import Membership, Organisation, Role, User
from entraide.centres.models import ContactRequest
from entraide.centres.services import requests
from entraide.core.models import OutboxMessage
from entraide.directory.models import Group
from tests.conftest import make_group

ZURICH = ZoneInfo("Europe/Zurich")


def make_request(centre: Organisation, group: Group, created_at: datetime) -> ContactRequest:
    request = ContactRequest.objects.create(
        group=group,
        centre=centre,
        name="Personne",
        email="personne@example.org",
        language="fr",
        message="…",
        consent_text="…",
        consent_version="2026-11",
        consented_at=created_at,
    )
    ContactRequest.objects.filter(pk=request.pk).update(created_at=created_at)
    return request


@pytest.fixture
def centres(centre_vd, demo_users) -> dict[str, tuple[Organisation, Group]]:  # type: ignore[no-untyped-def]
    geneva = Organisation.objects.get(code="centre-ge")
    staff = User.objects.create_user("geneve@example.org", "pw-long-enough-123", language="fr")
    Membership.objects.create(user=staff, organisation=geneva, role=Role.CENTRE_STAFF)
    found = {}
    for centre, canton, place in ((centre_vd, "VD", "Lausanne"), (geneva, "GE", "Genève")):
        assert centre.canton_id == canton
        group = make_group(
            name=f"Deuil {place}", canton_id=canton, municipality=place, centre=centre
        )
        found[canton] = (centre, group)
    return found


def test_the_vaud_fast_monday_delays_the_reminder_in_vaud_only(centres) -> None:  # type: ignore[no-untyped-def]
    thursday = datetime(2026, 9, 17, 9, tzinfo=ZURICH)
    vaud = make_request(*centres["VD"], created_at=thursday)
    geneva = make_request(*centres["GE"], created_at=thursday)
    # Tuesday: Geneva has worked Friday, Monday and Tuesday; Vaud's Monday was a holiday.
    tuesday = datetime(2026, 9, 22, 10, tzinfo=ZURICH)
    assert requests.remind_waiting_requests(now=tuesday) == 1
    vaud.refresh_from_db()
    geneva.refresh_from_db()
    assert vaud.reminded_at is None and geneva.reminded_at is not None
    sent = OutboxMessage.objects.get(kind="contact_requests_waiting")
    assert "/centre/centre-ge/requests/" in sent.body
    # Wednesday: Vaud's third working day.
    assert requests.remind_waiting_requests(now=datetime(2026, 9, 23, 10, tzinfo=ZURICH)) == 1
    vaud.refresh_from_db()
    assert vaud.reminded_at is not None


def test_easter_is_not_counted_as_waiting(centres) -> None:  # type: ignore[no-untyped-def]
    thursday = datetime(2026, 4, 2, 9, tzinfo=ZURICH)
    make_request(*centres["VD"], created_at=thursday)
    # Monday to Friday only would count Friday, Monday and Tuesday: three days.
    assert requests.remind_waiting_requests(now=datetime(2026, 4, 7, 10, tzinfo=ZURICH)) == 0
    assert requests.remind_waiting_requests(now=datetime(2026, 4, 8, 10, tzinfo=ZURICH)) == 0
    assert requests.remind_waiting_requests(now=datetime(2026, 4, 9, 10, tzinfo=ZURICH)) == 1


def test_the_home_page_and_inbox_count_waiting_with_the_centres_holidays(
    centres, client_for
) -> None:  # type: ignore[no-untyped-def]
    make_request(*centres["VD"], created_at=datetime(2026, 9, 17, 9, tzinfo=ZURICH))
    for now, waiting, cutoff in (
        # Tuesday: Friday, Thursday and Wednesday are the three working days before it.
        (datetime(2026, 9, 22, 10, tzinfo=ZURICH), 0, datetime(2026, 9, 16, 10, tzinfo=ZURICH)),
        (datetime(2026, 9, 23, 10, tzinfo=ZURICH), 1, datetime(2026, 9, 17, 10, tzinfo=ZURICH)),
    ):
        with time_machine.travel(now, tick=False):
            client = client_for(Role.CENTRE_STAFF)
            assert client.get("/fr/centre/centre-vd/").context["counts"]["waiting"] == waiting
            assert client.get("/fr/centre/centre-vd/requests/").context["cutoff"] == cutoff
