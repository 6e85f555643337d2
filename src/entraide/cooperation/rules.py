"""Who takes part in a cooperation triangle and what each may do (seed 000).

A triangle's parties are the members of its institution (self-help officer,
professionals, management), the staff of its centre and the contacts of its
groups; with the national office they are the only ones who read its
convention, evaluations and feedback (``Triangle.objects.visible_to`` is the
queryset twin of ``cooperation.view_triangle``). The national office
reviews and awards but never edits what the triangle rated.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q, QuerySet

from entraide.accounts.models import Membership, Organisation, OrganisationKind, Role
from entraide.accounts.rules import (
    INSTITUTION_LEADS,
    INSTITUTION_ROLES,
    is_institution_lead,
    is_national_coordinator,
    is_national_office,
)
from entraide.cooperation.models import Corner, Triangle
from entraide.core.permissions import first_or_404, grant, has_role


def triangle_corners(user: Any, triangle: Triangle) -> set[str]:
    """The corners of the triangle the person speaks for ("institution", "centre", "groups")."""
    if not user.is_authenticated:
        return set()
    memberships = set(
        user.memberships.filter(
            organisation_id__in=[
                triangle.institution_id,
                triangle.centre_id,
                *triangle.groups.exclude(organisation=None).values_list(
                    "organisation_id", flat=True
                ),
            ]
        ).values_list("organisation_id", "role")
    )
    corners = set()
    for organisation_id, role in memberships:
        if organisation_id == triangle.institution_id and role in INSTITUTION_ROLES:
            corners.add(Corner.INSTITUTION.value)
        elif organisation_id == triangle.centre_id and role == Role.CENTRE_STAFF:
            corners.add(Corner.CENTRE.value)
        elif role == Role.GROUP_CONTACT:
            corners.add(Corner.GROUPS.value)
    return corners


@rules.predicate
def is_triangle_party(user: Any, triangle: Triangle | None) -> bool:
    return triangle is not None and bool(triangle_corners(user, triangle))


@rules.predicate
def is_triangle_lead(user: Any, triangle: Triangle | None) -> bool:
    if triangle is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        Q(organisation_id=triangle.institution_id, role__in=INSTITUTION_LEADS)
        | Q(organisation_id=triangle.centre_id, role=Role.CENTRE_STAFF),
        user=user,
    ).exists()


# Institutions' leads, centre staff and the national coordinator start triangles.
starts_cooperations = has_role(
    Role.SELF_HELP_OFFICER, Role.MANAGEMENT, Role.CENTRE_STAFF, Role.NATIONAL_COORDINATOR
)


def get_triangle_for_user(user: Any, pk: int) -> Triangle:
    """The triangle if the person may read it, else 404 (never 403: no existence leak)."""
    return first_or_404(
        Triangle.objects.visible_to(user)
        .filter(pk=pk)
        .select_related("institution", "centre", "officer")
    )


def institutions_of(user: Any) -> QuerySet[Organisation]:
    """Health institutions whose page the person may open."""
    institutions = Organisation.objects.filter(kind=OrganisationKind.HEALTH_INSTITUTION)
    if not user.is_authenticated:
        return institutions.none()
    if is_national_office(user):
        return institutions
    return institutions.filter(
        memberships__user=user, memberships__role__in=INSTITUTION_ROLES
    ).distinct()


# An institution's self-help officer and management invite their colleagues.
grant("accounts.manage_memberships", is_institution_lead)
rules.add_perm("cooperation.add_institution", is_national_coordinator)
# Reading a triangle: its parties and the national office (Triangle.objects.visible_to).
rules.add_perm("cooperation.view_triangle", is_triangle_party | is_national_office)
rules.add_perm("cooperation.work_on_triangle", is_triangle_party)
# Who takes part, and ending the cooperation: the institution's leads and the centre's staff.
rules.add_perm("cooperation.lead_triangle", is_triangle_lead)
rules.add_perm("cooperation.add_triangle", starts_cooperations)
rules.add_perm("cooperation.review_evaluation", is_national_office)
rules.add_perm("cooperation.award_distinction", is_national_coordinator)
rules.add_perm("cooperation.manage_library", is_national_coordinator)
rules.add_perm("cooperation.manage_units", is_national_coordinator | is_institution_lead)
rules.add_perm("cooperation.view_monitoring", is_national_office)
