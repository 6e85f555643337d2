"""Exports of a centre's groups: a spreadsheet, a printable directory, calendars, open data.

Two audiences, two sets of groups. The spreadsheet (CSV, XLSX) is the
centre's own working copy: every group it is responsible for, with every
column of ``tabular.COLUMNS``, so that it can be edited and imported again.
The printable directory, the calendars and the open-data file (Open Referral
HSDS 3) are published: only the groups the public may see
(``Group.objects.public()``), and a meeting address only where the group
allows it.

Every builder reads the groups through ``common.with_export_relations`` so
that an export runs the same number of queries for ten groups or ten
thousand. ``groups_export`` is the service that the views and ``manage.py
export_groups`` call: it checks the permission and writes the audit entry.
One module per format: ``spreadsheet``, ``printed`` (PDF), ``ical``, ``hsds``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied
from django.utils import translation
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation
from entraide.accounts.rules import may_manage_centre
from entraide.core.lib.audit import audit_record
from entraide.core.lib.pdf import html_to_pdf
from entraide.core.lib.spreadsheet import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from entraide.core.models import AuditEntry
from entraide.directory.exports.common import with_export_relations
from entraide.directory.exports.hsds import groups_hsds
from entraide.directory.exports.ical import groups_calendar
from entraide.directory.exports.printed import directory_html
from entraide.directory.exports.spreadsheet import groups_csv, groups_xlsx
from entraide.directory.models import INTERFACE_LANGUAGES, Group

__all__ = [
    "FORMATS",
    "NATIONAL_FORMATS",
    "Export",
    "centre_calendar_export",
    "group_calendar_export",
    "groups_export",
]


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
        export = Export(groups_csv(listed), CSV_CONTENT_TYPE, f"groups-{slug}.csv")
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


def centre_calendar_export(*, centre: Organisation, language: str = "fr") -> Export:
    """The public calendar feed of a centre: the meetings of its public groups.

    Not audited: it holds what the groups' public pages show.
    """
    groups = list(with_export_relations(Group.objects.public().filter(centre=centre)))
    with translation.override(language):
        name = _("Self-help groups – %(centre)s") % {"centre": centre.name}
    content = groups_calendar(groups, name=name, language=language)
    return Export(content, "text/calendar; charset=utf-8", f"groups-{centre.code}.ics")
