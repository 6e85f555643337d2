"""Quality assurance, the on-site quality consultation and the distinction (issue 14, item 4)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from entraide.accounts.models import Organisation, Role, Unit
from entraide.cooperation import services
from entraide.cooperation.assurances import assurances_due, institution_quality, report_quality
from entraide.cooperation.jobs import reminders
from entraide.cooperation.models import (
    ConsultationStatus,
    Distinction,
    QualityConsultation,
    QualityVisit,
    ReminderSent,
    Triangle,
    TriangleStatus,
)
from entraide.cooperation.monitoring import institution_report
from entraide.cooperation.schedule import add_years
from entraide.core.models import OutboxMessage
from tests.conftest import OUTSIDERS

from .conftest import pdf_upload

R = Role
ALL_MET = {n: (True, "") for n in range(1, 7)}


def institution_page(institution: Organisation) -> str:
    return reverse("monitoring:institution", args=[institution.pk])


def held_consultation(hospital: Organisation, demo_users, on: date) -> QualityConsultation:  # type: ignore[no-untyped-def]
    consultation = services.consultation_request(
        by=demo_users[R.SELF_HELP_OFFICER], institution=hospital
    )
    QualityConsultation.objects.filter(pk=consultation.pk).update(
        requested_at=datetime(on.year, on.month, on.day, tzinfo=UTC) - timedelta(days=30)
    )
    consultation.refresh_from_db()
    services.consultation_schedule(
        by=demo_users[R.QUALITY_REVIEWER], consultation=consultation, scheduled_on=on
    )
    return services.consultation_report(
        by=demo_users[R.QUALITY_REVIEWER], consultation=consultation, report="Bien."
    )


def test_an_institution_asks_passes_and_receives_the_distinction(
    signed_triangle, hospital, demo_users, client_for
) -> None:
    """The journey of issue 14's "Done when", through the pages of both sides."""
    today = timezone.localdate()
    officer, reviewer = client_for(R.SELF_HELP_OFFICER), client_for(R.QUALITY_REVIEWER)
    coordinator = client_for(R.NATIONAL_COORDINATOR)
    # The institution asks for the consultation from its page.
    assert "consultation/" in officer.get(institution_page(hospital)).content.decode()
    url = reverse("cooperation:consultation_request", args=[hospital.pk])
    response = officer.post(url, {"wishes": "Information des patient-e-s"})
    assert response.status_code == 302
    consultation = QualityConsultation.objects.get(institution=hospital)
    assert consultation.status == ConsultationStatus.REQUESTED
    # The office is told, and finds it on its reviews page.
    told = set(
        OutboxMessage.objects.filter(kind="cooperation.consultation_requested").values_list(
            "to_email", flat=True
        )
    )
    assert told == {demo_users[R.QUALITY_REVIEWER].email, demo_users[R.NATIONAL_COORDINATOR].email}
    page = reviewer.get(reverse("cooperation:review_list"))
    assert list(page.context["consultations"]) == [consultation]
    # Asking twice is refused next to the form.
    again = officer.post(url, {"wishes": ""})
    assert again.status_code == 200 and "already been asked for" in again.content.decode()
    # The office sets the date (today), then records the report.
    dated = reviewer.post(
        reverse("cooperation:consultation_schedule", args=[consultation.pk]),
        {"scheduled_on": today.isoformat()},
    )
    assert dated.status_code == 302
    assert OutboxMessage.objects.filter(kind="cooperation.consultation_scheduled").exists()
    page = officer.get(institution_page(hospital)).content.decode()
    assert "Date set" in page
    reported = reviewer.post(
        reverse("cooperation:consultation_report", args=[consultation.pk]),
        {"report": "Les six critères ont été passés en revue."},
    )
    assert reported.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.status, consultation.held_on) == (ConsultationStatus.HELD, today)
    assert list(reviewer.get(reverse("cooperation:review_list")).context["consultations"]) == []
    # The office records a quality assurance, every criterion met.
    form = {"held_on": today.isoformat(), "notes": "Très bien."}
    form |= {f"met_{n}": "yes" for n in range(1, 7)}
    assured = reviewer.post(reverse("cooperation:assurance_new", args=[signed_triangle.pk]), form)
    assert assured.status_code == 302
    visit = QualityVisit.objects.get(triangle=signed_triangle)
    assert visit.criteria_met and visit.findings.filter(met=True).count() == 6
    # The coordinator awards the distinction to the institution.
    awarded = coordinator.post(
        reverse("cooperation:distinction_new", args=[hospital.pk]),
        {"kind": "hospital", "awarded_on": today.isoformat()},
    )
    assert awarded.status_code == 302
    distinction = Distinction.objects.get()
    assert (distinction.institution, distinction.triangle) == (hospital, signed_triangle)
    assert (distinction.consultation, distinction.assurance) == (consultation, visit)
    assert distinction.valid_until == add_years(today, 4) - timedelta(days=1)
    assert Distinction.objects.valid_on(today).get() == distinction
    signed_triangle.refresh_from_db()
    assert signed_triangle.status == TriangleStatus.DISTINGUISHED
    # Both sides read it; awarding again (a double click) is refused with a message.
    page = officer.get(institution_page(hospital)).content.decode()
    assert "Distinction “self-help-friendly hospital”" in page
    twice = coordinator.post(
        reverse("cooperation:distinction_new", args=[hospital.pk]),
        {"kind": "hospital", "awarded_on": today.isoformat()},
    )
    assert twice.status_code == 200 and "already holds a distinction" in twice.content.decode()
    assert Distinction.objects.count() == 1


