"""Four languages: in the URL, chosen from the browser, switchable on every page."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings

from entraide.core.models import OutboxMessage


@pytest.mark.parametrize(
    ("accept", "expected"), [("de-CH,de;q=0.9", "/de/"), ("it", "/it/"), ("en-GB", "/en/")]
)
def test_the_browsers_language_is_the_default(client, db, accept, expected) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/", headers={"accept-language": accept})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_an_unsupported_browser_language_falls_back_to_french(client, db) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/", headers={"accept-language": "ja"})["Location"] == "/fr/"


@pytest.mark.parametrize("language", ["fr", "de", "it", "en"])
def test_pages_declare_their_language(client, db, language) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/{language}/privacy/").content.decode()
    assert f'<html lang="{language}">' in html


def test_the_switcher_stays_on_the_same_page(client_for) -> None:  # type: ignore[no-untyped-def]
    html = client_for("national_coordinator").get("/de/audit/?action=read").content.decode()
    links = dict(re.findall(r'<a href="([^"]+)" lang="(\w\w)"', html))
    assert {v: k for k, v in links.items()} == {
        "fr": "/fr/audit/?action=read",
        "de": "/de/audit/?action=read",
        "it": "/it/audit/?action=read",
        "en": "/en/audit/?action=read",
    }


def test_password_reset_mail_is_in_the_recipients_language(client, demo_users) -> None:  # type: ignore[no-untyped-def]
    # The reviewer reads German; the request comes from the French page.
    client.post("/fr/account/password/reset/", {"email": "reviewer@demo.entraide.example"})
    message = OutboxMessage.objects.get(to_email="reviewer@demo.entraide.example")
    assert message.language == "de"
    assert "/de/account/password/reset/key/" in message.body


def test_the_demo_email_page_exists_only_in_demo_mode(client_for, settings) -> None:  # type: ignore[no-untyped-def]
    client = client_for("group_contact")
    assert client.get("/fr/demo/emails/").status_code == 404
    with override_settings(DEMO=True):
        OutboxMessage.objects.create(
            to_email="group@demo.entraide.example",
            language="fr",
            kind="k",
            subject="Hello group",
            body="b",
        )
        OutboxMessage.objects.create(
            to_email="other@example.org", language="fr", kind="k", subject="Not yours", body="b"
        )
        html = client.get("/fr/demo/emails/").content.decode()
    assert "Hello group" in html
    assert "Not yours" not in html
