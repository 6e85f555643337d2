"""Every write of the cooperation: checked against the policy, audited, dated in the timeline.

The parties of a triangle (its institution's people, its centre's staff, its
groups' contacts) prepare the convention, plan measures and evaluate
themselves; the national office reviews, records quality visits and awards
distinctions, but never edits what a triangle rated.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import (
    InstitutionType,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    Unit,
    User,
)
from entraide.cooperation.models import (
    DISTINCTION_NOTICE,
    ConventionVersion,
    Corner,
    CriterionFeedback,
    CriterionRating,
    Distinction,
    DistinctionKind,
    EvaluationStatus,
    LibraryMeasure,
    Measure,
    QualityCriterion,
    QualityVisit,
    SelfEvaluation,
    TimelineEvent,
    TimelineKind,
    Triangle,
    TriangleStatus,
)
from entraide.cooperation.rules import triangle_corners
from entraide.cooperation.schedule import (
    add_years,
    distinction_valid_until,
    evaluation_due_on,
    first_signature,
)
from entraide.cooperation.uploads import store_pdf
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.lib.notify import notify_user
from entraide.core.models import AuditEntry
from entraide.core.permissions import may

TRIANGLE_FIELDS = ("name", "centre", "officer", "language", "started_on", "status", "ended_on")
MEASURE_FIELDS = ("criterion", "title", "goal", "owner", "due_on", "status")
# Moves the parties make by hand; the others follow from what happens (a signed
# copy uploaded, feedback received, a distinction awarded).
MANUAL_MOVES: dict[str, tuple[str, ...]] = {
    TriangleStatus.PREPARATION: (TriangleStatus.ENDED,),
    TriangleStatus.SIGNED: (TriangleStatus.IMPLEMENTING, TriangleStatus.ENDED),
    TriangleStatus.IMPLEMENTING: (TriangleStatus.ENDED,),
    TriangleStatus.EVALUATED: (TriangleStatus.IMPLEMENTING, TriangleStatus.ENDED),
    TriangleStatus.DISTINGUISHED: (TriangleStatus.ENDED,),
    TriangleStatus.ENDED: (),
}


def _require(user: Any, perm: str, obj: Any = None) -> None:
    if not may(user, perm, obj):
        raise PermissionDenied(perm)


def _event(triangle: Triangle, by: Any, kind: str, detail: str = "") -> None:
    TimelineEvent.objects.create(
        triangle=triangle,
        actor=by if getattr(by, "is_authenticated", False) else None,
        kind=kind,
        detail=detail[:250],
    )


def _locked(triangle: Triangle) -> Triangle:
    return Triangle.objects.select_for_update().get(pk=triangle.pk)


def _require_open(triangle: Triangle) -> None:
    """An ended cooperation is kept as it was: its record no longer changes."""
    if triangle.status == TriangleStatus.ENDED or triangle.ended_on is not None:
        raise ValidationError(_("This cooperation has ended; its record no longer changes."))


def _check_parties(
    *, institution: Organisation, units: list[Unit], centre: Organisation, officer: User | None
) -> None:
    errors: dict[str, str] = {}
    if any(unit.institution_id != institution.pk for unit in units):
        errors["units"] = _("Choose units of the institution of this cooperation.")
    if (
        officer is not None
        and not Membership.objects.filter(
            user=officer, organisation=institution, role=Role.SELF_HELP_OFFICER
        ).exists()
    ):
        errors["officer"] = _(
            "The self-help officer must be a self-help officer of the institution."
        )
    if centre.kind != "regional_centre":
        errors["centre"] = _("Choose a regional centre.")
    if errors:
        raise ValidationError(errors)


def _triangle_record(triangle: Triangle, units: Any, groups: Any) -> dict[str, Any]:
    """What the audit trail keeps of a triangle: its fields, its units' and groups' ids."""
    return {
        **snapshot(triangle, TRIANGLE_FIELDS),
        "units": sorted(unit.pk for unit in units),
        "groups": sorted(group.pk for group in groups),
    }


@transaction.atomic
def triangle_create(*, by: User, institution: Organisation, data: dict[str, Any]) -> Triangle:
    """Start a cooperation; the person must speak for the institution or the centre."""
    _require(by, "cooperation.add_triangle")
    # The leads' rule, asked of the triangle about to exist.
    leads = may(
        by, "cooperation.lead_triangle", Triangle(institution=institution, centre=data["centre"])
    )
    if not (leads or by.has_role(Role.NATIONAL_COORDINATOR)):
        raise PermissionDenied("Only the institution, the centre or the national office start it.")
    units = list(data["units"])
    _check_parties(
        institution=institution, units=units, centre=data["centre"], officer=data.get("officer")
    )
    triangle = Triangle(
        institution=institution,
        name=data["name"],
        centre=data["centre"],
        officer=data.get("officer"),
        language=data["language"],
        started_on=data["started_on"],
    )
    triangle.full_clean()
    triangle.save()
    triangle.units.set(units)
    triangle.groups.set(data.get("groups") or [])
    _event(triangle, by, TimelineKind.CREATED)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=triangle,
        after=_triangle_record(triangle, units, data.get("groups") or []),
    )
    return triangle


@transaction.atomic
def triangle_update(*, by: User, triangle: Triangle, data: dict[str, Any]) -> Triangle:
    """The institution's leads or the centre's staff change the parties or details."""
    _require(by, "cooperation.lead_triangle", triangle)
    triangle = _locked(triangle)
    _require_open(triangle)
    units = list(data["units"])
    started_on: date = data["started_on"]
    earliest = min(
        [d for v in triangle.conventions.all() for d in (v.drafted_on, v.signed_on) if d],
        default=None,
    )
    if earliest is not None and started_on > earliest:
        raise ValidationError(
            {
                "started_on": _(
                    "The cooperation cannot start after its convention was drafted or signed "
                    "(%(date)s)."
                )
                % {"date": earliest.strftime("%d.%m.%Y")}
            }
        )
    _check_parties(
        institution=triangle.institution,
        units=units,
        centre=data["centre"],
        officer=data.get("officer"),
    )
    before = _triangle_record(triangle, triangle.units.all(), triangle.groups.all())
    for field in ("name", "centre", "officer", "language", "started_on"):
        setattr(triangle, field, data.get(field))
    triangle.full_clean()
    triangle.save()
    triangle.units.set(units)
    triangle.groups.set(data.get("groups") or [])
    after = _triangle_record(triangle, units, data.get("groups") or [])
    if before != after:
        _event(triangle, by, TimelineKind.CHANGED)
        audit_record(
            actor=by, action=AuditEntry.Action.UPDATE, obj=triangle, before=before, after=after
        )
    return triangle


def _set_status(triangle: Triangle, by: Any, status: str, **extra: Any) -> None:
    before = snapshot(triangle, TRIANGLE_FIELDS)
    triangle.status = status
    for field, value in extra.items():
        setattr(triangle, field, value)
    triangle.save(update_fields=["status", *extra])
    _event(triangle, by, TimelineKind.STATUS, str(triangle.get_status_display()))
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=triangle,
        before=before,
        after=snapshot(triangle, TRIANGLE_FIELDS),
    )


@transaction.atomic
def triangle_move(
    *, by: User, triangle: Triangle, status: str, ended_on: date | None = None
) -> Triangle:
    """A move the leads make by hand: start implementing, or end the cooperation."""
    _require(by, "cooperation.lead_triangle", triangle)
    triangle = _locked(triangle)
    if status not in MANUAL_MOVES[triangle.status]:
        raise ValidationError(
            {
                "status": _("A cooperation cannot move from “%(from)s” to this status.")
                % {"from": triangle.get_status_display()}
            }
        )
    extra: dict[str, Any] = {}
    if status == TriangleStatus.ENDED:
        if ended_on is None:
            raise ValidationError({"ended_on": _("Give the date on which the cooperation ended.")})
        if ended_on < triangle.started_on:
            raise ValidationError({"ended_on": _("A cooperation cannot end before it started.")})
        if ended_on > timezone.localdate():
            raise ValidationError({"ended_on": _("The end date cannot be in the future.")})
        extra["ended_on"] = ended_on
    _set_status(triangle, by, status, **extra)
    return triangle


# --- convention -----------------------------------------------------------


@transaction.atomic
def convention_draft(*, by: User, triangle: Triangle, data: dict[str, Any]) -> ConventionVersion:
    """Record a new version of the convention (its PDF draft is generated from the data)."""
    _require(by, "cooperation.work_on_triangle", triangle)
    triangle = _locked(triangle)
    _require_open(triangle)
    drafted_on: date = data["drafted_on"]
    if drafted_on > timezone.localdate():
        raise ValidationError({"drafted_on": _("The draft date cannot be in the future.")})
    number = (triangle.conventions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ConventionVersion(
        triangle=triangle,
        number=number,
        drafted_on=drafted_on,
        signatories=data["signatories"].strip(),
        notes=data.get("notes", ""),
    )
    version.full_clean()
    version.save()
    _event(triangle, by, TimelineKind.CONVENTION_DRAFTED, _("Version %(n)s") % {"n": number})
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=version,
        after=snapshot(version, ("number", "drafted_on", "signatories")),
    )
    return version


@transaction.atomic
def convention_sign(
    *, by: User, version: ConventionVersion, signed_on: date, upload: Any
) -> ConventionVersion:
    """Upload the signed copy of a version; the cooperation counts from its signature date."""
    triangle = version.triangle
    _require(by, "cooperation.work_on_triangle", triangle)
    triangle = _locked(triangle)
    _require_open(triangle)
    version = ConventionVersion.objects.select_for_update().get(pk=version.pk)
    if version.signed_copy_id:
        raise ValidationError(
            _("This version is already signed; draft a new version to change it.")
        )
    if signed_on < version.drafted_on:
        raise ValidationError(
            {
                "signed_on": _("The convention cannot be signed before it was drafted (%(date)s).")
                % {"date": version.drafted_on.strftime("%d.%m.%Y")}
            }
        )
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The signature date cannot be in the future.")})
    try:
        document = store_pdf(upload=upload, by=by)
    except ValidationError as error:
        raise ValidationError({"signed_copy": error.messages}) from error
    version.signed_on = signed_on
    version.signed_copy = document
    version.save(update_fields=["signed_on", "signed_copy"])
    _event(triangle, by, TimelineKind.CONVENTION_SIGNED, _("Version %(n)s") % {"n": version.number})
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=version,
        before={"signed_on": None},
        after={"signed_on": str(signed_on), "signed_copy": document.sha256},
    )
    if triangle.status == TriangleStatus.PREPARATION:
        _set_status(triangle, by, TriangleStatus.SIGNED)
    return version


# --- measures -------------------------------------------------------------


def _check_measure_dates(triangle: Triangle, due_on: date | None) -> None:
    if due_on is not None and due_on < triangle.started_on:
        raise ValidationError(
            {"due_on": _("The due date cannot be before the cooperation started.")}
        )


@transaction.atomic
def measure_add(*, by: User, triangle: Triangle, data: dict[str, Any]) -> Measure:
    _require(by, "cooperation.work_on_triangle", triangle)
    _require_open(triangle)
    _check_measure_dates(triangle, data.get("due_on"))
    measure = Measure(
        triangle=triangle, source=data.get("source"), **{f: data.get(f) for f in MEASURE_FIELDS}
    )
    measure.goal = measure.goal or ""
    measure.status = measure.status or "planned"
    measure.full_clean()
    measure.save()
    _event(triangle, by, TimelineKind.MEASURE_ADDED, measure.title)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=measure,
        after=snapshot(measure, MEASURE_FIELDS),
    )
    return measure


@transaction.atomic
def measure_update(*, by: User, measure: Measure, data: dict[str, Any]) -> Measure:
    _require(by, "cooperation.work_on_triangle", measure.triangle)
    _require_open(measure.triangle)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    _check_measure_dates(measure.triangle, data.get("due_on"))
    before = snapshot(measure, MEASURE_FIELDS)
    for field in MEASURE_FIELDS:
        setattr(measure, field, data.get(field))
    measure.goal = measure.goal or ""
    measure.updated_at = timezone.now()
    measure.full_clean()
    measure.save()
    after = snapshot(measure, MEASURE_FIELDS)
    if before != after:
        _event(measure.triangle, by, TimelineKind.MEASURE_CHANGED, measure.title)
        audit_record(
            actor=by, action=AuditEntry.Action.UPDATE, obj=measure, before=before, after=after
        )
    return measure


@transaction.atomic
def measure_adopt(*, by: User, triangle: Triangle, source: LibraryMeasure) -> Measure:
    """Copy a proven measure of the library into the triangle's catalogue (once)."""
    _require(by, "cooperation.work_on_triangle", triangle)
    if not source.is_active:
        raise ValidationError(_("This measure is no longer in the library."))
    if triangle.measures.filter(source=source).exists():
        raise ValidationError(_("This measure is already in your catalogue."))
    try:
        with transaction.atomic():
            return measure_add(
                by=by,
                triangle=triangle,
                data={
                    "criterion": source.criterion,
                    "title": source.title,
                    "goal": source.description,
                    "owner": source.owner,
                    "due_on": None,
                    "status": "planned",
                    "source": source,
                },
            )
    except IntegrityError as error:  # adopted at the same moment by someone else
        raise ValidationError(_("This measure is already in your catalogue.")) from error


