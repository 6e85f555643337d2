"""An invited person chooses a password, verifies the address and signs in."""

from __future__ import annotations

import re

from allauth.account.models import EmailAddress

from entraide.accounts import services
from entraide.core.models import OutboxMessage


def test_an_invited_volunteer_sets_a_password_and_signs_in(client, demo_users) -> None:  # type: ignore[no-untyped-def]
    from entraide.accounts.models import Organisation

    group = Organisation.objects.get(code="group-trauer-bern")
    services.membership_create(
        by=demo_users["national_coordinator"],
        organisation=group,
        email="anna@example.org",
        role="group_contact",
        language="de",
    )
    invitation = OutboxMessage.objects.get(to_email="anna@example.org")
    reset_page = re.search(r"http://[^/]+(/de/account/password/reset/)", invitation.body)[1]
    client.post(reset_page, {"email": "anna@example.org"})
    reset_mail = OutboxMessage.objects.filter(to_email="anna@example.org").latest("id")
    key_url = re.search(r"http://[^/]+(/de/account/password/reset/key/\S+/)", reset_mail.body)[1]
    response = client.get(key_url)
    form_url = response["Location"] if response.status_code == 302 else key_url
    response = client.post(
        form_url, {"password1": "A-long-new-passphrase-26", "password2": "A-long-new-passphrase-26"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        "/de/account/login/", {"login": "anna@example.org", "password": "A-long-new-passphrase-26"}
    )
    # Choosing a password through the emailed link proves the address.
    assert EmailAddress.objects.filter(email="anna@example.org", verified=True).exists()
    assert "_auth_user_id" in client.session
