"""Health institutions: registered by the national coordinator, their details and units kept
by their leads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.accounts.models import Organisation, OrganisationKind
from entraide.cooperation import services
from entraide.cooperation.forms import InstitutionForm, UnitForm
from entraide.cooperation.views._pages import form_page, small_form
from entraide.core.permissions import first_or_404, may


def _units_url(institution: Organisation) -> str:
    return reverse("cooperation:unit_new", args=[institution.pk])


def _institution_kept_by(request: AuthenticatedHttpRequest, institution_id: int) -> Organisation:
    """The health institution if the person keeps its details and units, else 404."""
    institution = first_or_404(
        Organisation.objects.filter(pk=institution_id, kind=OrganisationKind.HEALTH_INSTITUTION)
    )
    if not may(request.user, "cooperation.manage_units", institution):
        raise Http404
    return institution


@login_required
def unit_new(request: AuthenticatedHttpRequest, institution_id: int) -> HttpResponse:
    institution = _institution_kept_by(request, institution_id)
    form = UnitForm(request.POST or None, initial={"canton": institution.canton_id})
    return form_page(
        request,
        form,
        lambda data: services.unit_add(
            by=request.user, institution=institution, name=data["name"], canton=data["canton"]
        ),
        success=_("The unit was added."),
        next_url=_units_url(institution),
        template="cooperation/unit_form.html",
        context={
            "form": form,
            "institution": institution,
            "units": institution.units.select_related("canton").order_by("name"),
        },
    )


@login_required
def institution_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The national coordinator registers a health institution; its units and people follow."""
    if not may(request.user, "cooperation.add_institution"):
        raise Http404
    form = InstitutionForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.institution_save(by=request.user, data=data),
        success=_("The institution was registered. Add its units."),
        next_url=_units_url,
        context=small_form(form, _("Register a health institution"), _("Register the institution")),
    )


@login_required
def institution_edit(request: AuthenticatedHttpRequest, institution_id: int) -> HttpResponse:
    institution = _institution_kept_by(request, institution_id)
    form = InstitutionForm(request.POST or None, instance=institution)
    return form_page(
        request,
        form,
        lambda data: services.institution_save(by=request.user, data=data, institution=institution),
        success=_("The institution's details were saved."),
        next_url=_units_url(institution),
        # Read after the form has run: a refused form shows the name as typed.
        context=lambda: small_form(form, institution.name, _("Save the details")),
    )
