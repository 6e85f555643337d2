"""The national office's quality work: visits, assurances due, distinctions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from entraide.accounts.models import Role
from entraide.cooperation import services
from entraide.cooperation.models import (
    QualityVisit,
    TriangleStatus,
    VisitKind,
)
from entraide.cooperation.schedule import add_years

R = Role


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
    assert distinction.valid_until == add_years(today, 4) - timedelta(days=1)
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


def test_the_office_sees_which_quality_assurances_fall_due(
    signed_triangle, demo_users, client_for
) -> None:
    from entraide.cooperation.monitoring import assurances_due

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
