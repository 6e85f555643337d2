"""The cooperation's reminders: each sent once, to the right people, in their language."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.accounts.models import Membership, Organisation, Role, User
from entraide.cooperation.jobs import due_reminders, reminders
from entraide.cooperation.models import (
    ConventionVersion,
    Corner,
    CriterionRating,
    Distinction,
    DistinctionKind,
    EvaluationStatus,
    QualityVisit,
    Rating,
    ReminderSent,
    SelfEvaluation,
    Triangle,
    TriangleStatus,
)
from entraide.cooperation.schedule import next_evaluation_due
from entraide.core.lib.periodic import discover_jobs
from entraide.core.models import OutboxMessage

NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)


def make_triangle(
    *,
    signed_on: date | None,
    status: str = TriangleStatus.IMPLEMENTING,
    ended_on: date | None = None,
    name: str = "Léman – oncologie",
) -> Triangle:
    triangle = Triangle.objects.create(
        name=name,
        institution=Organisation.objects.get(code="hospital-leman"),
        centre=Organisation.objects.get(code="centre-vd"),
        started_on=date(2021, 1, 1),
        status=status,
        ended_on=ended_on,
    )
    ConventionVersion.objects.create(
        triangle=triangle,
        number=1,
        drafted_on=date(2021, 1, 1),
        signed_on=signed_on,
        signatories="Marc Direction",
    )
    return triangle


def submit(
    triangle: Triangle, year: int, submitted_at: datetime, *, reviewed: bool = True
) -> SelfEvaluation:
    """An evaluation submitted at that moment, and reviewed a week later unless told otherwise."""
    return SelfEvaluation.objects.create(
        triangle=triangle,
        year=year,
        due_on=date(2024 + year, 1, 1),
        status=EvaluationStatus.REVIEWED if reviewed else EvaluationStatus.SUBMITTED,
        submitted_at=submitted_at,
        reviewed_at=submitted_at + timedelta(days=7) if reviewed else None,
    )


def sent(kind: str) -> dict[str, OutboxMessage]:
    return {m.to_email: m for m in OutboxMessage.objects.filter(kind=kind)}


def test_the_job_is_registered_with_the_tick() -> None:
    assert "cooperation.reminders" in discover_jobs()


def test_the_first_evaluation_is_reminded_once_to_the_officer_and_the_centre(demo_users) -> None:  # type: ignore[no-untyped-def]
    triangle = make_triangle(signed_on=date(2025, 11, 1))
    assert reminders(now=NOW) == "1 reminders sent"
    assert reminders(now=NOW + timedelta(hours=1)) == "0 reminders sent"
    messages = sent("evaluation_due")
    officer, centre = demo_users[Role.SELF_HELP_OFFICER], demo_users[Role.CENTRE_STAFF]
    # The officer runs it, so the management is not disturbed; nor is anybody else.
    assert set(messages) == {officer.email, centre.email}
    message = messages[officer.email]
    assert message.language == "fr" and message.recipient == officer
    assert f"/fr/cooperation/{triangle.pk}/" in message.body
    assert triangle.name in message.subject
    assert ReminderSent.objects.get(kind="evaluation_due").key == f"{triangle.pk}:1"


def test_the_first_and_the_yearly_evaluations_are_told_apart(db) -> None:  # type: ignore[no-untyped-def]
    first = make_triangle(signed_on=date(2025, 11, 1), name="Première")
    yearly = make_triangle(signed_on=date(2024, 10, 1), name="Renouvellement")
    submit(yearly, 1, datetime(2025, 10, 20, tzinfo=UTC))
    # A draft of the second year does not count as submitted.
    SelfEvaluation.objects.create(triangle=yearly, year=2, due_on=date(2026, 10, 1))
    due = {r.triangle.pk: r for r in due_reminders(now=NOW) if r.kind == "evaluation_due"}
    assert (due[first.pk].key, due[first.pk].context["first"]) == (f"{first.pk}:1", True)
    assert (due[yearly.pk].key, due[yearly.pk].context["first"]) == (f"{yearly.pk}:2", False)
    assert due[yearly.pk].context["due_on"] == date(2026, 10, 1)
    assert reminders(now=NOW) == "2 reminders sent"
    subjects = {m.subject for m in OutboxMessage.objects.filter(kind="evaluation_due")}
    # One subject per triangle (the officer and the centre share the language): two wordings.
    assert len(subjects) == 2
    first_subject = next(s for s in subjects if "Première" in s)
    assert first_subject.replace("Première", "Renouvellement") not in subjects


def test_no_evaluation_is_reminded_before_it_is_due_or_once_submitted(db) -> None:  # type: ignore[no-untyped-def]
    make_triangle(signed_on=date(2026, 1, 15))  # due on 15 January 2027
    done = make_triangle(signed_on=date(2024, 10, 1))
    submit(done, 1, datetime(2025, 10, 20, tzinfo=UTC))
    submit(done, 2, datetime(2026, 10, 20, tzinfo=UTC))
    assert reminders(now=NOW) == "0 reminders sent"
    assert next_evaluation_due(done) == (3, date(2027, 10, 1))


def test_ended_and_preparing_triangles_get_no_reminder(db) -> None:  # type: ignore[no-untyped-def]
    make_triangle(signed_on=date(2025, 1, 1), ended_on=date(2026, 6, 30))
    make_triangle(signed_on=date(2025, 1, 1), status=TriangleStatus.ENDED)
    make_triangle(signed_on=date(2025, 1, 1), status=TriangleStatus.PREPARATION)
    make_triangle(signed_on=None, status=TriangleStatus.SIGNED)
    assert reminders(now=NOW) == "0 reminders sent"
    assert not OutboxMessage.objects.exists()


def test_without_an_officer_the_management_is_reminded(demo_users) -> None:  # type: ignore[no-untyped-def]
    officer = demo_users[Role.SELF_HELP_OFFICER]
    officer.is_active = False
    officer.save()
    make_triangle(signed_on=date(2025, 11, 1))
    assert reminders(now=NOW) == "1 reminders sent"
    assert set(sent("evaluation_due")) == {
        demo_users[Role.MANAGEMENT].email,
        demo_users[Role.CENTRE_STAFF].email,
    }


def test_nobody_to_tell_means_the_reminder_waits(demo_users) -> None:  # type: ignore[no-untyped-def]
    User.objects.filter(
        memberships__role__in=[Role.SELF_HELP_OFFICER, Role.MANAGEMENT, Role.CENTRE_STAFF]
    ).update(is_active=False)
    make_triangle(signed_on=date(2025, 11, 1))
    assert reminders(now=NOW) == "0 reminders sent"
    assert not ReminderSent.objects.exists()
    User.objects.filter(pk=demo_users[Role.CENTRE_STAFF].pk).update(is_active=True)
    assert reminders(now=NOW) == "1 reminders sent"


def test_feedback_is_reminded_to_the_reviewers_after_30_days_in_their_language(demo_users) -> None:  # type: ignore[no-untyped-def]
    triangle = make_triangle(signed_on=date(2025, 10, 1))
    evaluation = submit(triangle, 1, NOW - timedelta(days=29), reviewed=False)
    CriterionRating.objects.create(
        evaluation=evaluation,
        criterion_id=1,
        corner=Corner.GROUPS,
        rating=Rating.PARTLY,
        comment="COMMENTAIRE CONFIDENTIEL",
    )
    assert reminders(now=NOW) == "0 reminders sent"
    later = NOW + timedelta(days=2)
    assert reminders(now=later) == "1 reminders sent"
    assert reminders(now=later + timedelta(days=1)) == "0 reminders sent"
    reviewer = demo_users[Role.QUALITY_REVIEWER]
    messages = sent("feedback_pending")
    # The reviewers are told; the coordinators only when there is no reviewer.
    assert set(messages) == {reviewer.email}
    message = messages[reviewer.email]
    assert message.language == "de"
    assert f"/de/cooperation/{triangle.pk}/evaluations/{evaluation.pk}/" in message.body
    assert "COMMENTAIRE" not in message.body and "partly" not in message.body


def test_reviewed_evaluations_need_no_reminder(db) -> None:  # type: ignore[no-untyped-def]
    triangle = make_triangle(signed_on=date(2025, 10, 1))
    submit(triangle, 1, NOW - timedelta(days=60))
    assert reminders(now=NOW) == "0 reminders sent"


def test_without_an_active_reviewer_the_coordinators_are_reminded(demo_users) -> None:  # type: ignore[no-untyped-def]
    Membership.objects.filter(role=Role.QUALITY_REVIEWER).delete()
    triangle = make_triangle(signed_on=date(2025, 10, 1))
    submit(triangle, 1, NOW - timedelta(days=40), reviewed=False)
    reminders(now=NOW)
    assert set(sent("feedback_pending")) == {demo_users[Role.NATIONAL_COORDINATOR].email}


def distinguish(triangle: Triangle, awarded_on: date, valid_until: date) -> Distinction:
    """A distinction; the triangle's quality assurance is recent, so that it is not due."""
    QualityVisit.objects.create(triangle=triangle, held_on=date(2026, 6, 1), criteria_met=True)
    return Distinction.objects.create(
        institution_id=triangle.institution_id,
        triangle=triangle,
        kind=DistinctionKind.HOSPITAL,
        awarded_on=awarded_on,
        valid_until=valid_until,
    )


