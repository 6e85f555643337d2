"""Open data: the public groups as Open Referral HSDS 3 services.

A group is an HSDS *service*; its *organization* is the responsible regional
centre, not the group: the centre is the body the public deals with (contact
goes through it unless the group chose direct contact), and self-help groups
are mostly informal. The themes are taxonomy terms of one taxonomy, the
Entraide thesaurus, keyed by theme code, with the label in the export's
language and the broader theme as parent.

Identifiers are UUIDs derived (uuid5) from a fixed namespace and the record's
id, so a service keeps its id from one export to the next. Times are the
wall clock in Zurich: HSDS's numeric ``timezone`` (a UTC offset) cannot
express summer time, so it is left out and the schedule's ``notes`` say so.
The document has the shape of one page of the HSDS API's ``/services``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import UTC
from typing import Any

from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation
from entraide.directory.exports.common import (
    ZURICH,
    has_direct_contact,
    hh_mm,
    meeting_in_words,
    place_in_words,
    public_url_maker,
    theme_label,
)
from entraide.directory.exports.ical import first_meeting, recurrence
from entraide.directory.models import Group, GroupStatus, GroupType, Theme

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
        schedule["opens_at"] = hh_mm(group.start_time)
        schedule["notes"] = _("Times are local times in Switzerland (Europe/Zurich).")
    if group.end_time:
        schedule["closes_at"] = hh_mm(group.end_time)
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