def test_without_consultation_or_passing_assurance_the_award_is_refused_clearly(
    signed_triangle, hospital, demo_users, client_for
) -> None:
    today = timezone.localdate()
    coordinator = client_for(R.NATIONAL_COORDINATOR)
    url = reverse("cooperation:distinction_new", args=[hospital.pk])
    data = {"kind": "hospital", "awarded_on": today.isoformat()}
    page = coordinator.post(url, data).content.decode()
    assert "no on-site quality consultation held" in page
    assert "passed a quality assurance" in page
    # A consultation held, but the assurance found criterion 3 not met.
    held_consultation(hospital, demo_users, today)
    failing = {**ALL_MET, 3: (False, "Pas encore systématique.")}
    services.assurance_record(
        by=demo_users[R.QUALITY_REVIEWER], triangle=signed_triangle, held_on=today, findings=failing
    )
    response = coordinator.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "passed a quality assurance" in page and "no on-site quality" not in page
    assert not Distinction.objects.exists()
    # The reviewer does not award; an assurance needs a finding for every criterion.
    with pytest.raises(PermissionDenied):
        services.distinction_award(
            by=demo_users[R.QUALITY_REVIEWER],
            institution=hospital,
            kind="hospital",
            awarded_on=today,
        )
    with pytest.raises(ValidationError):
        services.assurance_record(
            by=demo_users[R.QUALITY_REVIEWER],
            triangle=signed_triangle,
            held_on=today,
            findings={1: (True, "")},
        )
    with pytest.raises(PermissionDenied):
        services.assurance_record(
            by=demo_users[R.SELF_HELP_OFFICER],
            triangle=signed_triangle,
            held_on=today,
            findings=ALL_MET,
        )


def test_a_failing_assurance_after_a_passing_one_counts(
    signed_triangle, hospital, demo_users
) -> None:
    today = timezone.localdate()
    reviewer = demo_users[R.QUALITY_REVIEWER]
    held_consultation(hospital, demo_users, today)
    services.assurance_record(
        by=reviewer, triangle=signed_triangle, held_on=today - timedelta(days=30), findings=ALL_MET
    )
    services.assurance_record(
        by=reviewer, triangle=signed_triangle, held_on=today, findings={**ALL_MET, 6: (False, "")}
    )
    with pytest.raises(ValidationError):
        services.distinction_award(
            by=demo_users[R.NATIONAL_COORDINATOR],
            institution=hospital,
            kind="hospital",
            awarded_on=today,
        )


@pytest.mark.parametrize(
    "role", [R.HEALTH_PROFESSIONAL, R.CENTRE_STAFF, R.GROUP_CONTACT, *sorted(OUTSIDERS)]
)
def test_only_the_institutions_leads_ask_for_a_consultation(hospital, client_for, role) -> None:  # type: ignore[no-untyped-def]
    url = reverse("cooperation:consultation_request", args=[hospital.pk])
    client = client_for(role)
    assert client.get(url).status_code == 404
    assert client.post(url, {"wishes": ""}).status_code == 404
    assert not QualityConsultation.objects.exists()


