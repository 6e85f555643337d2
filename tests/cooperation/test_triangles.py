"""The cooperation's workflow: who reads and writes what, dates in order, PDFs only, the cycle."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from entraide.accounts.models import Organisation, Role, Unit
from entraide.cooperation import services
from entraide.cooperation.forms import TriangleForm
from entraide.cooperation.models import (
    ConventionVersion,
    Corner,
    EvaluationStatus,
    LibraryMeasure,
    Measure,
    QualityVisit,
    Rating,
    SelfEvaluation,
    TimelineKind,
    Triangle,
    TriangleStatus,
    VisitKind,
)
from entraide.core.models import AuditEntry, OutboxMessage
from entraide.directory.indexing import group_save
from tests.cooperation.conftest import PDF, pdf_upload

R = Role
PARTIES = {
    R.SELF_HELP_OFFICER,
    R.HEALTH_PROFESSIONAL,
    R.MANAGEMENT,
    R.CENTRE_STAFF,
    R.GROUP_CONTACT,
}
OFFICE = {R.NATIONAL_COORDINATOR, R.QUALITY_REVIEWER}
OUTSIDERS = {R.PLATFORM_COORDINATOR, R.MEMBER, R.PATIENT_PARTNER}


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


def test_parties_and_the_national_office_read_a_triangle_others_get_404(
    signed_triangle, client_for
) -> None:
    url = reverse("cooperation:triangle_detail", args=[signed_triangle.pk])
    version = signed_triangle.conventions.get()
    signed = reverse("cooperation:convention_signed_pdf", args=[signed_triangle.pk, version.pk])
    for role in PARTIES | OFFICE:
        client = client_for(role)
        assert client.get(url).status_code == 200, role
        response = client.get(signed)
        assert response.status_code == 200, role
        assert response["Content-Disposition"].startswith("attachment;")
        assert response.content == PDF
    for role in OUTSIDERS:
        assert client_for(role).get(url).status_code == 404, role
        assert client_for(role).get(signed).status_code == 404, role
    assert client_for("anonymous").get(signed).status_code == 302


def test_another_centre_staff_member_does_not_see_the_triangle(
    signed_triangle, django_user_model
) -> None:
    from allauth.mfa.totp.internal.auth import TOTP
    from django.test import Client

    from entraide.accounts.models import Membership

    stranger = django_user_model.objects.create_user("ge@example.org", "pw-long-enough-1")
    Membership.objects.create(
        user=stranger, organisation=Organisation.objects.get(code="centre-ge"), role=R.CENTRE_STAFF
    )
    TOTP.activate(stranger, "JBSWY3DPEHPK3PXP")
    client = Client()
    client.force_login(stranger)
    assert (
        client.get(reverse("cooperation:triangle_detail", args=[signed_triangle.pk])).status_code
        == 404
    )
    assert signed_triangle not in Triangle.objects.visible_to(stranger)


def test_creating_records_the_timeline_and_the_audit(triangle, demo_users) -> None:
    assert triangle.status == TriangleStatus.PREPARATION
    assert list(triangle.events.values_list("kind", flat=True)) == [TimelineKind.CREATED]
    entry = AuditEntry.objects.filter(
        object_type="cooperation.triangle", object_id=str(triangle.pk)
    ).get()
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor == demo_users[R.SELF_HELP_OFFICER]


def test_only_institution_leads_centre_staff_and_the_coordinator_start_one(
    hospital, demo_users
) -> None:
    data = {
        "name": "X",
        "units": Unit.objects.filter(institution=hospital)[:1],
        "centre": Organisation.objects.get(code="centre-vd"),
        "groups": [],
        "officer": None,
        "language": "fr",
        "started_on": date(2025, 1, 1),
    }
    for role in (R.GROUP_CONTACT, R.QUALITY_REVIEWER, R.HEALTH_PROFESSIONAL, R.MEMBER):
        with pytest.raises(PermissionDenied):
            services.triangle_create(by=demo_users[role], institution=hospital, data=data)
    # Units of another institution are refused next to the field.
    other = Unit.objects.exclude(institution=hospital)[:1]
    with pytest.raises(ValidationError) as error:
        services.triangle_create(
            by=demo_users[R.CENTRE_STAFF], institution=hospital, data={**data, "units": other}
        )
    assert "units" in error.value.message_dict


def test_the_start_form_keeps_what_was_typed_on_error(hospital, client_for) -> None:
    client = client_for(R.SELF_HELP_OFFICER)
    url = reverse("cooperation:triangle_new", args=[hospital.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"name": "Mon triangle", "language": "fr", "started_on": "31.02.2025"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Mon triangle"' in body
    assert "has-error" in body
    assert not Triangle.objects.filter(name="Mon triangle").exists()


def test_convention_dates_in_order_and_only_pdfs(triangle, demo_users) -> None:
    officer = demo_users[R.SELF_HELP_OFFICER]
    version = services.convention_draft(
        by=officer,
        triangle=triangle,
        data={"drafted_on": date(2025, 1, 20), "signatories": "M. Direction", "notes": ""},
    )
    assert version.number == 1
    with pytest.raises(ValidationError) as error:
        services.convention_sign(
            by=officer, version=version, signed_on=date(2025, 1, 19), upload=pdf_upload()
        )
    assert "signed_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.convention_sign(
            by=officer,
            version=version,
            signed_on=date(2025, 2, 1),
            upload=pdf_upload("scan.pdf", b"\x89PNG\r\n\x1a\n not a pdf"),
        )
    assert "signed_copy" in error.value.message_dict
    too_big = PDF[:-7] + b" " * (10 * 1024 * 1024) + b"%%EOF\n"
    with pytest.raises(ValidationError):
        services.convention_sign(
            by=officer,
            version=version,
            signed_on=date(2025, 2, 1),
            upload=pdf_upload("big.pdf", too_big),
        )
    with pytest.raises(ValidationError):
        services.convention_sign(
            by=officer,
            version=version,
            signed_on=timezone.localdate() + timedelta(days=1),
            upload=pdf_upload(),
        )
    version.refresh_from_db()
    assert version.signed_on is None
    # (Django already keeps only the last part of a path such as ../../etc/passwd.pdf.)
    for hostile in ("..\\..\\boot.pdf", "x<script>.pdf", ".hidden.pdf", "x\x00y.pdf", "scan.png"):
        with pytest.raises(ValidationError) as error:
            services.convention_sign(
                by=officer, version=version, signed_on=date(2025, 2, 1), upload=pdf_upload(hostile)
            )
        assert "signed_copy" in error.value.message_dict, hostile
    services.convention_sign(
        by=officer,
        version=version,
        signed_on=date(2025, 2, 1),
        upload=pdf_upload("Convention signée (1).PDF"),
    )
    version.refresh_from_db()
    assert version.signed_copy.filename == "Convention-signee-1.pdf"
    triangle.refresh_from_db()
    assert triangle.status == TriangleStatus.SIGNED
    with pytest.raises(ValidationError):  # a signed version is not replaced
        services.convention_sign(
            by=officer, version=version, signed_on=date(2025, 2, 2), upload=pdf_upload()
        )


def test_the_sign_page_shows_the_error_next_to_the_file_field(
    triangle, demo_users, client_for
) -> None:
    version = services.convention_draft(
        by=demo_users[R.CENTRE_STAFF],
        triangle=triangle,
        data={"drafted_on": date(2025, 1, 20), "signatories": "M. Direction", "notes": ""},
    )
    url = reverse("cooperation:convention_sign", args=[triangle.pk, version.pk])
    response = client_for(R.CENTRE_STAFF).post(
        url, {"signed_on": "2025-02-01", "signed_copy": pdf_upload("x.pdf", b"GIF89a")}
    )
    assert response.status_code == 200
    assert "This file is not a PDF" in response.content.decode()
    assert 'value="2025-02-01"' in response.content.decode()
    assert client_for(R.QUALITY_REVIEWER).get(url).status_code == 404  # the office reads only


def test_measures_added_and_adopted_once_with_usage_counts(
    signed_triangle, triangle, demo_users, client_for
) -> None:
    source = LibraryMeasure.objects.filter(criterion_id=3).first()
    client = client_for(R.GROUP_CONTACT)
    adopt = reverse("cooperation:measure_adopt", args=[signed_triangle.pk, source.pk])
    assert client.post(adopt).status_code == 302
    assert client.post(adopt).status_code == 302  # twice: refused with a message
    assert signed_triangle.measures.filter(source=source).count() == 1
    response = client.get(reverse("cooperation:library"))
    measure = next(m for m in response.context["measures"] if m.pk == source.pk)
    assert measure.triangle_count == 1
    response = client.post(
        reverse("cooperation:measure_new", args=[signed_triangle.pk]),
        {
            "criterion": 5,
            "title": "Rencontre",
            "owner": "centre",
            "status": "planned",
            "due_on": "2020-01-01",
        },
    )
    assert response.status_code == 200  # due before the start: refused next to the field
    assert "due_on" in response.context["form"].errors
    assert client_for(R.QUALITY_REVIEWER).post(adopt).status_code == 404


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


def test_distinction_needs_criteria_met_in_a_visit(signed_triangle, demo_users) -> None:
    coordinator = demo_users[R.NATIONAL_COORDINATOR]
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.distinction_award(
            by=coordinator, triangle=signed_triangle, kind="hospital", awarded_on=today
        )
    with pytest.raises(PermissionDenied):
        services.visit_record(
            by=demo_users[R.SELF_HELP_OFFICER],
            triangle=signed_triangle,
            data={"kind": VisitKind.CONSULTATION, "held_on": today, "criteria_met": True},
        )
    services.visit_record(
        by=demo_users[R.QUALITY_REVIEWER],
        triangle=signed_triangle,
        data={"kind": VisitKind.CONSULTATION, "held_on": today, "criteria_met": True},
    )
    with pytest.raises(PermissionDenied):  # the reviewer does not award
        services.distinction_award(
            by=demo_users[R.QUALITY_REVIEWER],
            triangle=signed_triangle,
            kind="hospital",
            awarded_on=today,
        )
    distinction = services.distinction_award(
        by=coordinator, triangle=signed_triangle, kind="hospital", awarded_on=today
    )
    assert distinction.valid_until == services.add_years(today, 4) - timedelta(days=1)
    # Awarded twice (a double click): refused, the parties are told once.
    with pytest.raises(ValidationError) as error:
        services.distinction_award(
            by=coordinator, triangle=signed_triangle, kind="hospital", awarded_on=today
        )
    assert "awarded_on" in error.value.message_dict
    assert signed_triangle.distinctions.count() == 1
    signed_triangle.refresh_from_db()
    assert signed_triangle.status == TriangleStatus.DISTINGUISHED
    assert QualityVisit.objects.filter(triangle=signed_triangle).count() == 1


def test_ending_a_triangle_needs_a_date_after_its_start(signed_triangle, client_for) -> None:
    url = reverse("cooperation:triangle_status", args=[signed_triangle.pk])
    client = client_for(R.MANAGEMENT)
    response = client.post(url, {"status": "ended", "ended_on": "2020-01-01"})
    assert response.status_code == 400
    assert "ended_on" in response.context["form"].errors
    response = client.post(url, {"status": "evaluated"})  # not a move made by hand
    assert response.status_code == 400
    assert client.post(url, {"status": "ended", "ended_on": "2026-01-31"}).status_code == 302
    signed_triangle.refresh_from_db()
    assert (signed_triangle.status, signed_triangle.ended_on) == (
        TriangleStatus.ENDED,
        date(2026, 1, 31),
    )


def _more_triangles(hospital, contact_group, demo_users, count: int) -> None:
    officer = demo_users[R.SELF_HELP_OFFICER]
    for n in range(count):
        triangle = services.triangle_create(
            by=officer,
            institution=hospital,
            data={
                "name": f"Extra {n}",
                "units": Unit.objects.filter(institution=hospital),
                "centre": Organisation.objects.get(code="centre-vd"),
                "groups": [contact_group],
                "officer": officer,
                "language": "de",
                "started_on": date(2024, 1, 1),
            },
        )
        version = services.convention_draft(
            by=officer, triangle=triangle, data={"drafted_on": date(2024, 2, 1), "signatories": "A"}
        )
        services.convention_sign(
            by=officer, version=version, signed_on=date(2024, 3, 1), upload=pdf_upload()
        )
        services.measure_add(
            by=officer,
            triangle=triangle,
            data={
                "criterion": LibraryMeasure.objects.first().criterion,
                "title": "M",
                "owner": "centre",
                "status": "planned",
            },
        )
        services.evaluation_start(by=officer, triangle=triangle)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_lists_and_pages_run_a_constant_number_of_queries(
    signed_triangle, hospital, contact_group, demo_users, client_for
) -> None:
    officer = demo_users[R.SELF_HELP_OFFICER]
    services.evaluation_start(by=officer, triangle=signed_triangle)
    client = client_for(R.QUALITY_REVIEWER)
    urls = [
        reverse("cooperation:triangle_list"),
        reverse("cooperation:library"),
        reverse("cooperation:review_list"),
        reverse("cooperation:triangle_detail", args=[signed_triangle.pk]),
        reverse("cooperation:comparison", args=[signed_triangle.pk]),
    ]
    before = [_queries(client, url) for url in urls]
    _more_triangles(hospital, contact_group, demo_users, 3)
    for measure in Measure.objects.all():
        services.measure_update(
            by=officer,
            measure=measure,
            data={**{f: getattr(measure, f) for f in services.MEASURE_FIELDS}, "status": "done"},
        )
    assert [_queries(client, url) for url in urls] == before


def test_documents_of_a_version_belong_to_its_triangle(
    signed_triangle, hospital, contact_group, demo_users, client_for
) -> None:
    _more_triangles(hospital, contact_group, demo_users, 1)
    other = Triangle.objects.exclude(pk=signed_triangle.pk).get()
    version = ConventionVersion.objects.get(triangle=other)
    url = reverse("cooperation:convention_signed_pdf", args=[signed_triangle.pk, version.pk])
    assert client_for(R.SELF_HELP_OFFICER).get(url).status_code == 404


def test_the_office_sees_which_quality_assurances_fall_due(
    signed_triangle, demo_users, client_for
) -> None:
    from entraide.cooperation.views import assurances_due

    # Signed on 14 March 2025: due four years later, listed from 90 days before.
    assert assurances_due(date(2028, 12, 13)) == []
    [due] = assurances_due(date(2028, 12, 15))
    assert due == signed_triangle and due.assurance_due_on == date(2029, 3, 14)
    services.visit_record(
        by=demo_users[R.QUALITY_REVIEWER],
        triangle=signed_triangle,
        data={"kind": VisitKind.ASSURANCE, "held_on": timezone.localdate(), "criteria_met": True},
    )
    assert assurances_due(date(2028, 12, 15)) == []
    response = client_for(R.QUALITY_REVIEWER).get(reverse("cooperation:review_list"))
    assert response.status_code == 200 and "assurances" in response.context


def test_only_the_leads_change_who_takes_part(signed_triangle, demo_users, client_for) -> None:
    url = reverse("cooperation:triangle_edit", args=[signed_triangle.pk])
    for role in (R.GROUP_CONTACT, R.HEALTH_PROFESSIONAL):
        assert client_for(role).get(url).status_code == 404, role
        with pytest.raises(PermissionDenied):
            services.triangle_update(
                by=demo_users[role],
                triangle=signed_triangle,
                data=TriangleForm.initial_for(signed_triangle),
            )
        response = client_for(role).post(
            reverse("cooperation:triangle_status", args=[signed_triangle.pk]),
            {"status": "ended", "ended_on": "2026-01-31"},
        )
        assert response.status_code == 404
    response = client_for(R.CENTRE_STAFF).get(url)
    assert response.status_code == 200
    # Only the centres covering the institution's cantons are offered.
    assert {c.code for c in response.context["form"].fields["centre"].queryset} == {"centre-vd"}
    # The start cannot move after the convention's draft.
    data = {**TriangleForm.initial_for(signed_triangle), "started_on": date(2025, 2, 1)}
    with pytest.raises(ValidationError) as error:
        services.triangle_update(by=demo_users[R.MANAGEMENT], triangle=signed_triangle, data=data)
    assert "started_on" in error.value.message_dict


def test_a_paused_group_stays_in_the_triangle_when_it_is_edited(
    signed_triangle, contact_group, client_for
) -> None:
    contact_group.status = "paused"
    group_save(contact_group)
    form = TriangleForm(
        institution=signed_triangle.institution,
        triangle=signed_triangle,
        initial=TriangleForm.initial_for(signed_triangle),
    )
    assert contact_group in form.fields["groups"].queryset


def test_an_ended_cooperation_keeps_its_record(signed_triangle, demo_users) -> None:
    officer = demo_users[R.SELF_HELP_OFFICER]
    services.triangle_move(
        by=officer, triangle=signed_triangle, status="ended", ended_on=date(2026, 1, 31)
    )
    signed_triangle.refresh_from_db()
    with pytest.raises(ValidationError):
        services.measure_add(
            by=officer,
            triangle=signed_triangle,
            data={
                "criterion": LibraryMeasure.objects.first().criterion,
                "title": "M",
                "owner": "centre",
                "status": "planned",
            },
        )
    with pytest.raises(ValidationError):
        services.triangle_update(
            by=officer, triangle=signed_triangle, data=TriangleForm.initial_for(signed_triangle)
        )
    with pytest.raises(ValidationError):
        services.evaluation_start(by=officer, triangle=signed_triangle)


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
