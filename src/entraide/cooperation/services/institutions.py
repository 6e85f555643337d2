"""Health institutions and their units, registered by the national coordinator, kept by their leads."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation, OrganisationKind, Unit, User
from entraide.cooperation.services._common import require
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.models import AuditEntry

INSTITUTION_FIELDS = ("name", "code", "institution_type", "canton", "email", "phone", "website")


@transaction.atomic
def unit_add(*, by: User, institution: Organisation, name: str, canton: Any) -> Unit:
    require(by, "cooperation.manage_units", institution)
    if Unit.objects.filter(institution=institution, name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("This institution already has a unit of that name.")})
    unit = Unit.objects.create(institution=institution, name=name.strip(), canton=canton)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=unit,
        after=snapshot(unit, ("name", "canton")),
    )
    return unit


@transaction.atomic
def institution_save(
    *, by: User, data: dict[str, Any], institution: Organisation | None = None
) -> Organisation:
    """Register a health institution (national coordinator) or change its details (also its leads)."""
    if institution is None:
        require(by, "cooperation.add_institution")
        institution = Organisation(kind=OrganisationKind.HEALTH_INSTITUTION)
        before: dict[str, Any] = {}
    else:
        require(by, "cooperation.manage_units", institution)
        institution = Organisation.objects.select_for_update().get(pk=institution.pk)
        before = snapshot(institution, INSTITUTION_FIELDS)
    for field in INSTITUTION_FIELDS:
        if field in data:
            setattr(institution, field, data[field] if data[field] is not None else "")
    institution.full_clean()
    institution.save()
    after = snapshot(institution, INSTITUTION_FIELDS)
    if before != after:
        audit_record(
            actor=by,
            action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
            obj=institution,
            before=before,
            after=after,
        )
    return institution
