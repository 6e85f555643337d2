"""The centre's statistics as CSV and XLSX: the page's figures, month by month, and no person."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.accounts.models import Membership, Organisation, Role, User
from entraide.centres.models import ContactRequest
from entraide.directory.models import Group, Theme
from tests.conftest import make_group

SECRET_NAME = "Marie Secrète"
SECRET_EMAIL = "marie@example.org"
URL = "/fr/centre/centre-vd/statistics/export.{fmt}/"
# The figures' names in English, the language of the code (independent of the catalogues).
EN_URL = "/en/centre/centre-vd/statistics/export.{fmt}/"


@pytest.fixture
def group(centre_vd, demo_users) -> Group:  # type: ignore[no-untyped-def]
    group = make_group(
        name="Deuil Lausanne", canton_id="VD", municipality="Lausanne", centre=centre_vd
    )
    group.themes.set([Theme.objects.create(code="grief-x", category="social", label="Deuil-x")])
    return group


def make_request(of: Group, created_at: datetime, **fields) -> ContactRequest:  # type: ignore[no-untyped-def]
    values = {
        "group": of,
        "centre": of.centre,
        "name": SECRET_NAME,
        "email": SECRET_EMAIL,
        "language": "fr",
        "message": "Mon mari est décédé.",
        "consent_text": "…",
        "consent_version": "2026-11",
        "consented_at": created_at,
        **fields,
    }
    request = ContactRequest.objects.create(**values)
    ContactRequest.objects.filter(pk=request.pk).update(created_at=created_at)
    return request


@pytest.fixture
def requests_of_2025(group) -> None:  # type: ignore[no-untyped-def]
    march = datetime(2025, 3, 10, 12, tzinfo=UTC)
    make_request(group, march, channel="phone")
    make_request(group, march, channel="web", status="closed", outcome="joined")
    make_request(group, datetime(2025, 11, 3, 12, tzinfo=UTC), channel="web")
    # Another centre's request is not counted.
    geneva = Organisation.objects.get(code="centre-ge")
    make_request(group, march, centre=geneva)


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # for Excel
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_month_as_csv_has_the_pages_figures(client_for, requests_of_2025) -> None:  # type: ignore[no-untyped-def]
    response = client_for(Role.CENTRE_STAFF).get(
        EN_URL.format(fmt="csv"), {"month": "2025-03", "period": "month"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="centre-vd-statistics-2025-03.csv"' in response["Content-Disposition"]
    lines = read_csv(response.content)
    assert lines[0] == ["Month", "Figure", "Category", "Number"]
    assert ["2025-03", "Requests received", "", "2"] in lines
    assert ["2025-03", "Still open", "", "1"] in lines
    assert ["2025-03", "By theme", "Deuil-x", "2"] in lines
    assert {line[0] for line in lines[1:]} == {"2025-03"}
    assert (
        SECRET_NAME not in response.content.decode()
        and SECRET_EMAIL not in response.content.decode()
    )


def test_the_year_as_xlsx_has_every_month(client_for, requests_of_2025) -> None:  # type: ignore[no-untyped-def]
    response = client_for(Role.CENTRE_STAFF).get(
        EN_URL.format(fmt="xlsx"), {"month": "2025-06", "period": "year"}
    )
    assert response.status_code == 200
    assert 'filename="centre-vd-statistics-2025.xlsx"' in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    summary = list(book.worksheets[0].values)
    assert summary[0][:3] == ("Month", "Requests received", "Still open")
    assert len(summary) == 13  # January to December of a past year
    assert ("2025-03", 2, 1) in [line[:3] for line in summary]
    assert ("2025-11", 1, 1) in [line[:3] for line in summary]
    assert ("2025-01", 0, 0, 0, 0, 0) in summary
    assert book.sheetnames == [
        "Summary",
        "By theme",
        "By channel",
        "By outcome",
        "By professional field",
    ]
    themes = list(book.worksheets[1].values)
    assert ("2025-03", "Deuil-x", 2) in themes and ("2025-11", "Deuil-x", 1) in themes
    cells = " ".join(str(v) for sheet in book.worksheets for row in sheet.values for v in row)
    assert SECRET_NAME not in cells and SECRET_EMAIL not in cells


def test_the_page_links_to_the_exports(client_for, demo_users) -> None:  # type: ignore[no-untyped-def]
    page = client_for(Role.CENTRE_STAFF).get("/fr/centre/centre-vd/statistics/?month=2025-03")
    html = page.content.decode()
    assert "/fr/centre/centre-vd/statistics/export.csv/?month=2025-03&amp;period=month" in html
    assert "/fr/centre/centre-vd/statistics/export.xlsx/?month=2025-03&amp;period=year" in html


def test_only_the_centres_staff_may_export(client, client_for, centre_vd, demo_users) -> None:  # type: ignore[no-untyped-def]
    geneva = Organisation.objects.get(code="centre-ge")
    other = User.objects.create_user("geneve@example.org", "pw-long-enough-123", language="fr")
    Membership.objects.create(user=other, organisation=geneva, role=Role.CENTRE_STAFF)
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(other, "JBSWY3DPEHPK3PXP")
    client.force_login(other)
    assert client.get(URL.format(fmt="csv")).status_code == 404
    assert client.get("/fr/centre/centre-ge/statistics/export.csv/").status_code == 200
    assert client_for(Role.NATIONAL_COORDINATOR).get(URL.format(fmt="csv")).status_code == 404


@pytest.mark.parametrize(
    "query",
    [{"month": "2025-13"}, {"month": "1999-01"}, {"period": "decade"}, {"month": "x" * 500}],
)
def test_bad_input_shows_the_page_with_the_error(client_for, demo_users, query) -> None:  # type: ignore[no-untyped-def]
    response = client_for(Role.CENTRE_STAFF).get(URL.format(fmt="csv"), query)
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert response.context["form"].errors


def test_an_unknown_format_is_not_found(client_for, demo_users) -> None:  # type: ignore[no-untyped-def]
    assert client_for(Role.CENTRE_STAFF).get(URL.format(fmt="pdf")).status_code == 404


def test_the_yearly_export_runs_a_constant_number_of_queries(client_for, group) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL.format(fmt="xlsx"), {"month": "2025-01", "period": "year"})
            assert response.status_code == 200
        return len(queries)

    make_request(group, datetime(2025, 2, 1, 12, tzinfo=UTC))
    few = count()
    for month in range(1, 13):
        other = make_group(
            name=f"G{month}", canton_id="VD", municipality="Nyon", centre=group.centre
        )
        make_request(other, datetime(2025, month, 15, 12, tzinfo=UTC), channel="email")
        make_request(group, datetime(2025, month, 16, 12, tzinfo=UTC), group=None)
    assert count() == few
