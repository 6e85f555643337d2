"""The national office's work: the self-evaluations to review, the quality assurances and
consultations due."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Case, When
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.cooperation import assurances, services
from entraide.cooperation.forms import ReviewAssignForm
from entraide.cooperation.models import REVIEWABLE_EVALUATIONS, EvaluationStatus, SelfEvaluation
from entraide.cooperation.qualityforms import AssuranceForm
from entraide.cooperation.views._pages import form_page, small_form, triangle_for, triangle_url
from entraide.core.permissions import first_or_404, may

SUBMITTED = EvaluationStatus.SUBMITTED


@login_required
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Self-evaluations still waiting for the national office's feedback (those with feedback
    given are reached from their cooperation): the person's own first, then oldest first; who
    reviews each, and how many open reviews each reviewer has; the quality assurances falling
    due and the consultations asked for."""
    if not may(request.user, "cooperation.review_evaluation"):
        raise Http404
    evaluations = (
        SelfEvaluation.objects.filter(status=SUBMITTED)
        .select_related("triangle__institution", "triangle__centre", "assigned_to")
        .annotate(mine=Case(When(assigned_to=request.user, then=0), default=1))
        .order_by("mine", "submitted_at", "pk")
    )
    workload = list(services.reviewers())
    return render(
        request,
        "cooperation/review_list.html",
        {
            "evaluations": evaluations,
            "workload": workload,
            "unassigned": sum(1 for e in evaluations if e.assigned_to_id is None),
            "mine": sum(1 for e in evaluations if e.assigned_to_id == request.user.pk),
            "may_assign": may(request.user, "cooperation.assign_review"),
            "now": timezone.now(),
            "assurances": assurances.assurances_due(timezone.localdate()),
            "consultations": assurances.open_consultations(),
        },
    )


@login_required
def review_assign(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int
) -> HttpResponse:
    """The national coordinator assigns or reassigns the review of a self-evaluation."""
    triangle = triangle_for(request, triangle_id, "cooperation.assign_review")
    evaluation = first_or_404(
        triangle.evaluations.filter(pk=evaluation_id, status__in=REVIEWABLE_EVALUATIONS)
    )
    form = ReviewAssignForm(
        request.POST or None,
        reviewers=services.reviewers(),
        initial={"reviewer": evaluation.assigned_to_id},
    )
    return form_page(
        request,
        form,
        lambda data: services.evaluation_assign(
            by=request.user, evaluation=evaluation, reviewer=data["reviewer"]
        ),
        success=_("The review was assigned."),
        next_url=reverse("cooperation:review_list"),
        context=lambda: small_form(
            form,
            _("Assign the review of year %(year)s") % {"year": evaluation.year},
            _("Assign the review"),
            triangle=triangle,
        ),
    )


@login_required
def assurance_new(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    """The national office records a quality assurance, criterion by criterion."""
    triangle = triangle_for(request, triangle_id, "cooperation.review_evaluation")
    form = AssuranceForm(request.POST or None, initial={"held_on": timezone.localdate()})
    return form_page(
        request,
        form,
        lambda data: services.assurance_record(
            by=request.user,
            triangle=triangle,
            held_on=data["held_on"],
            findings=form.findings(),
            notes=data.get("notes", ""),
        ),
        success=_("The quality assurance was recorded."),
        next_url=triangle_url(triangle, "#quality"),
        context=small_form(
            form,
            _("Record a quality assurance"),
            _("Record the quality assurance"),
            triangle=triangle,
            intro=_(
                "For each of the six quality criteria, say whether the cooperation meets it. "
                "The quality assurance is passed when every criterion is met."
            ),
        ),
    )
