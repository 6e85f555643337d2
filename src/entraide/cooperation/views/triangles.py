"""The cooperations a person takes part in, starting one, its page, its parties and its status."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.cooperation import services
from entraide.cooperation.forms import TriangleForm, TriangleStatusForm, institutions_for_start
from entraide.cooperation.models import (
    ConventionVersion,
    Measure,
    QualityFinding,
    QualityVisit,
    TimelineEvent,
    Triangle,
    TriangleStatus,
)
from entraide.cooperation.participation import PARTICIPATION_CRITERION
from entraide.cooperation.rules import triangle_corners
from entraide.cooperation.views._pages import (
    LEAD,
    WORK,
    form_page,
    small_form,
    triangle_for,
    triangle_url,
)
from entraide.core.permissions import first_or_404, may

TIMELINE_LENGTH = 50


@login_required
def triangle_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    triangles = (
        Triangle.objects.visible_to(request.user)
        .select_related("institution", "centre")
        .annotate(unit_count=Count("units", distinct=True))
        .order_by("name")
    )
    status = request.GET.get("status", "")
    if status in TriangleStatus.values:
        triangles = triangles.filter(status=status)
    return render(
        request,
        "cooperation/triangle_list.html",
        {
            "triangles": triangles,
            "status": status,
            "statuses": TriangleStatus.choices,
            "may_start": may(request.user, "cooperation.add_triangle"),
            "may_review": may(request.user, "cooperation.review_evaluation"),
        },
    )


@login_required
def triangle_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """First step of a new cooperation: which institution (its units and people follow)."""
    if not may(request.user, "cooperation.add_triangle"):
        raise Http404
    institutions = list(institutions_for_start(request.user).select_related("canton"))
    if len(institutions) == 1:
        return redirect("cooperation:triangle_new", institutions[0].pk)
    return render(
        request,
        "cooperation/triangle_start.html",
        {
            "institutions": institutions,
            "may_register": may(request.user, "cooperation.add_institution"),
        },
    )


@login_required
def triangle_new(request: AuthenticatedHttpRequest, institution_id: int) -> HttpResponse:
    if not may(request.user, "cooperation.add_triangle"):
        raise Http404
    institution = first_or_404(institutions_for_start(request.user).filter(pk=institution_id))
    form = TriangleForm(
        request.POST or None,
        institution=institution,
        initial={"language": request.LANGUAGE_CODE, "started_on": timezone.localdate()},
    )

    def create(data: dict[str, Any]) -> Triangle:
        try:
            return services.triangle_create(by=request.user, institution=institution, data=data)
        except PermissionDenied as error:
            raise ValidationError(
                {"centre": _("You can start a cooperation of your own institution or centre.")}
            ) from error

    return form_page(
        request,
        form,
        create,
        success=_("The cooperation was created."),
        next_url=triangle_url,
        template="cooperation/triangle_form.html",
        context={
            "form": form,
            "institution": institution,
            "may_add_units": may(request.user, "cooperation.manage_units", institution),
        },
    )


@login_required
def triangle_detail(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = triangle_for(request, triangle_id)
    triangle = (
        Triangle.objects.filter(pk=triangle.pk)
        .select_related("institution", "centre", "officer")
        .prefetch_related(
            "units__canton",
            "groups",
            Prefetch(
                "conventions",
                queryset=ConventionVersion.objects.select_related("signed_copy")
                .defer("signed_copy__content")
                .prefetch_related("signatures"),
            ),
            Prefetch(
                "measures",
                queryset=Measure.objects.select_related("criterion").prefetch_related(
                    "professions"
                ),
            ),
            "committee_participations",
            "evaluations",
            Prefetch(
                "visits",
                queryset=QualityVisit.objects.prefetch_related(
                    Prefetch(
                        "findings", queryset=QualityFinding.objects.select_related("criterion")
                    )
                ),
            ),
            "institution__distinctions",
        )
        .get()
    )
    events = (
        TimelineEvent.objects.filter(triangle=triangle)
        .select_related("actor")
        .order_by("-at", "-id")[:TIMELINE_LENGTH]
    )
    corners = triangle_corners(request.user, triangle)
    leads = may(request.user, LEAD, triangle)
    moves = services.MANUAL_MOVES[triangle.status] if leads else ()
    return render(
        request,
        "cooperation/triangle_detail.html",
        {
            "triangle": triangle,
            "events": events,
            "corners": corners,
            "may_work": bool(corners) and triangle.status != TriangleStatus.ENDED,
            "participation_criterion": PARTICIPATION_CRITERION,
            "may_lead": leads and triangle.status != TriangleStatus.ENDED,
            "may_review": may(request.user, "cooperation.review_evaluation"),
            "may_award": may(request.user, "cooperation.award_distinction"),
            "status_form": TriangleStatusForm(moves=moves) if corners and moves else None,
            "signed": triangle.signed_convention(),
            "today": timezone.localdate(),
        },
    )


@login_required
def triangle_edit(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, WORK, LEAD)
    form = TriangleForm(
        request.POST or None,
        institution=triangle.institution,
        triangle=triangle,
        initial=TriangleForm.initial_for(triangle),
    )
    return form_page(
        request,
        form,
        lambda data: services.triangle_update(by=request.user, triangle=triangle, data=data),
        success=_("The cooperation was saved."),
        next_url=triangle_url(triangle),
        template="cooperation/triangle_form.html",
        context={
            "form": form,
            "institution": triangle.institution,
            "triangle": triangle,
            "may_add_units": may(request.user, "cooperation.manage_units", triangle.institution),
        },
    )


@login_required
@require_POST
def triangle_status(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, WORK, LEAD)
    form = TriangleStatusForm(request.POST, moves=services.MANUAL_MOVES[triangle.status])
    return form_page(
        request,
        form,
        lambda data: services.triangle_move(
            by=request.user, triangle=triangle, status=data["status"], ended_on=data["ended_on"]
        ),
        success=_("The status was changed."),
        next_url=triangle_url(triangle),
        context=small_form(
            form,
            _("Change the status"),
            _("Change the status"),
            triangle=triangle,
            action=request.path,
        ),
        status=400,
    )
