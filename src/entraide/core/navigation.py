"""What each role can do: the home page lists it, the navigation links to it.

An entry without ``url_name`` is a capability that later work will open; the
home page names it so that people know what is coming, without a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import Role


@dataclass(frozen=True)
class Capability:
    title: str | Promise
    description: str | Promise
    roles: frozenset[str]
    url_name: str | None = None
    in_navigation: bool = False


ALL_MEMBERS = frozenset(Role.values)
NATIONAL_OFFICE = frozenset({Role.NATIONAL_COORDINATOR, Role.QUALITY_REVIEWER})
INSTITUTION = frozenset({Role.SELF_HELP_OFFICER, Role.HEALTH_PROFESSIONAL, Role.MANAGEMENT})

CAPABILITIES: list[Capability] = [
    Capability(
        _("Organisations"),
        _("See every organisation of the network, its scope and its members."),
        NATIONAL_OFFICE,
        "accounts:organisation_list",
        in_navigation=True,
    ),
    Capability(
        _("Audit trail"),
        _("Browse and filter the record of every change and every access to sensitive data."),
        frozenset({Role.NATIONAL_COORDINATOR}),
        "core:audit_list",
        in_navigation=True,
    ),
    Capability(
        _("My organisations"),
        _("See the organisations you belong to, your role in each and who else works there."),
        ALL_MEMBERS - NATIONAL_OFFICE,
        "accounts:my_organisations",
        in_navigation=True,
    ),
    Capability(
        _("My account"),
        _("Change your name, your language, your password and your two-factor authentication."),
        ALL_MEMBERS,
        "accounts:profile",
        in_navigation=True,
    ),
    Capability(
        _("Themes thesaurus"),
        _("Keep the themes of self-help and their labels in four languages up to date."),
        frozenset({Role.NATIONAL_COORDINATOR}),
        "directory:theme_list",
        in_navigation=True,
    ),
    Capability(
        _("Self-evaluations and feedback"),
        _("Review the yearly self-evaluations of the cooperations and give formative feedback."),
        NATIONAL_OFFICE,
        "cooperation:review_list",
        in_navigation=True,
    ),
    Capability(
        _("National monitoring"),
        _("Follow the cooperations by canton against the target and export the figures."),
        NATIONAL_OFFICE,
        "monitoring:dashboard",
        in_navigation=True,
    ),
    Capability(
        _("Group directory of your region"),
        _("Keep the groups of your region current, review proposals and import or export lists."),
        frozenset({Role.CENTRE_STAFF}),
    ),
    Capability(
        _("Counselling inbox"),
        _("Answer the people who want to join a group and forward their requests."),
        frozenset({Role.CENTRE_STAFF}),
        "centres:workspace",
        in_navigation=True,
    ),
    Capability(
        _("Your group's listing"),
        _("Keep your group's details current and confirm the listing once a year."),
        frozenset({Role.GROUP_CONTACT}),
        "mygroups:list",
        in_navigation=True,
    ),
    Capability(
        _("Cooperation with self-help"),
        _("Prepare the convention, plan the measures and complete the yearly self-evaluation."),
        INSTITUTION | frozenset({Role.CENTRE_STAFF, Role.GROUP_CONTACT}),
        "cooperation:triangle_list",
        in_navigation=True,
    ),
    Capability(
        _("Information sheets for patients"),
        _("Find suitable groups for a patient and print a sheet in the patient's language."),
        INSTITUTION,
    ),
    Capability(
        _("Patient-partner platform"),
        _("Recruit and train partners, study collaboration requests and issue mandates."),
        frozenset({Role.PLATFORM_COORDINATOR}),
    ),
    Capability(
        _("My involvements"),
        _("Keep your profile and availability, answer proposals and log your hours."),
        frozenset({Role.PATIENT_PARTNER}),
    ),
    Capability(
        _("Action plan"),
        _("Update the measures of the national action plan that your organisation owns."),
        frozenset({Role.MEMBER}) | NATIONAL_OFFICE,
    ),
]


def capabilities_for(user: Any) -> list[Capability]:
    if not user.is_authenticated:
        return []
    roles = user.roles()
    return [c for c in CAPABILITIES if c.roles & roles]


def navigation_for(user: Any) -> list[tuple[str | Promise, str]]:
    """The links of the main navigation for this person, in order."""
    links: list[tuple[str | Promise, str]] = [
        (_("Home"), reverse("core:home")),
        (_("Find a group"), reverse("directory:group_search")),
    ]
    links += [
        (c.title, reverse(c.url_name))
        for c in capabilities_for(user)
        if c.in_navigation and c.url_name
    ]
    return links
