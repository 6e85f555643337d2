"""The national office's quality work: visits (assurances, consultations) and distinctions."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import InstitutionType, Organisation, User
from entraide.cooperation.models import (
    DISTINCTION_NOTICE,
    Distinction,
    DistinctionKind,
    QualityVisit,
    TimelineKind,
    Triangle,
    TriangleStatus,
)
from entraide.cooperation.schedule import add_years, distinction_valid_until, first_signature
from entraide.cooperation.services._common import (
    add_event,
    locked,
    require,
    set_status,
    tell_parties,
)
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.models import AuditEntry


@transaction.atomic
def visit_record(*, by: User, triangle: Triangle, data: dict[str, Any]) -> QualityVisit:
    """A quality assurance (every four years) or an on-site consultation, by the national office."""
    require(by, "cooperation.review_evaluation")
    held_on: date = data["held_on"]
    if held_on < triangle.started_on:
        raise ValidationError({"held_on": _("The visit cannot be before the cooperation started.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Record a visit once it has taken place.")})
    visit = QualityVisit.objects.create(
        triangle=triangle,
        kind=data["kind"],
        held_on=held_on,
        criteria_met=bool(data.get("criteria_met")),
        notes=data.get("notes", ""),
        recorded_by=by,
    )
    add_event(triangle, by, TimelineKind.VISIT, visit.kind)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=visit,
        after=snapshot(visit, ("kind", "held_on", "criteria_met")),
    )
    return visit


def default_distinction_kind(institution: Organisation) -> str:
    if institution.institution_type == InstitutionType.AMBULATORY:
        return DistinctionKind.INSTITUTION
    return DistinctionKind.HOSPITAL


@transaction.atomic
def distinction_award(*, by: User, triangle: Triangle, kind: str, awarded_on: date) -> Distinction:
    """Award the four-year distinction: the criteria must have been found met in a visit."""
    require(by, "cooperation.award_distinction")
    triangle = locked(triangle)
    if triangle.status == TriangleStatus.ENDED:
        raise ValidationError(_("This cooperation has ended; its record no longer changes."))
    if awarded_on > timezone.localdate():
        raise ValidationError({"awarded_on": _("The award date cannot be in the future.")})
    signed = first_signature(triangle)
    if signed is None or awarded_on < signed:
        raise ValidationError({"awarded_on": _("A distinction follows a signed convention.")})
    met = triangle.visits.filter(
        criteria_met=True, held_on__lte=awarded_on, held_on__gte=add_years(awarded_on, -1)
    ).exists()
    if not met:
        raise ValidationError(
            _(
                "First record a quality consultation or assurance, held in the year before "
                "the award, that found the criteria met."
            )
        )
    renewal_opens = awarded_on + DISTINCTION_NOTICE
    if triangle.distinctions.filter(
        awarded_on__lte=awarded_on, valid_until__gt=renewal_opens
    ).exists():
        raise ValidationError(
            {
                "awarded_on": _(
                    "This cooperation already holds a distinction valid on that day; it can be "
                    "renewed in the last 90 days of its validity."
                )
            }
        )
    distinction = Distinction(
        triangle=triangle,
        kind=kind,
        awarded_on=awarded_on,
        valid_until=distinction_valid_until(awarded_on),
        awarded_by=by,
    )
    distinction.full_clean()
    distinction.save()
    add_event(triangle, by, TimelineKind.DISTINCTION, distinction.kind)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=distinction,
        after=snapshot(distinction, ("kind", "awarded_on", "valid_until")),
    )
    if triangle.status != TriangleStatus.DISTINGUISHED:
        set_status(triangle, by, TriangleStatus.DISTINGUISHED)
    tell_parties(triangle, "distinction_awarded", {"distinction": distinction})
    return distinction
