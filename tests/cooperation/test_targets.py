"""The national targets as data: which is active, their outcomes, the pages, the API."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.accounts.models import Role
from entraide.cooperation import services
from entraide.cooperation.models import CooperationTarget, TargetCounts
from entraide.cooperation.monitoring import cooperation_figures, target_outcomes
from entraide.cooperation.targets import active_target, load_targets
from entraide.core.models import AuditEntry
from entraide.demo.cooperation import load_demo_cooperations
from tests.conftest import OFFICE, ROLES
from tests.cooperation.test_monitoring import cooperation

ZURICH = ZoneInfo("Europe/Zurich")
TODAY = date(2026, 11, 23)
today = time_machine.travel(datetime(2026, 11, 23, 12, tzinfo=ZURICH), tick=False)


def target(value: int, counts: str, due_on: str) -> CooperationTarget:
    return CooperationTarget.objects.create(
        value=value, counts=counts, due_on=date.fromisoformat(due_on)
    )


def test_the_migration_keeps_seed_000_s_target(db) -> None:  # type: ignore[no-untyped-def]
    seed = CooperationTarget.objects.get()
    assert (seed.value, seed.counts, seed.due_on) == (80, "units", date(2025, 12, 31))


def test_the_active_target_is_the_next_one_due_else_the_last(db) -> None:  # type: ignore[no-untyped-def]
    triangles = target(45, TargetCounts.TRIANGLES, "2027-12-31")
    targets = load_targets()
    seed = targets[0]
    assert active_target(targets, date(2025, 12, 31)) == seed  # due that very day
    assert active_target(targets, date(2026, 1, 1)) == triangles
    assert active_target(targets, date(2030, 1, 1)) == triangles  # all past: the last
    assert active_target([], date(2030, 1, 1)) is None


def test_the_figures_carry_the_target_active_that_day(db) -> None:  # type: ignore[no-untyped-def]
    target(2, TargetCounts.TRIANGLES, "2027-12-31")
    cooperation("2024-03-01", cantons=("VD", "GE"))
    cooperation("2025-06-01", ended="2026-02-01", cantons=("VD",))
    before = cooperation_figures(date(2025, 7, 1))
    assert (before["cooperations"], before["units"]) == (2, 3)
    assert (before["target"], before["target_date"], before["target_counts"]) == (
        80,
        "2025-12-31",
        "units",
    )
    after = cooperation_figures(date(2026, 3, 1))
    assert (after["cooperations"], after["units"]) == (1, 2)
    assert (after["target"], after["target_date"], after["target_counts"]) == (
        2,
        "2027-12-31",
        "triangles",
    )
    CooperationTarget.objects.all().delete()
    none = cooperation_figures(date(2026, 3, 1))
    assert (none["target"], none["target_date"], none["target_counts"]) == (0, None, None)


def test_a_past_target_is_judged_on_the_figure_of_its_date(db, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    cooperation("2025-03-01", cantons=("VD", "GE"))
    cooperation("2026-02-01", cantons=("VD",))  # after the first date
    target(3, TargetCounts.UNITS, "2026-06-30")
    target(3, TargetCounts.TRIANGLES, "2027-12-31")
    targets = load_targets()
    with django_assert_num_queries(1):
        outcomes = target_outcomes(targets, date(2026, 11, 23))
    seed, mid, ahead = outcomes
    assert (seed.is_past, seed.figure, seed.reached) == (True, 2, False)  # 2 units of 80
    assert (mid.is_past, mid.figure, mid.reached) == (True, 3, True)
    assert (ahead.is_past, ahead.figure, ahead.percent) == (False, 2, 67)  # today's triangles


def test_the_coordinator_sets_targets_with_an_audit_entry(demo_users) -> None:  # type: ignore[no-untyped-def]
    coordinator = demo_users[Role.NATIONAL_COORDINATOR]
    data = {
        "value": 45,
        "counts": "triangles",
        "due_on": date(2027, 12, 31),
        "label": "",
        "note": "",
    }
    created = services.target_save(by=coordinator, data=data)
    entries = AuditEntry.objects.filter(
        object_type="cooperation.cooperationtarget", object_id=str(created.pk)
    )
    entry = entries.get()
    assert entry.action == AuditEntry.Action.CREATE and "value" in entry.changed_fields
    services.target_save(by=coordinator, data={**data, "value": 50}, target=created)
    created.refresh_from_db()
    assert created.value == 50
    assert entries.count() == 2
    with pytest.raises(ValidationError) as error:  # the same count on the same date
        services.target_save(by=coordinator, data=data)
    assert "due_on" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.target_save(by=coordinator, data={**data, "value": 0, "due_on": date(2028, 1, 1)})
    with pytest.raises(PermissionDenied):
        services.target_save(by=demo_users[Role.QUALITY_REVIEWER], data=data)


@pytest.mark.parametrize("role", [r for r in ROLES if r != Role.NATIONAL_COORDINATOR])
def test_only_the_coordinator_adds_targets(client_for, role) -> None:  # type: ignore[no-untyped-def]
    client = client_for(role)
    post = {"value": "45", "counts": "triangles", "due_on": "2027-12-31"}
    expected = 302 if role == "anonymous" else 404
    assert client.post("/en/monitoring/targets/new/", post).status_code == expected
    assert CooperationTarget.objects.count() == 1
    listing = client.get("/en/monitoring/targets/").status_code
    assert listing == (200 if role in OFFICE else expected)


def test_the_coordinator_adds_a_target_and_bad_input_stays_in_the_form(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.NATIONAL_COORDINATOR)
    bad = {"value": "0", "counts": "moons", "due_on": "31.12.2027", "label": "Programme"}
    response = client.get("/en/monitoring/targets/new/")
    assert response.status_code == 200 and 'type="date"' in response.content.decode()
    response = client.post("/en/monitoring/targets/new/", bad)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"value", "counts", "due_on"}
    assert 'value="Programme"' in response.content.decode()
    good = {"value": "45", "counts": "triangles", "due_on": "2027-12-31", "label": "Programme"}
    response = client.post("/en/monitoring/targets/new/", good)
    assert response.status_code == 302 and response["Location"] == "/en/monitoring/targets/"
    new = CooperationTarget.objects.get(counts="triangles")
    assert (new.value, new.due_on, new.label) == (45, date(2027, 12, 31), "Programme")
    again = client.post("/en/monitoring/targets/new/", good)
    assert again.status_code == 200 and again.context["form"].errors["due_on"]
    edit = client.post(f"/en/monitoring/targets/{new.pk}/", {**good, "value": "40"})
    assert edit.status_code == 302
    new.refresh_from_db()
    assert new.value == 40
    assert client.get("/en/monitoring/targets/999999/").status_code == 404


@today
def test_the_dashboard_speaks_of_a_past_target_in_the_past(client_for) -> None:  # type: ignore[no-untyped-def]
    load_demo_cooperations(today=TODAY)  # the demo: 80 units by end 2025, 45 triangles by 2027
    units_then = cooperation_figures(date(2025, 12, 31))["units"]
    triangles_now = cooperation_figures(TODAY)["cooperations"]
    client = client_for(Role.QUALITY_REVIEWER)
    page = client.get("/en/monitoring/").content.decode()
    assert "The national target is 45 cooperation triangles by 31 December 2027." in page
    assert f"{triangles_now} of the 45 cooperation triangles aimed at" in page
    result = "reached" if units_then >= 80 else "missed"
    assert f'<td class="number">{units_then}</td>\n            <td>{result}</td>' in page
    assert "by the end of 2025" not in page
    # On a day of 2025, the target then active is seed 000's, now judged on its date.
    page = client.get("/en/monitoring/", {"at": "2025-06-30"}).content.decode()
    assert (
        f"The national target of 80 units in cooperation by 31 December 2025 was {result}: "
        f"{units_then} on that day."
    ) in page
    assert "The national target is 80" not in page
    # The public page: both figures, the active target, the past one judged.
    response = client_for("anonymous").get("/en/cooperations/")
    public = response.content.decode()
    assert response.context["figures"]["cooperations"] == triangles_now
    assert "The national target is 45 cooperation triangles by 31 December 2027." in public
    assert "by the end of 2025" not in public and result in public


@today
def test_once_every_date_is_past_the_public_page_says_how_the_last_one_went(client, db) -> None:  # type: ignore[no-untyped-def]
    cooperation("2024-03-01", cantons=("VD",))
    page = client.get("/en/cooperations/").content.decode()
    assert (
        "The national target of 80 units in cooperation by 31 December 2025 was missed: 1 on that day."
        in page
    )
    assert "The national target is" not in page
    CooperationTarget.objects.all().delete()
    assert "No national target has been set." in client.get("/en/cooperations/").content.decode()


def test_the_api_names_the_target_s_date_and_what_it_counts(client, db) -> None:  # type: ignore[no-untyped-def]
    target(1, TargetCounts.TRIANGLES, "2027-12-31")
    cooperation("2024-03-01", cantons=("VD", "GE"))
    answer = client.get("/api/v1/monitoring/cooperations", {"at": "2026-01-10"}).json()
    assert answer["cooperations"] == 1 and answer["units"] == 2
    assert (answer["target"], answer["target_date"], answer["target_counts"]) == (
        1,
        "2027-12-31",
        "triangles",
    )


@today
def test_the_targets_page_runs_the_same_queries_with_more_targets(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.NATIONAL_COORDINATOR)
    cooperation("2024-03-01", cantons=("VD",))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/monitoring/targets/").status_code == 200
        return len(captured)

    before = queries()
    for year in range(2026, 2032):
        target(10 * year, TargetCounts.TRIANGLES, f"{year}-12-31")
        cooperation(f"{year - 2}-05-01", cantons=("GE", "FR"))
    assert queries() == before
