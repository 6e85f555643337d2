"""The capabilities of the directory."""

from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import Role
from entraide.core.navigation import Capability, register

register(
    Capability(
        _("Themes thesaurus"),
        _("Keep the themes of self-help and their labels in four languages up to date."),
        frozenset({Role.NATIONAL_COORDINATOR}),
        "directory:theme_list",
        in_navigation=True,
        position=50,
    ),
)
