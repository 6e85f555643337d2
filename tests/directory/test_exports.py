"""Exports of a centre's groups: spreadsheets, the printable directory, calendars, HSDS open data."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, datetime, time
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jsonschema_rs
import openpyxl
import pytest
import time_machine
from dateutil.rrule import rrulestr
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from icalendar import Calendar

from entraide.accounts.models import Membership, Organisation, Role, User
from entraide.core.lib import pdf as pdf_module
from entraide.core.lib.pdf import html_to_pdf
from entraide.core.lib.spreadsheet import spreadsheet_safe
from entraide.core.lib.text import fold
from entraide.core.models import AuditEntry, Canton, Language
from entraide.directory.exports import (
    FORMATS,
    Export,
    group_calendar_export,
    groups_export,
)
from entraide.directory.exports.common import with_export_relations
from entraide.directory.exports.printed import directory_html
from entraide.directory.indexing import group_save
from entraide.directory.models import (
    ContactMode,
    Group,
    GroupStatus,
    GroupType,
    Rhythm,
    Theme,
    Weekday,
)
from entraide.directory.schedule import next_meetings
from entraide.directory.tabular import COLUMN_NAMES

ZURICH = ZoneInfo("Europe/Zurich")
TODAY = date(2025, 3, 10)  # a Monday, three weeks before summer time begins
HSDS_SCHEMA = Path(__file__).parent.parent / "data" / "hsds-3" / "service_with_definitions.json"
SECRET_ADDRESS = "Rue Secrète 12"
PUBLIC_ADDRESS = "Place Publique 3"


def make_group(centre: Organisation, name: str, themes: list[str], **fields: object) -> Group:
    fields = {"canton": Canton.objects.get(code="VD"), "municipality": "Lausanne", **fields}
    group = group_save(Group(name=name, postal_code="1003", centre=centre, **fields))
    group.themes.set(Theme.objects.filter(code__in=themes))
    group.languages.set(Language.objects.filter(code__in=["fr", "de"]))
    # Listed on New Year's Day: the calendars count the first meeting from there.
    Group.objects.filter(pk=group.pk).update(created_at=datetime(2025, 1, 1, 9, tzinfo=ZURICH))
    group.refresh_from_db()
    return group


@pytest.fixture
def meetings(directory, centre_vd):  # type: ignore[no-untyped-def]
    """Groups of the Vaud centre with each kind of rhythm, one closed, one hidden address."""
    return {
        "weekly": make_group(
            centre_vd,
            "Groupe du mardi",
            ["bereavement", "depression"],
            rhythm=Rhythm.WEEKLY,
            weekday=1,
            start_time=time(19, 30),
            end_time=time(21, 0),
            address=SECRET_ADDRESS,
            show_address=False,
        ),
        "fortnightly": make_group(
            centre_vd,
            "Groupe du mercredi",
            ["depression"],
            rhythm=Rhythm.FORTNIGHTLY,
            weekday=2,
            rhythm_anchor=date(2025, 1, 8),
            start_time=time(18, 0),
            contact_mode=ContactMode.DIRECT,
            contact_email="mercredi@example.org",
            contact_phone="+41 21 555 00 00",
        ),
        "monthly_last": make_group(
            centre_vd,
            "Groupe du dernier jeudi",
            ["multiple-sclerosis"],
            rhythm=Rhythm.MONTHLY,
            weekday=3,
            week_of_month=5,
            start_time=time(14, 0),
            end_time=time(16, 0),
            address=PUBLIC_ADDRESS,
            show_address=True,
        ),
        "irregular": make_group(
            centre_vd, "Groupe sans rythme", ["bereavement"], rhythm=Rhythm.IRREGULAR
        ),
        "closed": make_group(
            centre_vd,
            "Groupe fermé",
            ["bereavement"],
            status=GroupStatus.CLOSED,
            rhythm=Rhythm.WEEKLY,
            weekday=0,
            start_time=time(20, 0),
        ),
    }


def export(centre: Organisation, fmt: str, language: str = "fr") -> Export:
    return groups_export(by=None, centre=centre, fmt=fmt, language=language)


def unfolded(ics: bytes) -> str:
    """The calendar's text with RFC 5545 line folding undone, to look for whole values."""
    return ics.decode("utf-8").replace("\r\n ", "")


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# --- spreadsheets ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+41 21 555 00 00", "'+41 21 555 00 00"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Groupe = entraide", "Groupe = entraide"),
        ("", ""),
    ],
)
def test_spreadsheet_safe_escapes_what_a_spreadsheet_would_run(value, expected) -> None:  # type: ignore[no-untyped-def]
    assert spreadsheet_safe(value) == expected


