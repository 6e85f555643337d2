"""The convention: its versions drafted, then signed (the signed copy uploaded as a PDF)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.cooperation.models import ConventionVersion, TimelineKind, Triangle, TriangleStatus
from entraide.cooperation.services._common import (
    add_event,
    locked,
    require,
    require_open,
    set_status,
)
from entraide.cooperation.uploads import store_pdf
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.models import AuditEntry


@transaction.atomic
def convention_draft(*, by: User, triangle: Triangle, data: dict[str, Any]) -> ConventionVersion:
    """Record a new version of the convention (its PDF draft is generated from the data)."""
    require(by, "cooperation.work_on_triangle", triangle)
    triangle = locked(triangle)
    require_open(triangle)
    drafted_on: date = data["drafted_on"]
    if drafted_on > timezone.localdate():
        raise ValidationError({"drafted_on": _("The draft date cannot be in the future.")})
    number = (triangle.conventions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ConventionVersion(
        triangle=triangle,
        number=number,
        drafted_on=drafted_on,
        signatories=data["signatories"].strip(),
        notes=data.get("notes", ""),
    )
    version.full_clean()
    version.save()
    add_event(triangle, by, TimelineKind.CONVENTION_DRAFTED, str(number))
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=version,
        after=snapshot(version, ("number", "drafted_on", "signatories")),
    )
    return version


@transaction.atomic
def convention_sign(
    *, by: User, version: ConventionVersion, signed_on: date, upload: Any
) -> ConventionVersion:
    """Upload the signed copy of a version; the cooperation counts from its signature date."""
    triangle = version.triangle
    require(by, "cooperation.work_on_triangle", triangle)
    triangle = locked(triangle)
    require_open(triangle)
    version = ConventionVersion.objects.select_for_update().get(pk=version.pk)
    if version.signed_copy_id:
        raise ValidationError(
            _("This version is already signed; draft a new version to change it.")
        )
    if signed_on < version.drafted_on:
        raise ValidationError(
            {
                "signed_on": _("The convention cannot be signed before it was drafted (%(date)s).")
                % {"date": version.drafted_on.strftime("%d.%m.%Y")}
            }
        )
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The signature date cannot be in the future.")})
    try:
        document = store_pdf(upload=upload, by=by)
    except ValidationError as error:
        raise ValidationError({"signed_copy": error.messages}) from error
    version.signed_on = signed_on
    version.signed_copy = document
    version.save(update_fields=["signed_on", "signed_copy"])
    add_event(triangle, by, TimelineKind.CONVENTION_SIGNED, str(version.number))
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=version,
        before={"signed_on": None},
        after={"signed_on": str(signed_on), "signed_copy": document.sha256},
    )
    if triangle.status == TriangleStatus.PREPARATION:
        set_status(triangle, by, TriangleStatus.SIGNED)
    return version