def test_a_distinction_is_reminded_once_within_90_days_of_its_end(demo_users) -> None:  # type: ignore[no-untyped-def]
    triangle = make_triangle(signed_on=date(2022, 1, 1), status=TriangleStatus.DISTINGUISHED)
    for year in (1, 2, 3, 4):
        submit(triangle, year, datetime(2022 + year, 1, 20, tzinfo=UTC))
    distinction = distinguish(triangle, date(2023, 3, 15), date(2027, 3, 15))
    assert reminders(now=NOW) == "0 reminders sent"  # 112 days before the end
    assert reminders(now=datetime(2026, 12, 14, 7, tzinfo=UTC)) == "0 reminders sent"  # 91 days
    assert reminders(now=datetime(2026, 12, 15, 7, tzinfo=UTC)) == "1 reminders sent"  # 90 days
    assert reminders(now=datetime(2026, 12, 16, 7, tzinfo=UTC)) == "0 reminders sent"
    assert set(sent("distinction_expiring")) == {
        demo_users[Role.SELF_HELP_OFFICER].email,
        demo_users[Role.MANAGEMENT].email,
        demo_users[Role.NATIONAL_COORDINATOR].email,
    }
    assert ReminderSent.objects.get(kind="distinction_expiring").key == str(distinction.pk)


