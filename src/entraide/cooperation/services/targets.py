"""The national targets of the cooperations, set by the national coordinator."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.cooperation.models import CooperationTarget
from entraide.cooperation.services._common import require
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.models import AuditEntry

TARGET_FIELDS = ("value", "counts", "due_on", "label", "note")


@transaction.atomic
def target_save(
    *, by: User, data: dict[str, Any], target: CooperationTarget | None = None
) -> CooperationTarget:
    """Add a national target or change one (the national coordinator), with an audit entry."""
    require(by, "cooperation.manage_targets")
    target = (
        CooperationTarget()
        if target is None
        else CooperationTarget.objects.select_for_update().get(pk=target.pk)
    )
    before = snapshot(target, TARGET_FIELDS) if target.pk else {}
    for field in TARGET_FIELDS:
        if field in data:
            value = data[field]
            setattr(target, field, "" if value is None and field in ("label", "note") else value)
    clash = CooperationTarget.objects.filter(counts=target.counts, due_on=target.due_on)
    if target.pk:
        clash = clash.exclude(pk=target.pk)
    if target.due_on is not None and clash.exists():
        raise ValidationError(
            {"due_on": _("There is already a target counting the same on this date.")}
        )
    target.full_clean()
    target.save()
    after = snapshot(target, TARGET_FIELDS)
    if before != after:
        audit_record(
            actor=by,
            action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
            obj=target,
            before=before,
            after=after,
        )
    return target
