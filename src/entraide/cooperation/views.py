"""Pages of a cooperation triangle: its parties work on it, the national office reviews it.

Every page looks the triangle up through ``get_triangle_for_user`` (404 for
anyone else) and each object inside that triangle.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.accounts.models import Organisation, OrganisationKind
from entraide.cooperation import services
from entraide.cooperation.forms import (
    AnswerForm,
    AttachmentForm,
    ConventionDraftForm,
    ConventionSignForm,
    DistinctionForm,
    EvaluationForm,
    FeedbackForm,
    InstitutionForm,
    LibraryMeasureForm,
    MeasureForm,
    TriangleForm,
    TriangleStatusForm,
    UnitForm,
    VisitForm,
    institutions_for_start,
)
from entraide.cooperation.models import (
    DISTINCTION_YEARS,
    ConventionVersion,
    Corner,
    EvaluationStatus,
    LibraryMeasure,
    Measure,
    QualityCriterion,
    SelfEvaluation,
    TimelineEvent,
    Triangle,
    TriangleStatus,
    VisitKind,
)
from entraide.cooperation.rules import get_triangle_for_user, triangle_corners
from entraide.cooperation.schedule import add_years
from entraide.cooperation.uploads import document_response
from entraide.core.lib.forms import submit
from entraide.core.lib.pdf import pdf_download
from entraide.core.permissions import may

TIMELINE_LENGTH = 50


def _triangle(request: AuthenticatedHttpRequest, triangle_id: int) -> Triangle:
    return get_triangle_for_user(request.user, triangle_id)


def _working(request: AuthenticatedHttpRequest, triangle_id: int) -> Triangle:
    """The triangle if the person is one of its parties (the national office only reads)."""
    triangle = _triangle(request, triangle_id)
    if not may(request.user, "cooperation.work_on_triangle", triangle):
        raise Http404
    return triangle


def _evaluation(triangle: Triangle, evaluation_id: int) -> SelfEvaluation:
    found = (
        SelfEvaluation.objects.filter(triangle=triangle, pk=evaluation_id)
        .select_related("triangle", "reviewer", "submitted_by")
        .prefetch_related("ratings", "feedback", "attachments")
        .first()
    )
    if found is None:
        raise Http404
    return found


def _done(
    request: AuthenticatedHttpRequest, text: str, triangle: Triangle, anchor: str = ""
) -> HttpResponse:
    messages.success(request, text)
    return redirect(f"{triangle_url(triangle)}{anchor}")


def _form_page(
    request: AuthenticatedHttpRequest,
    triangle: Triangle,
    form: Any,
    heading: str,
    submit_label: str,
    *,
    intro: str = "",
    multipart: bool = False,
    action: str = "",
    status: int = 200,
) -> HttpResponse:
    """The one page every small form of a triangle uses."""
    return render(
        request,
        "cooperation/form.html",
        {
            "form": form,
            "triangle": triangle,
            "heading": heading,
            "submit_label": submit_label,
            "intro": intro,
            "multipart": multipart,
            "action": action,
        },
        status=status,
    )


def triangle_url(triangle: Triangle) -> str:
    from django.urls import reverse

    return reverse("cooperation:triangle_detail", args=[triangle.pk])


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
    institution = institutions_for_start(request.user).filter(pk=institution_id).first()
    if institution is None:
        raise Http404
    form = TriangleForm(
        request.POST or None,
        institution=institution,
        initial={"language": request.LANGUAGE_CODE, "started_on": timezone.localdate()},
    )
    if request.method == "POST":
        try:
            triangle = submit(
                form,
                lambda data: services.triangle_create(
                    by=request.user, institution=institution, data=data
                ),
            )
        except PermissionDenied:
            form.add_error(
                "centre", _("You can start a cooperation of your own institution or centre.")
            )
            triangle = None
        if triangle is not None:
            return _done(request, _("The cooperation was created."), triangle)
    return render(
        request,
        "cooperation/triangle_form.html",
        {
            "form": form,
            "institution": institution,
            "may_add_units": may(request.user, "cooperation.manage_units", institution),
        },
    )


@login_required
def triangle_detail(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = _triangle(request, triangle_id)
    triangle = (
        Triangle.objects.filter(pk=triangle.pk)
        .select_related("institution", "centre", "officer")
        .prefetch_related(
            "units__canton",
            "groups",
            Prefetch(
                "conventions",
                queryset=ConventionVersion.objects.select_related("signed_copy").defer(
                    "signed_copy__content"
                ),
            ),
            Prefetch("measures", queryset=Measure.objects.select_related("criterion")),
            "evaluations",
            "visits",
            "distinctions",
        )
        .get()
    )
    events = (
        TimelineEvent.objects.filter(triangle=triangle)
        .select_related("actor")
        .order_by("-at", "-id")[:TIMELINE_LENGTH]
    )
    corners = triangle_corners(request.user, triangle)
    leads = may(request.user, "cooperation.lead_triangle", triangle)
    moves = services.MANUAL_MOVES[triangle.status] if leads else ()
    return render(
        request,
        "cooperation/triangle_detail.html",
        {
            "triangle": triangle,
            "events": events,
            "corners": corners,
            "may_work": bool(corners) and triangle.status != TriangleStatus.ENDED,
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
    triangle = _working(request, triangle_id)
    if not may(request.user, "cooperation.lead_triangle", triangle):
        raise Http404
    form = TriangleForm(
        request.POST or None,
        institution=triangle.institution,
        triangle=triangle,
        initial=TriangleForm.initial_for(triangle),
    )
    if (
        request.method == "POST"
        and submit(
            form,
            lambda data: services.triangle_update(by=request.user, triangle=triangle, data=data),
        )
        is not None
    ):
        return _done(request, _("The cooperation was saved."), triangle)
    return render(
        request,
        "cooperation/triangle_form.html",
        {
            "form": form,
            "institution": triangle.institution,
            "triangle": triangle,
            "may_add_units": may(request.user, "cooperation.manage_units", triangle.institution),
        },
    )


@login_required
@require_POST
def triangle_status(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = _working(request, triangle_id)
    if not may(request.user, "cooperation.lead_triangle", triangle):
        raise Http404
    form = TriangleStatusForm(request.POST, moves=services.MANUAL_MOVES[triangle.status])
    if (
        submit(
            form,
            lambda data: services.triangle_move(
                by=request.user, triangle=triangle, status=data["status"], ended_on=data["ended_on"]
            ),
        )
        is not None
    ):
        return _done(request, _("The status was changed."), triangle)
    return _form_page(
        request,
        triangle,
        form,
        _("Change the status"),
        _("Change the status"),
        action=request.path,
        status=400,
    )


# --- convention -----------------------------------------------------------


def _version(triangle: Triangle, version_id: int) -> ConventionVersion:
    found = ConventionVersion.objects.filter(triangle=triangle, pk=version_id).first()
    if found is None:
        raise Http404
    return found


@login_required
def convention_new(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = _working(request, triangle_id)
    form = ConventionDraftForm(request.POST or None, initial={"drafted_on": timezone.localdate()})
    if (
        request.method == "POST"
        and submit(
            form,
            lambda data: services.convention_draft(by=request.user, triangle=triangle, data=data),
        )
        is not None
    ):
        return _done(
            request,
            _("The version was recorded. Download its draft, have it signed, then upload it."),
            triangle,
            "#convention",
        )
    return _form_page(
        request,
        triangle,
        form,
        _("Draft a new version of the convention"),
        _("Record the version"),
        intro=_(
            "The draft is generated as a PDF from the cooperation's data, in the language of "
            "the convention. Once signed, upload the signed copy."
        ),
    )


@login_required
def convention_draft_pdf(
    request: AuthenticatedHttpRequest, triangle_id: int, version_id: int
) -> HttpResponse:
    from entraide.cooperation.documents import convention_pdf

    triangle = _triangle(request, triangle_id)
    version = _version(triangle, version_id)
    return pdf_download(convention_pdf(version), f"convention-{triangle.pk}-v{version.number}")


@login_required
def convention_sign(
    request: AuthenticatedHttpRequest, triangle_id: int, version_id: int
) -> HttpResponse:
    triangle = _working(request, triangle_id)
    version = _version(triangle, version_id)
    if version.signed_copy_id:
        raise Http404
    form = ConventionSignForm(request.POST or None, request.FILES or None)
    if (
        request.method == "POST"
        and submit(
            form,
            lambda data: services.convention_sign(
                by=request.user,
                version=version,
                signed_on=data["signed_on"],
                upload=data["signed_copy"],
            ),
        )
        is not None
    ):
        return _done(request, _("The signed convention was uploaded."), triangle, "#convention")
    return _form_page(
        request,
        triangle,
        form,
        _("Upload the signed convention (version %(number)s)") % {"number": version.number},
        _("Upload the signed copy"),
        intro=_("Only the parties of the cooperation and the national office can read it."),
        multipart=True,
    )


@login_required
def convention_signed_pdf(
    request: AuthenticatedHttpRequest, triangle_id: int, version_id: int
) -> HttpResponse:
    triangle = _triangle(request, triangle_id)
    version = _version(triangle, version_id)
    if version.signed_copy is None:
        raise Http404
    return document_response(version.signed_copy)


# --- measures -------------------------------------------------------------


@login_required
def measure_new(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = _working(request, triangle_id)
    form = MeasureForm(request.POST or None, initial={"status": "planned"})
    if (
        request.method == "POST"
        and submit(
            form, lambda data: services.measure_add(by=request.user, triangle=triangle, data=data)
        )
        is not None
    ):
        return _done(request, _("The measure was added."), triangle, "#measures")
    return _form_page(request, triangle, form, _("Add a measure"), _("Add the measure"))


@login_required
def measure_edit(
    request: AuthenticatedHttpRequest, triangle_id: int, measure_id: int
) -> HttpResponse:
    triangle = _working(request, triangle_id)
    measure = Measure.objects.filter(triangle=triangle, pk=measure_id).first()
    if measure is None:
        raise Http404
    initial = {f: getattr(measure, f) for f in services.MEASURE_FIELDS}
    form = MeasureForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and submit(
            form, lambda data: services.measure_update(by=request.user, measure=measure, data=data)
        )
        is not None
    ):
        return _done(request, _("The measure was saved."), triangle, "#measures")
    return _form_page(request, triangle, form, measure.title, _("Save the measure"))


def _library(*, everything: bool = False) -> Any:
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
    triangle = _working(request, triangle_id)
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
    triangle = _working(request, triangle_id)
    source = LibraryMeasure.objects.filter(pk=library_id).first()
    if source is None:
        raise Http404
    try:
        services.measure_adopt(by=request.user, triangle=triangle, source=source)
    except services.ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cooperation:triangle_library", triangle.pk)
    return _done(request, _("The measure was added to your catalogue."), triangle, "#measures")


# --- self-evaluation ------------------------------------------------------


@login_required
@require_POST
def evaluation_start(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = _working(request, triangle_id)
    try:
        evaluation = services.evaluation_start(by=request.user, triangle=triangle)
    except services.ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{triangle_url(triangle)}#evaluations")
    return redirect("cooperation:evaluation_detail", triangle.pk, evaluation.pk)


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
    triangle = _triangle(request, triangle_id)
    return render(
        request,
        "cooperation/comparison.html",
        {"triangle": triangle, **_comparison(triangle)},
    )


@login_required
def evaluation_detail(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int
) -> HttpResponse:
    triangle = _triangle(request, triangle_id)
    evaluation = _evaluation(triangle, evaluation_id)
    may_work = may(request.user, "cooperation.work_on_triangle", triangle)
    editing = may_work and evaluation.status == EvaluationStatus.DRAFT
    form = _evaluation_form(
        request,
        triangle,
        evaluation,
        request.POST if request.method == "POST" and editing else None,
    )
    if request.method == "POST":
        if not editing:
            raise Http404
        if (
            submit(
                form,
                lambda data: services.evaluation_save(
                    by=request.user,
                    evaluation=evaluation,
                    interview_on=data["interview_on"],
                    participants=data["participants"],
                    ratings=form.ratings(),
                ),
            )
            is not None
        ):
            messages.success(request, _("The self-evaluation was saved."))
            return redirect("cooperation:evaluation_detail", triangle.pk, evaluation.pk)
    return render(
        request,
        "cooperation/evaluation_detail.html",
        _evaluation_context(request, triangle, evaluation, form=form, editing=editing),
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
    may_work = may(request.user, "cooperation.work_on_triangle", triangle)
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
        "may_review": may(request.user, "cooperation.review_evaluation")
        and evaluation.status in (EvaluationStatus.SUBMITTED, EvaluationStatus.REVIEWED),
        "attachment_form": extra.pop("attachment_form", AttachmentForm()),
        "answer_form": extra.pop(
            "answer_form", AnswerForm(initial={"response": evaluation.response})
        ),
        "today": timezone.localdate(),
        **extra,
    }


@login_required
@require_POST
def evaluation_submit(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int
) -> HttpResponse:
    triangle = _working(request, triangle_id)
    evaluation = _evaluation(triangle, evaluation_id)
    try:
        services.evaluation_submit(by=request.user, evaluation=evaluation)
    except services.ValidationError as error:
        form = _evaluation_form(request, triangle, evaluation)
        return render(
            request,
            "cooperation/evaluation_detail.html",
            _evaluation_context(
                request,
                triangle,
                evaluation,
                form=form,
                editing=evaluation.status == EvaluationStatus.DRAFT,
                submit_errors=error.messages,
            ),
            status=400,
        )
    return _done(
        request,
        _("The self-evaluation was submitted to the national office."),
        triangle,
        "#evaluations",
    )


@login_required
@require_POST
def evaluation_attach(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int
) -> HttpResponse:
    triangle = _working(request, triangle_id)
    evaluation = _evaluation(triangle, evaluation_id)
    form = AttachmentForm(request.POST, request.FILES)
    if (
        submit(
            form,
            lambda data: (
                services.evaluation_attach(
                    by=request.user, evaluation=evaluation, upload=data["file"]
                )
                or True
            ),
        )
        is not None
    ):
        messages.success(request, _("The document was attached."))
        return redirect("cooperation:evaluation_detail", triangle.pk, evaluation.pk)
    return render(
        request,
        "cooperation/evaluation_detail.html",
        _evaluation_context(
            request,
            triangle,
            evaluation,
            form=_evaluation_form(request, triangle, evaluation),
            editing=evaluation.status == EvaluationStatus.DRAFT,
            attachment_form=form,
        ),
        status=400,
    )


@login_required
def evaluation_attachment(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int, document_id: int
) -> HttpResponse:
    triangle = _triangle(request, triangle_id)
    evaluation = _evaluation(triangle, evaluation_id)
    document = evaluation.attachments.filter(pk=document_id).first()
    if document is None:
        raise Http404
    return document_response(document)


@login_required
def evaluation_pdf(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int
) -> HttpResponse:
    from entraide.cooperation.documents import evaluation_pdf as render_pdf

    triangle = _triangle(request, triangle_id)
    evaluation = _evaluation(triangle, evaluation_id)
    return pdf_download(render_pdf(evaluation), f"self-evaluation-{triangle.pk}-{evaluation.year}")


@login_required
def evaluation_feedback(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int
) -> HttpResponse:
    triangle = _triangle(request, triangle_id)
    if not may(request.user, "cooperation.review_evaluation"):
        raise Http404
    evaluation = _evaluation(triangle, evaluation_id)
    if evaluation.status not in (EvaluationStatus.SUBMITTED, EvaluationStatus.REVIEWED):
        raise Http404
    form = FeedbackForm(request.POST or None, evaluation=evaluation)
    if (
        request.method == "POST"
        and submit(
            form,
            lambda data: services.evaluation_feedback(
                by=request.user,
                evaluation=evaluation,
                overall=data["overall_feedback"],
                by_criterion=form.by_criterion(),
            ),
        )
        is not None
    ):
        messages.success(request, _("Your feedback was sent to the cooperation."))
        return redirect("cooperation:evaluation_detail", triangle.pk, evaluation.pk)
    return render(
        request,
        "cooperation/feedback_form.html",
        {
            "form": form,
            **_evaluation_context(request, triangle, evaluation),
        },
    )


@login_required
@require_POST
def evaluation_answer(
    request: AuthenticatedHttpRequest, triangle_id: int, evaluation_id: int
) -> HttpResponse:
    triangle = _working(request, triangle_id)
    evaluation = _evaluation(triangle, evaluation_id)
    form = AnswerForm(request.POST)
    if (
        submit(
            form,
            lambda data: services.evaluation_answer(
                by=request.user, evaluation=evaluation, response=data["response"]
            ),
        )
        is not None
    ):
        messages.success(request, _("Your answer was recorded."))
        return redirect("cooperation:evaluation_detail", triangle.pk, evaluation.pk)
    return render(
        request,
        "cooperation/evaluation_detail.html",
        _evaluation_context(request, triangle, evaluation, answer_form=form, editing=False),
        status=400,
    )


# --- national office -------------------------------------------------------


@login_required
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Self-evaluations waiting for the national office's feedback, oldest first."""
    if not may(request.user, "cooperation.review_evaluation"):
        raise Http404
    evaluations = (
        SelfEvaluation.objects.filter(
            status__in=[EvaluationStatus.SUBMITTED, EvaluationStatus.REVIEWED]
        )
        .select_related("triangle__institution", "triangle__centre")
        .order_by("status", "submitted_at")
    )
    return render(
        request,
        "cooperation/review_list.html",
        {
            "evaluations": evaluations,
            "now": timezone.now(),
            "assurances": assurances_due(timezone.localdate()),
        },
    )


