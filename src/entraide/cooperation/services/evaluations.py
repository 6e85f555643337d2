"""The yearly self-evaluation: opened, rated by each corner, submitted, reviewed, answered."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import Membership, Role, User
from entraide.cooperation.models import (
    REVIEWABLE_EVALUATIONS,
    Corner,
    CriterionFeedback,
    CriterionRating,
    EvaluationStatus,
    QualityCriterion,
    SelfEvaluation,
    TimelineKind,
    Triangle,
    TriangleStatus,
)
from entraide.cooperation.rules import triangle_corners
from entraide.cooperation.schedule import evaluation_due_on, first_signature
from entraide.cooperation.services._common import (
    add_event,
    locked,
    require,
    require_open,
    set_status,
    tell_parties,
)
from entraide.cooperation.services.evaluation_corners import submission_gaps
from entraide.cooperation.services.reviews import assign_on_submission
from entraide.cooperation.uploads import store_pdf
from entraide.core.lib.audit import audit_record
from entraide.core.lib.notify import notify_user
from entraide.core.models import AuditEntry


@transaction.atomic
def evaluation_start(*, by: User, triangle: Triangle) -> SelfEvaluation:
    """Open the next year's self-evaluation, starting from last year's ratings and feedback."""
    require(by, "cooperation.work_on_triangle", triangle)
    triangle = locked(triangle)
    require_open(triangle)
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
    require(by, "cooperation.work_on_triangle", evaluation.triangle)
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
    seen: dict[tuple[int, str], tuple[str, str, str]] | None = None,
) -> SelfEvaluation:
    """Record the interview: each corner's rating, evidence and comment for each criterion.

    ``seen`` holds the cells as the person's page showed them: a cell they left as it was
    is not written, so that what another party saved in the meantime stays (the centre's
    staff may also fill the groups' column, and two people work on one form at once).
    """
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
        if seen is not None and new == seen.get((criterion_id, corner), ("", "", "")):
            continue  # untouched here: keep whatever is saved now
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


@transaction.atomic
def evaluation_submit(
    *, by: User, evaluation: SelfEvaluation, today: date | None = None
) -> SelfEvaluation:
    """Send the documentation to the national office; it must be due and complete."""
    evaluation = _editable(evaluation, by)
    gaps = submission_gaps(evaluation, today or timezone.localdate())
    if gaps:
        raise ValidationError([message for messages in gaps.values() for message in messages])
    evaluation.status = EvaluationStatus.SUBMITTED
    evaluation.submitted_at = timezone.now()
    evaluation.submitted_by = by
    evaluation.save(update_fields=["status", "submitted_at", "submitted_by"])
    add_event(evaluation.triangle, by, TimelineKind.EVALUATION_SUBMITTED, str(evaluation.year))
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=evaluation,
        before={"status": EvaluationStatus.DRAFT},
        after={"status": EvaluationStatus.SUBMITTED},
    )
    # The reviewer with the fewest open reviews gets it, and is the one told.
    reviewer = assign_on_submission(evaluation, by=by)
    for person in (
        [reviewer]
        if reviewer
        else _national_office((Role.QUALITY_REVIEWER,))
        or _national_office((Role.NATIONAL_COORDINATOR,))
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
    require(by, "cooperation.review_evaluation")
    evaluation = SelfEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status not in REVIEWABLE_EVALUATIONS:
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
    triangle = locked(evaluation.triangle)
    add_event(triangle, by, TimelineKind.FEEDBACK_GIVEN, str(evaluation.year))
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=evaluation,
        after={"status": EvaluationStatus.REVIEWED, "criteria": sorted(by_criterion)},
    )
    if triangle.status in (TriangleStatus.SIGNED, TriangleStatus.IMPLEMENTING):
        set_status(triangle, by, TriangleStatus.EVALUATED)
    if first_time:
        tell_parties(triangle, "feedback_given", {"evaluation": evaluation})
    return evaluation


@transaction.atomic
def evaluation_answer(*, by: User, evaluation: SelfEvaluation, response: str) -> SelfEvaluation:
    require(by, "cooperation.work_on_triangle", evaluation.triangle)
    evaluation = SelfEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status not in (EvaluationStatus.REVIEWED, EvaluationStatus.ANSWERED):
        raise ValidationError(_("You can answer once the national office has given its feedback."))
    if not response.strip():
        raise ValidationError({"response": _("Write your answer.")})
    evaluation.response = response
    evaluation.status = EvaluationStatus.ANSWERED
    evaluation.answered_at = timezone.now()
    evaluation.save(update_fields=["response", "status", "answered_at"])
    add_event(evaluation.triangle, by, TimelineKind.FEEDBACK_ANSWERED, str(evaluation.year))
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=evaluation,
        after={"status": EvaluationStatus.ANSWERED},
    )
    return evaluation