def test_an_outsider_cannot_read_or_touch_a_consultation(hospital, demo_users, client_for) -> None:  # type: ignore[no-untyped-def]
    consultation = services.consultation_request(by=demo_users[R.MANAGEMENT], institution=hospital)
    for name in ("consultation_schedule", "consultation_report", "consultation_cancel"):
        url = reverse(f"cooperation:{name}", args=[consultation.pk])
        for role in (R.CENTRE_STAFF, R.MEMBER, R.HEALTH_PROFESSIONAL):
            assert client_for(role).post(url, {}).status_code == 404, (name, role)
    # The institution withdraws it; it can then ask again.
    cancel = reverse("cooperation:consultation_cancel", args=[consultation.pk])
    assert client_for(R.SELF_HELP_OFFICER).post(cancel, {}).status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CANCELLED
    # A closed consultation has no more forms.
    assert client_for(R.QUALITY_REVIEWER).get(cancel).status_code == 404
    services.consultation_request(by=demo_users[R.MANAGEMENT], institution=hospital)


def test_a_report_waits_for_the_date_and_is_required(hospital, demo_users) -> None:  # type: ignore[no-untyped-def]
    reviewer = demo_users[R.QUALITY_REVIEWER]
    consultation = services.consultation_request(by=demo_users[R.MANAGEMENT], institution=hospital)
    with pytest.raises(ValidationError):  # no date yet
        services.consultation_report(by=reviewer, consultation=consultation, report="x")
    later = timezone.localdate() + timedelta(days=10)
    services.consultation_schedule(by=reviewer, consultation=consultation, scheduled_on=later)
    with pytest.raises(ValidationError):  # not held yet
        services.consultation_report(by=reviewer, consultation=consultation, report="x")
    with pytest.raises(ValidationError) as error:
        services.consultation_schedule(
            by=reviewer, consultation=consultation, scheduled_on=date(2020, 1, 1)
        )
    assert "scheduled_on" in error.value.message_dict


# Reminders -------------------------------------------------------------------


def test_the_quality_assurance_is_reminded_once_before_and_once_when_due(
    signed_triangle, demo_users
) -> None:
    """Signed on 14 March 2025: due on 14 March 2029, told from 90 days before."""
    reminders(now=datetime(2028, 12, 13, 7, tzinfo=UTC))
    assert not OutboxMessage.objects.filter(kind="assurance_upcoming").exists()
    reminders(now=datetime(2028, 12, 15, 7, tzinfo=UTC))
    reminders(now=datetime(2028, 12, 16, 7, tzinfo=UTC))
    upcoming = OutboxMessage.objects.filter(kind="assurance_upcoming")
    leads_and_office = {
        demo_users[r].email
        for r in (R.SELF_HELP_OFFICER, R.MANAGEMENT, R.NATIONAL_COORDINATOR, R.QUALITY_REVIEWER)
    }
    assert {m.to_email for m in upcoming} == leads_and_office
    assert upcoming.count() == len(leads_and_office)  # once each
    reviewer = upcoming.get(to_email=demo_users[R.QUALITY_REVIEWER].email)
    assert reviewer.language == "de" and "März 2029" in reviewer.body
    reminders(now=datetime(2029, 3, 14, 7, tzinfo=UTC))
    reminders(now=datetime(2029, 3, 20, 7, tzinfo=UTC))
    assert OutboxMessage.objects.filter(kind="assurance_due").count() == len(leads_and_office)
    keys = set(ReminderSent.objects.filter(kind__startswith="assurance").values_list("kind", "key"))
    assert keys == {
        ("assurance_upcoming", f"{signed_triangle.pk}:2029-03-14"),
        ("assurance_due", f"{signed_triangle.pk}:2029-03-14"),
    }


def test_an_assurance_moves_the_next_one_four_years_on(signed_triangle, demo_users) -> None:  # type: ignore[no-untyped-def]
    [due] = assurances_due(date(2028, 12, 15))
    assert due == signed_triangle and due.assurance_due_on == date(2029, 3, 14)
    services.assurance_record(
        by=demo_users[R.QUALITY_REVIEWER],
        triangle=signed_triangle,
        held_on=timezone.localdate(),
        findings=ALL_MET,
    )
    assert assurances_due(date(2028, 12, 15)) == []


# The institution's yearly report ---------------------------------------------