ASSURANCE_NOTICE = timedelta(days=90)


def assurances_due(today: date) -> list[Triangle]:
    """Triangles whose four-yearly quality assurance falls due within 90 days, or is overdue.

    It is due four years after the last assurance, or after the first signature
    of the convention when there has been none (one query).
    """
    triangles = (
        Triangle.objects.filter(ended_on__isnull=True)
        .exclude(status=TriangleStatus.ENDED)
        .annotate(
            first_signed=Min("conventions__signed_on"),
            last_assurance=Max("visits__held_on", filter=Q(visits__kind=VisitKind.ASSURANCE)),
        )
        .filter(first_signed__isnull=False)
        .select_related("institution")
        .order_by("name")
    )
    due = []
    for triangle in triangles:
        since = triangle.last_assurance or triangle.first_signed  # type: ignore[attr-defined]
        triangle.assurance_due_on = add_years(since, DISTINCTION_YEARS)  # type: ignore[attr-defined]
        if triangle.assurance_due_on <= today + ASSURANCE_NOTICE:  # type: ignore[attr-defined]
            due.append(triangle)
    return sorted(due, key=lambda t: t.assurance_due_on)  # type: ignore[attr-defined]


@login_required
def visit_new(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = _triangle(request, triangle_id)
    if not may(request.user, "cooperation.review_evaluation"):
        raise Http404
    form = VisitForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if (
        request.method == "POST"
        and submit(
            form, lambda data: services.visit_record(by=request.user, triangle=triangle, data=data)
        )
        is not None
    ):
        return _done(request, _("The visit was recorded."), triangle, "#quality")
    return _form_page(
        request,
        triangle,
        form,
        _("Record a quality assurance or consultation"),
        _("Record the visit"),
    )


@login_required
def distinction_new(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = _triangle(request, triangle_id)
    if not may(request.user, "cooperation.award_distinction"):
        raise Http404
    form = DistinctionForm(
        request.POST or None,
        initial={
            "kind": services.default_distinction_kind(triangle.institution),
            "awarded_on": timezone.localdate(),
        },
    )
    if (
        request.method == "POST"
        and submit(
            form,
            lambda data: services.distinction_award(
                by=request.user, triangle=triangle, kind=data["kind"], awarded_on=data["awarded_on"]
            ),
        )
        is not None
    ):
        return _done(request, _("The distinction was awarded."), triangle, "#quality")
    return _form_page(
        request,
        triangle,
        form,
        _("Award the distinction"),
        _("Award the distinction"),
        intro=_(
            "The distinction is valid four years. It requires a quality consultation or "
            "assurance, held in the year before, that found the criteria met."
        ),
    )


@login_required
def unit_new(request: AuthenticatedHttpRequest, institution_id: int) -> HttpResponse:
    institution = Organisation.objects.filter(pk=institution_id, kind="health_institution").first()
    if institution is None or not may(request.user, "cooperation.manage_units", institution):
        raise Http404
    form = UnitForm(request.POST or None, initial={"canton": institution.canton_id})
    if request.method == "POST":
        unit = submit(
            form,
            lambda data: services.unit_add(
                by=request.user, institution=institution, name=data["name"], canton=data["canton"]
            ),
        )
        if unit is not None:
            messages.success(request, _("The unit was added."))
            return redirect("cooperation:unit_new", institution.pk)
    units = institution.units.select_related("canton").order_by("name")
    return render(
        request,
        "cooperation/unit_form.html",
        {"form": form, "institution": institution, "units": units},
    )


@login_required
def institution_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The national coordinator registers a health institution; its units and people follow."""
    if not may(request.user, "cooperation.add_institution"):
        raise Http404
    form = InstitutionForm(request.POST or None)
    if request.method == "POST":
        institution = submit(
            form, lambda data: services.institution_save(by=request.user, data=data)
        )
        if institution is not None:
            messages.success(request, _("The institution was registered. Add its units."))
            return redirect("cooperation:unit_new", institution.pk)
    return render(
        request,
        "cooperation/form.html",
        {
            "form": form,
            "heading": _("Register a health institution"),
            "submit_label": _("Register the institution"),
        },
    )


@login_required
def institution_edit(request: AuthenticatedHttpRequest, institution_id: int) -> HttpResponse:
    institution = Organisation.objects.filter(
        pk=institution_id, kind=OrganisationKind.HEALTH_INSTITUTION
    ).first()
    if institution is None or not may(request.user, "cooperation.manage_units", institution):
        raise Http404
    form = InstitutionForm(request.POST or None, instance=institution)
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.institution_save(
                by=request.user, data=data, institution=institution
            ),
        )
        if saved is not None:
            messages.success(request, _("The institution's details were saved."))
            return redirect("cooperation:unit_new", institution.pk)
    return render(
        request,
        "cooperation/form.html",
        {
            "form": form,
            "heading": institution.name,
            "submit_label": _("Save the details"),
        },
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
        measure = LibraryMeasure.objects.filter(pk=library_id).first()
        if measure is None:
            raise Http404
    form = LibraryMeasureForm(request.POST or None, instance=measure)
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.library_measure_save(by=request.user, data=data, measure=measure),
        )
        if saved is not None:
            messages.success(request, _("The library was updated."))
            return redirect("cooperation:library")
    return render(
        request,
        "cooperation/form.html",
        {
            "form": form,
            "heading": measure.title if measure else _("Add a proven measure to the library"),
            "submit_label": _("Save the measure"),
        },
    )
