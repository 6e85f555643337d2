"""Who may do what with organisations and memberships; the national office's roles.

Each rule has a queryset twin: ``Organisation.objects.visible_to(user)`` agrees
with ``accounts.view_organisation`` (checked by ``tests/core/test_permissions.py``).
"""

from __future__ import annotations

from typing import Any

import rules

from entraide.accounts.models import (
    PROFESSION_ROLES,
    ROLES_BY_KIND,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
)
from entraide.core.permissions import first_or_404, has_role

NATIONAL_OFFICE_ROLES = ROLES_BY_KIND[OrganisationKind.NATIONAL_OFFICE]
INSTITUTION_ROLES = ROLES_BY_KIND[OrganisationKind.HEALTH_INSTITUTION]
# The institution's people who run its cooperation (and invite their colleagues).
INSTITUTION_LEADS = frozenset({Role.SELF_HELP_OFFICER, Role.MANAGEMENT})

is_national_coordinator = has_role(Role.NATIONAL_COORDINATOR)
is_national_office = has_role(*NATIONAL_OFFICE_ROLES)


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
def is_institution_lead(user: Any, institution: Organisation | None) -> bool:
    """The institution's self-help officer or management: they run its cooperation."""
    if not user.is_authenticated or institution is None:
        return False
    return institution.memberships.filter(user=user, role__in=INSTITUTION_LEADS).exists()


def may_manage_centre(user: Any, centre: Organisation | None) -> bool:
    """Centre staff manage their own centre's listings, requests, imports and exports.

    The national office does not: contact requests hold health-related data
    that only the responsible centre reads.
    """
    return bool(is_centre_staff_of(user, centre))


def get_organisation_for_user(user: Any, pk: int) -> Organisation:
    """The organisation if the user may open it, else 404 (never 403: no existence leak)."""
    return first_or_404(Organisation.objects.visible_to(user).filter(pk=pk))


rules.add_perm("core.view_auditentry", is_national_coordinator)
# In demo mode the coordinator reads every email sent, the others their own.
rules.add_perm("core.view_every_demo_email", is_national_coordinator)
rules.add_perm("accounts.view_organisation", is_national_office | is_member_of)
rules.add_perm("accounts.list_organisations", is_national_office)
# Creating, editing, importing and deactivating organisations and people.
rules.add_perm("accounts.manage_organisations", is_national_coordinator)
# The national coordinator manages every membership; higher apps widen it with
# ``core.permissions.grant`` (a centre invites its groups' contacts, an
# institution's leads their colleagues).
rules.add_perm("accounts.manage_memberships", is_national_coordinator)


@rules.predicate
def is_own_profession_membership(user: Any, membership: Membership | None) -> bool:
    """The person's own membership in a health institution, which carries a profession."""
    return (
        membership is not None
        and user.is_authenticated
        and membership.user_id == user.pk
        and membership.role in PROFESSION_ROLES
    )


# Each person states their own profession, once per institution they work in.
rules.add_perm("accounts.set_profession", is_own_profession_membership)
