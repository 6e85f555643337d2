"""The capabilities of the cooperation with health institutions."""

from django.utils.translation import gettext_lazy as _

from entraide.accounts.rules import NATIONAL_OFFICE_ROLES
from entraide.cooperation.models import PARTY_ROLES
from entraide.core.navigation import Capability, register

register(
    Capability(
        _("Self-evaluations and feedback"),
        _("Review the yearly self-evaluations of the cooperations and give formative feedback."),
        NATIONAL_OFFICE_ROLES,
        "cooperation:review_list",
        in_navigation=True,
        position=60,
    ),
    Capability(
        _("Convention template"),
        _("Keep the clauses every cooperation's convention starts from, in four languages."),
        NATIONAL_OFFICE_ROLES,
        "cooperation:template_list",
        position=65,
    ),
    Capability(
        _("National monitoring"),
        _("Follow the cooperations by canton against the target and export the figures."),
        NATIONAL_OFFICE_ROLES,
        "monitoring:dashboard",
        in_navigation=True,
        position=70,
    ),
    Capability(
        _("Cooperation with self-help"),
        _("Prepare the convention, plan the measures and complete the yearly self-evaluation."),
        frozenset().union(*PARTY_ROLES.values()),
        "cooperation:triangle_list",
        in_navigation=True,
        position=110,
    ),
)
