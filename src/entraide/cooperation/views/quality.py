"""An institution's quality work: asking for the on-site quality consultation, which the
national office dates and reports on, and the institution's distinction.

The forms lead back to the institution's page (``monitoring:institution``), where both
sides read the consultation's status.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.accounts.models import Organisation
from entraide.cooperation import services
from entraide.cooperation.models import QualityConsultation
from entraide.cooperation.qualityforms import (
    ConsultationDateForm,
    ConsultationReportForm,
    ConsultationRequestForm,
    DistinctionForm,
)
from entraide.cooperation.rules import get_consultation_for_user, institutions_of
from entraide.cooperation.views._pages import form_page, small_form
from entraide.core.permissions import first_or_404, may


def institution_url(institution_id: int) -> str:
    return reverse("monitoring:institution", args=[institution_id]) + "#quality"


def _institution(request: AuthenticatedHttpRequest, institution_id: int, perm: str) -> Organisation:
    """The institution if the person may read its page and holds ``perm`` on it, else 404."""
    institution = first_or_404(institutions_of(request.user).filter(pk=institution_id))
    if not may(request.user, perm, institution):
        raise Http404
    return institution


def _consultation(
    request: AuthenticatedHttpRequest, consultation_id: int, perm: str
) -> QualityConsultation:
    consultation = get_consultation_for_user(request.user, consultation_id)
    if not may(request.user, perm, consultation) or not consultation.is_open:
        raise Http404
    return consultation


@login_required
def consultation_request(request: AuthenticatedHttpRequest, institution_id: int) -> HttpResponse:
    """The institution's self-help officer or management ask for the on-site consultation."""
    institution = _institution(request, institution_id, "cooperation.request_consultation")
    form = ConsultationRequestForm(request.POST if request.method == "POST" else None)
    return form_page(
        request,
        form,
        lambda data: services.consultation_request(
            by=request.user, institution=institution, wishes=data["wishes"]
        ),
        success=_("The consultation was asked for. The national office will propose a date."),
        next_url=institution_url(institution.pk),
        context=small_form(
            form,
            _("Ask for an on-site quality consultation"),
            _("Ask for the consultation"),
            intro=_(
                "The national office comes to the institution to advise it on the quality "
                "criteria. The consultation is optional; together with a passed quality "
                "assurance it leads to the distinction."
            ),
        ),
    )


@login_required
def consultation_schedule(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    """The national office sets the date agreed with the institution (or moves it)."""
    consultation = _consultation(request, consultation_id, "cooperation.schedule_consultation")
    form = ConsultationDateForm(
        request.POST or None,
        initial={"scheduled_on": consultation.scheduled_on or timezone.localdate()},
    )
    return form_page(
        request,
        form,
        lambda data: services.consultation_schedule(
            by=request.user, consultation=consultation, scheduled_on=data["scheduled_on"]
        ),
        success=_("The date of the consultation was set; the institution is told."),
        next_url=institution_url(consultation.institution_id),
        context=small_form(
            form,
            _("Date of the consultation with %(institution)s")
            % {"institution": consultation.institution.name},
            _("Set the date"),
            intro=consultation.wishes,
        ),
    )


@login_required
def consultation_report(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    """Once the consultation has been held, the national office records its report."""
    consultation = _consultation(request, consultation_id, "cooperation.schedule_consultation")
    form = ConsultationReportForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.consultation_report(
            by=request.user, consultation=consultation, report=data["report"]
        ),
        success=_("The report of the consultation was recorded."),
        next_url=institution_url(consultation.institution_id),
        context=small_form(
            form,
            _("Report of the consultation with %(institution)s")
            % {"institution": consultation.institution.name},
            _("Record the report"),
        ),
    )


@login_required
def consultation_cancel(request: AuthenticatedHttpRequest, consultation_id: int) -> HttpResponse:
    """The institution withdraws its request, or the national office cancels it."""
    consultation = _consultation(request, consultation_id, "cooperation.cancel_consultation")
    form = ConsultationRequestForm(request.POST if request.method == "POST" else None)
    form.fields.clear()  # a confirmation: nothing to fill in
    return form_page(
        request,
        form,
        lambda data: services.consultation_cancel(by=request.user, consultation=consultation),
        success=_("The consultation was cancelled."),
        next_url=institution_url(consultation.institution_id),
        context=small_form(
            form,
            _("Cancel the consultation with %(institution)s")
            % {"institution": consultation.institution.name},
            _("Cancel the consultation"),
            intro=_("The consultation will no longer take place. It can be asked for again."),
        ),
    )


@login_required
def distinction_new(request: AuthenticatedHttpRequest, institution_id: int) -> HttpResponse:
    """The national coordinator awards the institution's distinction."""
    institution = _institution(request, institution_id, "cooperation.award_distinction")
    form = DistinctionForm(
        request.POST or None,
        initial={
            "kind": services.default_distinction_kind(institution),
            "awarded_on": timezone.localdate(),
        },
    )
    return form_page(
        request,
        form,
        lambda data: services.distinction_award(
            by=request.user,
            institution=institution,
            kind=data["kind"],
            awarded_on=data["awarded_on"],
        ),
        success=_("The distinction was awarded."),
        next_url=institution_url(institution.pk),
        context=small_form(
            form,
            _("Award the distinction to %(institution)s") % {"institution": institution.name},
            _("Award the distinction"),
            intro=_(
                "The distinction is valid four years. It requires an on-site quality "
                "consultation held, and a quality assurance of one of the institution's "
                "cooperations that found every criterion met, both in the year before the award."
            ),
        ),
    )