# --- self-evaluation ------------------------------------------------------


@transaction.atomic
def evaluation_start(*, by: User, triangle: Triangle) -> SelfEvaluation:
    """Open the next year's self-evaluation, starting from last year's ratings and feedback."""
    _require(by, "cooperation.work_on_triangle", triangle)
    triangle = _locked(triangle)
    _require_open(triangle)
    signed = first_signature(triangle)
    if signed is None:
        raise ValidationError(
            _("A self-evaluation follows at least one year of work under a signed convention.")
        )
    previous = triangle.evaluations.order_by("-year").first()
    if previous is not None and previous.status == EvaluationStatus.DRAFT:
        return previous
    year = (previous.year if previous else 0) + 1
    evaluation = SelfEvaluation.objects.create(
        triangle=triangle, year=year, due_on=evaluation_due_on(signed, year)
    )
    criteria = list(QualityCriterion.objects.all())
    earlier = {(r.criterion_id, r.corner): r for r in previous.ratings.all()} if previous else {}
    CriterionRating.objects.bulk_create(
        CriterionRating(
            evaluation=evaluation,
            criterion=criterion,
            corner=corner,
            rating=getattr(earlier.get((criterion.pk, corner)), "rating", ""),
            evidence=getattr(earlier.get((criterion.pk, corner)), "evidence", ""),
        )
        for criterion in criteria
        for corner in Corner.values
    )
    audit_record(actor=by, action=AuditEntry.Action.CREATE, obj=evaluation, after={"year": year})
    return evaluation


