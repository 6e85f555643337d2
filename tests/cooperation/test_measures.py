"""A triangle's measures, and those adopted from the library of proven measures."""

from __future__ import annotations

from django.urls import reverse

from entraide.accounts.models import Role
from entraide.cooperation.models import (
    LibraryMeasure,
)

R = Role


def test_measures_added_and_adopted_once_with_usage_counts(
    signed_triangle, triangle, demo_users, client_for
) -> None:
    source = LibraryMeasure.objects.filter(criterion_id=3).first()
    client = client_for(R.GROUP_CONTACT)
    adopt = reverse("cooperation:measure_adopt", args=[signed_triangle.pk, source.pk])
    assert client.post(adopt).status_code == 302
    assert client.post(adopt).status_code == 302  # twice: refused with a message
    assert signed_triangle.measures.filter(source=source).count() == 1
    response = client.get(reverse("cooperation:library"))
    measure = next(m for m in response.context["measures"] if m.pk == source.pk)
    assert measure.triangle_count == 1
    response = client.post(
        reverse("cooperation:measure_new", args=[signed_triangle.pk]),
        {
            "criterion": 5,
            "title": "Rencontre",
            "owner": "centre",
            "status": "planned",
            "due_on": "2020-01-01",
        },
    )
    assert response.status_code == 200  # due before the start: refused next to the field
    assert "due_on" in response.context["form"].errors
    assert client_for(R.QUALITY_REVIEWER).post(adopt).status_code == 404