def test_the_yearly_report_names_the_model_and_lists_the_quality_work(
    signed_triangle, hospital, demo_users
) -> None:
    today = timezone.localdate()
    held_consultation(hospital, demo_users, today)
    services.assurance_record(
        by=demo_users[R.QUALITY_REVIEWER],
        triangle=signed_triangle,
        held_on=today,
        findings={**ALL_MET, 2: (True, "Stand mensuel des groupes.")},
    )
    services.distinction_award(
        by=demo_users[R.NATIONAL_COORDINATOR],
        institution=hospital,
        kind="hospital",
        awarded_on=today,
    )
    html = render_to_string(
        "cooperation/monitoring/institution_report.html",
        {
            "report": institution_report(hospital, today.year),
            "quality": report_quality(hospital, today.year),
            "today": today,
            "language": "en",
        },
    )
    assert "recognised by H+ The Swiss Hospitals as a quality-improvement measure" in html
    assert "Promoting self-help in the hospital / health institution" in html
    assert "self-help-friendly hospital, awarded on" in html
    assert "Stand mensuel des groupes." in html
    assert "passed, every criterion is met" in html
    assert "Consultation held on" in html


# Query counts -----------------------------------------------------------------


def _more(hospital: Organisation, demo_users, count: int, start: int = 0) -> None:  # type: ignore[no-untyped-def]
    reviewer = demo_users[R.QUALITY_REVIEWER]
    for n in range(count):
        triangle = Triangle.objects.create(
            name=f"Q{n}",
            institution=hospital,
            centre=Organisation.objects.get(code="centre-vd"),
            started_on=date(2024, 1, 1),
            status=TriangleStatus.IMPLEMENTING,
        )
        triangle.units.set(Unit.objects.filter(institution=hospital)[:1])
        version = services.convention_draft(
            by=demo_users[R.SELF_HELP_OFFICER],
            triangle=triangle,
            data={"drafted_on": date(2024, 1, 2), "signatories": "S"},
        )
        for corner, role in (("institution", R.MANAGEMENT), ("centre", R.CENTRE_STAFF)):
            services.convention_upload(
                by=demo_users[role],
                version=version,
                corner=corner,
                signed_on=date(2024, 2, 1),
                upload=pdf_upload(),
            )
        services.assurance_record(
            by=reviewer, triangle=triangle, held_on=timezone.localdate(), findings=ALL_MET
        )
    other = Organisation.objects.filter(kind="health_institution").exclude(pk=hospital.pk)
    for institution in other.order_by("pk")[start : start + count]:
        QualityConsultation.objects.create(institution=institution)


def test_the_quality_pages_run_the_same_queries_with_more_data(
    signed_triangle, hospital, demo_users, client_for
) -> None:
    held_consultation(hospital, demo_users, timezone.localdate())
    urls = [
        (client_for(R.QUALITY_REVIEWER), reverse("cooperation:review_list")),
        (client_for(R.SELF_HELP_OFFICER), institution_page(hospital)),
        (client_for(R.NATIONAL_COORDINATOR), institution_page(hospital)),
        (
            client_for(R.QUALITY_REVIEWER),
            reverse("cooperation:triangle_detail", args=[signed_triangle.pk]),
        ),
    ]
    _more(hospital, demo_users, 1)
    before = []
    for client, url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        before.append(len(queries))
    _more(hospital, demo_users, 4, start=1)
    after = []
    for client, url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        after.append(len(queries))
    assert after == before
    with CaptureQueriesContext(connection) as queries:
        quality = institution_quality(hospital)
    assert len(queries) == 5 and len(quality.triangles) == 6


# The demo ---------------------------------------------------------------------


def test_the_demo_shows_the_quality_work_by_the_models_rules(db) -> None:  # type: ignore[no-untyped-def]
    from entraide.cooperation.services.office import held_consultation, passing_assurance
    from entraide.demo.cooperation import load_demo_cooperations

    today = date(2026, 11, 23)
    load_demo_cooperations(today=today)
    # Every demo distinction rests on a consultation and a passed assurance of its year.
    for distinction in Distinction.objects.select_related("institution"):
        institution, day = distinction.institution, distinction.awarded_on
        assert held_consultation(institution, day) == distinction.consultation
        assert passing_assurance(institution, day) == distinction.assurance
    assert Distinction.objects.valid_on(today).count() >= 3
    statuses = set(QualityConsultation.objects.values_list("status", flat=True))
    assert statuses == {"requested", "scheduled", "held"}
    assert QualityVisit.objects.filter(criteria_met=False, findings__met=False).exists()
