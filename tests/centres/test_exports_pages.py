"""The centre's export page and the public calendar feeds."""

from __future__ import annotations

import io

import icalendar
import openpyxl
import pytest

from entraide.accounts.models import Role
from entraide.directory.indexing import group_save
from entraide.directory.models import Group
from tests.conftest import make_group


@pytest.fixture
def group(centre_vd) -> Group:  # type: ignore[no-untyped-def]
    return make_group(
        name='=HYPERLINK("x")',
        canton_id="VD",
        municipality="Nyon",
        postal_code="1260",
        centre=centre_vd,
        rhythm="weekly",
        weekday=1,
        start_time="19:00",
        end_time="21:00",
    )


def test_staff_download_each_format_from_the_workspace(client_for, group) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)
    page = client.get("/fr/centre/centre-vd/exports/")
    assert page.status_code == 200
    xlsx = client.get("/fr/centre/centre-vd/exports/?format=xlsx&language=fr")
    assert xlsx.status_code == 200 and "attachment" in xlsx["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("x")' in names  # a formula is escaped, never run
    pdf = client.get("/fr/centre/centre-vd/exports/?format=pdf&language=de")
    assert pdf.content.startswith(b"%PDF")
    for fmt in ("csv", "ics", "hsds"):
        assert (
            client.get(f"/fr/centre/centre-vd/exports/?format={fmt}&language=it").status_code == 200
        )


def test_a_bad_choice_is_explained_and_another_centre_is_404(client_for, group) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)
    response = client.get("/fr/centre/centre-vd/exports/?format=exe&language=fr")
    assert response.status_code == 400 and response.context["form"].errors["format"]
    assert client.get("/fr/centre/centre-ge/exports/?format=csv&language=fr").status_code == 404
    coordinator = client_for(Role.NATIONAL_COORDINATOR)
    assert coordinator.get("/fr/centre/centre-vd/exports/?format=csv").status_code == 404


def test_the_public_calendars_of_a_group_and_of_a_centre(client, group) -> None:  # type: ignore[no-untyped-def]
    one = icalendar.Calendar.from_ical(client.get(f"/fr/groups/{group.pk}/calendar.ics").content)
    events = [c for c in one.walk("VEVENT")]
    assert len(events) == 1 and "FREQ=WEEKLY" in events[0]["RRULE"].to_ical().decode()
    feed = client.get("/fr/centres/centre-vd/calendar.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    assert client.get("/fr/centres/no-such-centre/calendar.ics").status_code == 404
    group.status = "closed"
    group_save(group)
    assert client.get(f"/fr/groups/{group.pk}/calendar.ics").status_code == 404