def rating_corners(user: Any, triangle: Triangle) -> set[str]:
    """The corners whose ratings this person records: their own; the centre's staff also
    record the self-help groups' (for groups whose members have no account)."""
    corners = triangle_corners(user, triangle)
    if Corner.CENTRE in corners:
        corners.add(Corner.GROUPS.value)
    return corners


def _editable(evaluation: SelfEvaluation, by: User) -> SelfEvaluation:
    _require(by, "cooperation.work_on_triangle", evaluation.triangle)
    evaluation = SelfEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status != EvaluationStatus.DRAFT:
        raise ValidationError(
            _("This self-evaluation has been submitted and can no longer change.")
        )
    return evaluation


@transaction.atomic
def evaluation_save(
    *,
    by: User,
    evaluation: SelfEvaluation,
    interview_on: date | None,
    participants: str,
    ratings: dict[tuple[int, str], dict[str, str]],
) -> SelfEvaluation:
    """Record the interview: each corner's rating, evidence and comment for each criterion."""
    evaluation = _editable(evaluation, by)
    signed = first_signature(evaluation.triangle)
    if interview_on is not None:
        if signed is not None and interview_on < signed:
            raise ValidationError(
                {
                    "interview_on": _(
                        "The interview cannot take place before the convention was signed (%(date)s)."
                    )
                    % {"date": signed.strftime("%d.%m.%Y")}
                }
            )
        if interview_on > timezone.localdate():
            raise ValidationError(
                {"interview_on": _("The interview date cannot be in the future.")}
            )
    evaluation.interview_on = interview_on
    evaluation.participants = participants
    evaluation.save(update_fields=["interview_on", "participants"])
    allowed = rating_corners(by, evaluation.triangle)
    existing = {(r.criterion_id, r.corner): r for r in evaluation.ratings.all()}
    changed, created = [], []
    for (criterion_id, corner), values in ratings.items():
        if corner not in allowed:
            continue  # each corner rates for itself; the form shows the others read-only
        new = (values.get("rating", ""), values.get("evidence", ""), values.get("comment", ""))
        rating = existing.get((criterion_id, corner))
        if rating is None:
            created.append(
                CriterionRating(
                    evaluation=evaluation,
                    criterion_id=criterion_id,
                    corner=corner,
                    rating=new[0],
                    evidence=new[1],
                    comment=new[2],
                )
            )
        elif new != (rating.rating, rating.evidence, rating.comment):
            rating.rating, rating.evidence, rating.comment = new
            changed.append(rating)
    CriterionRating.objects.bulk_create(created)
    CriterionRating.objects.bulk_update(changed, ["rating", "evidence", "comment"])
    changed += created
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=evaluation,
        after={
            "interview_on": str(interview_on or ""),
            "ratings": sorted(f"{r.criterion_id}:{r.corner}:{r.rating}" for r in changed),
        },
    )
    return evaluation


