"""The yearly confirmation of a listing by its group, with a signed link that needs no sign-in.

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
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from entraide.accounts.rules import may_manage_centre
from entraide.centres.models import ListingConfirmation
from entraide.centres.services import centre_staff, group_contact_addresses
from entraide.core.lib.audit import audit_record
from entraide.core.lib.notify import notify, notify_user, render_message
from entraide.core.models import AuditEntry
from entraide.directory.models import PUBLIC_STATUSES, Group

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
            link = reverse("confirm_listing", args=[make_token(confirmation)])
        context: dict[str, Any] = {
            "group": group,
            "centre": group.centre,
            "link": link,
            "reminder": reminder,
            "days": LINK_VALID_FOR.days,
            "for_centre": for_centre,
        }
        if user is not None:
            notify_user(
                user=user,
                kind="listing_confirmation",
                template="centres/email/listing_confirmation",
                context=context,
            )
        else:
            subject, body = render_message("centres/email/listing_confirmation", context, language)
            notify(
                to_email=email,
                kind="listing_confirmation",
                subject=subject,
                body=body,
                language=language,
            )
    return len(recipients)


def _is_contact(user: Any, group: Group) -> bool:
    from entraide.centres.contacts import is_contact_of

    return is_contact_of(user, group)


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
            group.save(update_fields=["is_listed", "updated_at"])
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
    elif group is None or not (may_manage_centre(by, group.centre) or _is_contact(by, group)):
        raise PermissionDenied("Only the group (by its link) or its centre confirm a listing.")
    assert group is not None
    group = Group.objects.select_for_update().get(pk=group.pk)
    before = {"last_confirmed_at": str(group.last_confirmed_at), "is_listed": group.is_listed}
    group.last_confirmed_at = now
    if group.status in PUBLIC_STATUSES:
        group.is_listed = True
    group.save(update_fields=["last_confirmed_at", "is_listed", "updated_at"])
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
