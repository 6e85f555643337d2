"""The capabilities of accounts and organisations, and those still to come."""

from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import Role
from entraide.accounts.rules import INSTITUTION_ROLES, NATIONAL_OFFICE_ROLES
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
    # Announced on the home page until their apps open them.
    Capability(
        _("Information sheets for patients"),
        _("Find suitable groups for a patient and print a sheet in the patient's language."),
        INSTITUTION_ROLES,
        position=120,
    ),
    Capability(
        _("Patient-partner platform"),
        _("Recruit and train partners, study collaboration requests and issue mandates."),
        frozenset({Role.PLATFORM_COORDINATOR}),
        position=130,
    ),
    Capability(
        _("My involvements"),
        _("Keep your profile and availability, answer proposals and log your hours."),
        frozenset({Role.PATIENT_PARTNER}),
        position=140,
    ),
    Capability(
        _("Action plan"),
        _("Update the measures of the national action plan that your organisation owns."),
        frozenset({Role.MEMBER}) | NATIONAL_OFFICE_ROLES,
        position=150,
    ),
)