@transaction.atomic
def evaluation_attach(*, by: User, evaluation: SelfEvaluation, upload: Any) -> None:
    evaluation = _editable(evaluation, by)
    try:
        document = store_pdf(upload=upload, by=by)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    evaluation.attachments.add(document)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=evaluation,
        after={"attachment": document.filename, "sha256": document.sha256},
    )


def _national_office(roles: tuple[str, ...]) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(role__in=roles, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ]


def _parties(triangle: Triangle) -> list[User]:
    """The people of the triangle a change is told to: institution leads, centre staff, contacts."""
    organisation_ids = [
        triangle.institution_id,
        triangle.centre_id,
        *triangle.groups.exclude(organisation=None).values_list("organisation_id", flat=True),
    ]
    people = {
        m.user_id: m.user
        for m in Membership.objects.filter(
            organisation_id__in=organisation_ids,
            role__in=[
                Role.SELF_HELP_OFFICER,
                Role.MANAGEMENT,
                Role.CENTRE_STAFF,
                Role.GROUP_CONTACT,
            ],
            user__is_active=True,
        ).select_related("user")
    }
    return list(people.values())


def _tell_parties(triangle: Triangle, kind: str, context: dict[str, Any]) -> None:
    """An email to each of the triangle's people, in their language (links only)."""
    for person in _parties(triangle):
        notify_user(
            user=person,
            kind=f"cooperation.{kind}",
            template=f"cooperation/email/{kind}",
            context={"triangle": triangle, **context},
        )


