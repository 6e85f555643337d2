"""A self-evaluation anyone can finish (issue 15, item 7): each corner sees who fills which
column, reminds a corner that has not rated, keeps every edit when "Save and submit" finds
something missing, confirms before submitting; the reviewer rates beside the feedback."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from entraide.accounts.models import Membership, Organisation, Role, User
from entraide.cooperation import services
from entraide.cooperation.models import Corner, EvaluationStatus, SelfEvaluation
from entraide.core.models import AuditEntry, OutboxMessage

R = Role


@pytest.fixture
def evaluation(signed_triangle, demo_users) -> SelfEvaluation:  # type: ignore[no-untyped-def]
    """Year 1 of the cooperation signed on 14 March 2025: due since 14 March 2026."""
    return services.evaluation_start(by=demo_users[R.SELF_HELP_OFFICER], triangle=signed_triangle)


def url(evaluation: SelfEvaluation, name: str = "evaluation_detail") -> str:
    return reverse(f"cooperation:{name}", args=[evaluation.triangle_id, evaluation.pk])


def column(evaluation: SelfEvaluation, corner: str, rating: str = "fulfilled") -> dict[str, str]:
    """The POST fields of one corner's column, every criterion rated."""
    return {
        f"c{c}_{corner}_{part}": value
        for c in range(1, 7)
        for part, value in (("rating", rating), ("evidence", f"Evidence {corner} {c}"))
    }


def post(client, evaluation, action: str = "save", **fields: str):  # type: ignore[no-untyped-def]
    data = {"interview_on": "2026-03-20", "participants": "", "action": action, **fields}
    return client.post(url(evaluation), data)


def test_each_corner_sees_its_columns_and_who_fills_the_others(
    evaluation, demo_users, client_for
) -> None:  # type: ignore[no-untyped-def]
    response = client_for(R.SELF_HELP_OFFICER).get(url(evaluation))
    corners = {state.corner: state for state in response.context["corners"]}
    assert corners[Corner.INSTITUTION].yours
    assert not corners[Corner.GROUPS].yours and not corners[Corner.CENTRE].yours
    contact = demo_users[R.GROUP_CONTACT]
    assert [p.user for p in corners[Corner.GROUPS].people] == [contact]
    assert corners[Corner.GROUPS].people[0].roles == ["group contact"]
    assert demo_users[R.CENTRE_STAFF] in [p.user for p in corners[Corner.CENTRE].people]
    assert corners[Corner.GROUPS].missing == [1, 2, 3, 4, 5, 6]
    body = response.content.decode()
    assert "Who fills which column" in body
    assert f"{contact} (group contact)" in body
    assert "Remind the self-help groups by email" in body
    assert "Remind the health institution by email" not in body  # one's own corner
    # The centre's staff record the groups' column too (groups without accounts).
    page = client_for(R.CENTRE_STAFF).get(url(evaluation))
    mine = {state.corner for state in page.context["corners"] if state.yours}
    assert mine == {Corner.CENTRE, Corner.GROUPS}
    # The national office reads who fills what, but reminds nobody.
    office = client_for(R.QUALITY_REVIEWER).get(url(evaluation)).content.decode()
    assert "Who fills which column" in office and "Remind the" not in office


def test_the_missing_corner_is_reminded_in_its_language_once_a_day(
    evaluation, demo_users, client_for
) -> None:  # type: ignore[no-untyped-def]
    contact = demo_users[R.GROUP_CONTACT]
    User.objects.filter(pk=contact.pk).update(language="de")
    officer = client_for(R.SELF_HELP_OFFICER)
    response = officer.post(url(evaluation, "evaluation_remind"), {"corner": Corner.GROUPS})
    assert response.status_code == 302 and response["Location"].endswith("#corners")
    message = OutboxMessage.objects.get(kind="cooperation.evaluation_reminder")
    assert (message.recipient, message.language) == (contact, "de")
    assert url(evaluation) in message.body and "1, 2, 3, 4, 5, 6" in message.body
    assert "&#x27;" not in message.subject and "&quot;" not in message.subject
    entry = AuditEntry.objects.filter(object_id=str(evaluation.pk)).latest("at")
    assert (
        entry.actor == demo_users[R.SELF_HELP_OFFICER] and entry.changes["reminded"][1] == "groups"
    )
    # Not twice a day, by anyone; the page says when it was reminded.
    again = client_for(R.MANAGEMENT).post(
        url(evaluation, "evaluation_remind"), {"corner": Corner.GROUPS}, follow=True
    )
    assert "already reminded" in again.content.decode()
    assert OutboxMessage.objects.filter(kind="cooperation.evaluation_reminder").count() == 1
    page = officer.get(url(evaluation)).content.decode()
    assert "Remind the self-help groups by email" not in page and "Reminded on" in page
    # A day later, it may be sent again.
    with pytest.raises(ValidationError):
        services.evaluation_remind(
            by=demo_users[R.MANAGEMENT], evaluation=evaluation, corner=Corner.GROUPS
        )
    services.evaluation_remind(
        by=demo_users[R.MANAGEMENT],
        evaluation=evaluation,
        corner=Corner.GROUPS,
        now=timezone.now() + timedelta(days=1, minutes=1),
    )
    assert OutboxMessage.objects.filter(kind="cooperation.evaluation_reminder").count() == 2


