"""Sign-up links appear only where sign-up is open; elsewhere the page says who gives accounts."""

from __future__ import annotations

import pytest

from entraide.accounts.adapters import AccountAdapter
from entraide.core.models import OutboxMessage

INVITATION = "Accounts are given by invitation."
OFFICE = "contacts the national office, Office national de l&#x27;entraide (démo)."
SIGNUP_LINK = 'href="/en/account/signup/"'


def main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("path", ["/en/", "/en/account/login/", "/en/account/signup/"])
def test_while_sign_up_is_closed_no_page_links_to_it_and_each_says_who_invites(  # type: ignore[no-untyped-def]
    client, db, path
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    # The page's own content (the sign-up page's language links point at itself).
    body = main(response.content.decode())
    assert SIGNUP_LINK not in body
    assert "sign up" not in body.lower()
    assert INVITATION in body
    assert "the regional centre that lists your group invites you" in body
    assert OFFICE in body
    assert 'href="mailto:office@demo.entraide.example"' in body


def test_the_closed_sign_up_page_offers_the_search_instead_of_a_dead_end(client, db) -> None:  # type: ignore[no-untyped-def]
    body = main(client.get("/en/account/signup/").content.decode())
    assert "Sign Up Closed" not in body
    assert "<h1>Accounts by invitation</h1>" in body
    assert 'href="/en/groups/"' in body
    assert "<form" not in body


@pytest.mark.parametrize("path", ["/en/", "/en/account/login/"])
def test_where_sign_up_is_open_the_pages_link_to_it(client, db, monkeypatch, path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(AccountAdapter, "is_open_for_signup", lambda self, request: True)
    body = client.get(path).content.decode()
    assert SIGNUP_LINK in body
    assert INVITATION not in body


def test_a_password_reset_for_an_unknown_address_says_how_to_get_an_account(client, db) -> None:  # type: ignore[no-untyped-def]
    client.post("/en/account/password/reset/", {"email": "nobody@example.org"})
    message = OutboxMessage.objects.get(to_email="nobody@example.org")
    assert "/signup/" not in message.body
    assert INVITATION in message.body
    assert "Office national de l'entraide (démo). office@demo.entraide.example" in message.body
