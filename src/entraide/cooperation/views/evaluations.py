"""The yearly self-evaluation: the interview form, its documents, its submission, the national
office's feedback and the triangle's answer, and the ratings compared year by year."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
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
from entraide.cooperation.services.evaluation_corners import CornerState
from entraide.cooperation.uploads import document_response
from entraide.cooperation.views._pages import (
    WORK,
    done,
    evaluation_url,
    form_page,
    triangle_for,
    triangle_url,
)
from entraide.core.lib.forms import submit
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
    """The interview form. "Save" records the person's columns; "Save and submit" records them
    first (nothing typed is lost), then leads to the confirmation, or shows at the top of the
    page what is missing and who must act."""
    triangle = triangle_for(request, triangle_id)
    evaluation = _evaluation(triangle, evaluation_id)
    may_work = may(request.user, WORK, triangle)
    editing = may_work and evaluation.status == EvaluationStatus.DRAFT
    if request.method == "POST" and not editing:
        raise Http404
    posted = request.method == "POST"
    form = _evaluation_form(request, triangle, evaluation, request.POST if posted else None)
    submitting = posted and request.POST.get("action") == "submit"

    def save(data: dict[str, Any]) -> SelfEvaluation:
        return services.evaluation_save(
            by=request.user,
            evaluation=evaluation,
            interview_on=data["interview_on"],
            participants=data["participants"],
            ratings=form.ratings(),
            seen=form.seen(),
        )

    def context() -> dict[str, Any]:
        return _evaluation_context(request, triangle, evaluation, form=form, editing=editing)

    if not submitting:
        return form_page(
            request,
            form,
            save,
            success=_("The self-evaluation was saved."),
            next_url=evaluation_url(triangle, evaluation),
            template=DETAIL,
            context=context,
        )
    if submit(form, save) is None:
        return render(request, DETAIL, context(), status=400)
    saved = _evaluation(triangle, evaluation_id)
    if services.submission_gaps(saved, timezone.localdate()):
        # Saved, but not complete: the page shows what is missing (with the values just saved).
        messages.success(request, _("The self-evaluation was saved."))
        return render(
            request,
            DETAIL,
            _refused_context(request, triangle, saved, check_submission=True),
            status=400,
        )
    return done(
        request,
        _("The self-evaluation was saved. Check it and confirm the submission."),
        reverse("cooperation:evaluation_submit", args=[triangle.pk, evaluation.pk]),
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
    criteria_list = list(QualityCriterion.objects.all())
    feedback = {f.criterion_id: f.text for f in evaluation.feedback.all()}
    ratings: dict[int, list[Any]] = {}
    for rating in evaluation.ratings.all():
        ratings.setdefault(rating.criterion_id, []).append(rating)
    draft = evaluation.status == EvaluationStatus.DRAFT
    corners = (
        services.evaluation_corners(evaluation, user=request.user, criteria=criteria_list)
        if draft
        else []
    )
    form = extra.get("form")
    problems = _problems(
        form,
        corners,
        criteria_list,
        submit_errors=extra.pop("submit_errors", None),
        gaps=services.submission_gaps(evaluation, timezone.localdate())
        if extra.pop("check_submission", False)
        else {},
    )
    return {
        "triangle": triangle,
        "evaluation": evaluation,
        "criteria": [
            {"criterion": c, "ratings": ratings.get(c.pk, []), "feedback": feedback.get(c.pk, "")}
            for c in criteria_list
        ],
        "corners": corners,
        "rows": _rows(form, corners) if form is not None else [],
        "problems": problems,
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


def _rows(form: EvaluationForm, corners: list[CornerState]) -> list[dict[str, Any]]:
    """The form's criteria and columns, each column with who fills it."""
    states = {state.corner: state for state in corners}
    rows = form.rows()
    for row in rows:
        for column in row["corners"]:
            column["state"] = states.get(column["corner"])
    return rows


def _names(state: CornerState) -> str:
    return "; ".join(f"{p.user} ({', '.join(p.roles)})" for p in state.people)


def _who(state: CornerState | None, centre: CornerState | None = None) -> str:
    """Who must act for a corner: its people's names and roles (and, for the groups' corner,
    the centre's staff, who may record it for them)."""
    if state is None or not state.people:
        who = _("Nobody with an account speaks for this corner yet.")
    else:
        who = _("To be filled in by: %(people)s.") % {"people": _names(state)}
    if state is not None and state.corner == Corner.GROUPS and centre and centre.people:
        who += " " + _("The centre's staff may also record it: %(people)s.") % {
            "people": _names(centre)
        }
    return who


