"""The yearly self-evaluation: its cycle from the interview to the answer, and its refusals."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from entraide.accounts.models import Role
from entraide.cooperation import services
from entraide.cooperation.models import (
    Corner,
    EvaluationStatus,
    Rating,
    SelfEvaluation,
    TriangleStatus,
)
from entraide.core.models import OutboxMessage

R = Role


def rate_everything(evaluation: SelfEvaluation, *, groups: bool = True) -> dict:
    return {
        (criterion, corner): {
            "rating": Rating.FULFILLED if groups or corner != Corner.GROUPS else "",
            "evidence": "Compte rendu",
            "comment": "",
        }
        for criterion in range(1, 7)
        for corner in Corner.values
    }


def test_self_evaluation_cycle(signed_triangle, demo_users, client_for) -> None:
    officer = demo_users[R.SELF_HELP_OFFICER]
    evaluation = services.evaluation_start(by=officer, triangle=signed_triangle)
    assert (evaluation.year, evaluation.due_on) == (1, date(2026, 3, 14))
    assert evaluation.ratings.count() == 18
    # Before it is due: refused.
    services.evaluation_save(
        by=officer,
        evaluation=evaluation,
        interview_on=date(2026, 3, 1),
        participants="",
        ratings=rate_everything(evaluation),
    )
    # Each corner rates for itself: the hospital's ratings of the groups' corner are ignored.
    assert (
        evaluation.ratings.filter(corner=Corner.INSTITUTION, rating=Rating.FULFILLED).count() == 6
    )
    assert not evaluation.ratings.filter(corner=Corner.GROUPS).exclude(rating="").exists()
    with pytest.raises(ValidationError) as error:
        services.evaluation_submit(by=officer, evaluation=evaluation, today=date(2026, 3, 13))
    assert "from 14.03.2026" in " ".join(error.value.messages)
    # Without the self-help groups' rating: refused.
    services.evaluation_save(
        by=officer,
        evaluation=evaluation,
        interview_on=date(2026, 3, 20),
        participants="",
        ratings=rate_everything(evaluation, groups=False),
    )
    with pytest.raises(ValidationError) as error:
        services.evaluation_submit(by=officer, evaluation=evaluation, today=date(2026, 4, 1))
    assert "self-help groups' rating" in " ".join(error.value.messages)
    # An interview before the signature is refused.
    with pytest.raises(ValidationError) as error:
        services.evaluation_save(
            by=officer,
            evaluation=evaluation,
            interview_on=date(2025, 3, 1),
            participants="",
            ratings={},
        )
    assert "interview_on" in error.value.message_dict
    services.evaluation_save(
        by=demo_users[R.GROUP_CONTACT],
        evaluation=evaluation,
        interview_on=date(2026, 3, 20),
        participants="",
        ratings=rate_everything(evaluation),
    )
    services.evaluation_submit(by=officer, evaluation=evaluation, today=date(2026, 4, 1))
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SUBMITTED
    reviewer = demo_users[R.QUALITY_REVIEWER]
    assert OutboxMessage.objects.filter(
        recipient=reviewer, kind="cooperation.evaluation_submitted"
    ).exists()
    # Submitted: nobody changes it any more; the reviewer never could.
    with pytest.raises(ValidationError):
        services.evaluation_save(
            by=officer, evaluation=evaluation, interview_on=None, participants="", ratings={}
        )
    with pytest.raises(PermissionDenied):
        services.evaluation_save(
            by=reviewer, evaluation=evaluation, interview_on=None, participants="", ratings={}
        )
    coordinator = demo_users[R.NATIONAL_COORDINATOR]
    assert coordinator.is_superuser  # the operator's flag gives no right to edit ratings
    with pytest.raises(PermissionDenied):
        services.evaluation_save(
            by=coordinator, evaluation=evaluation, interview_on=None, participants="", ratings={}
        )
    url = reverse("cooperation:evaluation_detail", args=[signed_triangle.pk, evaluation.pk])
    assert (
        client_for(R.QUALITY_REVIEWER).post(url, {"interview_on": "2026-01-01"}).status_code == 404
    )
    # Feedback by the office, not by a party.
    with pytest.raises(PermissionDenied):
        services.evaluation_feedback(
            by=officer, evaluation=evaluation, overall="Bien", by_criterion={}
        )
    response = client_for(R.QUALITY_REVIEWER).post(
        reverse("cooperation:evaluation_feedback", args=[signed_triangle.pk, evaluation.pk]),
        {
            "overall_feedback": "Très bon travail.",
            "criterion_3": "Renforcer l'information systématique.",
        },
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.REVIEWED
    assert evaluation.feedback.get(criterion_id=3).text == "Renforcer l'information systématique."
    signed_triangle.refresh_from_db()
    assert signed_triangle.status == TriangleStatus.EVALUATED
    assert OutboxMessage.objects.filter(
        recipient=demo_users[R.GROUP_CONTACT], kind="cooperation.feedback_given"
    ).exists()
    # The triangle answers; next year's form starts from this year's ratings.
    client_for(R.CENTRE_STAFF).post(
        reverse("cooperation:evaluation_answer", args=[signed_triangle.pk, evaluation.pk]),
        {"response": "Merci, nous ajoutons une mesure."},
    )
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.ANSWERED
    following = services.evaluation_start(by=officer, triangle=signed_triangle)
    assert (following.year, following.due_on) == (2, date(2027, 3, 14))
    page = client_for(R.SELF_HELP_OFFICER).get(
        reverse("cooperation:evaluation_detail", args=[signed_triangle.pk, following.pk])
    )
    body = page.content.decode()
    assert "feedback of the national office" in body
    assert "Renforcer l&#x27;information systématique." in body
    carried = {(r.criterion_id, r.corner): r.rating for r in following.ratings.all()}
    assert carried == {(r.criterion_id, r.corner): r.rating for r in evaluation.ratings.all()}
    assert carried[(3, Corner.GROUPS)] == Rating.FULFILLED
    response = client_for(R.MANAGEMENT).get(
        reverse("cooperation:comparison", args=[signed_triangle.pk])
    )
    assert response.status_code == 200
    assert len(response.context["rows"]) == 6
    first_row = response.context["rows"][0]["years"]
    assert len(first_row) == 2  # year 1 and year 2, side by side
    assert first_row[0] == ["fulfilled", "—", "fulfilled"]  # the centre did not rate


def test_an_evaluation_needs_a_signed_convention(triangle, demo_users) -> None:
    with pytest.raises(ValidationError):
        services.evaluation_start(by=demo_users[R.SELF_HELP_OFFICER], triangle=triangle)


def test_submit_page_explains_why_it_was_refused(signed_triangle, demo_users, client_for) -> None:
    evaluation = services.evaluation_start(by=demo_users[R.CENTRE_STAFF], triangle=signed_triangle)
    response = client_for(R.CENTRE_STAFF).post(
        reverse("cooperation:evaluation_submit", args=[signed_triangle.pk, evaluation.pk])
    )
    assert response.status_code == 400
    assert "Give the date of the interview." in response.content.decode()


def test_an_evaluation_without_rating_rows_is_not_submitted(signed_triangle, demo_users) -> None:
    evaluation = SelfEvaluation.objects.create(
        triangle=signed_triangle, year=1, due_on=date(2026, 3, 14), interview_on=date(2026, 3, 20)
    )
    with pytest.raises(ValidationError) as error:
        services.evaluation_submit(
            by=demo_users[R.CENTRE_STAFF], evaluation=evaluation, today=date(2026, 4, 1)
        )
    assert "1, 2, 3, 4, 5, 6" in " ".join(error.value.messages)
    # Saving creates the missing rows of the corners the person speaks for.
    services.evaluation_save(
        by=demo_users[R.CENTRE_STAFF],
        evaluation=evaluation,
        interview_on=date(2026, 3, 20),
        participants="",
        ratings=rate_everything(evaluation),
    )
    assert set(evaluation.ratings.values_list("corner", flat=True)) == {
        Corner.CENTRE,
        Corner.GROUPS,
    }
    services.evaluation_submit(
        by=demo_users[R.CENTRE_STAFF], evaluation=evaluation, today=date(2026, 4, 1)
    )
