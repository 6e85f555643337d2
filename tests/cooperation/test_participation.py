"""Professions taking part in measures, and self-help members in the institution's committees."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from entraide.accounts.models import Profession, Role
from entraide.cooperation import services
from entraide.cooperation.models import (
    CommitteeParticipation,
    MeasureProfession,
    QualityCriterion,
)
from entraide.cooperation.participation import committee_figures, measures_by_profession
from entraide.core.models import AuditEntry

R = Role
EVIDENCE = (
    "Recorded evidence: %(total)s participations of self-help members in the institution's "
    "committees (see the cooperation's page)."
)

MEASURE = {"criterion": 5, "title": "Rencontre", "owner": "centre", "status": "planned"}
COMMITTEE = {
    "kind": "quality_circle",
    "committee": "Cercle de qualité oncologie",
    "started_on": "2025-05-12",
    "ended_on": "",
    "members": "2",
}


def _counts() -> dict[str, int]:
    labels = dict(Profession.choices)
    return {
        value: dict(measures_by_profession())[str(labels[value])] for value in Profession.values
    }


def test_a_measure_records_the_professions_taking_part(signed_triangle, client_for) -> None:  # type: ignore[no-untyped-def]
    before = _counts()
    client = client_for(R.HEALTH_PROFESSIONAL)
    response = client.post(
        reverse("cooperation:measure_new", args=[signed_triangle.pk]),
        {**MEASURE, "professions": ["medicine", "nursing"]},
    )
    assert response.status_code == 302
    measure = signed_triangle.measures.get(title="Rencontre")
    assert set(measure.professions.values_list("profession", flat=True)) == {
        "medicine",
        "nursing",
    }
    edit = reverse("cooperation:measure_edit", args=[signed_triangle.pk, measure.pk])
    assert client.get(edit).context["form"].initial["professions"] == ["medicine", "nursing"]
    response = client.post(edit, {**MEASURE, "professions": ["social_work"]})
    assert response.status_code == 302
    assert list(measure.professions.values_list("profession", flat=True)) == ["social_work"]
    entry = AuditEntry.objects.filter(
        object_type="cooperation.measure", object_id=str(measure.pk)
    ).latest("pk")
    assert "professions" in entry.changed_fields
    after = _counts()
    assert after["social_work"] == before["social_work"] + 1
    assert after["medicine"] == before["medicine"]
    page = client.get(reverse("cooperation:triangle_detail", args=[signed_triangle.pk]))
    with translation.override(page.wsgi_request.LANGUAGE_CODE):
        label = str(Profession.SOCIAL_WORK.label)
    assert label in page.content.decode()


def test_an_unknown_profession_is_refused_next_to_the_field(signed_triangle, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for(R.CENTRE_STAFF).post(
        reverse("cooperation:measure_new", args=[signed_triangle.pk]),
        {**MEASURE, "professions": ["astrology"]},
    )
    assert response.status_code == 200
    assert "professions" in response.context["form"].errors
    assert not signed_triangle.measures.filter(title="Rencontre").exists()


def test_the_monitoring_counts_measures_per_profession_in_one_query(
    signed_triangle, demo_users, django_assert_num_queries, client_for
) -> None:  # type: ignore[no-untyped-def]
    before = _counts()
    measure = services.measure_add(
        by=demo_users[R.SELF_HELP_OFFICER],
        triangle=signed_triangle,
        data={
            **MEASURE,
            "criterion": QualityCriterion.objects.get(pk=6),
            "professions": ["pharmacy", "psychology"],
        },
    )
    assert measure.professions.count() == 2
    with django_assert_num_queries(1):
        rows = measures_by_profession()
    assert len(rows) == len(Profession.values)
    after = _counts()
    assert after["pharmacy"] == before["pharmacy"] + 1
    assert after["psychology"] == before["psychology"] + 1
    page = client_for(R.NATIONAL_COORDINATOR).get(reverse("monitoring:dashboard"))
    assert page.context["by_profession"] == rows


def test_parties_record_committee_participations_counted_under_criterion_6(
    signed_triangle, client_for
) -> None:  # type: ignore[no-untyped-def]
    before = committee_figures()
    url = reverse("cooperation:committee_participation_new", args=[signed_triangle.pk])
    client = client_for(R.GROUP_CONTACT)
    assert client.get(url).status_code == 200
    response = client.post(url, COMMITTEE)
    assert response.status_code == 302
    participation = CommitteeParticipation.objects.get(triangle=signed_triangle)
    assert participation.members == 2
    assert participation.ended_on is None
    assert AuditEntry.objects.filter(
        object_type="cooperation.committeeparticipation", object_id=str(participation.pk)
    ).exists()
    page = client.get(reverse("cooperation:triangle_detail", args=[signed_triangle.pk]))
    assert "Cercle de qualité oncologie" in page.content.decode()
    after = committee_figures()
    assert after["participations"] == before["participations"] + 1
    assert after["triangles"] == before["triangles"] + 1
    dashboard = client_for(R.QUALITY_REVIEWER).get(reverse("monitoring:dashboard"))
    assert dashboard.context["committees"] == after
    assert dashboard.context["participation_criterion"] == 6


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"members": "0"}, "members"),
        ({"members": "many"}, "members"),
        ({"started_on": "2025-05-12", "ended_on": "2025-05-01"}, "ended_on"),
        ({"started_on": "2020-01-01"}, "started_on"),
        ({"committee": ""}, "committee"),
        ({"kind": "party"}, "kind"),
    ],
)
def test_bad_participations_are_refused_next_to_the_field(
    signed_triangle, client_for, change, field
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("cooperation:committee_participation_new", args=[signed_triangle.pk])
    response = client_for(R.SELF_HELP_OFFICER).post(url, {**COMMITTEE, **change})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not CommitteeParticipation.objects.filter(triangle=signed_triangle).exists()


def test_only_parties_of_an_open_cooperation_record_participations(
    signed_triangle, demo_users, client_for
) -> None:  # type: ignore[no-untyped-def]
    url = reverse("cooperation:committee_participation_new", args=[signed_triangle.pk])
    assert client_for(R.NATIONAL_COORDINATOR).post(url, COMMITTEE).status_code == 404
    assert client_for(R.MEMBER).post(url, COMMITTEE).status_code == 404
    data = {"kind": "audit", "committee": "Audit", "started_on": date(2025, 6, 1), "members": 1}
    with pytest.raises(PermissionDenied):
        services.committee_participation_add(
            by=demo_users[R.QUALITY_REVIEWER], triangle=signed_triangle, data=data
        )
    services.triangle_move(
        by=demo_users[R.SELF_HELP_OFFICER],
        triangle=signed_triangle,
        status="ended",
        ended_on=date(2025, 9, 30),
    )
    signed_triangle.refresh_from_db()
    with pytest.raises(ValidationError):
        services.committee_participation_add(
            by=demo_users[R.SELF_HELP_OFFICER], triangle=signed_triangle, data=data
        )
    assert not CommitteeParticipation.objects.filter(triangle=signed_triangle).exists()


def test_the_triangle_page_runs_the_same_queries_with_more_participations(
    signed_triangle, demo_users, client_for
) -> None:  # type: ignore[no-untyped-def]
    officer = demo_users[R.SELF_HELP_OFFICER]
    client = client_for(R.SELF_HELP_OFFICER)
    url = reverse("cooperation:triangle_detail", args=[signed_triangle.pk])

    def add(n: int) -> None:
        criterion = QualityCriterion.objects.get(pk=6)
        measure = services.measure_add(
            by=officer,
            triangle=signed_triangle,
            data={**MEASURE, "criterion": criterion, "title": f"M{n}", "professions": ["other"]},
        )
        assert measure.professions.exists()
        services.committee_participation_add(
            by=officer,
            triangle=signed_triangle,
            data={
                "kind": "ethics",
                "committee": f"C{n}",
                "started_on": date(2025, 6, n),
                "members": n,
            },
        )

    add(1)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    for n in (2, 3, 4):
        add(n)
    with CaptureQueriesContext(connection) as second:
        page = client.get(url)
    assert page.content.decode().count("<td>C") == 4
    assert MeasureProfession.objects.filter(measure__triangle=signed_triangle).count() == 4
    assert len(second) == len(first)


def test_the_demo_shows_professions_and_committee_participations(db) -> None:  # type: ignore[no-untyped-def]
    from entraide.demo.cooperation import load_demo_cooperations

    assert load_demo_cooperations(today=date(2026, 11, 23)) > 0
    involved = [label for label, n in measures_by_profession() if n > 0]
    assert len(involved) >= 5
    figures = committee_figures()
    assert figures["participations"] > 0
    assert figures["triangles"] == figures["participations"]  # one each, every other triangle


def test_the_measure_history_shows_the_professions_changed(signed_triangle, demo_users) -> None:  # type: ignore[no-untyped-def]
    from entraide.cooperation.history import measure_history

    officer = demo_users[R.SELF_HELP_OFFICER]
    data = {**MEASURE, "criterion": QualityCriterion.objects.get(pk=6), "professions": []}
    measure = services.measure_add(by=officer, triangle=signed_triangle, data=data)
    services.measure_update(
        by=officer, measure=measure, data={**data, "professions": ["medicine", "nursing"]}
    )
    change = measure_history(measure)[-1]
    assert [(f.before, f.after) for f in change.fields] == [("", "medicine, nursing")]


def test_the_self_evaluation_shows_the_participations_under_criterion_6(
    signed_triangle, demo_users, client_for
) -> None:  # type: ignore[no-untyped-def]
    officer = demo_users[R.SELF_HELP_OFFICER]
    evaluation = services.evaluation_start(by=officer, triangle=signed_triangle)
    services.committee_participation_add(
        by=officer,
        triangle=signed_triangle,
        data={"kind": "audit", "committee": "Audit", "started_on": date(2025, 6, 1), "members": 1},
    )
    url = reverse("cooperation:evaluation_detail", args=[signed_triangle.pk, evaluation.pk])
    for role in (R.GROUP_CONTACT, R.QUALITY_REVIEWER):
        response = client_for(role).get(url)
        assert response.context["committee_count"] == 1
        with translation.override(response.wsgi_request.LANGUAGE_CODE):
            note = translation.gettext(EVIDENCE) % {"total": 1}
        assert response.content.decode().count(note) == 1


def test_a_participation_recorded_by_mistake_is_removed_by_a_party(
    signed_triangle, demo_users, client_for
) -> None:  # type: ignore[no-untyped-def]
    participation = services.committee_participation_add(
        by=demo_users[R.CENTRE_STAFF],
        triangle=signed_triangle,
        data={"kind": "other", "committee": "Erreur", "started_on": date(2025, 6, 1), "members": 1},
    )
    url = reverse(
        "cooperation:committee_participation_remove", args=[signed_triangle.pk, participation.pk]
    )
    assert client_for(R.QUALITY_REVIEWER).post(url).status_code == 404
    assert client_for(R.MEMBER).post(url).status_code == 404
    assert CommitteeParticipation.objects.filter(pk=participation.pk).exists()
    assert client_for(R.HEALTH_PROFESSIONAL).post(url).status_code == 302
    assert not CommitteeParticipation.objects.filter(pk=participation.pk).exists()
    entry = AuditEntry.objects.filter(
        object_type="cooperation.committeeparticipation", object_id=str(participation.pk)
    ).latest("pk")
    assert entry.action == AuditEntry.Action.DELETE
    assert client_for(R.HEALTH_PROFESSIONAL).post(url).status_code == 404  # already gone
