"""Calendars of the groups' meetings (RFC 5545): one recurring event per group."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from entraide.directory.exports.common import (
    ZURICH,
    has_direct_contact,
    meeting_in_words,
    place_in_words,
    public_url_maker,
)
from entraide.directory.models import Group, Rhythm, WeekOfMonth
from entraide.directory.schedule import next_meetings

RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def recurrence(group: Group) -> dict[str, Any] | None:
    """The group's rhythm as RFC 5545 recurrence parts, or ``None`` when it promises no dates.

    The same conditions as ``schedule.next_meetings``: a weekday, and for a
    fortnightly group the anchor date, for a monthly one the week.
    """
    if group.weekday is None:
        return None
    day = RRULE_DAYS[group.weekday]
    if group.rhythm == Rhythm.WEEKLY:
        return {"FREQ": "WEEKLY", "INTERVAL": 1, "BYDAY": day, "WKST": "MO"}
    if group.rhythm == Rhythm.FORTNIGHTLY and group.rhythm_anchor:
        return {"FREQ": "WEEKLY", "INTERVAL": 2, "BYDAY": day, "WKST": "MO"}
    if group.rhythm == Rhythm.MONTHLY and group.week_of_month:
        week = -1 if group.week_of_month == WeekOfMonth.LAST else group.week_of_month
        return {"FREQ": "MONTHLY", "INTERVAL": 1, "BYDAY": f"{week}{day}", "WKST": "MO"}
    return None


def first_meeting(group: Group) -> date | None:
    """The first meeting on or after the day the group was listed, counted as ``schedule`` does.

    Tied to the listing rather than to the day of the export, so that the
    same group gives the same event in every export; for a fortnightly group
    it falls in the anchor's weeks, so the rule's two-week steps keep to them.
    """
    if recurrence(group) is None:
        return None
    listed_on = timezone.localdate(group.created_at, ZURICH) if group.created_at else None
    meetings = next_meetings(group, listed_on or timezone.localdate(), count=1)
    return meetings[0] if meetings else None


def calendar_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "entraide.invalid"


def group_event(group: Group, url: str, host: str) -> Event | None:
    """The recurring event of a group's meetings, or ``None`` without a day, rhythm and time."""
    rule = recurrence(group)
    first = first_meeting(group)
    if rule is None or first is None or group.start_time is None:
        return None
    event = Event()
    event.add("uid", f"group-{group.pk}@{host}")
    # Without a METHOD, DTSTAMP is when the information last changed (RFC 5545 3.8.7.2):
    # the group's own date keeps the export the same from one day to the next.
    changed = (group.updated_at or timezone.now()).astimezone(UTC)
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("dtstart", datetime.combine(first, group.start_time, tzinfo=ZURICH))
    if group.end_time:
        event.add("dtend", datetime.combine(first, group.end_time, tzinfo=ZURICH))
    event.add("rrule", rule)
    event.add("summary", group.name)
    event.add("location", place_in_words(group))
    event.add("url", url)
    lines = [meeting_in_words(group)]
    if has_direct_contact(group):
        lines += [value for value in (group.contact_email, group.contact_phone) if value]
    else:
        lines.append(
            _("%(centre)s puts you in touch with the group. Your first contact stays confidential.")
            % {"centre": group.centre.name}
        )
    lines.append(url)
    event.add("description", "\n".join(lines))
    if group.is_online:
        event.add("categories", [_("Online")])
    return event


def groups_calendar(groups: Iterable[Group], *, name: str, language: str) -> bytes:
    """An iCalendar file with one recurring event per group whose rhythm gives dates.

    The Zurich time zone is always included: it is what the events refer to,
    and it keeps a calendar without events valid (RFC 5545 wants a component).
    """
    calendar = Calendar()
    calendar.add("prodid", f"-//Entraide//Self-help groups//{language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Zurich")
    url_of = public_url_maker(language)
    host = calendar_host()
    events = []
    with translation.override(language):
        for group in groups:
            event = group_event(group, url_of(group.pk), host)
            if event is not None:
                events.append(event)
    starts = [event.start for event in events]
    first = min(
        (start.date() if isinstance(start, datetime) else start for start in starts),
        default=date(2000, 1, 1),  # any fixed day: an empty calendar stays the same too
    )
    calendar.add_component(Timezone.from_tzid("Europe/Zurich", first_date=first))
    for event in events:
        calendar.add_component(event)
    content: bytes = calendar.to_ical()
    return content