def test_reminders_are_refused_where_they_make_no_sense(evaluation, demo_users, client_for) -> None:  # type: ignore[no-untyped-def]
    officer = demo_users[R.SELF_HELP_OFFICER]
    for corner in (Corner.INSTITUTION, "nobody"):  # one's own corner; no corner
        with pytest.raises(ValidationError):
            services.evaluation_remind(by=officer, evaluation=evaluation, corner=corner)
    # A corner that rated everything is not reminded.
    services.evaluation_save(
        by=demo_users[R.CENTRE_STAFF],
        evaluation=evaluation,
        interview_on=None,
        participants="",
        ratings={(c, Corner.CENTRE): {"rating": "partly"} for c in range(1, 7)},
    )
    with pytest.raises(ValidationError):
        services.evaluation_remind(by=officer, evaluation=evaluation, corner=Corner.CENTRE)
    # Outsiders and the national office cannot remind anyone (404, nothing sent).
    for role in (R.QUALITY_REVIEWER, R.MEMBER):
        response = client_for(role).post(
            url(evaluation, "evaluation_remind"), {"corner": Corner.GROUPS}
        )
        assert response.status_code == 404
    assert (
        client_for(R.SELF_HELP_OFFICER)
        .post(url(evaluation, "evaluation_remind"), {"corner": "<script>"})
        .status_code
        == 302
    )
    assert not OutboxMessage.objects.filter(kind="cooperation.evaluation_reminder").exists()


