"""National monitoring: the figures, the series, the pages, the export, the API and the report."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.accounts.models import InstitutionType, Organisation, OrganisationKind, Role, Unit
from entraide.cooperation.cantonmap import GRID, INK, SHADES, canton_map, canton_rows
from entraide.cooperation.models import (
    ConventionVersion,
    Corner,
    CriterionRating,
    Distinction,
    DistinctionKind,
    EvaluationStatus,
    LibraryMeasure,
    Measure,
    Rating,
    SelfEvaluation,
    Triangle,
)
from entraide.cooperation.monitoring import (
    cooperation_figures,
    cooperation_series,
    criteria_fulfilment,
    library_usage,
    quarter_ends,
)
from entraide.core.models import Canton
from entraide.demo.cooperation import load_demo_cooperations
from tests.conftest import OFFICE, ROLES

ZURICH = ZoneInfo("Europe/Zurich")
TODAY = date(2026, 11, 23)
SEED_DATE = date(2025, 4, 30)

today = time_machine.travel(datetime(2026, 11, 23, 12, tzinfo=ZURICH), tick=False)


def institution(name: str, canton: str = "JU") -> Organisation:
    return Organisation.objects.create(
        kind=OrganisationKind.HEALTH_INSTITUTION,
        name=name,
        code=f"test-{Organisation.objects.count()}",
        canton_id=canton,
        institution_type=InstitutionType.HOSPITAL,
    )


def cooperation(  # type: ignore[no-untyped-def]
    signed: str | None,
    *,
    ended: str | None = None,
    cantons: tuple[str, ...] = ("JU",),
    owner: Organisation | None = None,
    name: str = "Hôpital test",
):
    """A triangle of ``owner`` (a new institution by default) with a unit in each canton."""
    owner = owner or institution(name, cantons[0])
    triangle = Triangle.objects.create(
        name=name,
        institution=owner,
        centre=Organisation.objects.get(code="centre-ne-ju"),
        started_on=date(2020, 1, 1),
        ended_on=date.fromisoformat(ended) if ended else None,
    )
    start = owner.units.count()
    triangle.units.set(
        [
            Unit.objects.create(institution=owner, name=f"Unité {start + i}", canton_id=canton)
            for i, canton in enumerate(cantons)
        ]
    )
    ConventionVersion.objects.create(
        triangle=triangle,
        number=1,
        drafted_on=date(2020, 1, 1),
        signatories="Direction",
        signed_on=date.fromisoformat(signed) if signed else None,
    )
    return triangle


# The figures ------------------------------------------------------------------


def test_the_demo_reproduces_the_figures_of_seed_000(db) -> None:  # type: ignore[no-untyped-def]
    assert load_demo_cooperations(today=TODAY) > 0
    seed = cooperation_figures(SEED_DATE)
    assert (seed["units"], seed["cantons"], seed["target"]) == (65, 18, 80)
    assert seed["at"] == "2025-04-30"
    assert sum(seed["by_canton"].values()) == 65 and len(seed["by_canton"]) == 18
    positions = dict(Canton.objects.values_list("code", "position"))
    assert list(seed["by_canton"]) == sorted(seed["by_canton"], key=positions.__getitem__)
    now = cooperation_figures(TODAY)
    assert 65 < now["units"] <= 80 and now["cantons"] > 18
    # Loading twice adds nothing; the demo journey's hospital is left alone.
    assert load_demo_cooperations(today=TODAY) == 0
    assert cooperation_figures(SEED_DATE) == seed
    assert not Triangle.objects.filter(institution__code="hospital-leman").exists()
    assert Distinction.objects.valid_on(TODAY).count() >= 3
    assert Distinction.objects.filter(valid_until__range=(TODAY, date(2027, 2, 21))).exists()


def test_a_triangle_ended_on_or_before_the_day_is_not_counted(db) -> None:  # type: ignore[no-untyped-def]
    cooperation("2023-01-10", ended="2024-06-30", cantons=("JU", "NE"))
    assert cooperation_figures(date(2024, 6, 29))["units"] == 2
    ended = cooperation_figures(date(2024, 6, 30))
    assert (ended["units"], ended["institutions"], ended["cantons"]) == (0, 0, 0)
    assert ended["by_canton"] == {}


def test_a_convention_signed_after_the_day_or_not_signed_is_not_counted(db) -> None:  # type: ignore[no-untyped-def]
    triangle = cooperation("2025-05-02", cantons=("GE", "GE"))
    cooperation(None, cantons=("VS",))  # a draft only
    assert cooperation_figures(date(2025, 5, 1))["units"] == 0
    # A second signed version does not count the units twice.
    ConventionVersion.objects.create(
        triangle=triangle,
        number=2,
        drafted_on=date(2025, 9, 1),
        signatories="Direction",
        signed_on=date(2025, 9, 5),
    )
    figures = cooperation_figures(date(2025, 10, 1))
    assert figures == {
        "at": "2025-10-01",
        "cooperations": 1,
        "units": 2,
        "institutions": 1,
        "cantons": 1,
        "target": 80,
        "target_date": "2025-12-31",
        "target_counts": "units",
        "by_canton": {"GE": 2},
    }


def test_the_series_counts_each_quarter_end_by_the_same_rule(db, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    assert cooperation_series(date(2025, 1, 1)) == []
    cooperation("2024-02-10", ended="2024-11-15", cantons=("JU",))
    owner = institution("Hôpital double", "VD")
    cooperation("2024-05-20", cantons=("VD", "FR"), owner=owner)
    cooperation("2025-01-05", cantons=("VD",), owner=owner)
    with django_assert_num_queries(2):  # the conventions, the targets
        series = cooperation_series(date(2025, 2, 14))
    assert [p["at"] for p in series] == [
        "2024-03-31",
        "2024-06-30",
        "2024-09-30",
        "2024-12-31",
        "2025-02-14",
    ]
    assert [p["units"] for p in series] == [1, 3, 3, 2, 3]
    assert [p["cooperations"] for p in series] == [1, 2, 2, 1, 2]
    assert [p["institutions"] for p in series] == [1, 2, 2, 1, 1]
    for point in series:
        assert point == cooperation_figures(date.fromisoformat(point["at"]))


def test_quarter_ends_stop_at_the_last_day() -> None:
    assert quarter_ends(date(2024, 12, 31), date(2024, 12, 31)) == [date(2024, 12, 31)]
    assert quarter_ends(date(2024, 11, 2), date(2025, 3, 31)) == [
        date(2024, 12, 31),
        date(2025, 3, 31),
    ]


def test_criteria_fulfilment_reads_the_latest_evaluation_the_office_received(db) -> None:  # type: ignore[no-untyped-def]
    triangle = cooperation("2022-01-10")
    for year, status, rating in (
        (2023, EvaluationStatus.REVIEWED, Rating.NOT_YET),
        (2024, EvaluationStatus.SUBMITTED, Rating.FULFILLED),
        (2025, EvaluationStatus.DRAFT, Rating.PARTLY),  # not sent yet: not counted
    ):
        evaluation = SelfEvaluation.objects.create(
            triangle=triangle, year=year, due_on=date(year, 1, 10), status=status
        )
        CriterionRating.objects.create(
            evaluation=evaluation, criterion_id=3, corner=Corner.GROUPS, rating=rating
        )
    rows = {row.criterion.number: row for row in criteria_fulfilment()}
    assert len(rows) == 6
    groups = next(c for c in rows[3].corners if c.corner == Corner.GROUPS)
    assert (groups.fulfilled, groups.partly, groups.not_yet) == (1, 0, 0)
    assert all(c.total == 0 for c in rows[1].corners)


def test_library_usage_counts_the_triangles_that_adopted_each_measure(db) -> None:  # type: ignore[no-untyped-def]
    proven = LibraryMeasure.objects.filter(is_active=True).first()
    assert proven is not None
    for _ in range(2):
        triangle = cooperation("2024-01-10")
        Measure.objects.create(
            triangle=triangle,
            criterion=proven.criterion,
            title=proven.title,
            owner=proven.owner,
            source=proven,
            status="done",
        )
    Measure.objects.create(
        triangle=triangle, criterion_id=6, title="Own", owner=Corner.GROUPS, status="planned"
    )
    usage = library_usage()
    assert next(a.triangles for a in usage.adopted if a.measure == proven) == 2
    by_criterion = {row.criterion.number: row for row in usage.by_criterion}
    assert by_criterion[6].total >= 1 and dict(by_criterion[6].by_status)["planned"] >= 1


# The pages --------------------------------------------------------------------


@today
def test_the_public_page_shows_the_figures_and_only_valid_distinctions(client, db) -> None:  # type: ignore[no-untyped-def]
    valid = cooperation("2021-01-10", name="Hôpital distingué", cantons=("NE",))
    expired = cooperation("2021-01-10", name="Hôpital d'autrefois", cantons=("NE",))
    future = cooperation("2021-01-10", name="Hôpital de demain", cantons=("NE",))
    for triangle, start, end in (
        (valid, date(2024, 1, 1), date(2027, 12, 31)),
        (expired, date(2020, 1, 1), date(2023, 12, 31)),
        (future, date(2027, 1, 1), date(2030, 12, 31)),
    ):
        Distinction.objects.create(
            institution_id=triangle.institution_id,
            triangle=triangle,
            kind=DistinctionKind.HOSPITAL,
            awarded_on=start,
            valid_until=end,
        )
    response = client.get("/fr/cooperations/")
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["figures"]["units"] == 3
    assert response.context["seed"]["at"] == "2025-04-30"
    assert "Hôpital distingué" in page
    assert "Hôpital d&#x27;autrefois" not in page and "Hôpital de demain" not in page
    assert 'role="img"' in page and 'aria-labelledby="canton-map-title"' in page
    assert "<caption" in page and "Neuchâtel" in page
    assert "style=" not in page  # the CSP refuses inline styles


def test_the_map_escapes_its_texts_and_keeps_its_labels_readable(db) -> None:  # type: ignore[no-untyped-def]
    assert len(GRID) == 26 and len(set(GRID.values())) == 26
    assert set(GRID) == set(Canton.objects.values_list("code", flat=True))
    rows = canton_rows(Canton.objects.all(), {"VD": 3, "ZH": 12})
    drawn = canton_map(rows, title='<script>"x"</script>', element_id="m")
    assert "<script>" not in drawn.svg and "&lt;script&gt;" in drawn.svg
    assert drawn.svg.count("<rect") == 26 and drawn.total == 15

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for shade in SHADES:
        light, dark = sorted((luminance(shade.fill), luminance(shade.text)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, shade
    assert SHADES[0].text == INK


@pytest.mark.parametrize("role", [r for r in ROLES if r not in OFFICE])
def test_the_dashboard_and_the_export_are_the_national_office_s(client_for, role) -> None:  # type: ignore[no-untyped-def]
    client = client_for(role)
    expected = 302 if role == "anonymous" else 404
    assert client.get("/fr/monitoring/").status_code == expected
    assert client.get("/fr/monitoring/export.csv/").status_code == expected
    assert client.get("/fr/monitoring/export.xlsx/").status_code == expected


@today
def test_the_office_sees_the_dashboard_on_a_chosen_day(client_for) -> None:  # type: ignore[no-untyped-def]
    load_demo_cooperations(today=TODAY)
    client = client_for(Role.QUALITY_REVIEWER)
    response = client.get("/de/monitoring/", {"at": "2025-04-30"})
    assert response.status_code == 200
    assert response.context["figures"]["units"] == 65
    assert response.context["figures"]["cantons"] == 18
    assert response.context["series"][-1]["at"] == "2025-04-30"
    page = response.content.decode()
    assert 'type="date"' in page and "2025-04-30" in page
    assert "/de/monitoring/export.csv/?at=2025-04-30" in page
    assert "style=" not in page


@today
@pytest.mark.parametrize("bad", ["30.04.2025", "2025-02-30", "1999-12-31", "2026-11-24", "x" * 300])
def test_a_bad_date_is_explained_next_to_the_field(client_for, bad) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.NATIONAL_COORDINATOR)
    response = client.get("/en/monitoring/", {"at": bad})
    assert response.status_code == 400
    assert response.context["form"].errors["at"]
    assert 'id="id_at_error"' in response.content.decode()
    assert client.get("/en/monitoring/export.csv/", {"at": bad}).status_code == 400


def test_an_unknown_export_format_is_not_found(client_for, db) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.NATIONAL_COORDINATOR)
    assert client.get("/fr/monitoring/export.pdf/").status_code == 404


def test_the_export_escapes_formula_like_institution_names(client_for, db) -> None:  # type: ignore[no-untyped-def]
    cooperation("2024-03-01", name='=HYPERLINK("http://evil.example","x")', cantons=("JU",))
    client = client_for(Role.NATIONAL_COORDINATOR)
    response = client.get("/fr/monitoring/export.csv/", {"at": "2025-04-30"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert 'filename="cooperations-2025-04-30.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 27  # the header and the 26 cantons
    jura = next(row for row in rows if row[0] == "JU")
    assert jura[2:] == ["1", "1", '\'=HYPERLINK("http://evil.example","x")']
    xlsx = client.get("/fr/monitoring/export.xlsx/", {"at": "2025-04-30"})
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert len(book.worksheets) == 2
    cantons, series = book.worksheets
    names = [row[4] for row in cantons.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    assert [row[:2] for row in series.iter_rows(min_row=2, values_only=True)][-1] == (
        "2025-04-30",
        1,
    )


# The institution's page and report ----------------------------------------------


@today
def test_the_report_is_a_pdf_for_the_institution_and_the_office_only(
    client_for, demo_users
) -> None:  # type: ignore[no-untyped-def]
    leman = Organisation.objects.get(code="hospital-leman")
    triangle = cooperation("2024-03-01", owner=leman, cantons=("VD",))
    SelfEvaluation.objects.create(
        triangle=triangle, year=2025, due_on=date(2025, 3, 1), status=EvaluationStatus.REVIEWED
    )
    other = cooperation("2024-03-01", name="Autre hôpital")
    officer = client_for(Role.SELF_HELP_OFFICER)
    page = officer.get(f"/fr/monitoring/institutions/{leman.pk}/")
    assert page.status_code == 200
    assert [*page.context["overview"].report_years] == [2024, 2025, 2026]
    report = officer.get(f"/fr/monitoring/institutions/{leman.pk}/report/2025/")
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
    assert report["Content-Type"] == "application/pdf"
    # Another institution's page and report: not found, like a page that does not exist.
    other_id = other.institution_id
    assert officer.get(f"/fr/monitoring/institutions/{other_id}/").status_code == 404
    assert officer.get(f"/fr/monitoring/institutions/{other_id}/report/2025/").status_code == 404
    coordinator = client_for(Role.NATIONAL_COORDINATOR)
    answer = coordinator.get(f"/it/monitoring/institutions/{other_id}/report/2025/")
    assert answer.content.startswith(b"%PDF")
    # A year outside the reports' range, and a centre's staff.
    assert officer.get(f"/fr/monitoring/institutions/{leman.pk}/report/2027/").status_code == 404
    centre = client_for(Role.CENTRE_STAFF)
    assert centre.get(f"/fr/monitoring/institutions/{leman.pk}/report/2025/").status_code == 404


@today
def test_the_report_lists_what_the_institution_did_that_year(db) -> None:  # type: ignore[no-untyped-def]
    from entraide.cooperation.assurances import report_quality
    from entraide.cooperation.monitoring import institution_report

    load_demo_cooperations(today=TODAY)
    glattal = Organisation.objects.get(code="demo-ksp-glattal")
    # The third triangle signed its convention in November 2025: it is in 2025's report only.
    assert len(institution_report(glattal, 2024).triangles) == 2
    report = institution_report(glattal, 2025)
    assert len(report.triangles) == 3
    first = report.triangles[0]
    assert first.signed_on == date(2021, 3, 18)
    assert first.evaluation is not None and first.evaluation.reviewed_at is not None
    assert len(first.ratings) == 6 and all(len(r.ratings) == 3 for r in first.ratings)
    assert first.measures
    quality = report_quality(glattal, 2024)
    # Glattal's distinction of 14 May 2024 rests on a consultation and a passed assurance.
    [distinction] = quality.distinctions
    assert distinction.awarded_on == date(2024, 5, 14) and distinction.institution == glattal
    assert [c.held_on for c in quality.consultations] == [date(2024, 3, 15)]
    [assurance] = quality.assurances
    assert assurance.criteria_met and len(assurance.findings.all()) == 6


# The API ----------------------------------------------------------------------


def test_the_api_gives_the_aggregates_of_a_day(client, db) -> None:  # type: ignore[no-untyped-def]
    cooperation("2024-03-01", cantons=("VD", "GE", "VD"))
    answer = client.get("/api/v1/monitoring/cooperations", {"at": "2025-04-30"})
    assert answer.status_code == 200
    assert answer.json() == {
        "at": "2025-04-30",
        "cooperations": 1,
        "units": 3,
        "institutions": 1,
        "cantons": 2,
        "target": 80,
        "target_date": "2025-12-31",
        "target_counts": "units",
        "by_canton": {"VD": 2, "GE": 1},
    }
    assert client.get("/api/v1/monitoring/cooperations", {"at": "2024-01-01"}).json()["units"] == 0


@today
def test_the_api_counts_today_by_default(client, db) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/monitoring/cooperations").json()["at"] == "2026-11-23"


@pytest.mark.parametrize("bad", ["30.04.2025", "2025-02-30", "yesterday", ""])
def test_a_malformed_date_is_a_422(client, db, bad) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/monitoring/cooperations", {"at": bad})
    assert response.status_code == 422


# A constant number of queries ---------------------------------------------------


def more_cooperations(count: int) -> None:
    """More triangles, evaluations, measures and distinctions than before."""
    proven = list(LibraryMeasure.objects.all()[:2])
    for index in range(count):
        triangle = cooperation("2023-02-01", cantons=("BE", "SO"), name=f"Hôpital {index}")
        evaluation = SelfEvaluation.objects.create(
            triangle=triangle, year=2024, due_on=date(2024, 2, 1), status="reviewed"
        )
        CriterionRating.objects.create(
            evaluation=evaluation, criterion_id=1, corner=Corner.CENTRE, rating=Rating.PARTLY
        )
        for measure in proven:
            Measure.objects.create(
                triangle=triangle,
                criterion=measure.criterion,
                title=measure.title,
                owner=measure.owner,
                source=measure,
            )
        Distinction.objects.create(
            institution_id=triangle.institution_id,
            triangle=triangle,
            kind=DistinctionKind.HOSPITAL,
            awarded_on=date(2024, 1, 1),
            valid_until=date(2027, 1, 1),
        )


@today
def test_the_pages_run_the_same_queries_with_more_data(client_for) -> None:  # type: ignore[no-untyped-def]
    leman = Organisation.objects.get(code="hospital-leman")
    cooperation("2024-03-01", owner=leman, cantons=("VD",))
    office = client_for(Role.NATIONAL_COORDINATOR)
    anonymous = client_for("anonymous")
    urls = [
        (office, "/fr/monitoring/?at=2025-04-30"),
        (office, "/fr/monitoring/export.xlsx/?at=2025-04-30"),
        (office, "/fr/monitoring/export.csv/"),
        (anonymous, "/fr/cooperations/"),
        (anonymous, "/api/v1/monitoring/cooperations"),
        (office, f"/fr/monitoring/institutions/{leman.pk}/"),
        (office, f"/fr/monitoring/institutions/{leman.pk}/report/2025/"),
    ]
    more_cooperations(1)
    before = []
    for client, url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        before.append(len(queries))
    more_cooperations(6)
    for _ in range(4):
        cooperation("2024-06-01", owner=leman, cantons=("VD", "FR"))
    after = []
    for client, url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        after.append(len(queries))
    assert after == before
