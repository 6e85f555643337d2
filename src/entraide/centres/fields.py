"""The fields of a listing each party edits, and a listing's values as a form posts them.

Shared by the forms and the services (a proposal stores raw values, the review compares them),
so that neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core import signing

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


HIDDEN_CONTACT = ("contact_email", "contact_phone")


def public_raw_of_group(group: Group) -> dict[str, str | list[str]]:
    """What the public correction form starts from: only what the public page shows."""
    raw = raw_of_group(group)
    if group.contact_mode != "direct":
        for name in HIDDEN_CONTACT:
            raw[name] = ""
    return raw


# --- where a change started from ------------------------------------------------------------
#
# A correction form carries, signed, the listing's values as the person saw them and the
# listing's version then (its last change). What they send is compared with what they saw, so
# that only what they changed is kept; and what the listing held then is recorded with it, so
# that the review can tell a newer change from an old value.

BASE_SALT = "entraide.listing-base"


def listing_version(group: Group) -> str:
    return group.updated_at.isoformat() if group.updated_at else ""


def seen_token(group: Group, seen: dict[str, Any], hidden: tuple[str, ...] = ()) -> str:
    """The signed value of a correction form's hidden ``base`` field."""
    payload = {"v": listing_version(group), "seen": seen, "hidden": list(hidden)}
    return signing.dumps(payload, salt=BASE_SALT, compress=True)


def read_seen_token(token: str) -> dict[str, Any] | None:
    try:
        payload = signing.loads(token or "", salt=BASE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("seen"), dict):
        return None
    return payload


@dataclass(frozen=True)
class StartingPoint:
    """What a person saw of a listing, and what the listing held when they started."""

    seen: dict[str, Any]
    then: dict[str, Any]  # None for a value not known (hidden from the person, changed since)

    def changes(self, sent: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """The fields the person changed (as sent) and the listing's values of them then."""
        data = {name: value for name, value in sent.items() if value != self.seen.get(name)}
        return data, {name: self.then.get(name) for name in data}


def starting_point(
    group: Group, token: str, fields: list[str], seen_now: dict[str, Any]
) -> StartingPoint:
    """Where a correction of ``group`` started, from its form's ``base`` token.

    No valid token: the listing now (as before this was recorded). The listing unchanged
    since: its values now, hidden ones included. Changed since: the values the person saw,
    and "not known" for those hidden from them.
    """
    payload = read_seen_token(token)
    now = raw_of_group(group, fields)
    if payload is None:
        return StartingPoint(seen=seen_now, then=now)
    seen = payload["seen"]
    if payload.get("v") == listing_version(group):
        return StartingPoint(seen=seen, then=now)
    hidden = set(payload.get("hidden") or ())
    then = {name: None if name in hidden else seen.get(name) for name in fields}
    return StartingPoint(seen=seen, then=then)


@dataclass(frozen=True)
class FieldChange:
    """One field a proposal touches: the listing's value then, now, and the one proposed."""

    name: str
    then: Any
    now: Any
    proposed: Any

    @property
    def already(self) -> bool:
        """The listing already holds the proposed value."""
        return self.now == self.proposed

    @property
    def conflict(self) -> bool:
        """The listing changed (or may have) since the proposal, and differs from it."""
        return not self.already and (self.then is None or self.then != self.now)


def field_changes(
    data: dict[str, Any], base: dict[str, Any], now: dict[str, Any]
) -> list[FieldChange]:
    """The fields a proposal touches, in the form's order, compared three ways."""
    return [
        FieldChange(name, base.get(name), now.get(name, ""), data[name])
        for name in GROUP_FIELDS
        if name in data
    ]


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
