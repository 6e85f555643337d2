"""Signing in: email login, the second factor for staff roles, throttling, timeouts."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client

from entraide.demo.accounts import ACCOUNTS, DEMO_PASSWORD

ACCOUNT = {a.role: a for a in ACCOUNTS}


def totp_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client: Client, email: str, password: str = DEMO_PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/fr/account/login/", {"login": email, "password": password})


def test_a_staff_member_signs_in_with_password_then_code(client, db) -> None:  # type: ignore[no-untyped-def]
    account = ACCOUNT["centre_staff"]
    response = sign_in(client, account.email)
    assert response.status_code == 302
    assert response["Location"].endswith("/account/2fa/authenticate/")
    assert "_auth_user_id" not in client.session  # not signed in before the code
    response = client.post(response["Location"], {"code": totp_now(account.totp_secret)})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    assert client.get("/fr/").context["user"].email == account.email


def test_a_wrong_code_does_not_sign_in(client, db) -> None:  # type: ignore[no-untyped-def]
    response = sign_in(client, ACCOUNT["centre_staff"].email)
    response = client.post(response["Location"], {"code": "000000"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_volunteer_signs_in_with_the_password_alone(client, db) -> None:  # type: ignore[no-untyped-def]
    response = sign_in(client, ACCOUNT["group_contact"].email)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_staff_account_without_mfa_reaches_no_staff_page(client_for, demo_users) -> None:  # type: ignore[no-untyped-def]
    Authenticator.objects.filter(user=demo_users["national_coordinator"]).delete()
    client = client_for("national_coordinator")
    for path in ["/fr/", "/fr/audit/", "/fr/organisations/", "/fr/admin/", "/fr/me/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].endswith("/account/2fa/totp/activate/"), path
    assert client.get("/fr/account/2fa/totp/activate/").status_code in (200, 302)
    assert client.get("/fr/privacy/").status_code == 200


def test_the_admin_login_goes_through_allauth(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/fr/admin/login/")
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_repeated_wrong_passwords_are_throttled(client, db) -> None:  # type: ignore[no-untyped-def]
    email = ACCOUNT["member"].email
    for _ in range(6):
        response = sign_in(client, email, "Not-the-password-1")
    assert response.status_code == 200
    assert response.context["form"].errors
    # Even the right password is refused while throttled.
    response = sign_in(client, email)
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_a_tampered_session_cookie_is_ignored(client_for, settings) -> None:  # type: ignore[no-untyped-def]
    client = client_for("group_contact")
    client.cookies[settings.SESSION_COOKIE_NAME] = (
        client.cookies[settings.SESSION_COOKIE_NAME].value + "x"
    )
    assert client.get("/fr/me/").status_code == 302


def test_a_post_without_csrf_token_is_refused(demo_users) -> None:  # type: ignore[no-untyped-def]
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo_users["group_contact"])
    assert client.post("/fr/me/", {"display_name": "x", "language": "fr"}).status_code == 403


def test_sessions_end_after_the_absolute_timeout(client, db, settings) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, ACCOUNT["member"].email)
    assert client.get("/fr/me/").status_code == 200
    with time_machine.travel(timedelta(hours=10, minutes=5)):
        response = client.get("/fr/me/")
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session


def test_sessions_expire_after_the_idle_timeout(client, db) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, ACCOUNT["member"].email)
    assert 29 * 60 <= client.session.get_expiry_age() <= 30 * 60
    with time_machine.travel(timedelta(minutes=31)):
        assert client.get("/fr/me/").status_code == 302


@pytest.mark.parametrize("role", ["group_contact", "member", "patient_partner"])
def test_volunteers_are_offered_mfa_but_not_forced(client_for, role) -> None:  # type: ignore[no-untyped-def]
    assert client_for(role).get("/fr/me/").status_code == 200


def test_public_signup_is_closed(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/fr/account/signup/",
        {
            "email": "x@example.org",
            "password1": "Long-enough-pw-1",
            "password2": "Long-enough-pw-1",
        },
    )
    assert not client.session.get("_auth_user_id")
    assert response.status_code in (200, 302)
    from entraide.accounts.models import User

    assert not User.objects.filter(email="x@example.org").exists()
