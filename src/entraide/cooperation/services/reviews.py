"""Who in the national office reviews each self-evaluation.

A submitted self-evaluation is assigned at once to the reviewer with the fewest
open reviews (the quality reviewers; the national coordinators only when there
is no active quality reviewer); the national coordinator reassigns it. An open
review is a self-evaluation submitted and still without feedback.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import Role, User
from entraide.cooperation.models import (
    REVIEWABLE_EVALUATIONS,
    EvaluationStatus,
    SelfEvaluation,
)
from entraide.cooperation.services._common import require
from entraide.core.lib.audit import audit_record
from entraide.core.lib.notify import notify_user
from entraide.core.models import AuditEntry

REVIEWER_ROLES = (Role.QUALITY_REVIEWER, Role.NATIONAL_COORDINATOR)


def reviewers(roles: Collection[str] = REVIEWER_ROLES) -> QuerySet[User]:
    """The active people of the national office who review self-evaluations, with the number
    of open reviews assigned to each (``open_reviews``), least loaded first (one query)."""
    return (
        User.objects.filter(is_active=True, memberships__role__in=roles)
        .distinct()
        .annotate(
            open_reviews=Count(
                "assigned_reviews",
                filter=Q(assigned_reviews__status=EvaluationStatus.SUBMITTED),
                distinct=True,
            )
        )
        .order_by("open_reviews", "pk")
    )


def least_loaded_reviewer() -> User | None:
    """The quality reviewer with the fewest open reviews, else such a national coordinator."""
    return (
        reviewers((Role.QUALITY_REVIEWER,)).first()
        or reviewers((Role.NATIONAL_COORDINATOR,)).first()
    )


def _assign(evaluation: SelfEvaluation, reviewer: User | None, by: Any) -> None:
    before = {"assigned_to": evaluation.assigned_to_id}
    evaluation.assigned_to = reviewer
    evaluation.assigned_at = timezone.now() if reviewer else None
    evaluation.save(update_fields=["assigned_to", "assigned_at"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=evaluation,
        before=before,
        after={"assigned_to": reviewer.pk if reviewer else None},
    )


def assign_on_submission(evaluation: SelfEvaluation, *, by: Any) -> User | None:
    """Assign a just submitted self-evaluation to the least loaded reviewer (inside the
    submission's transaction); None when the national office has nobody to review."""
    reviewer = least_loaded_reviewer()
    if reviewer is not None:
        _assign(evaluation, reviewer, by)
    return reviewer


@transaction.atomic
def evaluation_assign(
    *, by: User, evaluation: SelfEvaluation, reviewer: User | None
) -> SelfEvaluation:
    """The national coordinator assigns (or reassigns) a review; the reviewer is told."""
    require(by, "cooperation.assign_review")
    evaluation = SelfEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status not in REVIEWABLE_EVALUATIONS:
        raise ValidationError(_("Only a self-evaluation still under review can be assigned."))
    if reviewer is not None and not reviewers().filter(pk=reviewer.pk).exists():
        raise ValidationError(
            {"reviewer": _("Choose a quality reviewer or a national coordinator.")}
        )
    if reviewer is not None and reviewer.pk == evaluation.assigned_to_id:
        return evaluation
    _assign(evaluation, reviewer, by)
    if reviewer is not None and reviewer.pk != by.pk:
        notify_user(
            user=reviewer,
            kind="cooperation.review_assigned",
            template="cooperation/email/review_assigned",
            context={"evaluation": evaluation, "triangle": evaluation.triangle},
        )
    return evaluation
