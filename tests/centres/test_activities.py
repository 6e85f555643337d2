"""The centre's log of support to groups and of professionals' enquiries, and its statistics."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from entraide.accounts.models import Membership, Organisation, Role, User
from entraide.centres.models import CentreActivity
from entraide.centres.services.activities import activity_record
from entraide.centres.services.statistics import month_statistics
from entraide.core.models import AuditEntry
from entraide.directory.models import Group
from tests.conftest import make_group

URL = "/fr/centre/centre-vd/activities/"


@pytest.fixture
def staff(demo_users) -> User:  # type: ignore[no-untyped-def]
    return demo_users[Role.CENTRE_STAFF]


@pytest.fixture
def group(centre_vd) -> Group:  # type: ignore[no-untyped-def]
    return make_group(
        name="Deuil Lausanne", canton_id="VD", municipality="Lausanne", centre=centre_vd
    )


@pytest.fixture
def geneva_group() -> Group:
    geneva = Organisation.objects.get(code="centre-ge")
    return make_group(name="Deuil Genève", canton_id="GE", municipality="Genève", centre=geneva)


def test_staff_add_support_to_a_group_through_the_page(client_for, staff, group) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)
    page = client.get(URL)
    assert page.status_code == 200
    assert f'value="{group.pk}"' in page.content.decode()  # the centre's groups to choose from
    response = client.post(
        URL,
        {
            "kind": "group_support",
            "on": "2026-11-02",
            "group": group.pk,
            "minutes": "90",
            "note": "Conflit sur l'animation",
        },
    )
    assert response.status_code == 302 and response["Location"] == URL
    entry = CentreActivity.objects.get()
    assert (entry.kind, entry.on, entry.group, entry.minutes) == (
        "group_support",
        date(2026, 11, 2),
        group,
        90,
    )
    audit = AuditEntry.objects.get(object_type="centres.centreactivity")
    assert audit.action == "create" and audit.actor == staff
    assert audit.changes["kind"] == [None, "group_support"] and audit.changes["minutes"] == [
        None,
        90,
    ]
    assert "note" not in audit.changes and "Conflit" not in str(audit.changes)
    listed = client.get(URL).content.decode()
    assert "Deuil Lausanne" in listed and "Conflit sur l&#x27;animation" in listed


def test_an_enquiry_from_a_professional_needs_the_field_and_no_group(
    staff, centre_vd, group
) -> None:  # type: ignore[no-untyped-def]
    entry = activity_record(
        by=staff,
        centre=centre_vd,
        kind="professional_enquiry",
        on=date(2026, 11, 3),
        professional_field="nursing",
    )
    assert entry.professional_field == "nursing" and entry.group is None
    with pytest.raises(ValidationError) as refused:
        activity_record(
            by=staff, centre=centre_vd, kind="professional_enquiry", on=date(2026, 11, 3)
        )
    assert "professional_field" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        activity_record(
            by=staff,
            centre=centre_vd,
            kind="professional_enquiry",
            on=date(2026, 11, 3),
            professional_field="medicine",
            group=group,
        )
    assert "group" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        activity_record(
            by=staff,
            centre=centre_vd,
            kind="group_support",
            on=date(2026, 11, 3),
            professional_field="medicine",
        )
    assert "professional_field" in refused.value.error_dict
    assert CentreActivity.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "group_support", "on": ""}, "on"),
        ({"kind": "group_support", "on": "2026-02-30"}, "on"),
        ({"kind": "chat", "on": "2026-11-02"}, "kind"),
        ({"kind": "group_support", "on": "2026-11-02", "minutes": "0"}, "minutes"),
        ({"kind": "group_support", "on": "2026-11-02", "minutes": "100000"}, "minutes"),
        ({"kind": "group_support", "on": "2026-11-02", "group": "999999"}, "group"),
        ({"kind": "group_support", "on": "2026-11-02", "note": "x" * 301}, "note"),
        ({"kind": "professional_enquiry", "on": "2026-11-02"}, "professional_field"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_keeping_what_was_typed(
    client_for, demo_users, data, field
) -> None:  # type: ignore[no-untyped-def]
    response = client_for(Role.CENTRE_STAFF).post(URL, {"note": "Gardé", **data})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    if field != "note":
        assert 'value="Gardé"' in response.content.decode()
    assert not CentreActivity.objects.exists()


def test_a_date_in_the_future_is_refused(staff, centre_vd) -> None:  # type: ignore[no-untyped-def]
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        activity_record(by=staff, centre=centre_vd, kind="group_support", on=tomorrow)
    assert "on" in refused.value.error_dict


def test_another_centres_group_is_refused_on_the_page_and_in_the_service(
    client_for, staff, centre_vd, geneva_group
) -> None:  # type: ignore[no-untyped-def]
    response = client_for(Role.CENTRE_STAFF).post(
        URL, {"kind": "group_support", "on": "2026-11-02", "group": geneva_group.pk}
    )
    assert response.status_code == 400 and "group" in response.context["form"].errors
    with pytest.raises(ValidationError):
        activity_record(
            by=staff,
            centre=centre_vd,
            kind="group_support",
            on=date(2026, 11, 2),
            group=geneva_group,
        )
    assert not CentreActivity.objects.exists()


def test_only_the_centres_own_staff_keep_and_read_its_log(
    client, client_for, staff, centre_vd
) -> None:  # type: ignore[no-untyped-def]
    activity_record(
        by=staff,
        centre=centre_vd,
        kind="professional_enquiry",
        on=date(2026, 11, 3),
        professional_field="therapy",
        note="Question du service de psychiatrie",
    )
    geneva = Organisation.objects.get(code="centre-ge")
    other = User.objects.create_user("geneve@example.org", "pw-long-enough-123", language="fr")
    Membership.objects.create(user=other, organisation=geneva, role=Role.CENTRE_STAFF)
    TOTP.activate(other, "JBSWY3DPEHPK3PXP")
    client.force_login(other)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"kind": "group_support", "on": "2026-11-02"}).status_code == 404
    own = client.get("/fr/centre/centre-ge/activities/")
    assert own.status_code == 200 and "psychiatrie" not in own.content.decode()
    for role in (Role.NATIONAL_COORDINATOR, Role.GROUP_CONTACT, Role.HEALTH_PROFESSIONAL):
        assert client_for(role).get(URL).status_code == 404
    with pytest.raises(PermissionDenied):
        activity_record(by=other, centre=centre_vd, kind="group_support", on=date(2026, 11, 2))
    assert CentreActivity.objects.count() == 1


def test_the_log_counts_per_month_in_the_statistics_and_their_export(
    client_for, staff, centre_vd, group
) -> None:  # type: ignore[no-untyped-def]
    for day, kind, fields in (
        (2, "group_support", {"group": group, "minutes": 60}),
        (9, "group_support", {"minutes": 30}),
        (3, "professional_enquiry", {"professional_field": "nursing"}),
        (4, "professional_enquiry", {"professional_field": "nursing", "minutes": 15}),
        (5, "professional_enquiry", {"professional_field": "social_work"}),
    ):
        activity_record(by=staff, centre=centre_vd, kind=kind, on=date(2025, 10, day), **fields)
    activity_record(by=staff, centre=centre_vd, kind="group_support", on=date(2025, 9, 30))
    stats = month_statistics(centre_vd, date(2025, 10, 1))
    assert (stats.group_support, stats.professional_enquiries, stats.activity_minutes) == (
        2,
        3,
        105,
    )
    with translation.override("en"):
        stats = month_statistics(centre_vd, date(2025, 10, 1))
    assert stats.enquiries_by_field == [("nursing", 2), ("social work", 1)]
    client = client_for(Role.CENTRE_STAFF)
    page = client.get("/fr/centre/centre-vd/statistics/?month=2025-10")
    assert page.context["stats"].professional_enquiries == 3
    export = client.get(
        "/en/centre/centre-vd/statistics/export.csv/", {"month": "2025-10", "period": "month"}
    )
    lines = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert ["2025-10", "Support to groups", "", "2"] in lines
    assert ["2025-10", "Enquiries from professionals", "", "3"] in lines
    assert ["2025-10", "Enquiries from professionals by field", "nursing", "2"] in lines


def test_the_log_runs_a_constant_number_of_queries(
    client_for, staff, centre_vd, group, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)
    activity_record(
        by=staff, centre=centre_vd, kind="group_support", on=date(2026, 11, 2), group=group
    )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        assert client.get(URL).status_code == 200
    for n in range(20):
        other = make_group(name=f"G{n}", canton_id="VD", municipality="Nyon", centre=centre_vd)
        activity_record(
            by=staff, centre=centre_vd, kind="group_support", on=date(2026, 11, 2), group=other
        )
        activity_record(
            by=staff,
            centre=centre_vd,
            kind="professional_enquiry",
            on=date(2026, 11, 3),
            professional_field="medicine",
        )
    with django_assert_num_queries(len(first)):
        assert client.get(URL).status_code == 200


def test_the_demo_log_is_valid_and_shows_on_the_page(client_for, directory) -> None:  # type: ignore[no-untyped-def]
    from entraide.demo.centres import LOG, load_demo_requests

    load_demo_requests()
    entries = list(CentreActivity.objects.filter(centre__code="centre-vd"))
    assert len(entries) == len(LOG)
    for entry in entries:
        entry.full_clean()
    page = client_for(Role.CENTRE_STAFF).get(URL).content.decode()
    assert "Médiation après un désaccord" in page.replace("&#x27;", "'")
