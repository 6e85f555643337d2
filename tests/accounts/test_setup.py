"""``manage.py setup``: the national office and its first coordinator, without the demo."""

from __future__ import annotations

import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from entraide.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from entraide.core.models import AuditEntry, OutboxMessage


def run_setup(*args: str) -> str:
    out = io.StringIO()
    call_command("setup", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def no_office(db) -> None:  # type: ignore[no-untyped-def]
    """The test database holds the demo office: make it another kind, as if there were none."""
    Organisation.objects.filter(kind=OrganisationKind.NATIONAL_OFFICE).update(
        kind=OrganisationKind.MEMBER_ORGANISATION
    )


ARGS = ("--office-name", "Office national de l'entraide", "--coordinator-email", "Nora@Example.org")


def test_setup_creates_the_office_and_the_coordinator_signs_in_through_the_link(
    client, no_office
) -> None:  # type: ignore[no-untyped-def]
    output = run_setup(*ARGS, "--language", "de")

    office = Organisation.objects.get(kind=OrganisationKind.NATIONAL_OFFICE)
    assert office.name == "Office national de l'entraide"
    assert office.canton.code == "BE"
    user = User.objects.get(email="nora@example.org")
    assert not user.has_usable_password()
    assert user.language == "de"
    assert Membership.objects.filter(
        user=user, organisation=office, role=Role.NATIONAL_COORDINATOR
    ).exists()
    assert AuditEntry.objects.filter(
        object_type="accounts.organisation", object_id=str(office.pk), actor=None
    ).exists()
    # The same single-use link is printed and emailed.
    printed = re.search(r"http://\S+(/de/account/password/reset/key/\S+/)", output)[1]
    mail = OutboxMessage.objects.get(to_email="nora@example.org")
    assert printed in mail.body
    assert "authenticator" in output

    response = client.get(printed)
    form_url = response["Location"] if response.status_code == 302 else printed
    passphrase = "A-long-new-passphrase-26"
    response = client.post(form_url, {"password1": passphrase, "password2": passphrase})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert EmailAddress.objects.filter(email="nora@example.org", verified=True).exists()

    response = client.post(
        "/de/account/login/", {"login": "nora@example.org", "password": passphrase}
    )
    assert client.session["_auth_user_id"] == str(user.pk)
    # The second factor comes next: a staff role reaches no page without it.
    response = client.get("/de/accounts/organisations/")
    assert response.status_code == 302
    assert "/mfa/totp/activate" in response["Location"] or "totp" in response["Location"]

    # Used once, the link no longer works.
    client.logout()
    response = client.get(printed, follow=True)
    assert b"password1" not in response.content


def test_setup_twice_changes_nothing(no_office) -> None:  # type: ignore[no-untyped-def]
    run_setup(*ARGS)
    counts = (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
        OutboxMessage.objects.count(),
    )
    output = run_setup(*ARGS)
    assert output.startswith("Nothing changed")
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
        OutboxMessage.objects.count(),
    ) == counts
    # Until the coordinator has a password, a fresh link is printed (not emailed again).
    assert "/account/password/reset/key/" in output


def test_setup_on_the_demo_office_and_its_coordinator_changes_nothing(db) -> None:  # type: ignore[no-untyped-def]
    office = Organisation.objects.get(kind=OrganisationKind.NATIONAL_OFFICE)
    before = AuditEntry.objects.count()
    output = run_setup(
        "--office-name", office.name, "--coordinator-email", "coordinator@demo.entraide.example"
    )
    assert output.startswith("Nothing changed")
    # The coordinator has a password: no link.
    assert "reset/key" not in output
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--office-name", "Another office", "--coordinator-email", "x@example.org"),
            "another name",
        ),
        (
            ("--office-name", "{office}", "--coordinator-email", "other@example.org"),
            "already has a coordinator",
        ),
        (("--office-name", "{office}", "--coordinator-email", "not-an-address"), "valid email"),
        (
            ("--office-name", "{office}", "--coordinator-email", "x@example.org", "--canton", "XX"),
            "Unknown canton",
        ),
    ],
)
def test_setup_refuses_what_would_change_an_existing_office(db, args, message) -> None:  # type: ignore[no-untyped-def]
    office = Organisation.objects.get(kind=OrganisationKind.NATIONAL_OFFICE)
    args = tuple(a.format(office=office.name) for a in args)
    users = User.objects.count()
    with pytest.raises(CommandError, match=message):
        run_setup(*args)
    assert User.objects.count() == users
    assert Organisation.objects.filter(kind=OrganisationKind.NATIONAL_OFFICE).count() == 1


def test_the_demo_never_loads_beside_a_real_operators_data(no_office, settings) -> None:  # type: ignore[no-untyped-def]
    run_setup(*ARGS)
    settings.DEMO = True
    offices = Organisation.objects.filter(kind=OrganisationKind.NATIONAL_OFFICE).count()

    with pytest.raises(CommandError, match="set up for a real operator"):
        call_command("demo", stdout=io.StringIO())

    assert (
        Organisation.objects.filter(kind=OrganisationKind.NATIONAL_OFFICE).count() == offices == 1
    )
