"""The home page's warnings: apps register a source, core asks each for the person's messages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from entraide.accounts.models import Role
from entraide.core import warnings


def test_registered_sources_speak_to_the_people_they_concern(monkeypatch, demo_users) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(warnings, "SOURCES", [])

    def for_staff(user: Any) -> list[str]:
        return ["Check your inbox."] if user.has_role(Role.CENTRE_STAFF) else []

    warnings.register(for_staff)
    warnings.register(for_staff)  # once only
    assert [for_staff] == warnings.SOURCES
    assert warnings.warnings_for(demo_users[Role.CENTRE_STAFF]) == ["Check your inbox."]
    assert warnings.warnings_for(demo_users[Role.GROUP_CONTACT]) == []
    assert warnings.warnings_for(AnonymousUser()) == []


def test_the_home_page_shows_a_persons_warnings(monkeypatch, client_for) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(warnings, "SOURCES", [lambda user: ["Something needs you."]])
    html = client_for(Role.GROUP_CONTACT).get("/en/").content.decode()
    assert 'role="alert"' in html and "Something needs you." in html
