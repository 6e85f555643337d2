"""The yearly self-evaluation: the interview form, its documents, its submission, the national
office's feedback and the triangle's answer, and the ratings compared year by year."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.cooperation import services
from entraide.cooperation.forms import AnswerForm, AttachmentForm, EvaluationForm, FeedbackForm
from entraide.cooperation.models import (
    REVIEWABLE_EVALUATIONS,
    Corner,
    EvaluationStatus,
    QualityCriterion,
    SelfEvaluation,
    Triangle,
)
from entraide.cooperation.participation import PARTICIPATION_CRITERION
from entraide.cooperation.uploads import document_response
from entraide.cooperation.views._pages import (
    WORK,
    done,
    evaluation_url,
    form_page,
    triangle_for,
    triangle_url,
)
from entraide.core.lib.pdf import pdf_download
from entraide.core.permissions import first_or_404, may

DETAIL = "cooperation/evaluation_detail.html"


def _evaluation(triangle: Triangle, evaluation_id: int) -> SelfEvaluation:
    return first_or_404(
        SelfEvaluation.objects.filter(triangle=triangle, pk=evaluation_id)
        .select_related("triangle", "reviewer", "submitted_by")
        .prefetch_related("ratings", "feedback", "attachments")
    )


@login_required
@require_POST
def evaluation_start(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, WORK)
    try:
        evaluation = services.evaluation_start(by=request.user, triangle=triangle)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(triangle_url(triangle, "#evaluations"))
    return redirect(evaluation_url(triangle, evaluation))


def _comparison(triangle: Triangle) -> dict[str, Any]:
    """Each criterion's ratings by corner, year by year (the self-help side first)."""
    evaluations = list(triangle.evaluations.order_by("year").prefetch_related("ratings"))
    criteria = list(QualityCriterion.objects.all())
    table = []
    for criterion in criteria:
        years = []
        for evaluation in evaluations:
            by_corner = {
                r.corner: r.get_rating_display() if r.rating else "—"
                for r in evaluation.ratings.all()
                if r.criterion_id == criterion.pk
            }
            years.append([by_corner.get(corner, "—") for corner in Corner.values])
        table.append({"criterion": criterion, "years": years})
    return {"evaluations": evaluations, "rows": table, "corners": Corner.choices}


@login_required
def comparison(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = triangle_for(request, triangle_id)
    return render(
        request,
        "cooperation/comparison.html",
        {"triangle": triangle, **_comparison(triangle)},
    )


@login_required
def evaluation_detail(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int
) -> HttpResponse:
    triangle = triangle_for(request, triangle_id)
    evaluation = _evaluation(triangle, evaluation_id)
    may_work = may(request.user, WORK, triangle)
    editing = may_work and evaluation.status == EvaluationStatus.DRAFT
    if request.method == "POST" and not editing:
        raise Http404
    form = _evaluation_form(
        request,
        triangle,
        evaluation,
        request.POST if request.method == "POST" and editing else None,
    )
    return form_page(
        request,
        form,
        lambda data: services.evaluation_save(
            by=request.user,
            evaluation=evaluation,
            interview_on=data["interview_on"],
            participants=data["participants"],
            ratings=form.ratings(),
        ),
        success=_("The self-evaluation was saved."),
        next_url=evaluation_url(triangle, evaluation),
        template=DETAIL,
        context=lambda: _evaluation_context(
            request, triangle, evaluation, form=form, editing=editing
        ),
    )


def _evaluation_form(
    request: AuthenticatedHttpRequest,
    triangle: Triangle,
    evaluation: SelfEvaluation,
    data: Any = None,
) -> EvaluationForm:
    """The interview form for the corners this person speaks for, with last year's feedback."""
    previous = (
        SelfEvaluation.objects.filter(triangle=triangle, year=evaluation.year - 1)
        .prefetch_related("feedback")
        .first()
    )
    return EvaluationForm(
        data,
        evaluation=evaluation,
        editable=services.rating_corners(request.user, triangle),
        previous_feedback={f.criterion_id: f.text for f in previous.feedback.all() if f.text}
        if previous
        else {},
    )


def _evaluation_context(
    request: AuthenticatedHttpRequest, triangle: Triangle, evaluation: SelfEvaluation, **extra: Any
) -> dict[str, Any]:
    may_work = may(request.user, WORK, triangle)
    feedback = {f.criterion_id: f.text for f in evaluation.feedback.all()}
    ratings: dict[int, list[Any]] = {}
    for rating in evaluation.ratings.all():
        ratings.setdefault(rating.criterion_id, []).append(rating)
    return {
        "triangle": triangle,
        "evaluation": evaluation,
        "criteria": [
            {"criterion": c, "ratings": ratings.get(c.pk, []), "feedback": feedback.get(c.pk, "")}
            for c in QualityCriterion.objects.all()
        ],
        "may_work": may_work,
        # Evidence for criterion 6: self-help members in the institution's committees.
        "participation_criterion": PARTICIPATION_CRITERION,
        "committee_count": triangle.committee_participations.count(),
        "may_review": may(request.user, "cooperation.review_evaluation")
        and evaluation.status in REVIEWABLE_EVALUATIONS,
        "attachment_form": extra.pop("attachment_form", AttachmentForm()),
        "answer_form": extra.pop(
            "answer_form", AnswerForm(initial={"response": evaluation.response})
        ),
        "today": timezone.localdate(),
        **extra,
    }


def _refused_context(
    request: AuthenticatedHttpRequest,
    triangle: Triangle,
    evaluation: SelfEvaluation,
    **extra: Any,
) -> dict[str, Any]:
    """The evaluation's page again, after a refused submission or attachment."""
    return _evaluation_context(
        request,
        triangle,
        evaluation,
        form=_evaluation_form(request, triangle, evaluation),
        editing=evaluation.status == EvaluationStatus.DRAFT,
        **extra,
    )


@login_required
@require_POST
def evaluation_submit(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int
) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, WORK)
    evaluation = _evaluation(triangle, evaluation_id)
    try:
        services.evaluation_submit(by=request.user, evaluation=evaluation)
    except ValidationError as error:
        return render(
            request,
            DETAIL,
            _refused_context(request, triangle, evaluation, submit_errors=error.messages),
            status=400,
        )
    return done(
        request,
        _("The self-evaluation was submitted to the national office."),
        triangle_url(triangle, "#evaluations"),
    )


