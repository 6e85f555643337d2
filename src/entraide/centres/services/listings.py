"""Listings: the centre's own writes on its groups, and the yearly confirmation by each group.

A centre creates, changes, pauses and publishes its listings; publishing
checks the acceptance criteria, and the criteria are recorded with who
checked them and when.

Once a year each public group's contacts get an email: "is the listing still
right?". The link names a ``ListingConfirmation`` and its random nonce,
signed with the site's secret and valid for ``LINK_VALID_FOR``; opening it
shows the listing and one button. A GET never changes anything (mail
scanners open links), so the confirmation is the button's POST.
No answer after 30 days: a reminder. After 90 days: the group leaves the
public search and waits in its centre's queue of stale listings.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation, User
from entraide.accounts.rules import may_manage_centre
from entraide.centres.fields import GROUP_FIELDS, LINKS
from entraide.centres.models import Criterion, ListingAcceptance, ListingConfirmation
from entraide.centres.rules import is_contact_of
from entraide.centres.services.centre import centre_staff, group_contact_addresses, require_staff
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.lib.notify import notify_person
from entraide.core.models import AuditEntry
from entraide.directory import indexing
from entraide.directory.models import PUBLIC_STATUSES, Group, GroupStatus
from entraide.directory.places import locate

LISTING_FIELDS = (*(name for name in GROUP_FIELDS if name not in LINKS), "status", "is_listed")


# The people behind a group (often the facilitator's own address and phone): named in the
# audit trail when they change, never written there, since the trail cannot be erased.
LISTING_SENSITIVE = ("contact_email", "contact_phone", "address")


def listing_snapshot(group: Group) -> dict[str, Any]:
    """A listing's values as the audit trail compares them (themes and languages by code)."""
    values = snapshot(group, LISTING_FIELDS)
    if group.pk:
        values["themes"] = sorted(group.themes.values_list("code", flat=True))
        values["languages"] = sorted(group.languages.values_list("code", flat=True))
    return values


def audit_listing(*, by: Any, group: Group, before: dict[str, Any], creating: bool = False) -> None:
    """The audit entry of a change to a listing: its people's details are named, never written."""
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
        obj=group,
        before=before,
        after=listing_snapshot(group),
        sensitive=LISTING_SENSITIVE,
    )


def _record_acceptance(by: User, group: Group, criteria: list[str]) -> None:
    if set(criteria) != set(Criterion.values):
        raise ValidationError({"criteria": _("Please check every criterion.")})
    ListingAcceptance.objects.create(group=group, criteria=sorted(criteria), accepted_by=by)


@transaction.atomic
def group_save(
    *, by: User, centre: Organisation, group: Group | None, data: dict[str, Any]
) -> Group:
    """Create (and publish) or change a listing of the centre.

    ``data`` is a GroupForm's cleaned data. A new group is published at once,
    so the acceptance criteria must all be checked; they are recorded with who
    checked them and when. Coordinates come from the postal code.
    """
    require_staff(by, centre)
    creating = group is None
    if group is None:
        group = Group(centre=centre, status=GroupStatus.ACTIVE)
        before: dict[str, Any] = {}
    else:
        if group.centre_id != centre.pk:
            raise PermissionDenied("A centre changes only its own listings.")
        group = Group.objects.select_for_update().get(pk=group.pk)
        before = listing_snapshot(group)
    if data["canton"] not in centre.cantons.all():
        raise ValidationError({"canton": _("This canton is outside the centre's region.")})
    for name in LISTING_FIELDS:
        if name in data:
            setattr(group, name, data[name])
    located = locate(group.postal_code, group.municipality)
    group.latitude, group.longitude = located or (None, None)
    group.full_clean(exclude=["centre"])
    indexing.group_save(group)
    group.themes.set(data["themes"])
    group.languages.set(data["languages"])
    if creating:
        _record_acceptance(by, group, data.get("criteria") or [])
    audit_listing(by=by, group=group, before=before, creating=creating)
    return group


@transaction.atomic
def group_set_status(
    *, by: User, group: Group, status: str, criteria: list[str] | None = None
) -> Group:
    """Pause, close or (re)publish a listing; publishing again checks the criteria again."""
    require_staff(by, group.centre)
    group = Group.objects.select_for_update().get(pk=group.pk)
    before = listing_snapshot(group)
    if status in PUBLIC_STATUSES and group.status not in PUBLIC_STATUSES:
        _record_acceptance(by, group, criteria or [])
    group.status = status
    update = ["status", "is_listed", "updated_at"]
    if status in PUBLIC_STATUSES:
        group.is_listed = True
        if before["status"] not in PUBLIC_STATUSES:
            # Published again after the criteria were checked: confirmed as of today.
            group.last_confirmed_at = timezone.now()
            update.append("last_confirmed_at")
    indexing.group_save(group, update_fields=update)
    audit_listing(by=by, group=group, before=before)
    return group


# --- the yearly confirmation -----------------------------------------------------------

CONFIRM_EVERY = timedelta(days=365)
REMIND_AFTER = timedelta(days=30)
WITHDRAW_AFTER = timedelta(days=90)
LINK_VALID_FOR = timedelta(days=120)
SALT = "entraide.listing-confirmation"


