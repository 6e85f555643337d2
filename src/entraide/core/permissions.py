"""The permission policy of the whole project, in one place.

Each rule here has a queryset twin (``visible_to(user)``) on the model it
protects; ``tests/core/test_permissions.py`` checks that the two agree.
"""

from __future__ import annotations

from typing import Any

import rules
from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404

from entraide.accounts.models import (
    ROLES_BY_KIND,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
)


@rules.predicate
def is_national_coordinator(user: Any) -> bool:
    return user.is_authenticated and user.has_role(Role.NATIONAL_COORDINATOR)


@rules.predicate
def is_national_office(user: Any) -> bool:
    return user.is_authenticated and user.has_role(Role.NATIONAL_COORDINATOR, Role.QUALITY_REVIEWER)


@rules.predicate
def is_member_of(user: Any, organisation: Organisation | None) -> bool:
    if not user.is_authenticated or organisation is None:
        return False
    return organisation.memberships.filter(user=user).exists()


@rules.predicate
def is_centre_staff_of(user: Any, centre: Organisation | None) -> bool:
    """The person works for this regional centre (the only people who see its workspace)."""
    if not user.is_authenticated or centre is None:
        return False
    return centre.memberships.filter(user=user, role=Role.CENTRE_STAFF).exists()


@rules.predicate
def is_centre_staff_of_group(user: Any, organisation: Organisation | None) -> bool:
    """The organisation is a self-help group listed by a centre the person works for."""
    if organisation is None or organisation.kind != OrganisationKind.SELF_HELP_GROUP:
        return False
    group = getattr(organisation, "group", None)  # the listing that uses this organisation
    return group is not None and bool(is_centre_staff_of(user, group.centre))


@rules.predicate
def is_demo(user: Any) -> bool:
    return bool(settings.DEMO)


rules.add_perm("core.view_auditentry", is_national_coordinator)
rules.add_perm("core.view_demo_outbox", is_demo)
rules.add_perm("accounts.view_organisation", is_national_office | is_member_of)
rules.add_perm("accounts.list_organisations", is_national_office)
# The national coordinator manages every membership; a centre invites its groups' contacts.
rules.add_perm("accounts.manage_memberships", is_national_coordinator | is_centre_staff_of_group)
rules.add_perm("directory.edit_thesaurus", is_national_coordinator)
rules.add_perm("directory.manage_centre", is_centre_staff_of)


def may_edit_thesaurus(user: Any) -> bool:
    """Only the national coordinator's role, not a superuser flag (operators do not edit content)."""
    return bool(is_national_coordinator(user))


def may_manage_centre(user: Any, centre: Organisation | None) -> bool:
    """Centre staff manage their own centre's listings, requests, imports and exports.

    The national office does not: contact requests hold health-related data
    that only the responsible centre reads.
    """
    return bool(is_centre_staff_of(user, centre))


def centres_of(user: Any) -> QuerySet[Organisation]:
    """The regional centres whose workspace the person may open."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        kind=OrganisationKind.REGIONAL_CENTRE,
        memberships__user=user,
        memberships__role=Role.CENTRE_STAFF,
        is_active=True,
    ).distinct()


def get_centre_for_staff(user: Any, code: str) -> Organisation:
    """The centre with this code if the person is on its staff, else 404 (never 403)."""
    centre = centres_of(user).filter(code=code).first()
    if centre is None:
        raise Http404
    return centre


def get_organisation_for_user(user: Any, pk: int) -> Organisation:
    """The organisation if the user may open it, else 404 (never 403: no existence leak)."""
    organisation = Organisation.objects.visible_to(user).filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


# Cooperation triangles (seed 000). A triangle's parties are the members of its
# institution (self-help officer, professionals, management), the staff of its
# centre and the contacts of its groups; with the national office they are the
# only ones who read its convention, evaluations and feedback. The national
# office reviews and awards but never edits what the triangle rated.

INSTITUTION_ROLES = ROLES_BY_KIND[OrganisationKind.HEALTH_INSTITUTION]
# The institution's people who run its cooperation (and invite their colleagues).
INSTITUTION_LEADS = frozenset({Role.SELF_HELP_OFFICER, Role.MANAGEMENT})


def triangle_corners(user: Any, triangle: Any) -> set[str]:
    """The corners of the triangle the person speaks for ("institution", "centre", "groups")."""
    from entraide.cooperation.models import Corner

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
def is_triangle_party(user: Any, triangle: Any) -> bool:
    return triangle is not None and bool(triangle_corners(user, triangle))


@rules.predicate
def is_institution_lead(user: Any, institution: Organisation | None) -> bool:
    """The institution's self-help officer or management: they run its cooperation."""
    if not user.is_authenticated or institution is None:
        return False
    return institution.memberships.filter(user=user, role__in=INSTITUTION_LEADS).exists()


@rules.predicate
def is_triangle_lead(user: Any, triangle: Any) -> bool:
    if triangle is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(
        Q(organisation_id=triangle.institution_id, role__in=INSTITUTION_LEADS)
        | Q(organisation_id=triangle.centre_id, role=Role.CENTRE_STAFF),
        user=user,
    ).exists()


@rules.predicate
def starts_cooperations(user: Any) -> bool:
    """Institutions' leads, centre staff and the national coordinator start triangles."""
    return user.is_authenticated and user.has_role(
        Role.SELF_HELP_OFFICER, Role.MANAGEMENT, Role.CENTRE_STAFF, Role.NATIONAL_COORDINATOR
    )


# An institution's self-help officer and management invite their colleagues.
rules.set_perm(
    "accounts.manage_memberships",
    is_national_coordinator | is_centre_staff_of_group | is_institution_lead,
)
rules.add_perm("cooperation.add_institution", is_national_coordinator)
rules.add_perm("cooperation.work_on_triangle", is_triangle_party)
# Who takes part, and ending the cooperation: the institution's leads and the centre's staff.
rules.add_perm("cooperation.lead_triangle", is_triangle_lead)
rules.add_perm("cooperation.add_triangle", starts_cooperations)
rules.add_perm("cooperation.review_evaluation", is_national_office)
rules.add_perm("cooperation.award_distinction", is_national_coordinator)
rules.add_perm("cooperation.manage_library", is_national_coordinator)
rules.add_perm("cooperation.manage_units", is_national_coordinator | is_institution_lead)
rules.add_perm("cooperation.view_monitoring", is_national_office)


def may(user: Any, perm: str, obj: Any = None) -> bool:
    """The rule itself, whatever the account's superuser flag.

    Django's ``user.has_perm`` answers yes to a superuser for everything; the
    national coordinator operates the admin as a superuser but must not, say,
    edit a triangle's ratings. Roles decide, not the operator's flag.
    """
    return bool(rules.has_perm(perm, user, obj))


def get_triangle_for_user(user: Any, pk: int) -> Any:
    """The triangle if the person may read it, else 404 (never 403: no existence leak)."""
    from entraide.cooperation.models import Triangle

    triangle = (
        Triangle.objects.visible_to(user)
        .filter(pk=pk)
        .select_related("institution", "centre", "officer")
        .first()
    )
    if triangle is None:
        raise Http404
    return triangle


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