def test_a_renewed_or_past_distinction_is_not_reminded(db) -> None:  # type: ignore[no-untyped-def]
    renewed = make_triangle(signed_on=date(2022, 1, 1), status=TriangleStatus.DISTINGUISHED)
    distinguish(renewed, date(2023, 1, 10), date(2027, 1, 10))
    distinguish(renewed, date(2026, 11, 1), date(2030, 11, 1))
    past = make_triangle(signed_on=date(2022, 1, 1), status=TriangleStatus.DISTINGUISHED)
    distinguish(past, date(2022, 11, 1), date(2026, 11, 1))
    for triangle in (renewed, past):
        for year in (1, 2, 3, 4):
            submit(triangle, year, datetime(2022 + year, 1, 20, tzinfo=UTC))
    assert reminders(now=NOW) == "0 reminders sent"


def test_the_schedule_reads_prefetched_data_without_queries(db, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    triangle = make_triangle(signed_on=date(2024, 2, 29))
    submit(triangle, 1, datetime(2025, 3, 10, tzinfo=UTC))
    triangle = Triangle.objects.prefetch_related("conventions", "evaluations").get(pk=triangle.pk)
    with django_assert_num_queries(0):
        assert next_evaluation_due(triangle) == (2, date(2026, 2, 28))


def triangles_with_everything_due(count: int) -> None:
    """Triangles each owing their second evaluation, feedback and a distinction renewal."""
    for n in range(count):
        triangle = make_triangle(
            signed_on=date(2024, 10, 1), status=TriangleStatus.DISTINGUISHED, name=f"Triangle {n}"
        )
        submit(triangle, 1, NOW - timedelta(days=40), reviewed=False)
        distinguish(triangle, date(2023, 1, 10), date(2027, 1, 10))


def test_the_job_runs_a_constant_number_of_queries(db) -> None:  # type: ignore[no-untyped-def]
    triangles_with_everything_due(2)
    with CaptureQueriesContext(connection) as two:
        assert reminders(now=NOW) == "6 reminders sent"
    ReminderSent.objects.all().delete()
    OutboxMessage.objects.all().delete()
    triangles_with_everything_due(4)
    with CaptureQueriesContext(connection) as six:
        assert reminders(now=NOW) == "18 reminders sent"
    assert OutboxMessage.objects.count() == 6 * (2 + 1 + 3)
    assert len(six) == len(two)


def test_a_pending_feedback_is_reminded_to_its_assigned_reviewer(demo_users) -> None:  # type: ignore[no-untyped-def]
    coordinator = demo_users[Role.NATIONAL_COORDINATOR]
    first = submit(
        make_triangle(signed_on=date(2025, 10, 1)), 1, NOW - timedelta(days=40), reviewed=False
    )
    SelfEvaluation.objects.filter(pk=first.pk).update(assigned_to=coordinator)
    reminders(now=NOW)
    # The quality reviewer is not told about a review assigned to the coordinator.
    assert set(sent("feedback_pending")) == {coordinator.email}
