"""Who works in a regional centre's workspace (only its own staff), and who looks after a group.

Everything of another centre answers 404, the national office included:
contact requests are health-related data that stay with the responsible
centre (``ContactRequest.objects.visible_to``).
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import QuerySet

from entraide.accounts.models import Organisation, OrganisationKind, Role
from entraide.accounts.rules import is_centre_staff_of, is_national_coordinator
from entraide.centres.models import CentreActivity, ContactRequest
from entraide.core.permissions import first_or_404, grant
from entraide.directory.models import Group


@rules.predicate
def is_staff_of_request_centre(user: Any, request: ContactRequest | None) -> bool:
    """The person works for the centre responsible for the request (its only readers)."""
    return request is not None and bool(is_centre_staff_of(user, request.centre))


@rules.predicate
def is_centre_staff_of_group(user: Any, organisation: Organisation | None) -> bool:
    """The organisation is a self-help group listed by a centre the person works for."""
    if organisation is None or organisation.kind != OrganisationKind.SELF_HELP_GROUP:
        return False
    group = getattr(organisation, "group", None)  # the listing that uses this organisation
    return group is not None and bool(is_centre_staff_of(user, group.centre))


@rules.predicate
def is_staff_of_activity_centre(user: Any, activity: CentreActivity | None) -> bool:
    """The person works for the centre whose log this line is in."""
    return activity is not None and bool(is_centre_staff_of(user, activity.centre))


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
    return first_or_404(centres_of(user).filter(code=code))


def groups_of_contact(user: Any) -> QuerySet[Group]:
    """The groups a person looks after as their contact."""
    if not user.is_authenticated:
        return Group.objects.none()
    return Group.objects.filter(
        organisation__memberships__user=user,
        organisation__memberships__role=Role.GROUP_CONTACT,
    ).distinct()


def is_contact_of(user: Any, group: Group) -> bool:
    """The person looks after this group as its contact."""
    return groups_of_contact(user).filter(pk=group.pk).exists()


def get_group_for_contact(user: Any, group_id: int) -> Group:
    """A group the person looks after, with its centre, else 404."""
    return first_or_404(groups_of_contact(user).select_related("centre").filter(pk=group_id))


# Reading a contact request: ContactRequest.objects.visible_to is its queryset twin.
rules.add_perm("centres.view_contactrequest", is_staff_of_request_centre)
# The centre's log of support to groups and professionals' enquiries: its staff only
# (CentreActivity.objects.visible_to is the queryset twin of the first).
rules.add_perm("centres.view_centreactivity", is_staff_of_activity_centre)
rules.add_perm("centres.record_activity", is_centre_staff_of)
# The national coordinator moves a canton (its groups, open requests, projects) to another centre.
rules.add_perm("centres.move_canton", is_national_coordinator)
# What no active regional centre could take waits at the national office: the national
# coordinator sees the list (no person's details, no message) and hands each item over to a
# regional centre. Reading a request stays with the centre (ContactRequest.objects.visible_to).
rules.add_perm("centres.hand_over_from_office", is_national_coordinator)
# A centre invites the contacts of the groups it lists.
grant("accounts.manage_memberships", is_centre_staff_of_group)
