"""Reviews assigned to a reviewer: on submission to the least loaded, reassigned by the coordinator."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entraide.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from entraide.cooperation import services
from entraide.cooperation.models import Corner, EvaluationStatus, SelfEvaluation, Triangle
from entraide.core.models import AuditEntry, OutboxMessage
from tests.conftest import ROLES
from tests.cooperation.conftest import more_triangles

R = Role


def submit(triangle: Triangle, users: dict[str, User]) -> SelfEvaluation:
    """Start, rate (the groups' corner, by the centre) and submit the triangle's evaluation."""
    officer = users[R.SELF_HELP_OFFICER]
    evaluation = services.evaluation_start(by=officer, triangle=triangle)
    services.evaluation_save(
        by=users[R.CENTRE_STAFF],
        evaluation=evaluation,
        interview_on=evaluation.due_on,
        participants="",
        ratings={(c, Corner.GROUPS): {"rating": "partly"} for c in range(1, 7)},
    )
    services.evaluation_submit(by=officer, evaluation=evaluation, today=date(2026, 6, 1))
    evaluation.refresh_from_db()
    return evaluation


def second_reviewer() -> User:
    office = Organisation.objects.get(kind=OrganisationKind.NATIONAL_OFFICE)
    person = User.objects.create_user(email="second.reviewer@example.org", password="x" * 20)
    Membership.objects.create(user=person, organisation=office, role=R.QUALITY_REVIEWER)
    return person


def test_a_submission_goes_to_the_least_loaded_reviewer(
    signed_triangle, hospital, contact_group, demo_users
) -> None:  # type: ignore[no-untyped-def]
    reviewer = demo_users[R.QUALITY_REVIEWER]
    first = submit(signed_triangle, demo_users)
    assert (first.assigned_to, first.assigned_at is not None) == (reviewer, True)
    assert OutboxMessage.objects.filter(
        recipient=reviewer, kind="cooperation.evaluation_submitted"
    ).exists()
    entry = AuditEntry.objects.filter(object_id=str(first.pk), changed_fields=["assigned_to"])
    assert entry.exists()
    other = second_reviewer()
    more_triangles(hospital, contact_group, demo_users, 2)
    extra = list(Triangle.objects.filter(name__startswith="Extra").order_by("pk"))
    second = submit(extra[0], demo_users)
    assert second.assigned_to == other  # 0 open reviews against 1
    # Only the assigned reviewer is told, not the whole office.
    told = OutboxMessage.objects.filter(kind="cooperation.evaluation_submitted")
    assert told.filter(recipient=reviewer).count() == 1
    assert told.filter(recipient=other).count() == 1
    # A review with feedback is no longer open: the first reviewer is the least loaded again.
    services.evaluation_feedback(by=reviewer, evaluation=first, overall="Bien.", by_criterion={})
    third = submit(extra[1], demo_users)
    assert third.assigned_to == reviewer


def test_the_coordinator_reassigns_a_review(signed_triangle, demo_users) -> None:  # type: ignore[no-untyped-def]
    coordinator = demo_users[R.NATIONAL_COORDINATOR]
    evaluation = submit(signed_triangle, demo_users)
    services.evaluation_assign(by=coordinator, evaluation=evaluation, reviewer=coordinator)
    evaluation.refresh_from_db()
    assert evaluation.assigned_to == coordinator
    assert (
        AuditEntry.objects.filter(object_id=str(evaluation.pk), actor=coordinator)
        .filter(changed_fields=["assigned_to"])
        .exists()
    )
    other = second_reviewer()
    services.evaluation_assign(by=coordinator, evaluation=evaluation, reviewer=other)
    assert OutboxMessage.objects.filter(
        recipient=other, kind="cooperation.review_assigned"
    ).exists()
    with pytest.raises(PermissionDenied):  # the reviewer does not share out the work
        services.evaluation_assign(
            by=demo_users[R.QUALITY_REVIEWER], evaluation=evaluation, reviewer=coordinator
        )
    with pytest.raises(ValidationError) as error:  # someone outside the national office
        services.evaluation_assign(
            by=coordinator, evaluation=evaluation, reviewer=demo_users[R.CENTRE_STAFF]
        )
    assert "reviewer" in error.value.message_dict
    SelfEvaluation.objects.filter(pk=evaluation.pk).update(status=EvaluationStatus.ANSWERED)
    with pytest.raises(ValidationError):  # closed: nothing to review any more
        services.evaluation_assign(by=coordinator, evaluation=evaluation, reviewer=coordinator)


def test_the_reviews_list_shows_reviewers_workload_and_one_s_own_first(
    signed_triangle, hospital, contact_group, demo_users, client_for
) -> None:  # type: ignore[no-untyped-def]
    coordinator = demo_users[R.NATIONAL_COORDINATOR]
    more_triangles(hospital, contact_group, demo_users, 2)
    evaluations = [
        submit(t, demo_users)
        for t in [signed_triangle, *Triangle.objects.filter(name__startswith="Extra")]
    ]
    # The oldest one goes to the coordinator: the reviewer still sees theirs first.
    services.evaluation_assign(by=coordinator, evaluation=evaluations[0], reviewer=coordinator)
    response = client_for(R.QUALITY_REVIEWER).get(reverse("cooperation:review_list"))
    listed = list(response.context["evaluations"])
    assert listed[-1] == evaluations[0] and set(listed[:2]) == set(evaluations[1:])
    workload = {str(u): u.open_reviews for u in response.context["workload"]}
    assert workload == {str(coordinator): 1, str(demo_users[R.QUALITY_REVIEWER]): 2}
    page = response.content.decode()
    assert "Open reviews" in page and "<strong>You</strong>" in page
    assert "/assign/" not in page  # the reviewer does not reassign
    page = client_for(R.NATIONAL_COORDINATOR).get(reverse("cooperation:review_list"))
    assert page.context["evaluations"][0] == evaluations[0]
    assert (
        reverse("cooperation:review_assign", args=[signed_triangle.pk, evaluations[0].pk])
        in page.content.decode()
    )


@pytest.mark.parametrize("role", [r for r in ROLES if r != R.NATIONAL_COORDINATOR])
def test_only_the_coordinator_opens_the_assignment(
    signed_triangle, demo_users, client_for, role
) -> None:  # type: ignore[no-untyped-def]
    evaluation = submit(signed_triangle, demo_users)
    url = reverse("cooperation:review_assign", args=[signed_triangle.pk, evaluation.pk])
    response = client_for(role).post(url, {"reviewer": demo_users[R.NATIONAL_COORDINATOR].pk})
    assert response.status_code == (302 if role == "anonymous" else 404)
    evaluation.refresh_from_db()
    assert evaluation.assigned_to == demo_users[R.QUALITY_REVIEWER]


def test_the_coordinator_assigns_through_the_page(signed_triangle, demo_users, client_for) -> None:  # type: ignore[no-untyped-def]
    evaluation = submit(signed_triangle, demo_users)
    client = client_for(R.NATIONAL_COORDINATOR)
    url = reverse("cooperation:review_assign", args=[signed_triangle.pk, evaluation.pk])
    page = client.get(url)
    assert page.status_code == 200 and "(1 open reviews)" in page.content.decode()
    bad = client.post(url, {"reviewer": demo_users[R.CENTRE_STAFF].pk})
    assert bad.status_code == 200 and bad.context["form"].errors["reviewer"]
    assert client.post(url, {"reviewer": "x" * 300}).status_code == 200
    done = client.post(url, {"reviewer": demo_users[R.NATIONAL_COORDINATOR].pk})
    assert done.status_code == 302 and done["Location"] == reverse("cooperation:review_list")
    evaluation.refresh_from_db()
    assert evaluation.assigned_to == demo_users[R.NATIONAL_COORDINATOR]
    other = reverse("cooperation:review_assign", args=[signed_triangle.pk, 999999])
    assert client.get(other).status_code == 404


def test_the_reviews_list_runs_the_same_queries_with_more_reviews(
    signed_triangle, hospital, contact_group, demo_users, client_for
) -> None:  # type: ignore[no-untyped-def]
    submit(signed_triangle, demo_users)
    clients = [client_for(R.QUALITY_REVIEWER), client_for(R.NATIONAL_COORDINATOR)]

    def queries() -> list[int]:
        counts = []
        for client in clients:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse("cooperation:review_list")).status_code == 200
            counts.append(len(captured))
        return counts

    before = queries()
    more_triangles(hospital, contact_group, demo_users, 3)
    second_reviewer()
    for triangle in Triangle.objects.filter(name__startswith="Extra"):
        submit(triangle, demo_users)
    assert SelfEvaluation.objects.exclude(assigned_to=None).count() == 4
    assert queries() == before


def test_the_demo_s_submitted_evaluations_have_reviewers(demo_users) -> None:  # type: ignore[no-untyped-def]
    from entraide.demo.cooperation import load_demo_cooperations

    load_demo_cooperations(today=date(2026, 11, 23))
    sent = SelfEvaluation.objects.exclude(status=EvaluationStatus.DRAFT)
    assert sent.exists() and not sent.filter(assigned_to=None).exists()
    assert set(sent.values_list("assigned_to", flat=True)) == {
        demo_users[R.QUALITY_REVIEWER].pk,
        demo_users[R.NATIONAL_COORDINATOR].pk,
    }
