"""The emails of a contact request lead to it, and the person learns what the group received."""

from __future__ import annotations

from django.test import override_settings

from entraide.accounts.models import Role
from entraide.core.models import OutboxMessage
from tests.centres.test_inbox import SECRET_MESSAGE, SECRET_NAME, group, make_request, url

__all__ = ["group"]  # the fixture, used below by name


@override_settings(SITE_URL="https://entraide.example.ch")
def test_the_centres_email_links_to_the_request_at_the_sites_address(group) -> None:  # type: ignore[no-untyped-def]
    from entraide.centres.services.requests import tell_centre_of_request

    request = make_request(group)
    tell_centre_of_request(request)
    email = OutboxMessage.objects.filter(kind="contact_request_received").latest("pk")
    path = url(request).removeprefix("/fr")
    assert any(
        f"https://entraide.example.ch/{lang}{path}" in email.body
        for lang in ["fr", "de", "it", "en"]
    )
    assert "127.0.0.1" not in email.body
    assert SECRET_NAME not in email.body


def test_the_person_is_told_what_the_group_received(client_for, group) -> None:  # type: ignore[no-untyped-def]
    request = make_request(group, share_contact=True, share_message=False, language="de")
    client_for(Role.CENTRE_STAFF).post(url(request, "forward"), {"note": "Nur für die Gruppe."})
    email = OutboxMessage.objects.get(kind="contact_request_forwarded_to_person")
    assert (email.to_email, email.language) == ("marie@example.org", "de")
    assert SECRET_NAME in email.body and "marie@example.org" in email.body
    assert SECRET_MESSAGE not in email.body and "Nur für die Gruppe." not in email.body


def test_without_consent_the_person_is_told_the_centre_stays_between(client_for, group) -> None:  # type: ignore[no-untyped-def]
    request = make_request(group, share_contact=False, share_message=False)
    client_for(Role.CENTRE_STAFF).post(url(request, "forward"), {"note": ""})
    email = OutboxMessage.objects.get(kind="contact_request_forwarded_to_person")
    assert SECRET_NAME not in email.body and SECRET_MESSAGE not in email.body
    assert "marie@example.org" not in email.body
