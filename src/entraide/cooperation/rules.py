"""Who takes part in a cooperation triangle and what each may do (seed 000).

A triangle's parties are the members of its institution (self-help officer,
professionals, management), the staff of its centre and the contacts of its
groups; with the national office they are the only ones who read its
convention, evaluations and feedback (``Triangle.objects.visible_to`` is the
queryset twin of ``cooperation.view_triangle``). The national office
reviews and awards but never edits what the triangle rated.
"""

from __future__ import annotations

from collections.abc import Collection
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
from entraide.cooperation.models import PARTY_ROLES, Corner, QualityConsultation, Triangle
from entraide.core.permissions import first_or_404, grant, has_role


def party_memberships(
    *,
    institutions: Collection[int],
    centres: Collection[int],
    group_organisations: Collection[int] = (),
    institution_roles: Collection[str] = PARTY_ROLES[Corner.INSTITUTION],
) -> Q:
    """The memberships through which people take part in triangles of these organisations.

    The one definition of a triangle's people: the institution's (all of them,
    or only ``INSTITUTION_LEADS`` when they are the ones told), the centre's
    staff and the contacts of the groups' own organisations. It decides which
    corners a person speaks for and whom a change or a reminder is told to.
    """
    parties = Q(organisation_id__in=institutions, role__in=institution_roles) | Q(
        organisation_id__in=centres, role__in=PARTY_ROLES[Corner.CENTRE]
    )
    if group_organisations:
        parties |= Q(organisation_id__in=group_organisations, role__in=PARTY_ROLES[Corner.GROUPS])
    return parties


def triangle_parties(
    triangle: Triangle, *, institution_roles: Collection[str] = PARTY_ROLES[Corner.INSTITUTION]
) -> Q:
    """``party_memberships`` of one triangle (its groups' organisations read in one query)."""
    return party_memberships(
        institutions=[triangle.institution_id],
        centres=[triangle.centre_id],
        group_organisations=list(
            triangle.groups.exclude(organisation=None).values_list("organisation_id", flat=True)
        ),
        institution_roles=institution_roles,
    )


def triangle_corners(user: Any, triangle: Triangle) -> set[str]:
    """The corners of the triangle the person speaks for ("institution", "centre", "groups")."""
    if not user.is_authenticated:
        return set()
    roles = user.memberships.filter(triangle_parties(triangle)).values_list("role", flat=True)
    return {corner for role in roles for corner, held in PARTY_ROLES.items() if role in held}


@rules.predicate
def is_triangle_party(user: Any, triangle: Triangle | None) -> bool:
    return triangle is not None and bool(triangle_corners(user, triangle))


@rules.predicate
def is_triangle_lead(user: Any, triangle: Triangle | None) -> bool:
    if triangle is None or not user.is_authenticated:
        return False
    return user.memberships.filter(
        party_memberships(
            institutions=[triangle.institution_id],
            centres=[triangle.centre_id],
            institution_roles=INSTITUTION_LEADS,
        )
    ).exists()


@rules.predicate
def works_for_consultation_institution(user: Any, consultation: Any) -> bool:
    """Any of the people of the institution a consultation is for."""
    if consultation is None or not user.is_authenticated:
        return False
    return user.memberships.filter(
        organisation_id=consultation.institution_id, role__in=INSTITUTION_ROLES
    ).exists()


@rules.predicate
def leads_consultation_institution(user: Any, consultation: Any) -> bool:
    """The self-help officer or management of the institution a consultation is for."""
    return consultation is not None and is_institution_lead(user, consultation.institution)


# Who signs the convention for each party: the institution's management, the centre's
# staff, the contacts of the participating groups' organisations (one signature a party).
SIGNATORY_ROLES: dict[str, frozenset[str]] = {
    Corner.INSTITUTION: frozenset({Role.MANAGEMENT}),
    Corner.CENTRE: frozenset({Role.CENTRE_STAFF}),
    Corner.GROUPS: frozenset({Role.GROUP_CONTACT}),
}


def signatory_memberships(triangle: Triangle) -> Q:
    """The memberships of the people who may sign the triangle's convention."""
    return triangle_parties(triangle, institution_roles=SIGNATORY_ROLES[Corner.INSTITUTION])


def signatories(triangle: Triangle) -> dict[str, list[Any]]:
    """For each party ("institution", "centre", "groups"), the active people who may sign."""
    people: dict[str, dict[int, Any]] = {corner: {} for corner in Corner.values}
    memberships = Membership.objects.filter(
        signatory_memberships(triangle), user__is_active=True
    ).select_related("user")
    for membership in memberships.order_by("user__display_name", "user__email"):
        for corner, roles in SIGNATORY_ROLES.items():
            # Each role belongs to one party (``triangle_parties`` matched its organisation).
            if membership.role in roles:
                people[corner][membership.user_id] = membership.user
    return {corner: list(found.values()) for corner, found in people.items()}


def signatory_corners(user: Any, triangle: Triangle) -> set[str]:
    """The parties of the triangle for which the person may sign its convention."""
    if not user.is_authenticated:
        return set()
    return {corner for corner, people in signatories(triangle).items() if user in people}


def required_corners(people: dict[str, list[Any]]) -> list[str]:
    """The parties whose signature makes the convention signed: the institution and the
    centre always, the groups when their organisations have a contact who can sign."""
    return [c for c in Corner.values if c != Corner.GROUPS or people[Corner.GROUPS]]


@rules.predicate
def is_convention_signatory(user: Any, triangle: Triangle | None) -> bool:
    return triangle is not None and bool(signatory_corners(user, triangle))


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


def get_consultation_for_user(user: Any, pk: int) -> QualityConsultation:
    """The consultation if the person may read it (its institution's people, the national
    office), else 404."""
    return first_or_404(
        QualityConsultation.objects.visible_to(user).filter(pk=pk).select_related("institution")
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
# Self-help members' participation in the institution's committees: any party records it.
rules.add_perm("cooperation.record_committee_participation", is_triangle_party)
# Who takes part, and ending the cooperation: the institution's leads and the centre's staff.
rules.add_perm("cooperation.lead_triangle", is_triangle_lead)
rules.add_perm("cooperation.add_triangle", starts_cooperations)
rules.add_perm("cooperation.review_evaluation", is_national_office)
# The national coordinator shares out the reviews among the office's reviewers.
rules.add_perm("cooperation.assign_review", is_national_coordinator)
rules.add_perm("cooperation.award_distinction", is_national_coordinator)
# The on-site quality consultation: the institution's leads ask for it (or withdraw it),
# the national office dates it and records its report.
rules.add_perm("cooperation.request_consultation", is_institution_lead)
# Reading it (QualityConsultation.objects.visible_to): the institution's people and the office.
rules.add_perm(
    "cooperation.view_consultation", works_for_consultation_institution | is_national_office
)
rules.add_perm("cooperation.schedule_consultation", is_national_office)
rules.add_perm(
    "cooperation.cancel_consultation", leads_consultation_institution | is_national_office
)
rules.add_perm("cooperation.manage_library", is_national_coordinator)
rules.add_perm("cooperation.manage_units", is_national_coordinator | is_institution_lead)
rules.add_perm("cooperation.view_monitoring", is_national_office)
# The national targets are set by the national coordinator (the whole office reads them).
rules.add_perm("cooperation.manage_targets", is_national_coordinator)
# The convention's signatories sign it; the national office keeps its template.
rules.add_perm("cooperation.sign_convention", is_triangle_party & is_convention_signatory)
rules.add_perm("cooperation.view_convention_template", is_national_office)
rules.add_perm("cooperation.manage_convention_template", is_national_coordinator)