@login_required
@require_POST
def evaluation_attach(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int
) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, WORK)
    evaluation = _evaluation(triangle, evaluation_id)
    form = AttachmentForm(request.POST, request.FILES)
    return form_page(
        request,
        form,
        lambda data: (
            services.evaluation_attach(by=request.user, evaluation=evaluation, upload=data["file"])
            or True
        ),
        success=_("The document was attached."),
        next_url=evaluation_url(triangle, evaluation),
        template=DETAIL,
        context=lambda: _refused_context(request, triangle, evaluation, attachment_form=form),
        status=400,
    )


@login_required
def evaluation_attachment(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int, document_id: int
) -> HttpResponse:
    triangle = triangle_for(request, triangle_id)
    evaluation = _evaluation(triangle, evaluation_id)
    return document_response(first_or_404(evaluation.attachments.filter(pk=document_id)))


@login_required
def evaluation_pdf(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int
) -> HttpResponse:
    from entraide.cooperation.documents import evaluation_pdf as render_pdf

    triangle = triangle_for(request, triangle_id)
    evaluation = _evaluation(triangle, evaluation_id)
    return pdf_download(render_pdf(evaluation), f"self-evaluation-{triangle.pk}-{evaluation.year}")


@login_required
def evaluation_feedback(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int
) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, "cooperation.review_evaluation")
    evaluation = _evaluation(triangle, evaluation_id)
    if evaluation.status not in REVIEWABLE_EVALUATIONS:
        raise Http404
    form = FeedbackForm(request.POST or None, evaluation=evaluation)
    return form_page(
        request,
        form,
        lambda data: services.evaluation_feedback(
            by=request.user,
            evaluation=evaluation,
            overall=data["overall_feedback"],
            by_criterion=form.by_criterion(),
        ),
        success=_("Your feedback was sent to the cooperation."),
        next_url=evaluation_url(triangle, evaluation),
        template="cooperation/feedback_form.html",
        context=lambda: {"form": form, **_evaluation_context(request, triangle, evaluation)},
    )


@login_required
@require_POST
def evaluation_answer(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int
) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, WORK)
    evaluation = _evaluation(triangle, evaluation_id)
    form = AnswerForm(request.POST)
    return form_page(
        request,
        form,
        lambda data: services.evaluation_answer(
            by=request.user, evaluation=evaluation, response=data["response"]
        ),
        success=_("Your answer was recorded."),
        next_url=evaluation_url(triangle, evaluation),
        template=DETAIL,
        context=lambda: _evaluation_context(
            request, triangle, evaluation, answer_form=form, editing=False
        ),
        status=400,
    )