@transaction.atomic
def evaluation_submit(
    *, by: User, evaluation: SelfEvaluation, today: date | None = None
) -> SelfEvaluation:
    """Send the documentation to the national office; it must be due and complete."""
    evaluation = _editable(evaluation, by)
    today = today or timezone.localdate()
    errors: list[str] = []
    if today < evaluation.due_on:
        errors.append(
            _(
                "This self-evaluation can be submitted from %(date)s, one year of work after the previous one."
            )
            % {"date": evaluation.due_on.strftime("%d.%m.%Y")}
        )
    if evaluation.interview_on is None:
        errors.append(_("Give the date of the interview."))
    rated = {
        r.criterion_id for r in evaluation.ratings.all() if r.corner == Corner.GROUPS and r.rating
    }
    missing = [
        str(number)
        for number in QualityCriterion.objects.values_list("number", flat=True)
        if number not in rated
    ]
    if missing:
        errors.append(
            _(
                "The self-help groups' rating is required for every criterion; missing for criteria %(list)s."
            )
            % {"list": ", ".join(missing)}
        )
    if errors:
        raise ValidationError(errors)
    evaluation.status = EvaluationStatus.SUBMITTED
    evaluation.submitted_at = timezone.now()
    evaluation.submitted_by = by
    evaluation.save(update_fields=["status", "submitted_at", "submitted_by"])
    _event(evaluation.triangle, by, TimelineKind.EVALUATION_SUBMITTED, str(evaluation.year))
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=evaluation,
        before={"status": EvaluationStatus.DRAFT},
        after={"status": EvaluationStatus.SUBMITTED},
    )
    for person in _national_office((Role.QUALITY_REVIEWER,)) or _national_office(
        (Role.NATIONAL_COORDINATOR,)
    ):
        notify_user(
            user=person,
            kind="cooperation.evaluation_submitted",
            template="cooperation/email/evaluation_submitted",
            context={"evaluation": evaluation, "triangle": evaluation.triangle},
        )
    return evaluation


