"""Who may edit the themes thesaurus and manage a centre's listings.

``Group.objects.visible_to(user)`` is the queryset of the groups a person may
read (the public ones to everybody).
"""

from __future__ import annotations

from typing import Any

import rules

from entraide.accounts.rules import is_centre_staff_of, is_national_coordinator


def may_edit_thesaurus(user: Any) -> bool:
    """Only the national coordinator's role, not a superuser flag (operators do not edit content)."""
    return bool(is_national_coordinator(user))


rules.add_perm("directory.edit_thesaurus", is_national_coordinator)
rules.add_perm("directory.manage_centre", is_centre_staff_of)
