"""The triangle itself: starting a cooperation, changing its parties or details, moving its status."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import Membership, Organisation, Role, Unit, User
from entraide.cooperation.models import TimelineKind, Triangle, TriangleStatus
from entraide.cooperation.services._common import (
    TRIANGLE_FIELDS,
    add_event,
    locked,
    require,
    require_open,
    set_status,
)
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.models import AuditEntry
from entraide.core.permissions import may

# Moves the parties make by hand; the others follow from what happens (a signed
# copy uploaded, feedback received, a distinction awarded).
MANUAL_MOVES: dict[str, tuple[str, ...]] = {
    TriangleStatus.PREPARATION: (TriangleStatus.ENDED,),
    TriangleStatus.SIGNED: (TriangleStatus.IMPLEMENTING, TriangleStatus.ENDED),
    TriangleStatus.IMPLEMENTING: (TriangleStatus.ENDED,),
    TriangleStatus.EVALUATED: (TriangleStatus.IMPLEMENTING, TriangleStatus.ENDED),
    TriangleStatus.DISTINGUISHED: (TriangleStatus.ENDED,),
    TriangleStatus.ENDED: (),
}


def _check_parties(
    *, institution: Organisation, units: list[Unit], centre: Organisation, officer: User | None
) -> None:
    errors: dict[str, str] = {}
    if any(unit.institution_id != institution.pk for unit in units):
        errors["units"] = _("Choose units of the institution of this cooperation.")
    if (
        officer is not None
        and not Membership.objects.filter(
            user=officer, organisation=institution, role=Role.SELF_HELP_OFFICER
        ).exists()
    ):
        errors["officer"] = _(
            "The self-help officer must be a self-help officer of the institution."
        )
    if centre.kind != "regional_centre":
        errors["centre"] = _("Choose a regional centre.")
    if errors:
        raise ValidationError(errors)


def _triangle_record(triangle: Triangle, units: Any, groups: Any) -> dict[str, Any]:
    """What the audit trail keeps of a triangle: its fields, its units' and groups' ids."""
    return {
        **snapshot(triangle, TRIANGLE_FIELDS),
        "units": sorted(unit.pk for unit in units),
        "groups": sorted(group.pk for group in groups),
    }


@transaction.atomic
def triangle_create(*, by: User, institution: Organisation, data: dict[str, Any]) -> Triangle:
    """Start a cooperation; the person must speak for the institution or the centre."""
    require(by, "cooperation.add_triangle")
    # The leads' rule, asked of the triangle about to exist.
    leads = may(
        by, "cooperation.lead_triangle", Triangle(institution=institution, centre=data["centre"])
    )
    if not (leads or by.has_role(Role.NATIONAL_COORDINATOR)):
        raise PermissionDenied("Only the institution, the centre or the national office start it.")
    units = list(data["units"])
    _check_parties(
        institution=institution, units=units, centre=data["centre"], officer=data.get("officer")
    )
    triangle = Triangle(
        institution=institution,
        name=data["name"],
        centre=data["centre"],
        officer=data.get("officer"),
        language=data["language"],
        started_on=data["started_on"],
    )
    triangle.full_clean()
    triangle.save()
    triangle.units.set(units)
    triangle.groups.set(data.get("groups") or [])
    add_event(triangle, by, TimelineKind.CREATED)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=triangle,
        after=_triangle_record(triangle, units, data.get("groups") or []),
    )
    return triangle


@transaction.atomic
def triangle_update(*, by: User, triangle: Triangle, data: dict[str, Any]) -> Triangle:
    """The institution's leads or the centre's staff change the parties or details."""
    require(by, "cooperation.lead_triangle", triangle)
    triangle = locked(triangle)
    require_open(triangle)
    units = list(data["units"])
    started_on: date = data["started_on"]
    earliest = min(
        [d for v in triangle.conventions.all() for d in (v.drafted_on, v.signed_on) if d],
        default=None,
    )
    if earliest is not None and started_on > earliest:
        raise ValidationError(
            {
                "started_on": _(
                    "The cooperation cannot start after its convention was drafted or signed "
                    "(%(date)s)."
                )
                % {"date": earliest.strftime("%d.%m.%Y")}
            }
        )
    _check_parties(
        institution=triangle.institution,
        units=units,
        centre=data["centre"],
        officer=data.get("officer"),
    )
    before = _triangle_record(triangle, triangle.units.all(), triangle.groups.all())
    for field in ("name", "centre", "officer", "language", "started_on"):
        setattr(triangle, field, data.get(field))
    triangle.full_clean()
    triangle.save()
    triangle.units.set(units)
    triangle.groups.set(data.get("groups") or [])
    after = _triangle_record(triangle, units, data.get("groups") or [])
    if before != after:
        add_event(triangle, by, TimelineKind.CHANGED)
        audit_record(
            actor=by, action=AuditEntry.Action.UPDATE, obj=triangle, before=before, after=after
        )
    return triangle


@transaction.atomic
def triangle_move(
    *, by: User, triangle: Triangle, status: str, ended_on: date | None = None
) -> Triangle:
    """A move the leads make by hand: start implementing, or end the cooperation."""
    require(by, "cooperation.lead_triangle", triangle)
    triangle = locked(triangle)
    if status not in MANUAL_MOVES[triangle.status]:
        raise ValidationError(
            {
                "status": _("A cooperation cannot move from “%(from)s” to this status.")
                % {"from": triangle.get_status_display()}
            }
        )
    extra: dict[str, Any] = {}
    if status == TriangleStatus.ENDED:
        if ended_on is None:
            raise ValidationError({"ended_on": _("Give the date on which the cooperation ended.")})
        if ended_on < triangle.started_on:
            raise ValidationError({"ended_on": _("A cooperation cannot end before it started.")})
        if ended_on > timezone.localdate():
            raise ValidationError({"ended_on": _("The end date cannot be in the future.")})
        extra["ended_on"] = ended_on
    set_status(triangle, by, status, **extra)
    return triangle
