"""The columns of a list of groups, shared by the import, its template and the exports.

A file exported by a centre can be imported again: the same names, the same
values. Values are the stable codes of the directory (``self_managed``,
``relatives``, ``fr``...), never translated labels, except for themes, which
an import also accepts as a label in any of the four languages.
Several values in one cell are separated by ``|``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from entraide.directory.models import (
    Accessibility,
    Audience,
    ContactMode,
    GroupStatus,
    GroupType,
    Rhythm,
)

SEPARATOR = "|"

# Weekdays as written in a file, Monday first (the model stores 0 for Monday).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

TRUE_WORDS = frozenset({"1", "yes", "true", "oui", "vrai", "ja", "si", "sì", "x"})
FALSE_WORDS = frozenset({"", "0", "no", "false", "non", "faux", "nein", "falsch"})


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str | Promise
    # The codes a cell may hold, when the column has a closed list of them.
    choices: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("name", True, _("The group's name, as the public will read it.")),
    Column(
        "themes",
        True,
        _(
            "One or more themes, as codes of the thesaurus or as labels in French, German, "
            "Italian or English, separated by |."
        ),
    ),
    Column("canton", True, _("The two-letter code of the canton, for example VD.")),
    Column("municipality", True, _("The municipality where the group meets.")),
    Column("postal_code", True, _("The postal code of that municipality.")),
    Column(
        "languages",
        True,
        _("The languages spoken in the group, as codes (fr, de, it, rm, en), separated by |."),
    ),
    Column("description", False, _("What the group offers, in a few sentences.")),
    Column("easy_read_summary", False, _("A summary in easy language.")),
    Column("type", False, _("The kind of group."), tuple(GroupType.values)),
    Column("audience", False, _("For whom the group is."), tuple(Audience.values)),
    Column("rhythm", False, _("How often the group meets."), tuple(Rhythm.values)),
    Column("weekday", False, _("The usual day of the meetings."), WEEKDAYS),
    Column(
        "week_of_month",
        False,
        _("For monthly groups, the week of the month: 1 to 4, or 5 for the last."),
        ("1", "2", "3", "4", "5"),
    ),
    Column("start_time", False, _("The usual start time, for example 19:30.")),
    Column("end_time", False, _("The usual end time, for example 21:00.")),
    Column("online", False, _("yes if the group meets online, otherwise no.")),
    Column("address", False, _("The meeting address (hidden unless show_address is yes).")),
    Column("show_address", False, _("yes to show the meeting address publicly.")),
    Column(
        "venue_accessibility",
        False,
        _("Whether the venue can be reached without steps."),
        tuple(Accessibility.values),
    ),
    Column("cost_note", False, _("Any contribution to the room rent.")),
    Column(
        "contact_mode",
        False,
        _("How people get in touch: through the centre or directly."),
        tuple(ContactMode.values),
    ),
    Column("contact_email", False, _("The group's own email address, for direct contact.")),
    Column("contact_phone", False, _("The group's own phone number, for direct contact.")),
    Column("status", False, _("The group's status."), tuple(GroupStatus.values)),
)

COLUMN_NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(column.name for column in COLUMNS if column.required)