@transaction.atomic
def evaluation_feedback(
    *, by: User, evaluation: SelfEvaluation, overall: str, by_criterion: dict[int, str]
) -> SelfEvaluation:
    """The national office's formative feedback, per criterion and overall."""
    _require(by, "cooperation.review_evaluation")
    evaluation = SelfEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status not in (EvaluationStatus.SUBMITTED, EvaluationStatus.REVIEWED):
        raise ValidationError(_("Feedback is given on a submitted self-evaluation."))
    if not overall.strip():
        raise ValidationError({"overall_feedback": _("Write the overall feedback.")})
    for criterion_id, text in by_criterion.items():
        CriterionFeedback.objects.update_or_create(
            evaluation=evaluation, criterion_id=criterion_id, defaults={"text": text}
        )
    first_time = evaluation.status == EvaluationStatus.SUBMITTED
    evaluation.overall_feedback = overall
    evaluation.status = EvaluationStatus.REVIEWED
    evaluation.reviewed_at = timezone.now()
    evaluation.reviewer = by
    evaluation.save(update_fields=["overall_feedback", "status", "reviewed_at", "reviewer"])
    triangle = _locked(evaluation.triangle)
    _event(triangle, by, TimelineKind.FEEDBACK_GIVEN, str(evaluation.year))
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=evaluation,
        after={"status": EvaluationStatus.REVIEWED, "criteria": sorted(by_criterion)},
    )
    if triangle.status in (TriangleStatus.SIGNED, TriangleStatus.IMPLEMENTING):
        _set_status(triangle, by, TriangleStatus.EVALUATED)
    if first_time:
        _tell_parties(triangle, "feedback_given", {"evaluation": evaluation})
    return evaluation


@transaction.atomic
def evaluation_answer(*, by: User, evaluation: SelfEvaluation, response: str) -> SelfEvaluation:
    _require(by, "cooperation.work_on_triangle", evaluation.triangle)
    evaluation = SelfEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status not in (EvaluationStatus.REVIEWED, EvaluationStatus.ANSWERED):
        raise ValidationError(_("You can answer once the national office has given its feedback."))
    if not response.strip():
        raise ValidationError({"response": _("Write your answer.")})
    evaluation.response = response
    evaluation.status = EvaluationStatus.ANSWERED
    evaluation.answered_at = timezone.now()
    evaluation.save(update_fields=["response", "status", "answered_at"])
    _event(evaluation.triangle, by, TimelineKind.FEEDBACK_ANSWERED, str(evaluation.year))
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=evaluation,
        after={"status": EvaluationStatus.ANSWERED},
    )
    return evaluation


# --- quality assurance and distinction -------------------------------------


@transaction.atomic
def visit_record(*, by: User, triangle: Triangle, data: dict[str, Any]) -> QualityVisit:
    """A quality assurance (every four years) or an on-site consultation, by the national office."""
    _require(by, "cooperation.review_evaluation")
    held_on: date = data["held_on"]
    if held_on < triangle.started_on:
        raise ValidationError({"held_on": _("The visit cannot be before the cooperation started.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Record a visit once it has taken place.")})
    visit = QualityVisit.objects.create(
        triangle=triangle,
        kind=data["kind"],
        held_on=held_on,
        criteria_met=bool(data.get("criteria_met")),
        notes=data.get("notes", ""),
        recorded_by=by,
    )
    _event(triangle, by, TimelineKind.VISIT, str(visit.get_kind_display()))
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=visit,
        after=snapshot(visit, ("kind", "held_on", "criteria_met")),
    )
    return visit


def default_distinction_kind(institution: Organisation) -> str:
    if institution.institution_type == InstitutionType.AMBULATORY:
        return DistinctionKind.INSTITUTION
    return DistinctionKind.HOSPITAL