@pytest.mark.django_db
def test_csv_has_the_import_columns_codes_and_escaped_formulas(meetings, centre_vd) -> None:  # type: ignore[no-untyped-def]
    make_group(centre_vd, '=HYPERLINK("http://evil","clic")', ["adhd"], description="@SUM(A1)")
    content = export(centre_vd, "csv").content
    assert content.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for UTF-8
    header, *rows = csv_rows(content)
    assert header == list(COLUMN_NAMES)
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_name['\'=HYPERLINK("http://evil","clic")']["description"] == "'@SUM(A1)"
    weekly = by_name["Groupe du mardi"]
    assert weekly["themes"] == "bereavement|depression"
    assert weekly["languages"] == "fr|de"
    assert weekly["weekday"] == "tuesday"
    assert (weekly["start_time"], weekly["end_time"]) == ("19:30", "21:00")
    assert (weekly["online"], weekly["show_address"]) == ("no", "no")
    assert weekly["type"] == "self_managed" and weekly["status"] == "active"
    assert by_name["Groupe du dernier jeudi"]["week_of_month"] == "5"
    assert by_name["Groupe du mercredi"]["contact_phone"] == "'+41 21 555 00 00"


@pytest.mark.django_db
def test_the_centres_spreadsheet_holds_every_group_with_its_address(meetings, centre_vd) -> None:  # type: ignore[no-untyped-def]
    rows = {row[0]: row for row in csv_rows(export(centre_vd, "csv").content)[1:]}
    assert "Groupe fermé" in rows
    assert len(rows) == Group.objects.filter(centre=centre_vd).count()
    assert rows["Groupe du mardi"][COLUMN_NAMES.index("address")] == SECRET_ADDRESS


