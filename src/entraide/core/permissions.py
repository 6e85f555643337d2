"""The permission mechanism; the policy itself lives in each app's ``rules.py``.

Each app declares its predicates and permissions in ``<app>/rules.py``
(loaded by ``rules.apps.AutodiscoverRulesConfig`` when Django starts), with,
for each protected model, a queryset method ``visible_to(user)`` that agrees
with them (``tests/core/test_permissions.py`` checks that the two agree) and
``get_<thing>_for_user`` helpers that answer 404. This module knows no domain
app: a higher app widens a lower app's permission with :func:`grant`.
"""

from __future__ import annotations

from typing import Any

import rules
from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import Http404


def has_role(*roles: str) -> Any:
    """A predicate: the person holds one of these roles in some organisation."""

    @rules.predicate
    def holds_role(user: Any) -> bool:
        return bool(user.is_authenticated and user.has_role(*roles))

    return holds_role


@rules.predicate
def is_demo(user: Any) -> bool:
    return bool(settings.DEMO)


def grant(perm: str, predicate: Any) -> None:
    """Give ``perm`` to whoever ``predicate`` accepts, besides those it already has.

    The registry through which a higher app widens a lower app's permission
    (centres let their staff invite a group's contacts; cooperation lets an
    institution's leads invite colleagues) without the lower app knowing it.
    """
    if rules.perm_exists(perm):
        # rules keeps the registry in a RuleSet (a dict of predicates).
        rules.set_perm(perm, rules.permissions.permissions[perm] | predicate)
    else:
        rules.add_perm(perm, predicate)


def may(user: Any, perm: str, obj: Any = None) -> bool:
    """The rule itself, whatever the account's superuser flag.

    Django's ``user.has_perm`` answers yes to a superuser for everything; the
    national coordinator operates the admin as a superuser but must not, say,
    edit a triangle's ratings. Roles decide, not the operator's flag.
    """
    return bool(rules.has_perm(perm, user, obj))


def first_or_404[M: Model](queryset: QuerySet[M]) -> M:
    """The first row of the query, else 404 (never 403: no existence leak)."""
    found = queryset.first()
    if found is None:
        raise Http404
    return found


rules.add_perm("core.view_demo_outbox", is_demo)
