"""The capabilities of the directory, and its public pages on the home page."""

from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import Role
from entraide.core.navigation import Capability, HomeCard, register, register_home_card

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

register_home_card(
    HomeCard(
        _("Find a self-help group"),
        _("Search the groups of your region, in your language, and ask to be put in contact."),
        "directory:group_search",
        position=10,
    ),
    HomeCard(
        _("What is a self-help group?"),
        _(
            "Who groups are for, what they bring to members and relatives, "
            "and how the regional centres help."
        ),
        "directory:self_help",
        position=20,
        links=((_("Read it in easy language"), "directory:self_help_easy_read"),),
    ),
)