def test_a_failed_submit_keeps_every_edit_and_says_who_must_act(
    evaluation, demo_users, client_for
) -> None:  # type: ignore[no-untyped-def]
    officer = client_for(R.SELF_HELP_OFFICER)
    response = post(
        officer,
        evaluation,
        "submit",
        participants="Anne Officer, hospital\nGilles Groupe, groups",
        **column(evaluation, Corner.INSTITUTION),
    )
    assert response.status_code == 400
    evaluation.refresh_from_db()
    assert evaluation.participants == "Anne Officer, hospital\nGilles Groupe, groups"
    assert evaluation.ratings.filter(corner=Corner.INSTITUTION, rating="fulfilled").count() == 6
    assert evaluation.status == EvaluationStatus.DRAFT
    body = response.content.decode()
    # The page shows the edits again and the problems at the top, with links and who acts.
    assert "Anne Officer, hospital" in body
    assert body.index('id="problems"') < body.index('id="evaluation-form"')
    assert (
        "autofocus" in body[body.index('id="problems"') - 200 : body.index('id="problems"') + 200]
    )
    problem = response.context["problems"][0]
    assert problem["href"].endswith("_groups") and "criteria 1, 2, 3, 4, 5, 6" in problem["text"]
    assert str(demo_users[R.GROUP_CONTACT]) in problem["who"]
    assert f"may also record it: {demo_users[R.CENTRE_STAFF]}" in problem["who"]
    assert len(problem["links"]) == 6
    assert f'href="{problem["href"]}"' in body and f'id="{problem["href"][1:]}"' in body
    # A form error (a future interview) keeps what was typed, nothing is saved.
    response = post(
        officer,
        evaluation,
        "submit",
        interview_on="2999-01-01",
        participants="Changed",
        **column(evaluation, Corner.INSTITUTION, "partly"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Changed" in body and 'href="#id_interview_on"' in body
    assert response.context["form"]["c1_institution_rating"].value() == "partly"
    evaluation.refresh_from_db()
    assert evaluation.participants.startswith("Anne Officer")


def test_the_journey_three_corners_then_confirmation_then_review(
    evaluation, demo_users, client_for
) -> None:  # type: ignore[no-untyped-def]
    officer, contact, centre = (
        client_for(R.SELF_HELP_OFFICER),
        client_for(R.GROUP_CONTACT),
        client_for(R.CENTRE_STAFF),
    )
    assert post(officer, evaluation, **column(evaluation, Corner.INSTITUTION)).status_code == 302
    # The centre's form also holds the groups' column (empty yet): the centre saves first.
    assert (
        post(centre, evaluation, **column(evaluation, Corner.CENTRE, "partly")).status_code == 302
    )
    assert post(contact, evaluation, **column(evaluation, Corner.GROUPS)).status_code == 302
    ratings = {(r.criterion_id, r.corner): r.rating for r in evaluation.ratings.all()}
    assert ratings[(3, Corner.GROUPS)] == "fulfilled" and ratings[(3, Corner.CENTRE)] == "partly"
    # "Save and submit" leads to a confirmation that works without JavaScript.
    response = post(officer, evaluation, "submit", **column(evaluation, Corner.INSTITUTION))
    assert response.status_code == 302 and response["Location"] == url(
        evaluation, "evaluation_submit"
    )
    page = officer.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "What happens next" in body and "formative feedback" in body
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DRAFT  # nothing submitted by looking
    done = officer.post(url(evaluation, "evaluation_submit"))
    assert done.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SUBMITTED
    assert evaluation.submitted_by == demo_users[R.SELF_HELP_OFFICER]
    # Once submitted, the confirmation leads back to the evaluation.
    assert officer.get(url(evaluation, "evaluation_submit"))["Location"] == url(evaluation)
    # The reviewer sees each criterion's ratings right beside its feedback field.
    feedback = client_for(R.QUALITY_REVIEWER).get(url(evaluation, "evaluation_feedback"))
    body = feedback.content.decode()
    for number in range(1, 7):
        section = body[body.index(f'id="criterion-{number}"') :]
        section = section[: section.index("</section>")]
        assert f"Evidence groups {number}" in section and f'name="criterion_{number}"' in section
    assert "<details" not in body


def test_to_review_lists_only_evaluations_waiting_for_feedback(
    evaluation, demo_users, client_for
) -> None:  # type: ignore[no-untyped-def]
    services.evaluation_save(
        by=demo_users[R.CENTRE_STAFF],
        evaluation=evaluation,
        interview_on=date(2026, 3, 20),
        participants="",
        ratings={(c, Corner.GROUPS): {"rating": "partly"} for c in range(1, 7)},
    )
    services.evaluation_submit(by=demo_users[R.SELF_HELP_OFFICER], evaluation=evaluation)
    reviewer = client_for(R.QUALITY_REVIEWER)
    listed = list(reviewer.get(reverse("cooperation:review_list")).context["evaluations"])
    assert evaluation in listed
    assert all(e.status == EvaluationStatus.SUBMITTED for e in listed)
    services.evaluation_feedback(
        by=demo_users[R.QUALITY_REVIEWER], evaluation=evaluation, overall="Bien.", by_criterion={}
    )
    listed = list(reviewer.get(reverse("cooperation:review_list")).context["evaluations"])
    assert evaluation not in listed
    submitted = [
        e.submitted_at for e in listed if e.assigned_to_id != demo_users[R.QUALITY_REVIEWER].pk
    ]
    assert submitted == sorted(submitted)


def test_the_evaluation_page_runs_the_same_queries_with_more_people(
    evaluation, demo_users, client_for
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(R.SELF_HELP_OFFICER)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(evaluation)).status_code == 200
        return len(captured)

    before = count()
    centre = Organisation.objects.get(code="centre-vd")
    for n in range(3):
        person = User.objects.create_user(email=f"staff{n}@example.org", password="x" * 20)
        Membership.objects.create(user=person, organisation=centre, role=R.CENTRE_STAFF)
    services.evaluation_remind(
        by=demo_users[R.SELF_HELP_OFFICER], evaluation=evaluation, corner=Corner.CENTRE
    )
    assert count() == before


def test_a_page_opened_before_the_group_saved_does_not_undo_the_group_s_ratings(
    evaluation, client_for
) -> None:  # type: ignore[no-untyped-def]
    """The centre's staff open the form (they may also fill the groups' column); the group
    contact saves their column; the centre then saves its own column from the page it had
    opened: the groups' ratings stay, the centre's are recorded."""
    centre, contact = client_for(R.CENTRE_STAFF), client_for(R.GROUP_CONTACT)
    opened = centre.get(url(evaluation)).context["form"]
    shown = {name: opened[name].value() or "" for name in opened.fields}

    assert post(contact, evaluation, **column(evaluation, Corner.GROUPS)).status_code == 302
    response = centre.post(
        url(evaluation),
        {
            **shown,
            "interview_on": "2026-03-20",
            "action": "save",
            **column(evaluation, Corner.CENTRE, "partly"),
        },
    )

    assert response.status_code == 302
    ratings = {(r.criterion_id, r.corner): r.rating for r in evaluation.ratings.all()}
    assert all(ratings[(c, Corner.GROUPS)] == "fulfilled" for c in range(1, 7))
    assert all(ratings[(c, Corner.CENTRE)] == "partly" for c in range(1, 7))
    # What the centre did change in the groups' column is still recorded.
    centre.post(
        url(evaluation),
        {
            **shown,
            "interview_on": "2026-03-20",
            "action": "save",
            **column(evaluation, Corner.CENTRE, "partly"),
            "c2_groups_rating": "not_yet",
        },
    )
    assert evaluation.ratings.get(criterion_id=2, corner=Corner.GROUPS).rating == "not_yet"
    assert evaluation.ratings.get(criterion_id=1, corner=Corner.GROUPS).rating == "fulfilled"