def make_token(confirmation: ListingConfirmation) -> str:
    return signing.dumps({"c": confirmation.pk, "n": confirmation.nonce}, salt=SALT, compress=True)


def read_token(token: str) -> ListingConfirmation | None:
    """The confirmation a link names, or None if forged, expired or already used."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_VALID_FOR)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int):
        return None
    found = (
        ListingConfirmation.objects.filter(pk=data["c"], nonce=str(data.get("n", "")))
        .select_related("group", "group__centre")
        .first()
    )
    if found is None or found.confirmed_at is not None:
        return None
    return found


def _send(confirmation: ListingConfirmation, *, reminder: bool) -> int:
    """Ask the group's contacts; a group with no address is asked through its centre's staff."""
    group = confirmation.group
    recipients = group_contact_addresses(group)
    for_centre = not recipients
    if for_centre:
        recipients = [(user.email, user.language, user) for user in centre_staff(group.centre_id)]
    for email, language, user in recipients:
        with translation.override(language):
            link = reverse("centres:confirm_listing", args=[make_token(confirmation)])
        context: dict[str, Any] = {
            "group": group,
            "centre": group.centre,
            "link": link,
            "reminder": reminder,
            "days": LINK_VALID_FOR.days,
            "for_centre": for_centre,
        }
        notify_person(
            email=email,
            language=language,
            user=user,
            kind="listing_confirmation",
            template="centres/email/listing_confirmation",
            context=context,
        )
    return len(recipients)


def awaiting_confirmation() -> Any:
    """Confirmations asked for and not answered yet (the group is still listed)."""
    return ListingConfirmation.objects.filter(confirmed_at__isnull=True, withdrawn_at__isnull=True)


def run_confirmations(*, now: datetime) -> dict[str, int]:
    """Ask, remind and withdraw, as the dates say; each step happens once per confirmation."""
    counts = {"asked": 0, "reminded": 0, "withdrawn": 0}
    cutoff = now - CONFIRM_EVERY
    due = (
        Group.objects.filter(status__in=PUBLIC_STATUSES, is_listed=True)
        # A listing never confirmed counts from its creation.
        .filter(
            Q(last_confirmed_at__lte=cutoff)
            | Q(last_confirmed_at__isnull=True, created_at__lte=cutoff)
        )
        .exclude(pk__in=awaiting_confirmation().values("group_id"))
    )
    for group in due.select_related("centre").order_by("pk")[:2000]:
        with transaction.atomic():
            confirmation = ListingConfirmation.objects.create(
                group=group, nonce=secrets.token_urlsafe(18), sent_at=now
            )
            _send(confirmation, reminder=False)
        counts["asked"] += 1
    to_remind = awaiting_confirmation().filter(
        sent_at__lte=now - REMIND_AFTER, reminded_at__isnull=True
    )
    for confirmation in to_remind.select_related("group", "group__centre"):
        with transaction.atomic():
            _send(confirmation, reminder=True)
            ListingConfirmation.objects.filter(pk=confirmation.pk).update(reminded_at=now)
        counts["reminded"] += 1
    for confirmation in (
        awaiting_confirmation().filter(sent_at__lte=now - WITHDRAW_AFTER).select_related("group")
    ):
        with transaction.atomic():
            group = Group.objects.select_for_update().get(pk=confirmation.group_id)
            group.is_listed = False
            indexing.group_save(group, update_fields=["is_listed", "updated_at"])
            ListingConfirmation.objects.filter(pk=confirmation.pk).update(withdrawn_at=now)
            audit_record(
                actor=None,
                action=AuditEntry.Action.UPDATE,
                obj=group,
                before={"is_listed": True},
                after={"is_listed": False},
            )
        counts["withdrawn"] += 1
    return counts


@transaction.atomic
def confirm_listing(
    *, confirmation: ListingConfirmation | None = None, group: Group | None = None, by: Any = None
) -> Group:
    """The listing is still right: from the signed link (no sign-in), or by the centre's staff.

    A group withdrawn as stale comes back into the public search.
    """
    now = timezone.now()
    if confirmation is not None:
        group = confirmation.group
    elif group is None or not (may_manage_centre(by, group.centre) or is_contact_of(by, group)):
        raise PermissionDenied("Only the group (by its link) or its centre confirm a listing.")
    assert group is not None
    group = Group.objects.select_for_update().get(pk=group.pk)
    before = {"last_confirmed_at": str(group.last_confirmed_at), "is_listed": group.is_listed}
    group.last_confirmed_at = now
    if group.status in PUBLIC_STATUSES:
        group.is_listed = True
    indexing.group_save(group, update_fields=["last_confirmed_at", "is_listed", "updated_at"])
    awaiting_confirmation().filter(group=group).update(confirmed_at=now)
    if confirmation is not None:
        ListingConfirmation.objects.filter(pk=confirmation.pk).update(confirmed_at=now)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=group,
        before=before,
        after={"last_confirmed_at": str(now), "is_listed": group.is_listed},
    )
    return group
