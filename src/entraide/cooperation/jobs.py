"""The cooperation's reminders, computed by the periodic tick from the data itself.

Four things fall due: a triangle's self-evaluation (the first one year after
the convention was signed, then every year), the national office's feedback on
an evaluation submitted more than 30 days ago (told to the reviewer it is
assigned to), a distinction expiring within 90 days that has not been renewed,
and a triangle's quality assurance (four years after the first signature, then
after the last assurance: told 90 days before, and again when due, to the
institution's leads and the national office). Each reminder is sent once:
``ReminderSent`` records it in the transaction that queues its messages.

The messages name the cooperation and link to its page; ratings and comments
stay on the platform, behind sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation

from entraide.accounts.models import Membership, Role, User
from entraide.accounts.rules import INSTITUTION_LEADS
from entraide.cooperation.assurances import ASSURANCE_NOTICE, assurances_due
from entraide.cooperation.models import (
    DISTINCTION_NOTICE,
    ConventionVersion,
    Distinction,
    EvaluationStatus,
    ReminderSent,
    SelfEvaluation,
    Triangle,
    TriangleStatus,
)
from entraide.cooperation.rules import party_memberships
from entraide.cooperation.schedule import add_years, next_evaluation_due
from entraide.core.lib.notify import enqueue_delivery, render_message
from entraide.core.lib.periodic import periodic
from entraide.core.models import OutboxMessage
from entraide.directory.models import Group

EVALUATION_DUE = "evaluation_due"
FEEDBACK_PENDING = "feedback_pending"
DISTINCTION_EXPIRING = "distinction_expiring"
ASSURANCE_UPCOMING = "assurance_upcoming"
ASSURANCE_DUE = "assurance_due"
FEEDBACK_WAITS = timedelta(days=30)


def cooperation_path(*, language: str, triangle_id: int, evaluation_id: int | None = None) -> str:
    """The path of a triangle's page, or of one of its evaluations, in a language."""
    with translation.override(language):
        if evaluation_id is None:
            return reverse("cooperation:triangle_detail", args=[triangle_id])
        return reverse("cooperation:evaluation_detail", args=[triangle_id, evaluation_id])


@dataclass
class Reminder:
    """One reminder that falls due, and the people it goes to."""

    kind: str
    key: str
    triangle: Triangle
    context: dict[str, Any]
    evaluation_id: int | None = None
    recipients: list[User] = field(default_factory=list)
    assignee: User | None = None  # the reviewer a pending feedback is assigned to

    @property
    def template(self) -> str:
        return f"cooperation/email/{self.kind}"


def evaluations_due(today: date) -> list[Reminder]:
    """A reminder for each triangle in cooperation whose next self-evaluation is due."""
    # A pre-filter only (one day of slack for 29 February); next_evaluation_due decides.
    year_ago = add_years(today, -1) + timedelta(days=1)
    triangles = (
        Triangle.objects.filter(ended_on__isnull=True)
        .exclude(status__in=[TriangleStatus.PREPARATION, TriangleStatus.ENDED])
        .filter(
            Exists(
                ConventionVersion.objects.filter(triangle=OuterRef("pk"), signed_on__lte=year_ago)
            )
        )
        .prefetch_related(
            Prefetch(
                "conventions",
                queryset=ConventionVersion.objects.filter(signed_on__isnull=False).only(
                    "pk", "triangle_id", "number", "signed_on"
                ),
            ),
            Prefetch(
                "evaluations",
                queryset=SelfEvaluation.objects.only("pk", "triangle_id", "year", "status"),
            ),
            # The groups' own organisations: their contacts rate for the self-help side.
            Prefetch("groups", queryset=Group.objects.only("pk", "organisation_id")),
        )
    )
    reminders = []
    for triangle in triangles:
        due = next_evaluation_due(triangle)
        if due is None or due[1] > today:
            continue
        year, due_on = due
        reminders.append(
            Reminder(
                kind=EVALUATION_DUE,
                key=f"{triangle.pk}:{year}",
                triangle=triangle,
                context={"year": year, "first": year == 1, "due_on": due_on},
            )
        )
    return reminders


