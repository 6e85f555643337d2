"""The yearly confirmation: a signed link, a reminder after 30 days, the stale queue after 90."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from entraide.accounts.models import Role
from entraide.centres.models import Criterion, ListingConfirmation
from entraide.centres.services.listings import SALT, run_confirmations
from entraide.core.models import OutboxMessage
from entraide.directory.models import Group
from entraide.directory.search import search_groups
from tests.conftest import make_group


@pytest.fixture
def group(centre_vd) -> Group:  # type: ignore[no-untyped-def]
    group = make_group(
        name="Acouphènes Yverdon",
        canton_id="VD",
        municipality="Yverdon-les-Bains",
        postal_code="1400",
        centre=centre_vd,
        contact_email="acouphenes@example.org",
    )
    Group.objects.filter(pk=group.pk).update(created_at=timezone.now() - timedelta(days=400))
    return group


def link_in(message: OutboxMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/\S+/confirm/\S+/)", message.body)
    assert found, message.body
    return found[1]


def test_a_year_after_its_listing_a_group_is_asked_once_and_confirms_with_the_link(
    client, group
) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    assert run_confirmations(now=now)["asked"] == 1
    assert run_confirmations(now=now)["asked"] == 0  # asked once, not at every tick
    message = OutboxMessage.objects.get(kind="listing_confirmation")
    assert message.to_email == "acouphenes@example.org"
    path = link_in(message)
    # Opening the link changes nothing (mail scanners open links); the button confirms.
    page = client.get(path)
    assert page.status_code == 200 and "Acouphènes Yverdon" in page.content.decode()
    group.refresh_from_db()
    assert group.last_confirmed_at is None
    assert client.post(path).status_code == 200
    group.refresh_from_db()
    assert group.last_confirmed_at is not None
    # A used link does not work twice.
    assert client.post(path).status_code == 404
    assert run_confirmations(now=now + timedelta(days=100)) == {
        "asked": 0,
        "reminded": 0,
        "withdrawn": 0,
    }


def test_without_an_answer_a_reminder_after_30_days_then_the_stale_queue_after_90(
    client_for, group
) -> None:  # type: ignore[no-untyped-def]
    start = timezone.now()
    run_confirmations(now=start)
    assert run_confirmations(now=start + timedelta(days=29))["reminded"] == 0
    assert run_confirmations(now=start + timedelta(days=31))["reminded"] == 1
    assert run_confirmations(now=start + timedelta(days=32))["reminded"] == 0
    assert OutboxMessage.objects.filter(kind="listing_confirmation").count() == 2
    assert group in search_groups("acouphenes")
    assert run_confirmations(now=start + timedelta(days=91))["withdrawn"] == 1
    group.refresh_from_db()
    assert not group.is_listed and group not in search_groups("acouphenes")
    staff = client_for(Role.CENTRE_STAFF)
    assert staff.get("/fr/centre/centre-vd/").context["counts"]["stale"] == 1
    stale = staff.get("/fr/centre/centre-vd/groups/?listing=stale").content.decode()
    assert "Acouphènes Yverdon" in stale
    # The centre calls the group and confirms: the group is back in the search.
    staff.post(f"/fr/centre/centre-vd/groups/{group.pk}/confirm/")
    group.refresh_from_db()
    assert group.is_listed and group in search_groups("acouphenes")
    assert staff.get("/fr/centre/centre-vd/").context["counts"]["stale"] == 0


def test_a_late_answer_through_the_link_lists_the_group_again(client, group) -> None:  # type: ignore[no-untyped-def]
    start = timezone.now()
    run_confirmations(now=start)
    path = link_in(OutboxMessage.objects.get(kind="listing_confirmation"))
    run_confirmations(now=start + timedelta(days=91))
    client.post(path)
    group.refresh_from_db()
    assert group.is_listed and group.last_confirmed_at


def test_a_forged_or_expired_link_changes_nothing(client, group) -> None:  # type: ignore[no-untyped-def]
    run_confirmations(now=timezone.now())
    confirmation = ListingConfirmation.objects.get()
    forged = signing.dumps({"c": confirmation.pk, "n": "guessed"}, salt=SALT, compress=True)
    other_salt = signing.dumps({"c": confirmation.pk, "n": confirmation.nonce}, salt="other")
    for token in (forged, other_salt, "not-a-token", "x" * 500):
        response = client.post(f"/fr/confirm/{token}/")
        assert response.status_code == 404
    # A genuine link, but older than its validity.
    path = link_in(OutboxMessage.objects.get(kind="listing_confirmation"))
    import time_machine

    with time_machine.travel(timezone.now() + timedelta(days=121)):
        assert client.post(path).status_code == 404
    group.refresh_from_db()
    confirmation.refresh_from_db()
    assert group.last_confirmed_at is None and confirmation.confirmed_at is None


def test_a_recently_confirmed_or_closed_group_is_not_asked(group) -> None:  # type: ignore[no-untyped-def]
    Group.objects.filter(pk=group.pk).update(last_confirmed_at=timezone.now() - timedelta(days=200))
    assert run_confirmations(now=timezone.now())["asked"] == 0
    Group.objects.filter(pk=group.pk).update(last_confirmed_at=None, status="closed")
    assert run_confirmations(now=timezone.now())["asked"] == 0


def test_another_centre_cannot_confirm_a_listing(client_for, group) -> None:  # type: ignore[no-untyped-def]
    coordinator = client_for(Role.NATIONAL_COORDINATOR)
    assert coordinator.post(f"/fr/centre/centre-vd/groups/{group.pk}/confirm/").status_code == 404
    group.refresh_from_db()
    assert group.last_confirmed_at is None


def test_a_group_without_an_address_is_checked_through_its_centre(group) -> None:  # type: ignore[no-untyped-def]
    Group.objects.filter(pk=group.pk).update(contact_email="")
    run_confirmations(now=timezone.now())
    message = OutboxMessage.objects.get(kind="listing_confirmation")
    assert message.to_email == "centre@demo.entraide.example"
    assert "/confirm/" in message.body


def test_publishing_again_counts_as_a_confirmation(client_for, group) -> None:  # type: ignore[no-untyped-def]
    staff = client_for(Role.CENTRE_STAFF)
    status = f"/fr/centre/centre-vd/groups/{group.pk}/status/"
    staff.post(status, {"status": "paused"})
    staff.post(status, {"status": "active", "criteria": list(Criterion.values)})
    group.refresh_from_db()
    assert group.last_confirmed_at is not None
    assert run_confirmations(now=timezone.now())["asked"] == 0
