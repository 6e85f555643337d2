"""The centre itself: who works there, who its messages go to, how long it keeps records, its settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from entraide.accounts.models import Membership, Organisation, Role, User
from entraide.accounts.rules import may_manage_centre
from entraide.centres.models import CentreSettings, settings_of
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.lib.notify import notify_user
from entraide.core.models import AuditEntry
from entraide.directory.models import Group


def centre_staff(centre_id: int) -> list[User]:
    """The people working for a centre today: those its notices go to.

    For the national office (what no regional centre could take waits there),
    its national coordinators.
    """
    return [
        membership.user
        for membership in Membership.objects.filter(
            organisation_id=centre_id,
            role__in=(Role.CENTRE_STAFF, Role.NATIONAL_COORDINATOR),
            user__is_active=True,
        ).select_related("user")
    ]


def notify_centre_staff(
    centre_id: int, *, kind: str, template: str, context: dict[str, Any]
) -> int:
    """Queue a notice for each of the centre's staff; returns how many were told."""
    staff = centre_staff(centre_id)
    for user in staff:
        notify_user(user=user, kind=kind, template=template, context=context)
    return len(staff)


def tell_office(office: Organisation, *, proposal: bool) -> None:
    """The national office's coordinators learn that something waits for a centre (no details)."""
    notify_centre_staff(
        office.pk,
        kind="office_item_received",
        template="centres/email/office_item_received",
        context={"office": office, "proposal": proposal},
    )


def group_contact_addresses(group: Group) -> list[tuple[str, str, User | None]]:
    """Where to forward a request: the group's contacts with an account, else its own address.

    Each entry is (email, language, user or None).
    """
    if group.organisation_id:
        # Only addresses the person has confirmed (by signing in through the invitation):
        # a mistyped invitation must not receive anybody's request.
        contacts = (
            Membership.objects.filter(
                organisation_id=group.organisation_id,
                role=Role.GROUP_CONTACT,
                user__emailaddress__verified=True,
            )
            .select_related("user")
            .distinct()
        )
        found: list[tuple[str, str, User | None]] = [
            (m.user.email, m.user.language, m.user) for m in contacts if m.user.is_active
        ]
        if found:
            return found
    if group.contact_email:
        language = group.languages.order_by("position").values_list("code", flat=True).first()
        return [
            (group.contact_email, language if language in ("fr", "de", "it", "en") else "fr", None)
        ]
    return []


def retention_cutoff(now: datetime) -> Callable[[int], datetime]:
    """For a centre's id, the moment before which closed or answered records are erased.

    Months count as 30 days; a centre that never chose keeps the default period.
    """
    months = dict(CentreSettings.objects.values_list("centre_id", "retention_months"))
    default = CentreSettings().retention_months
    return lambda centre_id: now - timedelta(days=30 * months.get(centre_id, default))


def require_staff(by: Any, centre: Organisation) -> None:
    """Refuse anyone who is not on the centre's staff."""
    if not may_manage_centre(by, centre):
        raise PermissionDenied("Only the centre's staff work on its requests.")


@transaction.atomic
def centre_settings_save(
    *, by: User, centre: Organisation, retention_months: int, contact_edits_reviewed: bool
) -> CentreSettings:
    """Save the centre's own choices (the first save creates its row)."""
    require_staff(by, centre)
    # Locked, so that two first saves at the same moment do not both insert.
    Organisation.objects.select_for_update().filter(pk=centre.pk).first()
    current = settings_of(centre)
    fields = ["retention_months", "contact_edits_reviewed"]
    before = snapshot(current, fields)
    current.retention_months = retention_months
    current.contact_edits_reviewed = contact_edits_reviewed
    current.full_clean()
    current.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=current,
        before=before,
        after=snapshot(current, fields),
    )
    return current
