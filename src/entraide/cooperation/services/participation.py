"""Self-help members' participation in the institution's committees (quality criterion 6)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.cooperation.models import CommitteeParticipation, Triangle
from entraide.cooperation.services._common import require, require_open
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.models import AuditEntry

COMMITTEE_FIELDS = ("kind", "committee", "started_on", "ended_on", "members")


@transaction.atomic
def committee_participation_add(
    *, by: User, triangle: Triangle, data: dict[str, Any]
) -> CommitteeParticipation:
    """Record that self-help members took part in a committee (how many, never who)."""
    require(by, "cooperation.record_committee_participation", triangle)
    require_open(triangle)
    participation = CommitteeParticipation(
        triangle=triangle, recorded_by=by, **{f: data.get(f) for f in COMMITTEE_FIELDS}
    )
    if participation.started_on and participation.started_on < triangle.started_on:
        raise ValidationError(
            {"started_on": _("The date cannot be before the cooperation started.")}
        )
    if (
        participation.ended_on
        and participation.started_on
        and participation.ended_on < participation.started_on
    ):
        raise ValidationError({"ended_on": _("The period cannot end before it starts.")})
    participation.full_clean()
    participation.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=participation,
        after=snapshot(participation, COMMITTEE_FIELDS),
    )
    return participation


@transaction.atomic
def committee_participation_remove(*, by: User, participation: CommitteeParticipation) -> None:
    """Remove a participation recorded by mistake (the audit trail keeps what it said)."""
    triangle = participation.triangle
    require(by, "cooperation.record_committee_participation", triangle)
    require_open(triangle)
    before = snapshot(participation, COMMITTEE_FIELDS)
    audit_record(actor=by, action=AuditEntry.Action.DELETE, obj=participation, before=before)
    participation.delete()
