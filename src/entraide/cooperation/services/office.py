"""The national office's quality work: quality assurances (findings per criterion) and the
institution's distinction."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import InstitutionType, Organisation, User
from entraide.cooperation.models import (
    DISTINCTION_NOTICE,
    ConsultationStatus,
    Distinction,
    DistinctionKind,
    QualityConsultation,
    QualityCriterion,
    QualityFinding,
    QualityVisit,
    TimelineKind,
    Triangle,
    TriangleStatus,
    VisitKind,
)
from entraide.cooperation.schedule import add_years, distinction_valid_until, first_signature
from entraide.cooperation.services._common import (
    add_event,
    require,
    require_open,
    set_status,
    tell_parties,
)
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.models import AuditEntry

# Both the consultation and the passing quality assurance must be this recent at the award.
DISTINCTION_EVIDENCE_YEARS = 1


@transaction.atomic
def assurance_record(
    *,
    by: User,
    triangle: Triangle,
    held_on: date,
    findings: dict[int, tuple[bool, str]],
    notes: str = "",
) -> QualityVisit:
    """Record a quality assurance: for each of the six criteria, met or not and a comment.

    It passes (``criteria_met``) when every criterion was found met.
    """
    require(by, "cooperation.review_evaluation")
    require_open(triangle)
    signed = first_signature(triangle)
    if signed is None:
        raise ValidationError(
            _("A quality assurance follows the signature of the cooperation's convention.")
        )
    if held_on < signed:
        raise ValidationError(
            {"held_on": _("The quality assurance cannot be before the convention was signed.")}
        )
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Record a quality assurance once it has been held.")})
    criteria = list(QualityCriterion.objects.values_list("pk", flat=True))
    if set(findings) != set(criteria):
        raise ValidationError(_("Please give a finding for every quality criterion."))
    visit = QualityVisit.objects.create(
        triangle=triangle,
        held_on=held_on,
        criteria_met=all(met for met, _comment in findings.values()),
        notes=notes,
        recorded_by=by,
    )
    QualityFinding.objects.bulk_create(
        QualityFinding(visit=visit, criterion_id=pk, met=met, comment=comment)
        for pk, (met, comment) in sorted(findings.items())
    )
    add_event(triangle, by, TimelineKind.VISIT, VisitKind.ASSURANCE)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=visit,
        after={
            **snapshot(visit, ("triangle_id", "held_on", "criteria_met")),
            "not_met": [pk for pk, (met, _comment) in sorted(findings.items()) if not met],
        },
    )
    return visit


def default_distinction_kind(institution: Organisation) -> str:
    if institution.institution_type == InstitutionType.AMBULATORY:
        return DistinctionKind.INSTITUTION
    return DistinctionKind.HOSPITAL


def passing_assurance(institution: Organisation, awarded_on: date) -> QualityVisit | None:
    """The latest quality assurance of one of the institution's running cooperations, held in
    the year up to ``awarded_on``, that found every criterion met and was not followed by a
    failing one of the same cooperation."""
    since = add_years(awarded_on, -DISTINCTION_EVIDENCE_YEARS)
    failed_later = QualityVisit.objects.filter(
        triangle=OuterRef("triangle"),
        criteria_met=False,
        held_on__gt=OuterRef("held_on"),
        held_on__lte=awarded_on,
    )
    return (
        QualityVisit.objects.filter(
            triangle__institution=institution,
            triangle__ended_on__isnull=True,
            criteria_met=True,
            held_on__range=(since, awarded_on),
        )
        .exclude(triangle__status=TriangleStatus.ENDED)
        .exclude(Exists(failed_later))
        .select_related("triangle")
        .order_by("-held_on", "-pk")
        .first()
    )


def held_consultation(institution: Organisation, awarded_on: date) -> QualityConsultation | None:
    """The latest on-site quality consultation of the institution held in the year up to
    ``awarded_on``."""
    since = add_years(awarded_on, -DISTINCTION_EVIDENCE_YEARS)
    return (
        institution.quality_consultations.filter(
            status=ConsultationStatus.HELD, held_on__range=(since, awarded_on)
        )
        .order_by("-held_on", "-pk")
        .first()
    )


@transaction.atomic
def distinction_award(
    *, by: User, institution: Organisation, kind: str, awarded_on: date
) -> Distinction:
    """Award the four-year distinction to an institution.

    It requires an on-site quality consultation held, and a quality assurance of one of
    its cooperations that found every criterion met, both in the year before the award.
    An institution holding a distinction may renew it in its last 90 days.
    """
    require(by, "cooperation.award_distinction")
    institution = Organisation.objects.select_for_update().get(pk=institution.pk)
    if awarded_on > timezone.localdate():
        raise ValidationError({"awarded_on": _("The award date cannot be in the future.")})
    renewal_opens = awarded_on + DISTINCTION_NOTICE
    if institution.distinctions.filter(
        awarded_on__lte=awarded_on, valid_until__gt=renewal_opens
    ).exists():
        raise ValidationError(
            {
                "awarded_on": _(
                    "This institution already holds a distinction valid on that day; it can be "
                    "renewed in the last 90 days of its validity."
                )
            }
        )
    consultation = held_consultation(institution, awarded_on)
    assurance = passing_assurance(institution, awarded_on)
    missing = []
    if consultation is None:
        missing.append(
            _(
                "The institution has no on-site quality consultation held in the year before "
                "the award. The institution asks for it on its page; the national office sets "
                "the date and records the report."
            )
        )
    if assurance is None:
        missing.append(
            _(
                "None of the institution's cooperations passed a quality assurance (every "
                "criterion met) in the year before the award."
            )
        )
    if consultation is None or assurance is None:
        raise ValidationError(missing)
    triangle = assurance.triangle
    distinction = Distinction(
        institution=institution,
        triangle=triangle,
        assurance=assurance,
        consultation=consultation,
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
        after=snapshot(
            distinction,
            ("institution_id", "triangle_id", "kind", "awarded_on", "valid_until"),
        ),
    )
    if triangle.status != TriangleStatus.DISTINGUISHED:
        set_status(triangle, by, TriangleStatus.DISTINGUISHED)
    tell_parties(triangle, "distinction_awarded", {"distinction": distinction})
    return distinction
