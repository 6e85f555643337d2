"""The optional on-site quality consultation: the institution asks for it, the national office
sets the date and, once it has been held, records its report."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import Membership, Organisation, Role, User
from entraide.accounts.rules import INSTITUTION_LEADS
from entraide.cooperation.models import ConsultationStatus, QualityConsultation
from entraide.cooperation.services._common import require
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.lib.notify import notify_user
from entraide.core.models import AuditEntry

FIELDS = ("status", "scheduled_on", "held_on")


def _tell(users: list[User], kind: str, consultation: QualityConsultation) -> None:
    """An email to each person, once, in their language (no report text: a link only)."""
    for user in {u.pk: u for u in users if u.email and u.is_active}.values():
        notify_user(
            user=user,
            kind=f"cooperation.{kind}",
            template=f"cooperation/email/{kind}",
            context={"consultation": consultation, "institution": consultation.institution},
        )


def _office() -> list[User]:
    memberships = Membership.objects.filter(
        role__in=[Role.NATIONAL_COORDINATOR, Role.QUALITY_REVIEWER], user__is_active=True
    ).select_related("user")
    return [m.user for m in memberships]


def _leads(institution: Organisation) -> list[User]:
    memberships = Membership.objects.filter(
        organisation=institution, role__in=INSTITUTION_LEADS, user__is_active=True
    ).select_related("user")
    return [m.user for m in memberships]


def _locked(consultation: QualityConsultation) -> QualityConsultation:
    return QualityConsultation.objects.select_for_update().get(pk=consultation.pk)


def _require_open(consultation: QualityConsultation) -> None:
    if not consultation.is_open:
        raise ValidationError(_("This consultation is closed; it no longer changes."))


@transaction.atomic
def consultation_request(
    *, by: User, institution: Organisation, wishes: str = ""
) -> QualityConsultation:
    """The institution's self-help officer or management ask for the on-site consultation."""
    require(by, "cooperation.request_consultation", institution)
    # Locked so that a double click cannot ask twice.
    institution = Organisation.objects.select_for_update().get(pk=institution.pk)
    if institution.quality_consultations.open().exists():
        raise ValidationError(
            _("A consultation has already been asked for; the national office will set its date.")
        )
    consultation = QualityConsultation(institution=institution, wishes=wishes, requested_by=by)
    consultation.full_clean()
    consultation.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=consultation,
        after=snapshot(consultation, ("institution_id", *FIELDS)),
    )
    _tell(_office(), "consultation_requested", consultation)
    return consultation


@transaction.atomic
def consultation_schedule(
    *, by: User, consultation: QualityConsultation, scheduled_on: date
) -> QualityConsultation:
    """The national office sets (or moves) the date agreed with the institution."""
    require(by, "cooperation.schedule_consultation", consultation)
    consultation = _locked(consultation)
    _require_open(consultation)
    if scheduled_on < timezone.localdate(consultation.requested_at):
        raise ValidationError(
            {"scheduled_on": _("The consultation cannot be before it was asked for.")}
        )
    before = snapshot(consultation, FIELDS)
    consultation.scheduled_on = scheduled_on
    consultation.status = ConsultationStatus.SCHEDULED
    consultation.save(update_fields=["scheduled_on", "status"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=consultation,
        before=before,
        after=snapshot(consultation, FIELDS),
    )
    _tell(_leads(consultation.institution), "consultation_scheduled", consultation)
    return consultation


@transaction.atomic
def consultation_report(
    *, by: User, consultation: QualityConsultation, report: str
) -> QualityConsultation:
    """Once the consultation has taken place, the national office records its report."""
    require(by, "cooperation.schedule_consultation", consultation)
    consultation = _locked(consultation)
    _require_open(consultation)
    if consultation.scheduled_on is None:
        raise ValidationError(_("First set the date of the consultation."))
    if consultation.scheduled_on > timezone.localdate():
        raise ValidationError(_("Record the report once the consultation has been held."))
    if not report.strip():
        raise ValidationError({"report": _("Please write the report of the consultation.")})
    before = snapshot(consultation, FIELDS)
    consultation.status = ConsultationStatus.HELD
    consultation.held_on = consultation.scheduled_on
    consultation.report = report
    consultation.reported_by = by
    consultation.save(update_fields=["status", "held_on", "report", "reported_by"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=consultation,
        before=before,
        after=snapshot(consultation, FIELDS),
    )
    _tell(_leads(consultation.institution), "consultation_held", consultation)
    return consultation


@transaction.atomic
def consultation_cancel(*, by: User, consultation: QualityConsultation) -> QualityConsultation:
    """The institution withdraws its request, or the national office cancels it."""
    require(by, "cooperation.cancel_consultation", consultation)
    consultation = _locked(consultation)
    _require_open(consultation)
    before = snapshot(consultation, FIELDS)
    consultation.status = ConsultationStatus.CANCELLED
    consultation.save(update_fields=["status"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=consultation,
        before=before,
        after=snapshot(consultation, FIELDS),
    )
    return consultation
