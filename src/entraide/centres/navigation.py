"""The capabilities of the regional centre's workspace and of a group's contacts, and the
public page of the groups being founded on the home page."""

from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import Role
from entraide.centres.services.office import office_warnings
from entraide.core import warnings
from entraide.core.navigation import Capability, HomeCard, register, register_home_card

register(
    Capability(
        _("Group directory of your region"),
        _("Keep the groups of your region current, review proposals and import or export lists."),
        frozenset({Role.CENTRE_STAFF}),
        "centres:workspace",
        position=80,
    ),
    Capability(
        _("Counselling inbox"),
        _("Answer the people who want to join a group and forward their requests."),
        frozenset({Role.CENTRE_STAFF}),
        "centres:workspace",
        in_navigation=True,
        position=90,
    ),
    Capability(
        _("Your group's listing"),
        _("Keep your group's details current and confirm the listing once a year."),
        frozenset({Role.GROUP_CONTACT}),
        "centres:my_groups",
        in_navigation=True,
        position=100,
    ),
)

register_home_card(
    HomeCard(
        _("Groups being founded"),
        _(
            "The regional centres help people start new groups: say that you are interested, "
            "and you are told when the first meeting is planned."
        ),
        "centres:founding_public",
        position=30,
    ),
)

# The national coordinator's home page warns of cantons without a centre and what waits.
warnings.register(office_warnings)