@transaction.atomic
def distinction_award(*, by: User, triangle: Triangle, kind: str, awarded_on: date) -> Distinction:
    """Award the four-year distinction: the criteria must have been found met in a visit."""
    _require(by, "cooperation.award_distinction")
    triangle = _locked(triangle)
    if triangle.status == TriangleStatus.ENDED:
        raise ValidationError(_("This cooperation has ended; its record no longer changes."))
    if awarded_on > timezone.localdate():
        raise ValidationError({"awarded_on": _("The award date cannot be in the future.")})
    signed = first_signature(triangle)
    if signed is None or awarded_on < signed:
        raise ValidationError({"awarded_on": _("A distinction follows a signed convention.")})
    met = triangle.visits.filter(
        criteria_met=True, held_on__lte=awarded_on, held_on__gte=add_years(awarded_on, -1)
    ).exists()
    if not met:
        raise ValidationError(
            _(
                "First record a quality consultation or assurance, held in the year before "
                "the award, that found the criteria met."
            )
        )
    renewal_opens = awarded_on + DISTINCTION_NOTICE
    if triangle.distinctions.filter(
        awarded_on__lte=awarded_on, valid_until__gt=renewal_opens
    ).exists():
        raise ValidationError(
            {
                "awarded_on": _(
                    "This cooperation already holds a distinction valid on that day; it can be "
                    "renewed in the last 90 days of its validity."
                )
            }
        )
    distinction = Distinction(
        triangle=triangle,
        kind=kind,
        awarded_on=awarded_on,
        valid_until=distinction_valid_until(awarded_on),
        awarded_by=by,
    )
    distinction.full_clean()
    distinction.save()
    _event(triangle, by, TimelineKind.DISTINCTION, str(distinction.get_kind_display()))
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=distinction,
        after=snapshot(distinction, ("kind", "awarded_on", "valid_until")),
    )
    if triangle.status != TriangleStatus.DISTINGUISHED:
        _set_status(triangle, by, TriangleStatus.DISTINGUISHED)
    _tell_parties(triangle, "distinction_awarded", {"distinction": distinction})
    return distinction


# --- institutions and units ------------------------------------------------


@transaction.atomic
def unit_add(*, by: User, institution: Organisation, name: str, canton: Any) -> Unit:
    _require(by, "cooperation.manage_units", institution)
    if Unit.objects.filter(institution=institution, name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("This institution already has a unit of that name.")})
    unit = Unit.objects.create(institution=institution, name=name.strip(), canton=canton)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=unit,
        after=snapshot(unit, ("name", "canton")),
    )
    return unit


INSTITUTION_FIELDS = ("name", "code", "institution_type", "canton", "email", "phone", "website")


@transaction.atomic
def institution_save(
    *, by: User, data: dict[str, Any], institution: Organisation | None = None
) -> Organisation:
    """Register a health institution (national coordinator) or change its details (also its leads)."""
    if institution is None:
        _require(by, "cooperation.add_institution")
        institution = Organisation(kind=OrganisationKind.HEALTH_INSTITUTION)
        before: dict[str, Any] = {}
    else:
        _require(by, "cooperation.manage_units", institution)
        institution = Organisation.objects.select_for_update().get(pk=institution.pk)
        before = snapshot(institution, INSTITUTION_FIELDS)
    for field in INSTITUTION_FIELDS:
        if field in data:
            setattr(institution, field, data[field] if data[field] is not None else "")
    institution.full_clean()
    institution.save()
    after = snapshot(institution, INSTITUTION_FIELDS)
    if before != after:
        audit_record(
            actor=by,
            action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
            obj=institution,
            before=before,
            after=after,
        )
    return institution


LIBRARY_FIELDS = ("criterion", "owner", "title", "is_active")


@transaction.atomic
def library_measure_save(
    *, by: User, data: dict[str, Any], measure: LibraryMeasure | None = None
) -> LibraryMeasure:
    """Add a proven measure to the library or change one (the national coordinator)."""
    _require(by, "cooperation.manage_library")
    measure = (
        LibraryMeasure()
        if measure is None
        else LibraryMeasure.objects.select_for_update().get(pk=measure.pk)
    )
    before = snapshot(measure, LIBRARY_FIELDS) if measure.pk else {}
    for field, value in data.items():
        setattr(measure, field, value if value is not None else "")
    measure.title = data.get("title_fr") or measure.title
    measure.description = data.get("description_fr", measure.description) or ""
    measure.full_clean()
    measure.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        obj=measure,
        before=before,
        after=snapshot(measure, LIBRARY_FIELDS),
    )
    return measure
