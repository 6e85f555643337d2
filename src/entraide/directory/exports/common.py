"""What every export reads the same way: the groups and their relations, page, place and meetings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.directory.models import ContactMode, Group, Rhythm, Theme, Weekday, WeekOfMonth

# The groups are Swiss whatever the server's settings: their times are Zurich's wall clock.
ZURICH = ZoneInfo("Europe/Zurich")


def with_export_relations(groups: QuerySet[Group]) -> QuerySet[Group]:
    """The groups with everything an export reads, fetched in a fixed number of queries."""
    return (
        groups.select_related("canton", "centre")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.select_related("broader")), "languages"
        )
        .order_by("sort_name", "name", "id")
    )


def public_url_maker(language: str) -> Callable[[int], str]:
    """The absolute address of a group's public page in ``language``, reversed once."""
    with translation.override(language):
        marker = 999_999_999_999
        path = reverse("directory:group_detail", args=[marker])
    before, after = f"{settings.SITE_URL}{path}".split(str(marker))
    return lambda pk: f"{before}{pk}{after}"


def has_direct_contact(group: Group) -> bool:
    """The public may write or call the group itself (else the centre puts them in touch)."""
    return group.contact_mode == ContactMode.DIRECT and bool(
        group.contact_email or group.contact_phone
    )


def hh_mm(value: time | None) -> str:
    """A time as HH:MM, the form the import reads and HSDS asks for ("" for none)."""
    return value.strftime("%H:%M") if value else ""


def theme_label(theme: Theme, language: str) -> str:
    """The theme's label in ``language``, the default label where that one is missing."""
    return str(getattr(theme, f"label_{language}", "") or theme.label)


def place_in_words(group: Group) -> str:
    """The place as the public may know it: municipality, and the address only where allowed."""
    place = f"{group.postal_code} {group.municipality}"
    return f"{group.public_address}, {place}" if group.public_address else place


MONTHLY_SENTENCES = {
    WeekOfMonth.FIRST: gettext_lazy("On the first %(weekday)s of the month"),
    WeekOfMonth.SECOND: gettext_lazy("On the second %(weekday)s of the month"),
    WeekOfMonth.THIRD: gettext_lazy("On the third %(weekday)s of the month"),
    WeekOfMonth.FOURTH: gettext_lazy("On the fourth %(weekday)s of the month"),
    WeekOfMonth.LAST: gettext_lazy("On the last %(weekday)s of the month"),
}


def meeting_in_words(group: Group) -> str:
    """When the group meets, as one sentence in the active language ("" if nothing is known)."""
    weekday = str(Weekday(group.weekday).label) if group.weekday is not None else ""
    if group.rhythm == Rhythm.WEEKLY and weekday:
        when = _("Every week on %(weekday)s") % {"weekday": weekday}
    elif group.rhythm == Rhythm.FORTNIGHTLY and weekday:
        when = _("Every two weeks on %(weekday)s") % {"weekday": weekday}
    elif group.rhythm == Rhythm.MONTHLY and weekday and group.week_of_month:
        when = str(MONTHLY_SENTENCES[WeekOfMonth(group.week_of_month)]) % {"weekday": weekday}
    elif group.rhythm:
        when = str(capfirst(group.get_rhythm_display()))
    else:
        return ""
    start, end = hh_mm(group.start_time), hh_mm(group.end_time)
    if start and end:
        # Translators: "when" is one of the sentences above, e.g. "Every week on Tuesday".
        return _("%(when)s, from %(start)s to %(end)s") % {"when": when, "start": start, "end": end}
    if start:
        # Translators: "when" is one of the sentences above, e.g. "Every week on Tuesday".
        return _("%(when)s, from %(start)s") % {"when": when, "start": start}
    return when
