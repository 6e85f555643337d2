"""How a person gets an account: a sign-up link where sign-up is open, else who invites whom."""

from __future__ import annotations

from typing import Any

from django import template

from entraide.accounts.signup import national_office, signup_is_open

register = template.Library()


@register.inclusion_tag("accounts/how_to_get_an_account.html", takes_context=True)
def how_to_get_an_account(context: template.Context) -> dict[str, Any]:
    if signup_is_open(context.get("request")):
        return {"signup_open": True}
    return {"signup_open": False, "office": national_office()}
