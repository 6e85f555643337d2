"""Who may read a group, edit the themes thesaurus and manage a centre's listings.

``Group.objects.visible_to(user)`` is the queryset twin of ``directory.view_group``.
"""

from __future__ import annotations

from typing import Any

import rules

from entraide.accounts.rules import (
    is_centre_staff_of,
    is_member_of,
    is_national_coordinator,
    is_national_office,
)
from entraide.directory.models import PUBLIC_STATUSES, Group


@rules.predicate
def is_public_group(user: Any, group: Group | None) -> bool:
    return group is not None and group.status in PUBLIC_STATUSES and group.is_listed


@rules.predicate
def works_for_group(user: Any, group: Group | None) -> bool:
    """The person is on the staff of the group's centre or a member of the group itself."""
    if group is None:
        return False
    return bool(is_centre_staff_of(user, group.centre)) or bool(
        is_member_of(user, group.organisation)
    )


def may_edit_thesaurus(user: Any) -> bool:
    """Only the national coordinator's role, not a superuser flag (operators do not edit content)."""
    return bool(is_national_coordinator(user))


rules.add_perm("directory.view_group", is_public_group | is_national_office | works_for_group)
rules.add_perm("directory.edit_thesaurus", is_national_coordinator)
rules.add_perm("directory.manage_centre", is_centre_staff_of)
