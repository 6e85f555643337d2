"""The centre's log of support given to groups and of enquiries from professionals."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation, User
from entraide.centres.models import CentreActivity
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.models import AuditEntry
from entraide.core.permissions import may
from entraide.directory.models import Group

ACTIVITY_FIELDS = ["kind", "on", "group", "professional_field", "minutes"]


@transaction.atomic
def activity_record(
    *,
    by: User,
    centre: Organisation,
    kind: str,
    on: date,
    group: Group | None = None,
    professional_field: str = "",
    note: str = "",
    minutes: int | None = None,
) -> CentreActivity:
    """Add a line to the centre's log; the group, if any, must be one the centre lists."""
    if not may(by, "centres.record_activity", centre):
        raise PermissionDenied("Only the centre's staff keep its log.")
    if group is not None and group.centre_id != centre.pk:
        raise ValidationError({"group": _("Please choose one of the centre's groups.")})
    activity = CentreActivity(
        centre=centre,
        kind=kind,
        on=on,
        group=group,
        professional_field=professional_field,
        note=note.strip(),
        minutes=minutes,
        recorded_by=by,
    )
    activity.full_clean()
    activity.save()
    # The note stays out of the audit trail: it is free text.
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=activity,
        after=snapshot(activity, ACTIVITY_FIELDS),
    )
    return activity