def feedback_pending(now: datetime) -> list[Reminder]:
    """A reminder for each evaluation submitted more than 30 days ago and still without feedback."""
    waiting = (
        SelfEvaluation.objects.filter(
            status=EvaluationStatus.SUBMITTED,
            reviewed_at__isnull=True,
            submitted_at__lt=now - FEEDBACK_WAITS,
        )
        .select_related("triangle", "assigned_to")
        .defer("participants", "overall_feedback", "response")
    )
    return [
        Reminder(
            kind=FEEDBACK_PENDING,
            key=str(evaluation.pk),
            triangle=evaluation.triangle,
            evaluation_id=evaluation.pk,
            context={"submitted_on": timezone.localdate(evaluation.submitted_at)},
            assignee=evaluation.assigned_to,
        )
        for evaluation in waiting
        if evaluation.submitted_at
    ]


def distinctions_expiring(today: date) -> list[Reminder]:
    """A reminder for each distinction ending within 90 days that no later one has renewed."""
    renewed = Distinction.objects.filter(institution=OuterRef("institution")).filter(
        Q(awarded_on__gt=OuterRef("awarded_on")) | Q(valid_until__gt=OuterRef("valid_until"))
    )
    expiring = (
        # An institution whose cooperations have all ended cannot renew its distinction.
        Distinction.objects.valid_on(today)
        .filter(valid_until__lte=today + DISTINCTION_NOTICE)
        .exclude(Exists(renewed))
        .select_related("triangle__institution")
    )
    return [
        Reminder(
            kind=DISTINCTION_EXPIRING,
            key=str(distinction.pk),
            triangle=distinction.triangle,
            context={"distinction": distinction, "valid_until": distinction.valid_until},
        )
        for distinction in expiring
    ]


def assurances_falling_due(today: date) -> list[Reminder]:
    """A reminder for each running triangle whose quality assurance is due within 90 days
    ("upcoming"), or due ("due"; only this one when the first reminder comes late)."""
    due = []
    for triangle in assurances_due(today, notice=ASSURANCE_NOTICE):
        due_on: date = triangle.assurance_due_on  # type: ignore[attr-defined]
        kind = ASSURANCE_DUE if due_on <= today else ASSURANCE_UPCOMING
        due.append(
            Reminder(
                kind=kind,
                key=f"{triangle.pk}:{due_on.isoformat()}",
                triangle=triangle,
                context={"due_on": due_on},
            )
        )
    return due


@dataclass
class People:
    """The active people with an email address whom the reminders may go to, by organisation."""

    officers: dict[int, list[User]] = field(default_factory=dict)
    management: dict[int, list[User]] = field(default_factory=dict)
    centre_staff: dict[int, list[User]] = field(default_factory=dict)
    group_contacts: dict[int, list[User]] = field(default_factory=dict)
    reviewers: list[User] = field(default_factory=list)
    coordinators: list[User] = field(default_factory=list)


