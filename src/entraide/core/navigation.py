"""What each role can do, and what the public finds: the home page lists both, the
navigation links to the first.

Each app registers its capabilities and its public home-page cards
(``<app>/navigation.py``, imported when the app is ready); this module only keeps
them in order and picks a person's. Only what exists is registered: an app that
is not there yet (the patient-partner platform, the partnership network) has no
card until it registers one with the page it links to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Capability:
    title: str | Promise
    description: str | Promise
    roles: frozenset[str]
    url_name: str
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
    links += [(c.title, reverse(c.url_name)) for c in capabilities_for(user) if c.in_navigation]
    return links


@dataclass(frozen=True)
class Figure:
    """A number on a home-page card, with what it counts."""

    label: str | Promise
    value: int


@dataclass(frozen=True)
class CardFacts:
    """A card's figures as they stood on ``day``, and sentences about them (a target
    reached or missed, with the date of its figure)."""

    day: date
    figures: Sequence[Figure] = ()
    notes: Sequence[str | Promise] = ()


@dataclass(frozen=True)
class HomeCard:
    """A public page on the home page: its title links to ``url_name``.

    ``facts`` (optional) gives the card's figures on a day; it must run a fixed
    number of queries, whatever the data's size.
    """

    title: str | Promise
    description: str | Promise
    url_name: str
    position: int = 0
    # Further links under the description: (text, URL name).
    links: Sequence[tuple[str | Promise, str]] = ()
    facts: Callable[[date], CardFacts | None] | None = field(default=None, compare=False)


HOME_CARDS: list[HomeCard] = []


def register_home_card(*cards: HomeCard) -> None:
    """Add an app's public pages to the home page (once each, in the order of their position)."""
    for card in cards:
        if card not in HOME_CARDS:
            HOME_CARDS.append(card)
    HOME_CARDS.sort(key=lambda c: c.position)


def home_cards(today: date) -> list[tuple[HomeCard, CardFacts | None]]:
    """Every registered public card with its facts on ``today``."""
    return [(card, card.facts(today) if card.facts else None) for card in HOME_CARDS]
