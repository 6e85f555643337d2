"""Asking to be put in contact with a group: consent, routing, confirmation, abuse."""

from __future__ import annotations

import pytest

from entraide.centres.consent import CONTACT_CONSENT
from entraide.centres.models import ContactRequest
from entraide.core.models import AuditEntry, OutboxMessage
from entraide.directory.indexing import group_save

VALID = {
    "name": "Marie",
    "email": "marie@example.org",
    "phone": "",
    "language": "it",
    "message": "Mon mari est décédé en mars.",
    "consent": "on",
    "website": "",
}


@pytest.fixture
def group(directory):  # type: ignore[no-untyped-def]
    return directory["deuil"]


def post(client, group, **changes):  # type: ignore[no-untyped-def]
    return client.post(f"/fr/groups/{group.pk}/contact/", {**VALID, **changes})


def test_a_request_is_stored_with_its_consent_and_routed_to_the_centre(client, group) -> None:  # type: ignore[no-untyped-def]
    response = post(client, group)
    assert response.status_code == 302
    assert response["Location"] == "/fr/groups/contact/sent/"
    request = ContactRequest.objects.get()
    assert (request.group, request.centre.code, request.status) == (group, "centre-vd", "new")
    assert request.consent_version == CONTACT_CONSENT.version
    assert "consent" in request.consent_text or "accepte" in request.consent_text
    # The centre's staff are told that a request waits, without its content.
    to_centre = OutboxMessage.objects.get(kind="contact_request_received")
    assert to_centre.to_email == "centre@demo.entraide.example"
    assert "Marie" not in to_centre.body and "décédé" not in to_centre.body
    # The person gets a confirmation in the language they chose.
    confirmation = OutboxMessage.objects.get(kind="contact_request_confirmation")
    assert (confirmation.to_email, confirmation.language) == ("marie@example.org", "it")
    assert "décédé" not in confirmation.body


def test_the_audit_trail_records_the_request_without_personal_data(client, group) -> None:  # type: ignore[no-untyped-def]
    post(client, group)
    entry = AuditEntry.objects.get(object_type="directory.contactrequest")
    assert "Marie" not in str(entry.changes) + entry.object_label
    assert "décédé" not in str(entry.changes)


def test_without_consent_nothing_is_stored_and_the_form_keeps_what_was_typed(client, group) -> None:  # type: ignore[no-untyped-def]
    response = post(client, group, consent="")
    assert response.status_code == 200
    assert response.context["form"].errors["consent"]
    html = response.content.decode()
    assert 'value="Marie"' in html and "Mon mari est décédé en mars." in html
    assert not ContactRequest.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "", "phone": ""}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"name": ""}, "name"),
    ],
)
def test_a_way_to_reach_the_person_is_required(client, group, changes, field) -> None:  # type: ignore[no-untyped-def]
    response = post(client, group, **changes)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not ContactRequest.objects.exists()


def test_a_phone_number_is_enough(client, group) -> None:  # type: ignore[no-untyped-def]
    assert post(client, group, email="", phone="079 123 45 67").status_code == 302
    assert ContactRequest.objects.get().phone == "079 123 45 67"
    assert not OutboxMessage.objects.filter(kind="contact_request_confirmation").exists()


def test_a_robot_filling_the_hidden_field_is_thanked_and_ignored(client, group) -> None:  # type: ignore[no-untyped-def]
    response = post(client, group, website="http://spam.example")
    assert response.status_code == 302
    assert not ContactRequest.objects.exists()


def test_requests_from_one_address_are_limited(client, group) -> None:  # type: ignore[no-untyped-def]
    statuses = [post(client, group, REMOTE_ADDR="198.51.100.9").status_code for _ in range(11)]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 200
    assert ContactRequest.objects.count() == 10


def test_a_request_is_kept_even_when_mail_cannot_be_delivered(client, group, settings) -> None:  # type: ignore[no-untyped-def]
    from entraide.core.tasks import deliver_message

    settings.MAILERS = {"default": {"BACKEND": "tests.core.failing_mail.FailingBackend"}}
    post(client, group)
    for message in OutboxMessage.objects.all():
        assert deliver_message.call(message.pk) == "failed"
    assert ContactRequest.objects.count() == 1
    assert OutboxMessage.objects.filter(status="pending").count() == 2


def test_a_closed_group_cannot_be_contacted(client, group) -> None:  # type: ignore[no-untyped-def]
    group.status = "closed"
    group_save(group, update_fields=["status"])
    assert post(client, group).status_code == 404


def test_only_the_responsible_centre_sees_the_request(client, group, demo_users) -> None:  # type: ignore[no-untyped-def]
    post(client, group)
    assert ContactRequest.objects.visible_to(demo_users["centre_staff"]).count() == 1
    for role in ("national_coordinator", "group_contact", "self_help_officer"):
        assert ContactRequest.objects.visible_to(demo_users[role]).count() == 0


def test_what_may_be_passed_on_to_the_group_is_the_persons_choice(client, group) -> None:  # type: ignore[no-untyped-def]
    post(client, group)
    first = ContactRequest.objects.get()
    assert (first.share_contact, first.share_message) == (False, False)  # nothing unless ticked
    post(client, group, email="other@example.org", share_contact="on")
    second = ContactRequest.objects.exclude(pk=first.pk).get()
    assert (second.share_contact, second.share_message) == (True, False)
