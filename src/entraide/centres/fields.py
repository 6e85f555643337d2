"""The fields of a listing each party edits, and a listing's values as a form posts them.

Shared by the forms and the services (a proposal stores raw values, the review compares them),
so that neither imports the other.
"""

from __future__ import annotations

from typing import Any

from entraide.directory.models import Group

# The fields of a listing that the centre keeps (its form, its review, its audit trail).
GROUP_FIELDS = [
    "name",
    "themes",
    "description",
    "easy_read_summary",
    "group_type",
    "audience",
    "languages",
    "rhythm",
    "weekday",
    "week_of_month",
    "rhythm_anchor",
    "start_time",
    "end_time",
    "is_online",
    "canton",
    "municipality",
    "postal_code",
    "address",
    "show_address",
    "venue_accessibility",
    "cost_note",
    "contact_mode",
    "contact_email",
    "contact_phone",
]
LINKS = ("themes", "languages")

PROPOSAL_FIELDS = [
    name
    for name in GROUP_FIELDS
    if name
    not in (
        "easy_read_summary",
        "rhythm_anchor",
        "address",
        "show_address",
        "venue_accessibility",
        "cost_note",
    )
]


def raw_value(value: Any) -> str | list[str]:
    """A cleaned value as a form would post it (what a proposal stores)."""
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    if hasattr(value, "all") or isinstance(value, list | tuple | set):
        items = value.all() if hasattr(value, "all") else value
        return sorted(str(getattr(item, "pk", item)) for item in items)
    if hasattr(value, "pk"):
        return str(value.pk)
    if hasattr(value, "strftime") and hasattr(value, "hour"):
        return value.strftime("%H:%M")
    return str(value)


def raw_of_group(group: Group, fields: Any = None) -> dict[str, str | list[str]]:
    """A listing's current values in the form a proposal stores them, to compare."""
    return {name: raw_value(getattr(group, name)) for name in fields or PROPOSAL_FIELDS}


def public_raw_of_group(group: Group) -> dict[str, str | list[str]]:
    """What the public correction form starts from: only what the public page shows."""
    raw = raw_of_group(group)
    if group.contact_mode != "direct":
        raw["contact_email"] = raw["contact_phone"] = ""
    return raw


# What a group contact edits themselves; the name, themes, kind and canton stay with the centre.
CONTACT_FIELDS = [
    name
    for name in GROUP_FIELDS
    if name not in ("name", "themes", "group_type", "audience", "canton")
]


# What the centre writes on a project (its form), the fields its form shows.
PROJECT_FORM_FIELDS = (
    "title",
    "theme",
    "canton",
    "municipality",
    "language",
    "description",
    "threshold",
)
