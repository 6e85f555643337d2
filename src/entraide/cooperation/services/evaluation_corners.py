"""Who fills which column of a self-evaluation, what is still missing, and reminding a corner.

Each corner of the triangle rates for itself: the institution's people, the
centre's staff, the groups' contacts (the centre's staff may record the
groups' ratings for groups whose members have no account). These reads tell
every party who speaks for the other corners and what keeps the evaluation
from being submitted; ``evaluation_remind`` emails a corner that has not
rated yet, at most once a day per corner.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import Membership, User
from entraide.cooperation.models import (
    PARTY_ROLES,
    Corner,
    EvaluationStatus,
    QualityCriterion,
    SelfEvaluation,
)
from entraide.cooperation.rules import triangle_corners, triangle_parties
from entraide.cooperation.services._common import require
from entraide.core.lib.audit import audit_record
from entraide.core.lib.notify import notify_user
from entraide.core.models import AuditEntry

# A corner is reminded at most once in this time (by anyone).
REMIND_EVERY = timedelta(days=1)


@dataclass
class Person:
    user: User
    roles: list[str] = field(default_factory=list)  # role labels, as the page shows them


@dataclass
class CornerState:
    """One corner of one evaluation: who speaks for it and which criteria it has not rated."""

    corner: str
    label: str
    people: list[Person]
    missing: list[int]  # criterion numbers without this corner's rating
    required: bool  # the groups' rating is required for every criterion
    yours: bool = False
    reminded_at: datetime | None = None

    @property
    def may_remind(self) -> bool:
        return bool(not self.yours and self.missing and self.people and not self.reminded_recently)

    @property
    def reminded_recently(self) -> bool:
        return self.reminded_at is not None and timezone.now() - self.reminded_at < REMIND_EVERY


def corner_people(triangle: Any) -> dict[str, list[Person]]:
    """The active people of each corner with their roles (one query for the memberships)."""
    memberships = (
        Membership.objects.filter(triangle_parties(triangle), user__is_active=True)
        .select_related("user")
        .order_by("user__display_name", "user__email", "role")
    )
    people: dict[str, dict[int, Person]] = {corner: {} for corner in Corner.values}
    for membership in memberships:
        for corner, held in PARTY_ROLES.items():
            if membership.role in held:
                person = people[corner].setdefault(membership.user_id, Person(membership.user))
                label = str(membership.get_role_display())
                if label not in person.roles:
                    person.roles.append(label)
    return {corner: list(by_user.values()) for corner, by_user in people.items()}


def _reminders(evaluation: SelfEvaluation, now: datetime) -> dict[str, datetime]:
    """When each corner was last reminded within ``REMIND_EVERY`` (from the audit trail)."""
    entries = AuditEntry.objects.filter(
        object_type=evaluation._meta.label_lower,
        object_id=str(evaluation.pk),
        at__gte=now - REMIND_EVERY,
    ).order_by("at")
    return {
        entry.changes["reminded"][1]: entry.at
        for entry in entries
        if isinstance(entry.changes.get("reminded"), list)
    }


def evaluation_corners(
    evaluation: SelfEvaluation, *, user: Any, criteria: list[QualityCriterion] | None = None
) -> list[CornerState]:
    """Each corner of the evaluation: its people, what it has not rated, whether it is yours.

    Reads the ratings the caller prefetched (``evaluation.ratings.all()``).
    """
    triangle = evaluation.triangle
    criteria = criteria if criteria is not None else list(QualityCriterion.objects.all())
    rated = {(r.criterion_id, r.corner) for r in evaluation.ratings.all() if r.rating}
    people = corner_people(triangle)
    yours = triangle_corners(user, triangle)
    if Corner.CENTRE in yours:
        yours.add(Corner.GROUPS.value)  # the centre records the groups' ratings when needed
    reminded = _reminders(evaluation, timezone.now())
    return [
        CornerState(
            corner=corner,
            label=str(label),
            people=people[corner],
            missing=[c.number for c in criteria if (c.pk, corner) not in rated],
            required=corner == Corner.GROUPS,
            yours=corner in yours,
            reminded_at=reminded.get(corner),
        )
        for corner, label in Corner.choices
    ]


def submission_gaps(evaluation: SelfEvaluation, today: date) -> dict[str, list[str]]:
    """What keeps the evaluation from being submitted, by the field it concerns ("" for none)."""
    gaps: dict[str, list[str]] = {}
    if today < evaluation.due_on:
        gaps.setdefault("", []).append(
            _(
                "This self-evaluation can be submitted from %(date)s, one year of work after the previous one."
            )
            % {"date": evaluation.due_on.strftime("%d.%m.%Y")}
        )
    if evaluation.interview_on is None:
        gaps.setdefault("interview_on", []).append(_("Give the date of the interview."))
    rated = {
        r.criterion_id for r in evaluation.ratings.all() if r.corner == Corner.GROUPS and r.rating
    }
    missing = [
        str(number)
        for number in QualityCriterion.objects.values_list("number", flat=True)
        if number not in rated
    ]
    if missing:
        gaps.setdefault(Corner.GROUPS.value, []).append(
            _(
                "The self-help groups' rating is required for every criterion; missing for criteria %(list)s."
            )
            % {"list": ", ".join(missing)}
        )
    return gaps


@transaction.atomic
def evaluation_remind(
    *, by: User, evaluation: SelfEvaluation, corner: str, now: datetime | None = None
) -> int:
    """Email the people of a corner that has not rated every criterion yet, each in their
    language, with a link to the form; at most once a day per corner. Returns how many."""
    require(by, "cooperation.work_on_triangle", evaluation.triangle)
    evaluation = SelfEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.status != EvaluationStatus.DRAFT:
        raise ValidationError(
            _("This self-evaluation has been submitted and can no longer change.")
        )
    if corner not in Corner.values:
        raise ValidationError(_("Choose a corner of the cooperation."))
    if corner in triangle_corners(by, evaluation.triangle):
        raise ValidationError(_("You speak for this corner yourself."))
    now = now or timezone.now()
    last = _reminders(evaluation, now).get(corner)
    if last is not None:
        raise ValidationError(
            _("This corner was already reminded on %(date)s; you can remind it again a day later.")
            % {"date": timezone.localtime(last).strftime("%d.%m.%Y %H:%M")}
        )
    criteria = list(QualityCriterion.objects.all())
    rated = {r.criterion_id for r in evaluation.ratings.filter(corner=corner).exclude(rating="")}
    missing = [c.number for c in criteria if c.pk not in rated]
    if not missing:
        raise ValidationError(_("This corner has already rated every criterion."))
    people = corner_people(evaluation.triangle)[corner]
    if not people:
        raise ValidationError(_("Nobody with an account speaks for this corner yet."))
    link = reverse("cooperation:evaluation_detail", args=[evaluation.triangle_id, evaluation.pk])
    for person in people:
        notify_user(
            user=person.user,
            kind="cooperation.evaluation_reminder",
            template="cooperation/email/evaluation_reminder",
            context={
                "triangle": evaluation.triangle,
                "evaluation": evaluation,
                "sender": by,
                "corner": corner,
                "missing": ", ".join(str(n) for n in missing),
                "link": link,
            },
        )
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=evaluation,
        after={"reminded": corner, "recipients": len(people)},
    )
    return len(people)