def people_for(reminders: list[Reminder]) -> People:
    """The institutions', centres' and national office's people, in one query."""
    institutions = {r.triangle.institution_id for r in reminders}
    centres = {r.triangle.centre_id for r in reminders}
    groups = {
        group.organisation_id
        for r in reminders
        if r.kind == EVALUATION_DUE
        for group in r.triangle.groups.all()
        if group.organisation_id
    }
    # The triangles' people (cooperation.rules.party_memberships), for every triangle at once.
    memberships = (
        Membership.objects.filter(
            party_memberships(
                institutions=institutions,
                centres=centres,
                group_organisations=groups,
                institution_roles=INSTITUTION_LEADS,
            )
            | Q(role__in=[Role.QUALITY_REVIEWER, Role.NATIONAL_COORDINATOR]),
            user__is_active=True,
            organisation__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    people = People()
    by_organisation: dict[str, dict[int, list[User]]] = {
        Role.SELF_HELP_OFFICER: people.officers,
        Role.MANAGEMENT: people.management,
        Role.CENTRE_STAFF: people.centre_staff,
        Role.GROUP_CONTACT: people.group_contacts,
    }
    for membership in memberships:
        if membership.role == Role.QUALITY_REVIEWER:
            people.reviewers.append(membership.user)
        elif membership.role == Role.NATIONAL_COORDINATOR:
            people.coordinators.append(membership.user)
        else:
            by_organisation[membership.role].setdefault(membership.organisation_id, []).append(
                membership.user
            )
    return people


def recipients(reminder: Reminder, people: People) -> list[User]:
    """Who a reminder goes to, each person once."""
    triangle = reminder.triangle
    officers = people.officers.get(triangle.institution_id, [])
    management = people.management.get(triangle.institution_id, [])
    if reminder.kind == EVALUATION_DUE:
        # The officer runs the self-evaluation; without one, the management must name one.
        # The groups' contacts too: the self-help side's rating is required.
        contacts = [
            user
            for group in triangle.groups.all()
            for user in people.group_contacts.get(group.organisation_id or 0, [])
        ]
        users = [
            *(officers or management),
            *people.centre_staff.get(triangle.centre_id, []),
            *contacts,
        ]
    elif reminder.kind in (ASSURANCE_UPCOMING, ASSURANCE_DUE):
        # The institution prepares it; the national office holds it.
        users = [*officers, *management, *people.coordinators, *people.reviewers]
    elif reminder.kind == FEEDBACK_PENDING:
        # The reviewer it is assigned to; unassigned (or theirs no longer active), the office's.
        assignee = reminder.assignee
        if assignee is not None and assignee.is_active and assignee.email:
            users = [assignee]
        else:
            users = people.reviewers or people.coordinators
    else:
        users = [*officers, *management, *people.coordinators]
    return list({user.pk: user for user in users}.values())


def due_reminders(*, now: datetime) -> list[Reminder]:
    """The reminders due at ``now`` and not sent yet, with their recipients."""
    today = timezone.localdate(now)
    due = [
        *evaluations_due(today),
        *feedback_pending(now),
        *distinctions_expiring(today),
        *assurances_falling_due(today),
    ]
    if not due:
        return []
    sent = set(
        ReminderSent.objects.filter(
            kind__in={r.kind for r in due}, key__in={r.key for r in due}
        ).values_list("kind", "key")
    )
    due = [r for r in due if (r.kind, r.key) not in sent]
    people = people_for(due)
    for reminder in due:
        reminder.recipients = recipients(reminder, people)
    return due


def send_reminders(*, now: datetime) -> int:
    """Queue the reminders due at ``now``, each once, in each recipient's language.

    A reminder nobody can receive yet (no active person with an address) is
    not recorded, so that it goes out once somebody can. The whole batch is
    written in one transaction with bulk inserts: a constant number of
    queries, however many triangles there are.
    """
    reminders = [r for r in due_reminders(now=now) if r.recipients]
    if not reminders:
        return 0
    messages = []
    for reminder in reminders:
        rendered: dict[str, tuple[str, str]] = {}
        for user in reminder.recipients:
            if user.language not in rendered:
                link = cooperation_path(
                    language=user.language,
                    triangle_id=reminder.triangle.pk,
                    evaluation_id=reminder.evaluation_id,
                )
                context = {"triangle": reminder.triangle, "link": link, **reminder.context}
                rendered[user.language] = render_message(reminder.template, context, user.language)
            subject, body = rendered[user.language]
            messages.append(
                OutboxMessage(
                    to_email=user.email,
                    recipient=user,
                    kind=reminder.kind,
                    subject=subject[:250],
                    body=body,
                    language=user.language,
                )
            )
    try:
        with transaction.atomic():
            ReminderSent.objects.bulk_create(
                [ReminderSent(kind=r.kind, key=r.key, sent_at=now) for r in reminders]
            )
            for message in OutboxMessage.objects.bulk_create(messages):
                # The tick re-queues any message whose hand-over did not happen.
                if message.pk:
                    transaction.on_commit(partial(enqueue_delivery, message.pk), robust=True)
    except IntegrityError:
        # Another run recorded one of these reminders meanwhile: nothing was written;
        # the next tick sends what is still due.
        return 0
    return len(reminders)


@periodic("cooperation.reminders", every=timedelta(hours=1))
def reminders(*, now: datetime) -> str:
    return f"{send_reminders(now=now)} reminders sent"
