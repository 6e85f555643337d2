"""The capabilities of accounts and organisations.

The patient-partner platform, the information sheets and the action plan register
theirs from their own apps, with the page they open, when those apps exist.
"""

from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import Role
from entraide.accounts.rules import NATIONAL_OFFICE_ROLES
from entraide.core.navigation import Capability, register

ALL_MEMBERS = frozenset(Role.values)

register(
    Capability(
        _("Organisations"),
        _("See every organisation of the network, its scope and its members."),
        NATIONAL_OFFICE_ROLES,
        "accounts:organisation_list",
        in_navigation=True,
        position=10,
    ),
    Capability(
        _("Audit trail"),
        _("Browse and filter the record of every change and every access to sensitive data."),
        frozenset({Role.NATIONAL_COORDINATOR}),
        "core:audit_list",
        in_navigation=True,
        position=20,
    ),
    Capability(
        _("My organisations"),
        _("See the organisations you belong to, your role in each and who else works there."),
        ALL_MEMBERS - NATIONAL_OFFICE_ROLES,
        "accounts:my_organisations",
        in_navigation=True,
        position=30,
    ),
    Capability(
        _("My account"),
        _("Change your name, your language, your password and your two-factor authentication."),
        ALL_MEMBERS,
        "accounts:profile",
        in_navigation=True,
        position=40,
    ),
)
