"""A measure's history on its page: who changed what, when, from the audit trail."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entraide.accounts.models import Role
from entraide.cooperation import services
from entraide.cooperation.history import measure_history
from entraide.cooperation.models import Measure, QualityCriterion

R = Role


def fields(measure: Measure, **changed) -> dict:  # type: ignore[no-untyped-def]
    return {**{f: getattr(measure, f) for f in services.MEASURE_FIELDS}, **changed}


def test_the_measure_s_page_tells_who_changed_what_and_when(
    signed_triangle, demo_users, client_for
) -> None:  # type: ignore[no-untyped-def]
    officer, staff = demo_users[R.SELF_HELP_OFFICER], demo_users[R.CENTRE_STAFF]
    measure = services.measure_add(
        by=officer,
        triangle=signed_triangle,
        data={
            "criterion": QualityCriterion.objects.get(number=3),
            "title": "Flyer in the waiting room",
            "goal": "",
            "owner": "institution",
            "due_on": None,
            "status": "planned",
        },
    )
    services.measure_update(
        by=staff,
        measure=measure,
        data=fields(measure, status="in_progress", due_on=date(2026, 6, 30)),
    )
    measure.refresh_from_db()
    services.measure_update(by=staff, measure=measure, data=fields(measure))  # nothing changed
    services.measure_update(
        by=officer,
        measure=measure,
        data=fields(measure, due_on=None, criterion=QualityCriterion.objects.get(number=2)),
    )
    history = measure_history(measure)
    assert [(h.who, h.created) for h in history] == [
        (str(officer), True),
        (str(staff), False),
        (str(officer), False),
    ]
    assert [(f.label, f.before, f.after) for f in history[1].fields] == [
        ("due date", "", "30 June 2026"),
        ("status", "planned", "in progress"),
    ]
    criterion, due = history[2].fields
    assert criterion.before.startswith("3. ") and criterion.after.startswith("2. ")
    assert (due.before, due.after) == ("30 June 2026", "")
    url = reverse("cooperation:measure_edit", args=[signed_triangle.pk, measure.pk])
    page = client_for(R.GROUP_CONTACT).get(url).content.decode()
    assert "History of the measure" in page
    assert f"added by {officer}" in page and f"changed by {staff}" in page
    assert "Status: planned → in progress" in page
    assert "Due date: 30 June 2026 removed" in page


def test_the_history_runs_the_same_queries_however_long(
    signed_triangle, demo_users, client_for
) -> None:  # type: ignore[no-untyped-def]
    officer = demo_users[R.SELF_HELP_OFFICER]
    measure = services.measure_add(
        by=officer,
        triangle=signed_triangle,
        data={
            "criterion": QualityCriterion.objects.get(number=1),
            "title": "A person in charge",
            "owner": "institution",
            "status": "planned",
        },
    )
    client = client_for(R.SELF_HELP_OFFICER)
    url = reverse("cooperation:measure_edit", args=[signed_triangle.pk, measure.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for n, status in enumerate(["in_progress", "done", "planned", "dropped"]):
        measure.refresh_from_db()
        services.measure_update(
            by=demo_users[R.CENTRE_STAFF if n % 2 else R.MANAGEMENT],
            measure=measure,
            data=fields(measure, status=status, goal=f"Goal {n}"),
        )
    assert len(measure_history(measure)) == 5
    assert queries() == before


def test_the_national_office_reads_a_measure_s_history_without_a_form(
    signed_triangle, demo_users, client_for
) -> None:  # type: ignore[no-untyped-def]
    measure = services.measure_add(
        by=demo_users[R.SELF_HELP_OFFICER],
        triangle=signed_triangle,
        data={
            "criterion": QualityCriterion.objects.get(number=4),
            "title": "Shared training day",
            "owner": "centre",
            "status": "planned",
        },
    )
    services.measure_update(
        by=demo_users[R.CENTRE_STAFF], measure=measure, data=fields(measure, status="done")
    )
    office = client_for(R.QUALITY_REVIEWER)
    triangle_page = office.get(
        reverse("cooperation:triangle_detail", args=[signed_triangle.pk])
    ).content.decode()
    url = reverse("cooperation:measure_detail", args=[signed_triangle.pk, measure.pk])
    assert f'href="{url}"' in triangle_page
    assert (
        office.get(
            reverse("cooperation:measure_edit", args=[signed_triangle.pk, measure.pk])
        ).status_code
        == 404
    )

    with CaptureQueriesContext(connection) as captured:
        page = office.get(url).content.decode()
    assert "Shared training day" in page and "Status: planned → done" in page
    assert f"changed by {demo_users[R.CENTRE_STAFF]}" in page
    assert '<form method="post"' not in page.split("<main", 1)[-1]
    assert len(captured) <= 12
    assert client_for(R.MEMBER).get(url).status_code == 404
