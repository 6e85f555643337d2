"""Whether people may sign up on their own, and whom to ask for an account when they may not.

Accounts are created by invitation (``AccountAdapter.is_open_for_signup``); the pages
and emails that would offer a sign-up link ask :func:`signup_is_open` first and
otherwise say who invites whom (``accounts/how_to_get_an_account.html``).
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.http import HttpRequest

from entraide.accounts.models import Organisation, OrganisationKind


def signup_is_open(request: HttpRequest | None) -> bool:
    """What the account adapter says for this request (closed without a request)."""
    return request is not None and bool(get_adapter(request).is_open_for_signup(request))


def national_office() -> Organisation | None:
    """The active national office, which a new organisation contacts (one query)."""
    return (
        Organisation.objects.filter(kind=OrganisationKind.NATIONAL_OFFICE, is_active=True)
        .only("name", "email")
        .order_by("pk")
        .first()
    )
