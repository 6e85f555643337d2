"""What each role can do: the home page lists it, the navigation links to it.

Each app registers its capabilities (``<app>/navigation.py``, imported when the
app is ready); this module only keeps them in order and picks a person's. An
entry without ``url_name`` is a capability that later work will open; the home
page names it so that people know what is coming, without a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Capability:
    title: str | Promise
    description: str | Promise
    roles: frozenset[str]
    url_name: str | None = None
    in_navigation: bool = False
    # Place on the home page and in the navigation (lower first).
    position: int = 0


CAPABILITIES: list[Capability] = []


def register(*capabilities: Capability) -> None:
    """Add an app's capabilities (once each, kept in the order of their position)."""
    for capability in capabilities:
        if capability not in CAPABILITIES:
            CAPABILITIES.append(capability)
    CAPABILITIES.sort(key=lambda c: c.position)


def capabilities_for(user: Any) -> list[Capability]:
    if not user.is_authenticated:
        return []
    roles = user.roles()
    return [c for c in CAPABILITIES if c.roles & roles]


def navigation_for(user: Any) -> list[tuple[str | Promise, str]]:
    """The links of the main navigation for this person, in order."""
    links: list[tuple[str | Promise, str]] = [
        (_("Home"), reverse("core:home")),
        (_("Find a group"), reverse("directory:group_search")),
    ]
    links += [
        (c.title, reverse(c.url_name))
        for c in capabilities_for(user)
        if c.in_navigation and c.url_name
    ]
    return links
