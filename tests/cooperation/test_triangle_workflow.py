"""A triangle's workflow: who reads it, who starts it, who changes its parties and status."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entraide.accounts.models import Organisation, Role, Unit
from entraide.cooperation import services
from entraide.cooperation.forms import TriangleForm
from entraide.cooperation.models import (
    LibraryMeasure,
    Measure,
    TimelineKind,
    Triangle,
    TriangleStatus,
)
from entraide.core.models import AuditEntry
from entraide.directory.indexing import group_save
from tests.conftest import OFFICE, OUTSIDERS
from tests.conftest import TRIANGLE_PARTIES as PARTIES
from tests.cooperation.conftest import PDF, more_triangles

R = Role


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
    more_triangles(hospital, contact_group, demo_users, 3)
    for measure in Measure.objects.all():
        services.measure_update(
            by=officer,
            measure=measure,
            data={**{f: getattr(measure, f) for f in services.MEASURE_FIELDS}, "status": "done"},
        )
    assert [_queries(client, url) for url in urls] == before
