"""The permission policy of the whole project, in one place.

Each rule here has a queryset twin (``visible_to(user)``) on the model it
protects; ``tests/core/test_permissions.py`` checks that the two agree.
"""

from __future__ import annotations

from typing import Any

import rules
from django.conf import settings
from django.http import Http404

from entraide.accounts.models import Organisation, Role


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
def is_demo(user: Any) -> bool:
    return bool(settings.DEMO)


rules.add_perm("core.view_auditentry", is_national_coordinator)
rules.add_perm("core.view_demo_outbox", is_demo)
rules.add_perm("accounts.view_organisation", is_national_office | is_member_of)
rules.add_perm("accounts.list_organisations", is_national_office)
rules.add_perm("accounts.manage_memberships", is_national_coordinator)
rules.add_perm("directory.edit_thesaurus", is_national_coordinator)


def may_edit_thesaurus(user: Any) -> bool:
    """Only the national coordinator's role, not a superuser flag (operators do not edit content)."""
    return bool(is_national_coordinator(user))


def get_organisation_for_user(user: Any, pk: int) -> Organisation:
    """The organisation if the user may open it, else 404 (never 403: no existence leak)."""
    organisation = Organisation.objects.visible_to(user).filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation
