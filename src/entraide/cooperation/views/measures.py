"""A triangle's measures, and the shared library of proven measures it adopts them from."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.cooperation import services
from entraide.cooperation.forms import LibraryMeasureForm, MeasureForm
from entraide.cooperation.history import measure_history
from entraide.cooperation.models import LibraryMeasure, LibraryMeasureQuerySet, Measure
from entraide.cooperation.views._pages import (
    WORK,
    done,
    form_page,
    small_form,
    triangle_for,
    triangle_url,
)
from entraide.core.permissions import first_or_404, may


@login_required
def measure_new(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, WORK)
    form = MeasureForm(request.POST or None, initial={"status": "planned"})
    return form_page(
        request,
        form,
        lambda data: services.measure_add(by=request.user, triangle=triangle, data=data),
        success=_("The measure was added."),
        next_url=triangle_url(triangle, "#measures"),
        context=small_form(form, _("Add a measure"), _("Add the measure"), triangle=triangle),
    )


@login_required
def measure_edit(
    request: AuthenticatedHttpRequest, triangle_id: int, measure_id: int
) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, WORK)
    measure = first_or_404(Measure.objects.filter(triangle=triangle, pk=measure_id))
    initial = {f: getattr(measure, f) for f in services.MEASURE_FIELDS}
    initial["professions"] = list(measure.professions.values_list("profession", flat=True))
    form = MeasureForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda data: services.measure_update(by=request.user, measure=measure, data=data),
        success=_("The measure was saved."),
        next_url=triangle_url(triangle, "#measures"),
        context=lambda: {
            **small_form(form, measure.title, _("Save the measure"), triangle=triangle),
            "history": measure_history(measure),
        },
        template="cooperation/measure_form.html",
    )


@login_required
def measure_detail(
    request: AuthenticatedHttpRequest, triangle_id: int, measure_id: int
) -> HttpResponse:
    """A measure and its history, for everyone who reads the triangle (the national office too)."""
    triangle = triangle_for(request, triangle_id)
    measure = first_or_404(
        Measure.objects.filter(triangle=triangle, pk=measure_id).select_related("criterion")
    )
    return render(
        request,
        "cooperation/measure_history.html",
        {"triangle": triangle, "measure": measure, "history": measure_history(measure)},
    )


def _library(*, everything: bool = False) -> LibraryMeasureQuerySet:
    measures = (
        LibraryMeasure.objects.all()
        if everything
        else LibraryMeasure.objects.filter(is_active=True)
    )
    return measures.select_related("criterion").with_usage().order_by("criterion", "title")


@login_required
def library(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The shared library of proven measures, with how many triangles use each."""
    may_manage = may(request.user, "cooperation.manage_library")
    return render(
        request,
        "cooperation/library.html",
        {"measures": _library(everything=may_manage), "may_manage": may_manage},
    )


@login_required
def triangle_library(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, WORK)
    adopted = set(triangle.measures.exclude(source=None).values_list("source_id", flat=True))
    return render(
        request,
        "cooperation/library.html",
        {"measures": _library(), "triangle": triangle, "adopted": adopted},
    )


@login_required
@require_POST
def measure_adopt(
    request: AuthenticatedHttpRequest, triangle_id: int, library_id: int
) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, WORK)
    source = first_or_404(LibraryMeasure.objects.filter(pk=library_id))
    try:
        services.measure_adopt(by=request.user, triangle=triangle, source=source)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cooperation:triangle_library", triangle.pk)
    return done(
        request, _("The measure was added to your catalogue."), triangle_url(triangle, "#measures")
    )


@login_required
def library_measure_edit(
    request: AuthenticatedHttpRequest, library_id: int | None = None
) -> HttpResponse:
    """The national coordinator keeps the library of proven measures."""
    if not may(request.user, "cooperation.manage_library"):
        raise Http404
    measure = None
    if library_id is not None:
        measure = first_or_404(LibraryMeasure.objects.filter(pk=library_id))
    form = LibraryMeasureForm(request.POST or None, instance=measure)
    return form_page(
        request,
        form,
        lambda data: services.library_measure_save(by=request.user, data=data, measure=measure),
        success=_("The library was updated."),
        next_url=reverse("cooperation:library"),
        context=lambda: small_form(
            form,
            measure.title if measure else _("Add a proven measure to the library"),
            _("Save the measure"),
        ),
    )