@pytest.mark.django_db
def test_xlsx_has_the_import_columns_and_escaped_formulas(meetings, centre_vd) -> None:  # type: ignore[no-untyped-def]
    make_group(centre_vd, "=1+1", ["adhd"], cost_note="-5 CHF\x07")
    sheet = openpyxl.load_workbook(io.BytesIO(export(centre_vd, "xlsx").content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMN_NAMES
    row = next(dict(zip(COLUMN_NAMES, r, strict=True)) for r in rows if r[0] == "'=1+1")
    assert row["cost_note"] == "'-5 CHF"  # the bell character dropped, the formula escaped
    assert row["themes"] == "adhd"
    formula_cells = [c for line in sheet.iter_rows() for c in line if c.data_type == "f"]
    assert formula_cells == []


# --- printable directory ----------------------------------------------------------------------


def public_html(centre: Organisation, language: str) -> str:
    groups = with_export_relations(Group.objects.public().filter(centre=centre))
    return directory_html(centre=centre, groups=groups, language=language, today=TODAY)


@pytest.mark.django_db
def test_directory_lists_groups_under_each_theme_in_the_chosen_language(
    meetings, centre_vd
) -> None:  # type: ignore[no-untyped-def]
    html = public_html(centre_vd, "de")
    assert '<html lang="de">' in html
    assert centre_vd.name.replace("'", "&#x27;") in html
    # Table of contents: a link per theme, numbered by WeasyPrint from the target's page.
    assert '<a href="#theme-bereavement">Trauer</a>' in html
    assert "target-counter(attr(href url), page)" in html
    sections = re.findall(r'<h2 id="theme-([^"]*)">([^<]*)</h2>', html)
    headings = [label for anchor, label in sections if anchor != "-other"]
    assert headings == sorted(headings, key=fold)
    assert {"Trauer", "Depression", "Brustkrebs", "Multiple Sklerose"} <= set(headings)
    assert "Deuil" not in headings
    assert sections[-1][0] == "-other"  # the group without a theme comes last
    # The group's facts as the German catalogue gives them (once compiled).
    with translation.override("de"):
        kind, tuesday = str(GroupType.SELF_MANAGED.label), str(Weekday.TUESDAY.label)
    assert kind.capitalize() in html and tuesday in html
    # A group with two themes is under both; a closed group nowhere.
    assert html.count("<h3>Groupe du mardi</h3>") == 2
    assert "Groupe fermé" not in html


@pytest.mark.django_db
def test_directory_shows_an_address_only_where_the_group_allows_it(meetings, centre_vd) -> None:  # type: ignore[no-untyped-def]
    html = public_html(centre_vd, "fr")
    assert SECRET_ADDRESS not in html
    assert PUBLIC_ADDRESS in html
    assert "mercredi@example.org" in html  # direct contact
    assert f"/fr/groups/{meetings['weekly'].pk}/" in html


@pytest.mark.django_db
def test_directory_renders_as_a_pdf_with_its_contents_resolved(meetings, centre_vd) -> None:  # type: ignore[no-untyped-def]
    from weasyprint import HTML

    result = export(centre_vd, "pdf", "it")
    assert result.content.startswith(b"%PDF")
    assert result.content_type == "application/pdf"
    assert result.filename == "directory-centre-vd-it.pdf"
    document = HTML(string=public_html(centre_vd, "it"), base_url=None).render()
    page_of = {anchor: n for n, page in enumerate(document.pages) for anchor in page.anchors}
    # Title page, then contents, then the themes.
    assert page_of["toc-heading"] == 1
    assert page_of["theme-bereavement"] >= 2


def test_the_pdf_renderer_fetches_nothing(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[str] = []

    def spy(url: str) -> None:
        asked.append(url)
        raise ValueError("refused")

    monkeypatch.setattr(pdf_module, "_refuse_to_fetch", spy)
    html = (
        '<html><head><link rel="stylesheet" href="http://192.0.2.1/x.css"></head>'
        '<body><img src="file:///etc/passwd"><p>x</p></body></html>'
    )
    assert html_to_pdf(html).startswith(b"%PDF")
    assert sorted(asked) == ["file:///etc/passwd", "http://192.0.2.1/x.css"]


# --- calendars ------------------------------------------------------------------------------


@pytest.mark.django_db
@time_machine.travel(datetime(2025, 3, 10, 10, tzinfo=ZURICH), tick=False)
def test_calendar_repeats_each_rhythm_as_the_schedule_does(meetings, centre_vd) -> None:  # type: ignore[no-untyped-def]
    content = export(centre_vd, "ics").content
    calendar = Calendar.from_ical(content)
    assert str(calendar["VERSION"]) == "2.0" and "Entraide" in str(calendar["PRODID"])
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Zurich"]
    host = urlsplit(settings.SITE_URL).hostname
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    expected_rules = {
        "weekly": {"FREQ": ["WEEKLY"], "INTERVAL": [1], "BYDAY": ["TU"]},
        "fortnightly": {"FREQ": ["WEEKLY"], "INTERVAL": [2], "BYDAY": ["WE"]},
        "monthly_last": {"FREQ": ["MONTHLY"], "BYDAY": ["-1TH"]},
    }
    for key, expected in expected_rules.items():
        group = meetings[key]
        event = events[f"group-{group.pk}@{host}"]
        rule = event["RRULE"]
        assert {part: rule[part] for part in expected} == expected
        assert event["DTSTART"].params["TZID"] == "Europe/Zurich"
        assert str(event["SUMMARY"]) == group.name
        assert str(event["URL"]).endswith(f"/fr/groups/{group.pk}/")
        assert "DTSTAMP" in event
        start = event.start
        dates = rrulestr(rule.to_ical().decode(), dtstart=start).xafter(
            datetime.combine(TODAY, time(0), tzinfo=ZURICH), count=6, inc=True
        )
        occurrences = list(dates)
        # The same days as the group page says, at the same wall-clock time across summer time.
        assert [d.date() for d in occurrences] == next_meetings(group, TODAY, count=6)
        assert {d.timetz().replace(tzinfo=None) for d in occurrences} == {group.start_time}
    weekly = events[f"group-{meetings['weekly'].pk}@{host}"]
    assert weekly.end.time() == time(21, 0)
    assert str(events[f"group-{meetings['fortnightly'].pk}@{host}"]["DTSTART"].dt.date()) == (
        "2025-01-08"
    )
    assert f"group-{meetings['irregular'].pk}@{host}" not in events
    assert f"group-{meetings['closed'].pk}@{host}" not in events


@pytest.mark.django_db
def test_calendar_shows_an_address_only_where_the_group_allows_it(meetings, centre_vd) -> None:  # type: ignore[no-untyped-def]
    text = unfolded(export(centre_vd, "ics").content)
    assert "Secrète" not in text
    assert f"LOCATION:{PUBLIC_ADDRESS}\\, 1003 Lausanne" in text
    assert "LOCATION:1003 Lausanne" in text


@pytest.mark.django_db
def test_calendar_is_the_same_from_one_export_to_the_next(meetings, centre_vd) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(datetime(2025, 3, 10, 10, tzinfo=ZURICH), tick=False):
        first = export(centre_vd, "ics").content
    with time_machine.travel(datetime(2025, 4, 2, 10, tzinfo=ZURICH), tick=False):
        assert export(centre_vd, "ics").content == first


@pytest.mark.django_db
def test_a_groups_own_calendar_only_for_a_public_group(meetings) -> None:  # type: ignore[no-untyped-def]
    result = group_calendar_export(group_id=meetings["weekly"].pk, language="de")
    assert result is not None and result.content_type.startswith("text/calendar")
    events = Calendar.from_ical(result.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Groupe du mardi"]
    assert group_calendar_export(group_id=meetings["closed"].pk) is None
    # A group without dates still gets a valid calendar (the time zone is its component).
    irregular = group_calendar_export(group_id=meetings["irregular"].pk)
    assert irregular is not None
    assert Calendar.from_ical(irregular.content).walk("VEVENT") == []


# --- HSDS open data ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hsds_validator():  # type: ignore[no-untyped-def]
    # The compiled schema is self-contained: its $refs point into its own "definitions".
    schema = json.loads(HSDS_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema_rs.validator_for(schema, validate_formats=True)


def test_the_hsds_validator_is_not_a_rubber_stamp(hsds_validator) -> None:  # type: ignore[no-untyped-def]
    assert not hsds_validator.is_valid({"id": "not-a-uuid", "name": "x", "status": "active"})
    assert not hsds_validator.is_valid({"id": "6f9619ff-8b86-4d11-b42d-00c04fc964ff"})


@pytest.mark.django_db
def test_every_hsds_service_validates_against_the_official_schema(
    meetings, centre_vd, hsds_validator
) -> None:  # type: ignore[no-untyped-def]
    page = json.loads(export(centre_vd, "hsds", "de").content)
    services = page["contents"]
    assert (
        page["total_items"]
        == len(services)
        == Group.objects.public().filter(centre=centre_vd).count()
    )
    for service in services:
        errors = [error.message for error in hsds_validator.iter_errors(service)]
        assert errors == [], service["name"]


@pytest.mark.django_db
def test_hsds_holds_the_public_facts_with_stable_ids(meetings, centre_vd) -> None:  # type: ignore[no-untyped-def]
    content = export(centre_vd, "hsds", "de").content
    assert export(centre_vd, "hsds", "de").content == content
    text = content.decode("utf-8")
    assert "Groupe fermé" not in text
    assert SECRET_ADDRESS not in text
    services = {s["name"]: s for s in json.loads(content)["contents"]}
    weekly = services["Groupe du mardi"]
    assert weekly["organization"]["name"] == centre_vd.name
    assert weekly["organization_id"] == weekly["organization"]["id"]
    assert {a["taxonomy_term"]["name"] for a in weekly["attributes"]} == {"Trauer", "Depression"}
    assert {lang["code"] for lang in weekly["languages"]} == {"fr", "de"}
    with translation.override("de"):
        assert weekly["fees_description"] == gettext("Free of charge")
    address = weekly["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["address_1"], address["city"], address["state_province"]) == (
        "",
        "Lausanne",
        "VD",
    )
    schedule = weekly["schedules"][0]
    assert (schedule["freq"], schedule["interval"], schedule["byday"]) == ("WEEKLY", 1, "TU")
    assert (schedule["opens_at"], schedule["closes_at"]) == ("19:30", "21:00")
    fortnightly = services["Groupe du mercredi"]["schedules"][0]
    assert (fortnightly["interval"], fortnightly["dtstart"]) == (2, "2025-01-08")
    assert services["Groupe du mercredi"]["email"] == "mercredi@example.org"
    assert "email" not in weekly  # contact goes through the centre
    last = services["Groupe du dernier jeudi"]
    assert last["schedules"][0]["byday"] == "-1TH"
    assert last["service_at_locations"][0]["location"]["addresses"][0]["address_1"] == (
        PUBLIC_ADDRESS
    )
    assert "freq" not in services["Groupe sans rythme"]["schedules"][0]


# --- the service: permission, audit, queries -------------------------------------------------


@pytest.fixture
def staff_of_geneva(db) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user("staff-ge@example.org", "x")
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(code="centre-ge"), role=Role.CENTRE_STAFF
    )
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", FORMATS)
def test_staff_of_another_centre_may_not_export(
    fmt, centre_vd, staff_of_geneva, demo_users
) -> None:  # type: ignore[no-untyped-def]
    for outsider in (staff_of_geneva, demo_users[Role.NATIONAL_COORDINATOR]):
        with pytest.raises(PermissionDenied):
            groups_export(by=outsider, centre=centre_vd, fmt=fmt, language="fr")
    with pytest.raises(PermissionDenied):
        groups_export(by=demo_users[Role.CENTRE_STAFF], centre=None, fmt="hsds")


@pytest.mark.django_db
def test_an_export_is_audited_without_group_names(meetings, centre_vd, demo_users) -> None:  # type: ignore[no-untyped-def]
    staff = demo_users[Role.CENTRE_STAFF]
    result = groups_export(by=staff, centre=centre_vd, fmt="csv", language="fr")
    assert result.filename == "groups-centre-vd.csv"
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None
    count = Group.objects.filter(centre=centre_vd).count()
    assert (entry.actor, entry.action, entry.object_id) == (staff, "read", str(centre_vd.pk))
    assert entry.object_label == f"export csv (fr) of {count} groups"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_runs_as_many_queries_for_twenty_groups_as_for_two(
    fmt, directory, demo_users
) -> None:  # type: ignore[no-untyped-def]
    geneva = Organisation.objects.get(code="centre-ge")
    staff = User.objects.create_user("staff-ge@example.org", "x")
    Membership.objects.create(user=staff, organisation=geneva, role=Role.CENTRE_STAFF)

    def add(count: int) -> None:
        for n in range(count):
            make_group(
                geneva,
                f"Groupe {n}",
                ["breast-cancer", "bereavement"],
                rhythm=Rhythm.WEEKLY,
                weekday=n % 7,
                start_time=time(18),
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            groups_export(by=staff, centre=geneva, fmt=fmt, language="de")
        return len(captured)

    add(2)
    few = queries()
    add(18)
    assert queries() == few


# --- the command ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "start"),
    [
        ("csv", b"\xef\xbb\xbfname,themes"),
        ("xlsx", b"PK"),
        ("pdf", b"%PDF"),
        ("ics", b"BEGIN:VCALENDAR"),
        ("hsds", b"{"),
    ],
)
def test_the_command_writes_each_format(fmt, start, meetings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / f"export.{fmt}"
    out = io.StringIO()
    call_command(
        "export_groups",
        "--centre=centre-vd",
        f"--format={fmt}",
        f"--output={output}",
        "--language=de",
        stdout=out,
    )
    assert output.read_bytes().startswith(start)
    assert str(output) in out.getvalue()
    assert AuditEntry.objects.filter(object_label__startswith=f"export {fmt} (de)").exists()


@pytest.mark.django_db
def test_the_command_exports_every_centre_as_open_data(meetings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "all.json"
    call_command("export_groups", "--all-centres", "--format=hsds", f"--output={output}")
    page = json.loads(output.read_text(encoding="utf-8"))
    assert page["total_items"] == Group.objects.public().count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--centre=centre-xx", "--format=csv"], "No regional centre has the code 'centre-xx'"),
        (["--centre=group-trauer-bern", "--format=csv"], "No regional centre"),
        (["--centre=centre-vd", "--format=docx"], "Unknown format 'docx'"),
        (["--centre=centre-vd", "--format=pdf", "--language=rm"], "Unknown language 'rm'"),
        (["--all-centres", "--format=csv"], "one centre"),
        (["--format=csv"], "--centre CODE or --all-centres"),
    ],
)
def test_the_command_fails_cleanly(arguments, message, tmp_path) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "out"
    with pytest.raises(CommandError, match=message):
        call_command("export_groups", *arguments, f"--output={output}")
    assert not output.exists()
