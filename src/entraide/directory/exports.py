"""Exports of a centre's groups: a spreadsheet, a printable directory, calendars, open data.

Two audiences, two sets of groups. The spreadsheet (CSV, XLSX) is the
centre's own working copy: every group it is responsible for, with every
column of ``tabular.COLUMNS``, so that it can be edited and imported again.
The printable directory, the calendars and the open-data file (Open Referral
HSDS 3) are published: only the groups the public may see
(``Group.objects.public()``), and a meeting address only where the group
allows it.

Every builder reads the groups through ``with_export_relations`` so that an
export runs the same number of queries for ten groups or ten thousand.
``groups_export`` is the service that the views and ``manage.py
export_groups`` call: it checks the permission and writes the audit entry.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any, NamedTuple, NoReturn
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import tablib
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event, Timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from entraide.accounts.models import Organisation
from entraide.core.lib.audit import audit_record
from entraide.core.lib.text import fold
from entraide.core.models import AuditEntry
from entraide.core.permissions import may_manage_centre
from entraide.directory.models import (
    INTERFACE_LANGUAGES,
    ContactMode,
    Group,
    GroupStatus,
    GroupType,
    Rhythm,
    Theme,
    Weekday,
    WeekOfMonth,
)
from entraide.directory.schedule import next_meetings
from entraide.directory.tabular import COLUMN_NAMES, SEPARATOR, WEEKDAYS


class Export(NamedTuple):
    content: bytes
    content_type: str
    filename: str


# Formats of the centre's working copy (every group) and of the public (public groups only).
STAFF_FORMATS = ("csv", "xlsx")
PUBLIC_FORMATS = ("pdf", "ics", "hsds")
FORMATS = STAFF_FORMATS + PUBLIC_FORMATS
# Formats that make sense for the whole country at once (no centre on a title page).
NATIONAL_FORMATS = ("ics", "hsds")

# The groups are Swiss whatever the server's settings: their times are Zurich's wall clock.
ZURICH = ZoneInfo("Europe/Zurich")


def groups_export(
    *, by: Any, centre: Organisation | None, fmt: str, language: str = "fr"
) -> Export:
    """The groups of a centre (``None``: every centre) in one format, audited.

    ``by=None`` is the operator at the command line; anybody else must be on
    the centre's staff, even for the public formats, because this is the
    centre's tool (the public reads the same facts on the group pages).
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}.")
    if language not in INTERFACE_LANGUAGES:
        raise ValueError(f"Unknown language {language!r}.")
    if centre is None and fmt not in NATIONAL_FORMATS:
        raise ValueError(f"The {fmt} export is made for one centre.")
    if by is not None and not may_manage_centre(by, centre):
        raise PermissionDenied
    groups = Group.objects.all() if fmt in STAFF_FORMATS else Group.objects.public()
    if centre is not None:
        groups = groups.filter(centre=centre)
    listed = list(with_export_relations(groups))
    slug = centre.code if centre is not None else "all-centres"
    if fmt == "csv":
        export = Export(groups_csv(listed), "text/csv; charset=utf-8", f"groups-{slug}.csv")
    elif fmt == "xlsx":
        export = Export(groups_xlsx(listed), XLSX_CONTENT_TYPE, f"groups-{slug}.xlsx")
    elif fmt == "pdf":
        assert centre is not None
        html = directory_html(centre=centre, groups=listed, language=language)
        export = Export(html_to_pdf(html), "application/pdf", f"directory-{slug}-{language}.pdf")
    elif fmt == "ics":
        with translation.override(language):
            name = _("Self-help groups – %(centre)s") % {
                "centre": centre.name if centre is not None else _("Switzerland")
            }
        export = Export(
            groups_calendar(listed, name=name, language=language),
            "text/calendar; charset=utf-8",
            f"groups-{slug}.ics",
        )
    else:
        export = Export(
            groups_hsds(listed, language=language),
            "application/json",
            f"groups-{slug}-hsds-{language}.json",
        )
    # The format and the count only: names and addresses of groups stay out of the trail.
    label = f"export {fmt} ({language}) of {len(listed)} groups"
    if centre is not None:
        audit_record(actor=by, action=AuditEntry.Action.READ, obj=centre, label=label)
    else:
        audit_record(
            actor=by,
            action=AuditEntry.Action.READ,
            object_type="directory.group",
            label=f"{label}, all centres",
        )
    return export