def _problems(
    form: EvaluationForm | None,
    corners: list[CornerState],
    criteria: list[QualityCriterion],
    *,
    submit_errors: list[str] | None,
    gaps: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """The error summary at the top of the page: each problem, a link to its field, who acts."""
    problems: list[dict[str, Any]] = []
    if form is not None and form.is_bound:
        for error in form.non_field_errors():
            problems.append({"text": error, "href": "#evaluation-form"})
        for name, errors in form.errors.items():
            if name != NON_FIELD_ERRORS:
                label = form.fields[name].label if name in form.fields else name
                for error in errors:
                    problems.append({"text": f"{label}: {error}", "href": f"#id_{name}"})
    for text in submit_errors or []:
        problems.append({"text": text, "href": "#submit"})
    states = {state.corner: state for state in corners}
    by_number = {c.number: c for c in criteria}
    for key, texts in gaps.items():
        for text in texts:
            if key == "interview_on":
                problems.append({"text": text, "href": "#id_interview_on"})
            elif key in states:
                state = states[key]
                first = by_number.get(state.missing[0]) if state.missing else None
                problems.append(
                    {
                        "text": text,
                        "href": f"#c{first.pk}_{key}" if first else "#evaluation-form",
                        "who": _who(state, states.get(Corner.CENTRE.value)),
                        "links": [
                            {
                                "href": f"#c{by_number[n].pk}_{key}",
                                "text": _("Criterion %(number)s") % {"number": n},
                            }
                            for n in state.missing
                            if n in by_number
                        ],
                        "state": state,
                    }
                )
            else:
                problems.append({"text": text, "href": "#submit"})
    return problems


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
def evaluation_submit(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int
) -> HttpResponse:
    """The confirmation: what is submitted, what happens next; the POST submits."""
    triangle = triangle_for(request, triangle_id, WORK)
    evaluation = _evaluation(triangle, evaluation_id)
    if evaluation.status != EvaluationStatus.DRAFT:
        return redirect(evaluation_url(triangle, evaluation))
    if request.method == "POST":
        try:
            services.evaluation_submit(by=request.user, evaluation=evaluation)
        except ValidationError as error:
            return render(
                request,
                DETAIL,
                _refused_context(
                    request, triangle, evaluation, submit_errors=[], check_submission=True
                )
                if services.submission_gaps(evaluation, timezone.localdate())
                else _refused_context(request, triangle, evaluation, submit_errors=error.messages),
                status=400,
            )
        return done(
            request,
            _(
                "The self-evaluation was submitted to the national office. A quality reviewer "
                "reads it and sends formative feedback; you will be told by email."
            ),
            triangle_url(triangle, "#evaluations"),
        )
    gaps = services.submission_gaps(evaluation, timezone.localdate())
    if gaps:
        return render(
            request,
            DETAIL,
            _refused_context(request, triangle, evaluation, check_submission=True),
            status=400,
        )
    criteria = list(QualityCriterion.objects.all())
    return render(
        request,
        "cooperation/evaluation_confirm.html",
        {
            "triangle": triangle,
            "evaluation": evaluation,
            "corners": services.evaluation_corners(
                evaluation, user=request.user, criteria=criteria
            ),
            "criteria_count": len(criteria),
        },
    )


@login_required
@require_POST
def evaluation_remind(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int
) -> HttpResponse:
    """Email the people of a corner that has not rated yet (at most once a day per corner)."""
    triangle = triangle_for(request, triangle_id, WORK)
    evaluation = _evaluation(triangle, evaluation_id)
    corner = request.POST.get("corner", "")
    try:
        services.evaluation_remind(by=request.user, evaluation=evaluation, corner=corner)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The people of the corner “%(corner)s” were reminded by email.")
            % {"corner": Corner(corner).label},
        )
    return redirect(evaluation_url(triangle, evaluation) + "#corners")


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
        context=lambda: _feedback_context(request, triangle, evaluation, form),
    )


def _feedback_context(
    request: AuthenticatedHttpRequest,
    triangle: Triangle,
    evaluation: SelfEvaluation,
    form: FeedbackForm,
) -> dict[str, Any]:
    """Each criterion's ratings beside the field for its feedback."""
    context = _evaluation_context(request, triangle, evaluation)
    return {
        **context,
        "form": form,
        "feedback_rows": [
            {**row, "field": form[f"criterion_{row['criterion'].pk}"]}
            for row in context["criteria"]
        ],
    }


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
