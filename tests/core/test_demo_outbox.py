"""The demo's email page: everything for the national coordinator, one's own mail for the others."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from entraide.accounts.models import Role
from entraide.core.models import OutboxMessage


def send(to: str, subject: str) -> None:
    OutboxMessage.objects.create(to_email=to, kind="test", subject=subject, body="…", language="fr")


@override_settings(DEMO=True)
def test_the_coordinator_sees_every_demo_email_and_others_their_own(client_for, demo_users) -> None:  # type: ignore[no-untyped-def]
    staff = demo_users[Role.CENTRE_STAFF]
    send(staff.email.upper(), "Pour le centre")
    send("someone-else@demo.entraide.example", "Pour quelqu'un d'autre")
    url = reverse("core:demo_outbox")
    everything = client_for(Role.NATIONAL_COORDINATOR).get(url).content.decode()
    assert "Pour le centre" in everything and "Pour quelqu&#x27;un d&#x27;autre" in everything
    own = client_for(Role.CENTRE_STAFF).get(url).content.decode()
    assert "Pour le centre" in own
    assert "Pour quelqu&#x27;un d&#x27;autre" not in own
