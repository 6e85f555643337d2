"""Warnings an app shows a person on their home page (a canton without a centre, say).

``core`` imports no higher app: each app registers a function that takes the
person and returns the messages for them (``<app>/navigation.py``, imported
when the app is ready). A function returns an empty list for people it does
not concern, without a query; otherwise it should cost a constant number of
queries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.utils.functional import Promise

HomeWarning = str | Promise
WarningSource = Callable[[Any], Sequence[HomeWarning]]

SOURCES: list[WarningSource] = []


def register(source: WarningSource) -> None:
    """Add an app's source of warnings (once)."""
    if source not in SOURCES:
        SOURCES.append(source)


def warnings_for(user: Any) -> list[HomeWarning]:
    """Every registered app's warnings for this person, in the order the apps registered."""
    if not user.is_authenticated:
        return []
    found: list[HomeWarning] = []
    for source in SOURCES:
        found.extend(source(user))
    return found