def group_calendar_export(*, group_id: int, language: str = "fr") -> Export | None:
    """The calendar of one public group, or ``None`` when the public may not see it.

    Not audited: it holds what the group's public page shows.
    """
    group = with_export_relations(Group.objects.public().filter(pk=group_id)).first()
    if group is None:
        return None
    content = groups_calendar([group], name=group.name, language=language)
    return Export(content, "text/calendar; charset=utf-8", f"group-{group.pk}.ics")


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


# ---------------------------------------------------------------------------
# Spreadsheets

# What Excel, LibreOffice and Google Sheets read as the start of a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_safe(value: str) -> str:
    """The text with a leading ``'`` if a spreadsheet would run it as a formula.

    ``=HYPERLINK(...)`` in a group's name must not become a live link or
    command on a centre's computer. Phone numbers starting with ``+`` are
    escaped too; the import removes that one apostrophe again.
    """
    if value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _hh_mm(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def group_row(group: Group) -> list[str]:
    """The cells of one group in the order of ``tabular.COLUMN_NAMES``, as the import reads them."""
    cells = {
        "name": group.name,
        "themes": SEPARATOR.join(sorted(theme.code for theme in group.themes.all())),
        "canton": group.canton_id,
        "municipality": group.municipality,
        "postal_code": group.postal_code,
        "languages": SEPARATOR.join(language.code for language in group.languages.all()),
        "description": group.description,
        "easy_read_summary": group.easy_read_summary,
        "type": group.group_type,
        "audience": group.audience,
        "rhythm": group.rhythm,
        "weekday": WEEKDAYS[group.weekday] if group.weekday is not None else "",
        "week_of_month": str(group.week_of_month) if group.week_of_month else "",
        "start_time": _hh_mm(group.start_time),
        "end_time": _hh_mm(group.end_time),
        "online": _yes_no(group.is_online),
        "address": group.address,
        "show_address": _yes_no(group.show_address),
        "venue_accessibility": group.venue_accessibility,
        "cost_note": group.cost_note,
        "contact_mode": group.contact_mode,
        "contact_email": group.contact_email,
        "contact_phone": group.contact_phone,
        "status": group.status,
    }
    # A column added to tabular.COLUMNS without a value here fails loudly (KeyError).
    return [cells[name] for name in COLUMN_NAMES]


def groups_csv(groups: Iterable[Group]) -> bytes:
    """UTF-8 with a byte-order mark: without it Excel reads the accents as Windows-1252."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMN_NAMES)
    for group in groups:
        writer.writerow([spreadsheet_safe(cell) for cell in group_row(group)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def groups_xlsx(groups: Iterable[Group]) -> bytes:
    """An Excel workbook with one sheet of groups, every cell stored as text."""
    data = tablib.Dataset(headers=list(COLUMN_NAMES), title="groups")
    for group in groups:
        # Control characters other than tab and line breaks make openpyxl refuse the
        # whole file; they are dropped before escaping, so none can hide a formula.
        data.append(
            [spreadsheet_safe(ILLEGAL_CHARACTERS_RE.sub("", cell)) for cell in group_row(group)]
        )
    content: bytes = data.export("xlsx")
    return content


# ---------------------------------------------------------------------------
# Meetings in words, shared by the printed directory, the calendars and HSDS

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
    start, end = _hh_mm(group.start_time), _hh_mm(group.end_time)
    if start and end:
        return _("%(when)s, from %(start)s to %(end)s") % {"when": when, "start": start, "end": end}
    if start:
        return _("%(when)s, from %(start)s") % {"when": when, "start": start}
    return when


# ---------------------------------------------------------------------------
# Printable directory (PDF)


@dataclass
class DirectoryEntry:
    """The public facts of one group, in the directory's language."""

    name: str
    languages: str
    kind: str
    audience: str
    meetings: str
    place: str
    address: str
    is_online: bool
    direct_contact: bool
    email: str
    phone: str
    url: str


@dataclass
class DirectorySection:
    anchor: str
    label: str
    entries: list[DirectoryEntry] = field(default_factory=list)


def theme_label(theme: Theme, language: str) -> str:
    """The theme's label in ``language``, the default label where that one is missing."""
    return str(getattr(theme, f"label_{language}", "") or theme.label)


def directory_sections(groups: Iterable[Group], language: str) -> list[DirectorySection]:
    """The groups under each of their themes, themes in the order of their labels.

    A group with several themes is listed under each: a reader looks for a
    theme, not for a group. Groups without a theme come last.
    """
    url_of = public_url_maker(language)
    sections: dict[str, DirectorySection] = {}
    unthemed = DirectorySection(anchor="theme--other", label=_("Other groups"))
    with translation.override(language):
        for group in groups:
            entry = DirectoryEntry(
                name=group.name,
                languages=", ".join(str(lang.name) for lang in group.languages.all()),
                kind=str(capfirst(group.get_group_type_display())),
                audience=str(capfirst(group.get_audience_display())),
                meetings=meeting_in_words(group),
                place=f"{group.postal_code} {group.municipality} ({group.canton.name})",
                address=group.public_address,
                is_online=group.is_online,
                direct_contact=has_direct_contact(group),
                email=group.contact_email,
                phone=group.contact_phone,
                url=url_of(group.pk),
            )
            themes = list(group.themes.all())
            for theme in themes:
                section = sections.get(theme.code)
                if section is None:
                    label = theme_label(theme, language)
                    section = sections[theme.code] = DirectorySection(f"theme-{theme.code}", label)
                section.entries.append(entry)
            if not themes:
                unthemed.entries.append(entry)
    ordered = sorted(sections.values(), key=lambda s: (fold(s.label), s.anchor))
    for section in [*ordered, unthemed]:
        section.entries.sort(key=lambda e: (fold(e.name), e.name))
    return [*ordered, unthemed] if unthemed.entries else ordered


def directory_html(
    *, centre: Organisation, groups: Iterable[Group], language: str, today: date | None = None
) -> str:
    """The HTML of a centre's printable directory, for WeasyPrint."""
    sections = directory_sections(groups, language)
    with translation.override(language):
        return render_to_string(
            "directory/exports/directory.html",
            {
                "centre": centre,
                "language": language,
                "today": today or timezone.localdate(),
                "sections": sections,
                "group_count": len({entry.url for s in sections for entry in s.entries}),
            },
        )


def _refuse_to_fetch(url: str) -> NoReturn:
    # The directory carries its styles inline and has no images: nothing is ever
    # fetched, so a URL slipped into a group's text cannot reach the network
    # or the file system (WeasyPrint's request-forgery hole of 2025).
    raise ValueError(f"The directory fetches no resources ({url[:80]}).")


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML document, without any network or file access."""
    from weasyprint import HTML, URLFetcher  # slow to import; only the PDF export needs it

    class NoFetching(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            _refuse_to_fetch(url)

    pdf: bytes = HTML(string=html, base_url=None, url_fetcher=NoFetching()).write_pdf()
    return pdf


# ---------------------------------------------------------------------------
# Calendars (RFC 5545)

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


def place_in_words(group: Group) -> str:
    """The place as the public may know it: municipality, and the address only where allowed."""
    place = f"{group.postal_code} {group.municipality}"
    return f"{group.public_address}, {place}" if group.public_address else place


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
            _("%(centre)s puts you in touch with the group.") % {"centre": group.centre.name}
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


# ---------------------------------------------------------------------------
# Open data: Open Referral HSDS 3
#
# A group is an HSDS *service*; its *organization* is the responsible regional
# centre, not the group: the centre is the legal body the public deals with
# (contact goes through it unless the group opted for direct contact), and
# self-help groups are mostly informal. Identifiers are UUIDs derived (uuid5)
# from a fixed namespace and the record's id, so a service keeps its id from
# one export to the next. Times are the wall clock in Zurich: HSDS's numeric
# ``timezone`` (a UTC offset) cannot express summer time, so it is left out
# and ``notes`` says so.

HSDS_NAMESPACE = uuid.UUID("5b1d3f0e-8c44-4d55-9a3e-2f6a1c7e9b10")  # never change
HSDS_TAXONOMY = "entraide-themes"


def hsds_id(kind: str, key: object) -> str:
    """A stable UUID for a record of an HSDS export."""
    return str(uuid.uuid5(HSDS_NAMESPACE, f"{kind}:{key}"))


def _hsds_organization(centre: Organisation) -> dict[str, Any]:
    organization_id = hsds_id("organization", centre.pk)
    organization: dict[str, Any] = {
        "id": organization_id,
        "name": centre.name,
        "description": str(capfirst(centre.get_kind_display())),
    }
    if centre.email:
        organization["email"] = centre.email
    if centre.website:
        organization["website"] = centre.website
    if centre.phone:
        organization["phones"] = [
            {
                "id": hsds_id("organization-phone", centre.pk),
                "organization_id": organization_id,
                "number": centre.phone,
            }
        ]
    return organization


def _hsds_theme(theme: Theme, service_id: str, group_id: int, language: str) -> dict[str, Any]:
    term_id = hsds_id("taxonomy-term", theme.code)
    term: dict[str, Any] = {
        "id": term_id,
        "code": theme.code,
        "name": theme_label(theme, language),
        "description": str(capfirst(theme.get_category_display())),
        "taxonomy": HSDS_TAXONOMY,
        "taxonomy_id": hsds_id("taxonomy", HSDS_TAXONOMY),
        "taxonomy_detail": {
            "id": hsds_id("taxonomy", HSDS_TAXONOMY),
            "name": _("Themes of self-help (Entraide thesaurus)"),
            "description": _(
                "The controlled vocabulary of self-help themes of the Swiss directory, "
                "with labels in French, German, Italian and English."
            ),
        },
        "language": language,
    }
    if theme.broader is not None:
        term["parent_id"] = hsds_id("taxonomy-term", theme.broader.code)
    return {
        "id": hsds_id("attribute", f"{group_id}:{theme.code}"),
        "link_id": service_id,
        "link_type": "theme",
        "link_entity": "service",
        "taxonomy_term_id": term_id,
        "value": theme.code,
        "taxonomy_term": term,
    }


def _hsds_schedule(group: Group, service_id: str) -> dict[str, Any]:
    schedule: dict[str, Any] = {
        "id": hsds_id("schedule", group.pk),
        "service_id": service_id,
        "description": meeting_in_words(group),
        "attending_type": _("Online") if group.is_online else _("In person"),
    }
    rule, first = recurrence(group), first_meeting(group)
    if rule is not None and first is not None:
        schedule.update(
            freq=rule["FREQ"],
            interval=rule["INTERVAL"],
            byday=rule["BYDAY"],
            wkst=rule["WKST"],
            dtstart=first.isoformat(),
        )
    if group.start_time:
        schedule["opens_at"] = _hh_mm(group.start_time)
        schedule["notes"] = _("Times are local times in Switzerland (Europe/Zurich).")
    if group.end_time:
        schedule["closes_at"] = _hh_mm(group.end_time)
    return schedule


def _hsds_location(group: Group, url: str) -> dict[str, Any]:
    location_id = hsds_id("location", group.pk)
    location: dict[str, Any] = {
        "id": location_id,
        "location_type": "virtual" if group.group_type == GroupType.ONLINE else "physical",
        "name": place_in_words(group),
        "addresses": [
            {
                "id": hsds_id("address", group.pk),
                "location_id": location_id,
                # Empty unless the group shows it: the centre protects the members' anonymity.
                "address_1": group.public_address,
                "city": group.municipality,
                "state_province": group.canton_id,
                "postal_code": group.postal_code,
                "country": "CH",
                "address_type": "physical",
            }
        ],
    }
    if location["location_type"] == "virtual":
        location["url"] = url
    # Coordinates would point at the venue: only where the address itself is public.
    if group.show_address and group.latitude is not None and group.longitude is not None:
        location.update(latitude=group.latitude, longitude=group.longitude)
    return location


def hsds_service(group: Group, *, url: str, language: str) -> dict[str, Any]:
    """One group as an HSDS 3 service with its organisation, place, schedule and themes.

    Call with ``language`` active: the translated labels are read from it.
    """
    service_id = hsds_id("service", group.pk)
    location = _hsds_location(group, url)
    service: dict[str, Any] = {
        "id": service_id,
        "organization_id": hsds_id("organization", group.centre_id),
        "name": group.name,
        "description": group.description or group.easy_read_summary,
        "url": url,
        "status": "active",
        "eligibility_description": str(capfirst(group.get_audience_display())),
        "fees_description": group.cost_note or _("Free of charge"),
        "last_modified": (group.updated_at or timezone.now()).astimezone(UTC).isoformat(),
        "organization": _hsds_organization(group.centre),
        "service_at_locations": [
            {
                "id": hsds_id("service-at-location", group.pk),
                "service_id": service_id,
                "location_id": location["id"],
                "location": location,
            }
        ],
        "languages": [
            {
                "id": hsds_id("language", f"{group.pk}:{lang.code}"),
                "service_id": service_id,
                "name": str(lang.name),
                "code": lang.code,
            }
            for lang in group.languages.all()
        ],
        "attributes": [
            _hsds_theme(theme, service_id, group.pk, language)
            for theme in sorted(group.themes.all(), key=lambda t: t.code)
        ],
        "service_areas": [
            {
                "id": hsds_id("service-area", group.pk),
                "service_id": service_id,
                "name": str(group.canton.name),
                "extent_type": "canton",
                "extent": group.canton_id,
            }
        ],
    }
    if group.rhythm:
        service["schedules"] = [_hsds_schedule(group, service_id)]
    if group.status == GroupStatus.FOUNDING:
        service["alert"] = _("This group is being founded.")
    if group.last_confirmed_at:
        service["assured_date"] = timezone.localdate(group.last_confirmed_at, ZURICH).isoformat()
    if has_direct_contact(group):
        if group.contact_email:
            service["email"] = group.contact_email
        if group.contact_phone:
            service["phones"] = [
                {
                    "id": hsds_id("phone", group.pk),
                    "service_id": service_id,
                    "number": group.contact_phone,
                }
            ]
    return service


def groups_hsds(groups: Iterable[Group], *, language: str) -> bytes:
    """The services as one page of HSDS's ``/services`` answer (the API's paginated shape)."""
    url_of = public_url_maker(language)
    with translation.override(language):
        services = [hsds_service(g, url=url_of(g.pk), language=language) for g in groups]
    page = {
        "total_items": len(services),
        "total_pages": 1,
        "page_number": 1,
        "size": len(services),
        "first_page": True,
        "last_page": True,
        "empty": not services,
        "contents": services,
    }
    return json.dumps(page, ensure_ascii=False, indent=2).encode("utf-8")
