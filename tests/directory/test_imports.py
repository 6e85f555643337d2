"""Import of a centre's existing list of groups: every row checked, then all or nothing."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import time
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from entraide.accounts.models import Membership, Organisation, Role, User
from entraide.core.models import AuditEntry
from entraide.directory import imports
from entraide.directory.imports import files, groups_import, import_template
from entraide.directory.models import Group, Theme
from entraide.directory.places import locate
from entraide.directory.search import search_groups
from entraide.directory.tabular import COLUMN_NAMES

HEADER = ["name", "themes", "canton", "municipality", "postal_code", "languages"]
SCHEDULE = ["rhythm", "weekday", "week_of_month", "start_time", "end_time"]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are checked in English, whatever the translations say."""
    with translation.override("en"):
        yield


@pytest.fixture
def staff(demo_users) -> User:  # type: ignore[no-untyped-def]
    return demo_users[Role.CENTRE_STAFF]


def csv_file(rows: list[list[str]], header: list[str] = HEADER, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_file(rows: list[list[Any]], header: list[str] = HEADER) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def run(
    centre: Organisation,
    content: bytes,
    *,
    filename: str = "groups.csv",
    dry_run: bool = False,
    by: Any = None,
) -> imports.ImportReport:
    return groups_import(by=by, centre=centre, filename=filename, content=content, dry_run=dry_run)


def themes_of(group: Group) -> set[str]:
    return {theme.code for theme in group.themes.all()}


def languages_of(group: Group) -> set[str]:
    return {language.code for language in group.languages.all()}


GOOD_ROWS = [
    # Themes as a code, as German and Italian labels, as an English label.
    [
        "Groupe d'entraide Deuil – Vevey",
        "bereavement",
        "VD",
        "Vevey",
        "1800",
        "fr",
        "monthly",
        "tuesday",
        "2",
        "19:30",
        "21:30",
        "+41 21 123 45 67",
    ],
    [
        "Brustkrebs Selbsthilfe Nyon",
        "Brustkrebs|Depressione",
        "vd",
        "Nyon",
        "1260",
        "de|fr",
        "weekly",
        "Donnerstag",
        "",
        "18h00",
        "",
        "",
    ],
    [
        "Multiple sclerosis café Yverdon",
        "Multiple sclerosis",
        "VD",
        "Yverdon-les-Bains",
        "1400",
        "en",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
]
GOOD_HEADER = [*HEADER, *SCHEDULE, "contact_phone"]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_good_csv_creates_its_groups_with_themes_languages_schedule_and_place(
    centre_vd, staff, delimiter
) -> None:  # type: ignore[no-untyped-def]
    content = csv_file(GOOD_ROWS, GOOD_HEADER, delimiter)
    report = run(centre_vd, content, by=staff)
    assert report.ok, [p.text for p in report.problems()]
    assert report.created == 3
    assert report.format == "csv"
    assert [row.number for row in report.rows] == [2, 3, 4]
    vevey, nyon, yverdon = (Group.objects.get(pk=row.group_id) for row in report.rows)

    assert vevey.name == "Groupe d'entraide Deuil – Vevey"
    assert themes_of(vevey) == {"bereavement"}
    assert languages_of(vevey) == {"fr"}
    assert (vevey.rhythm, vevey.weekday, vevey.week_of_month) == ("monthly", 1, 2)
    assert (vevey.start_time, vevey.end_time) == (time(19, 30), time(21, 30))
    assert vevey.contact_phone == "+41 21 123 45 67"
    assert (vevey.latitude, vevey.longitude) == locate("1800", "Vevey")
    assert vevey.centre == centre_vd and vevey.canton_id == "VD"
    assert vevey.status == "active" and vevey.is_listed and vevey.last_confirmed_at

    assert themes_of(nyon) == {"breast-cancer", "depression"}
    assert languages_of(nyon) == {"de", "fr"}
    assert (nyon.weekday, nyon.start_time, nyon.end_time) == (3, time(18, 0), None)
    assert themes_of(yverdon) == {"multiple-sclerosis"}
    assert yverdon.latitude is not None

    # Found at once by the public search, in every language, and on the search page.
    assert vevey in search_groups("Trauer")
    assert nyon in search_groups("cancro al seno")
    assert yverdon in search_groups("sclérose en plaques")
    page = Client().get("/en/groups/", {"q": "lutto"})
    assert "Groupe d&#x27;entraide Deuil – Vevey" in page.content.decode()

    entries = AuditEntry.objects.filter(
        object_type="directory.group", object_id__in=[str(g.pk) for g in (vevey, nyon, yverdon)]
    )
    assert entries.count() == 3
    assert {(e.action, e.actor_id) for e in entries} == {(AuditEntry.Action.CREATE, staff.pk)}


def test_a_good_xlsx_creates_its_groups(centre_vd) -> None:  # type: ignore[no-untyped-def]
    header = [" Name", "THEMES", "Canton", "Municipality", "Postal Code", "languages", *SCHEDULE]
    content = xlsx_file(
        [
            # Spreadsheets hand numbers and times over as such.
            [
                "Gruppo lutto Losanna",
                "Lutto",
                "VD",
                "Lausanne",
                1003,
                "it",
                "monthly",
                "friday",
                5,
                time(14, 0),
                time(16, 0),
            ],
            ["Depression self-help Morges", "Depression", "VD", "Morges", 1110.0, "en|fr"],
        ],
        header,
    )
    report = run(centre_vd, content, filename="Liste.XLSX")
    assert report.ok, [p.text for p in report.problems()]
    assert report.format == "xlsx"
    assert report.created == 2
    lausanne = Group.objects.get(pk=report.rows[0].group_id)
    assert lausanne.postal_code == "1003"
    assert (lausanne.weekday, lausanne.week_of_month) == (4, 5)
    assert (lausanne.start_time, lausanne.end_time) == (time(14, 0), time(16, 0))
    assert themes_of(lausanne) == {"bereavement"}
    morges = Group.objects.get(pk=report.rows[1].group_id)
    assert morges.postal_code == "1110"
    assert languages_of(morges) == {"en", "fr"}
    assert list(search_groups("Trauer Lausanne")) == [lausanne]


def test_the_dry_run_writes_nothing_and_reports_each_row(centre_vd, staff) -> None:  # type: ignore[no-untyped-def]
    groups, entries = Group.objects.count(), AuditEntry.objects.count()
    rows = [
        ["Groupe deuil Vevey", "bereavement", "VD", "Vevey", "1800", "fr"],
        # A postal code of another town, and of another canton; an unknown one.
        ["Groupe TDAH Montreux", "adhd", "VD", "Montreux", "1003", "fr"],
        ["Groupe dépression", "depression", "VD", "Genève", "1201", "fr"],
        ["Groupe burnout", "burnout", "VD", "Nulle-part", "1099", "fr"],
    ]
    report = run(centre_vd, csv_file(rows, [*HEADER, "Notes"]), dry_run=True, by=staff)
    assert report.ok and report.dry_run and report.created == 0
    assert (Group.objects.count(), AuditEntry.objects.count()) == (groups, entries)
    assert [row.number for row in report.rows] == [2, 3, 4, 5]
    assert report.rows[0].values["municipality"] == "Vevey"
    assert all(row.group_id is None for row in report.rows)
    assert report.warnings == [
        "The column “Notes” is not one of the list's columns; it was ignored."
    ]
    assert not report.rows[0].warnings
    assert report.rows[1].warnings == {
        "municipality": ["The postal code 1003 belongs to Lausanne, not to “Montreux”."]
    }
    assert report.rows[2].warnings["postal_code"] == [
        "The postal code 1201 is in the canton GE, not VD."
    ]
    assert "1099 is not among the Swiss localities" in report.rows[3].warnings["postal_code"][0]
    assert "Warnings: 4." in report.summary()


def test_one_bad_row_and_nothing_is_imported(centre_vd) -> None:  # type: ignore[no-untyped-def]
    before = Group.objects.count()
    rows = [
        ["Groupe deuil Vevey", "bereavement", "VD", "Vevey", "1800", "fr"],
        ["Groupe mystère", "Depresion", "VD", "Nyon", "1260", "fr|xx"],
        ["Groupe TDAH Nyon", "adhd", "VD", "Nyon", "1260", "fr"],
    ]
    report = run(centre_vd, csv_file(rows))
    assert not report.ok and report.created == 0
    assert Group.objects.count() == before
    assert report.rows[0].ok and report.rows[2].ok
    assert report.rows[1].errors == {
        "themes": [
            "“Depresion” is not a theme of the thesaurus. Did you mean “Depression” (depression)?"
        ],
        "languages": ["“xx” is not a language code; write one of fr, de, it, rm, en."],
    }
    assert next(p.text for p in report.problems() if p.level == "error").startswith(
        "Row 3, column themes: “Depresion”"
    )


def test_every_kind_of_wrong_value_is_reported_in_its_cell(centre_vd) -> None:  # type: ignore[no-untyped-def]
    header = [*HEADER, "type", "weekday", "start_time", "end_time", "online", "contact_email"]
    rows = [
        ["", "", "XX", "Vevey", "18000", "", "club", "someday", "25:00", "", "maybe", "no@"],
        [
            "Groupe deuil Vevey",
            "bereavement",
            "VD",
            "Vevey",
            "1800",
            "fr",
            "self-managed",
            "mardi",
            "20:00",
            "19.00",
            "oui",
            "contact@example.org",
        ],
    ]
    report = run(centre_vd, csv_file(rows, header))
    assert report.rows[0].errors == {
        "name": ["A value is required."],
        "themes": ["A value is required."],
        "languages": ["A value is required."],
        "canton": ["“XX” is not a canton: write its two-letter code, for example VD."],
        "postal_code": ["“18000” is not a Swiss postal code (four digits)."],
        "type": [
            "“club” is not allowed here; write one of self_managed, professionally_guided, "
            "online, one_to_one."
        ],
        "weekday": [
            "“someday” is not a day of the week; write one of monday, tuesday, wednesday, "
            "thursday, friday, saturday, sunday."
        ],
        "start_time": ["“25:00” is not a time; write it as HH:MM, for example 19:30."],
        "online": ["“maybe” is neither yes nor no."],
        "contact_email": ["“no@” is not a valid email address."],
    }
    assert report.rows[1].errors == {
        "end_time": ["The meeting ends (19:00) before it starts (20:00)."]
    }


def test_themes_read_through_a_synonym_are_named_and_ambiguous_ones_refused(centre_vd) -> None:  # type: ignore[no-untyped-def]
    rows = [
        ["Gruppo seno Vevey", "tumore al seno", "VD", "Vevey", "1800", "it"],
        ["Groupe trans Vevey", "transgender", "VD", "Vevey", "1800", "fr"],
    ]
    report = run(centre_vd, csv_file(rows), dry_run=True)
    assert report.rows[0].ok
    assert report.rows[0].theme_ids == [Theme.objects.get(code="breast-cancer").pk]
    assert report.rows[0].warnings["themes"] == [
        "“tumore al seno” was read as the theme “Breast cancer” (breast-cancer)."
    ]
    assert "may mean several themes" in report.rows[1].errors["themes"][0]


def test_a_canton_the_centre_does_not_cover_is_an_error(centre_vd) -> None:  # type: ignore[no-untyped-def]
    rows = [["Groupe deuil Genève", "bereavement", "GE", "Genève", "1201", "fr"]]
    report = run(centre_vd, csv_file(rows))
    assert not report.ok and report.created == 0
    assert report.rows[0].errors == {
        "canton": ["The canton GE is not one that Centre d'entraide Vaud covers (VD)."]
    }


def test_staff_of_another_centre_may_not_import(centre_vd, demo_users) -> None:  # type: ignore[no-untyped-def]
    other = User.objects.create_user("staff-ge@example.org", "x-long-password-1")
    Membership.objects.create(
        user=other, organisation=Organisation.objects.get(code="centre-ge"), role=Role.CENTRE_STAFF
    )
    content = csv_file([["Groupe deuil Vevey", "bereavement", "VD", "Vevey", "1800", "fr"]])
    for person in (other, demo_users[Role.NATIONAL_COORDINATOR]):
        with pytest.raises(PermissionDenied):
            run(centre_vd, content, by=person)
    assert not Group.objects.filter(name="Groupe deuil Vevey").exists()


def queries_for(centre: Organisation, rows: int, *, dry_run: bool) -> int:
    names = f"Groupe {rows} {dry_run}"  # a new list each time, without duplicates
    content = csv_file(
        [[f"{names} {n}", "adhd|Deuil", "VD", "Vevey", "1800", "fr|de"] for n in range(rows)]
    )
    with CaptureQueriesContext(connection) as queries:
        assert run(centre, content, dry_run=dry_run).ok
    return len(queries)


def test_the_import_runs_as_many_queries_for_ten_rows_as_for_a_hundred(centre_vd) -> None:  # type: ignore[no-untyped-def]
    assert queries_for(centre_vd, 10, dry_run=True) == queries_for(centre_vd, 100, dry_run=True)
    assert queries_for(centre_vd, 10, dry_run=False) == queries_for(centre_vd, 100, dry_run=False)


def name_order() -> list[tuple[str, int]]:
    return list(Group.objects.order_by("search_order").values_list("sort_name", "pk"))


def test_imported_groups_take_their_place_in_name_order_without_renumbering_others(
    directory, centre_vd
) -> None:  # type: ignore[no-untyped-def]
    before = dict(Group.objects.values_list("pk", "search_order"))
    words = ["Zèbre", "abeille", "Été", "Groupe deuil Lausanne", "Œuvre", "ours", "Café"]
    rows = [[f"{words[n % 7]} {n}", "adhd", "VD", "Vevey", "1800", "fr"] for n in range(300)]
    report = run(centre_vd, csv_file(rows))
    assert report.created == 300
    after = dict(Group.objects.values_list("pk", "search_order"))
    assert {pk: after[pk] for pk in before} == before
    assert None not in after.values()
    assert name_order() == sorted(name_order())


def test_a_full_gap_in_name_order_falls_back_to_numbering_every_group(directory, centre_vd) -> None:  # type: ignore[no-untyped-def]
    first, second = name_order()[:2]
    Group.objects.filter(pk=first[1]).update(search_order=1)
    Group.objects.filter(pk=second[1]).update(search_order=2)
    between = first[0] + "a"  # sorts between the two, where no number is left
    assert first[0] < between < second[0]
    report = run(centre_vd, csv_file([[between, "adhd", "VD", "Vevey", "1800", "fr"]]))
    assert report.created == 1
    assert name_order() == sorted(name_order())
    assert Group.objects.get(pk=report.rows[0].group_id).search_order is not None


# Duplicates


def test_likely_duplicates_of_existing_groups_and_of_earlier_rows_are_reported(
    directory, centre_vd
) -> None:  # type: ignore[no-untyped-def]
    existing = directory["deuil"]  # "Groupe deuil Lausanne", 1000 Lausanne
    rows = [
        ["Groupe de deuil - Lausane", "bereavement", "VD", "Lausanne", "1003", "fr"],
        ["Groupe TDAH adultes Vevey", "adhd", "VD", "Vevey", "1800", "fr"],
        ["Groupe TDAH adulte Vevey", "adhd", "VD", "Vevey", "1800", "fr"],
        # Numbered groups, and another theme at the same place, are other groups.
        ["Groupe TDAH adultes Vevey 2", "adhd", "VD", "Vevey", "1800", "fr"],
        ["Groupe dépression Lausanne", "depression", "VD", "Lausanne", "1000", "fr"],
    ]
    report = run(centre_vd, csv_file(rows), dry_run=True)
    assert report.ok, [p.text for p in report.problems()]
    first, second, third, numbered, other = report.rows
    assert first.duplicates == [
        imports.Duplicate(
            "Groupe deuil Lausanne", "1000 Lausanne", exact=False, group_id=existing.pk
        )
    ]
    assert first.warnings["name"] == [
        "Perhaps the same group as “Groupe deuil Lausanne” at 1000 Lausanne, already listed."
    ]
    assert not second.duplicates
    assert third.duplicates == [
        imports.Duplicate("Groupe TDAH adultes Vevey", "1800 Vevey", exact=False, row=3)
    ]
    assert third.warnings["name"] == [
        "Perhaps the same group as row 3 (“Groupe TDAH adultes Vevey”)."
    ]
    assert not numbered.duplicates and not other.duplicates
    assert report.duplicate_count == 2


def test_the_same_group_twice_is_an_error_so_a_file_cannot_be_imported_twice(
    directory, centre_vd
) -> None:  # type: ignore[no-untyped-def]
    rows = [
        ["Groupe TDAH Vevey", "adhd", "VD", "Vevey", "1800", "fr"],
        ["Groupe TDAH Vevey", "adhd", "VD", "Vevey", "1800", "fr"],
        ["GROUPE DEUIL LAUSANNE", "bereavement", "VD", "Lausanne", "1000", "fr"],
    ]
    report = run(centre_vd, csv_file(rows))
    assert report.created == 0
    assert report.rows[0].ok
    assert report.rows[1].errors == {"name": ["Row 2 has the same name and postal code."]}
    assert report.rows[1].duplicates[0].exact
    assert report.rows[2].errors["name"] == [
        "The group “Groupe deuil Lausanne” at 1000 Lausanne is already listed. If this is "
        "another group, give it a name that tells them apart."
    ]
    # Once imported, the same file is refused.
    good = csv_file(rows[:1])
    assert run(centre_vd, good).created == 1
    again = run(centre_vd, good)
    assert again.created == 0 and "already listed" in again.rows[0].errors["name"][0]


# Hostile and broken files


def refused(centre: Organisation, content: bytes, filename: str) -> str:
    """The one message about the whole file; checks that nothing was read or written."""
    before = Group.objects.count()
    report = run(centre, content, filename=filename)
    assert not report.ok and report.created == 0 and not report.rows
    assert Group.objects.count() == before
    assert len(report.errors) == 1, report.errors
    return report.errors[0]


def test_a_binary_file_named_csv_is_refused(centre_vd) -> None:  # type: ignore[no-untyped-def]
    message = refused(centre_vd, bytes(range(256)) * 40, "groups.csv")
    assert message.startswith("The file is not a CSV text file: it holds binary data.")
    workbook = xlsx_file([])
    assert "This file is a workbook, not a CSV text file" in refused(
        centre_vd, workbook, "groups.csv"
    )


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-16-le"])
def test_a_file_not_in_utf8_is_refused_with_how_to_save_it(centre_vd, encoding) -> None:  # type: ignore[no-untyped-def]
    text = csv_file([["Groupe deuil Genève", "Deuil", "VD", "Lausanne", "1003", "fr"]]).decode()
    message = refused(centre_vd, text.encode(encoding), "groups.csv")
    assert message.startswith("The file is not in the UTF-8 encoding")
    assert "“CSV UTF-8 (comma delimited)”" in message
    if encoding == "cp1252":
        assert "(line 2 is the first that is not)" in message


def test_a_file_without_required_columns_names_them(centre_vd) -> None:  # type: ignore[no-untyped-def]
    content = csv_file([["Groupe", "VD"]], ["Name", "canton"])
    assert refused(centre_vd, content, "groups.csv") == (
        "Required columns are missing: themes, municipality, postal_code, languages. "
        "The first row must name the columns, as in the template."
    )


@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [
        (b"name,themes\nx,y\n", "groups.xlsx", "The file is not a valid Excel workbook (.xlsx)"),
        (files.OLE_SIGNATURE + b"\0" * 600, "groups.xlsx", "This is an old Excel file (.xls)"),
        (b"name\n", "groups.ods", "Only CSV (.csv) and Excel (.xlsx) files can be imported."),
        (b"", "groups.csv", "The file is empty"),
        (b"a" * (imports.MAX_BYTES + 1), "groups.csv", "The file is larger than 10 MB."),
        (b"name,name\n", "groups.csv", "The column “name” appears twice"),
        (csv_file([]), "groups.csv", "The file has a header row but no groups below it."),
        (b"\r\n ,, \r\n", "groups.csv", "The file is empty"),
    ],
)
def test_broken_files_are_refused(centre_vd, content, filename, expected) -> None:  # type: ignore[no-untyped-def]
    report = run(centre_vd, content, filename=filename)
    assert not report.ok and report.created == 0
    assert any(message.startswith(expected) for message in report.errors + report.warnings)


def test_an_unterminated_quote_is_reported_with_its_line(centre_vd) -> None:  # type: ignore[no-untyped-def]
    content = csv_file([["Groupe", "adhd", "VD", "Vevey", "1800", "fr"]]) + b'"x' + b"y" * 200_000
    assert refused(centre_vd, content, "groups.csv").startswith("Line ")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(centre_vd, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(1))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(120):  # 120 MB of zeros, about 120 KB packed
                member.write(chunk)
    content = out.getvalue()
    assert len(content) < 1024 * 1024
    message = refused(centre_vd, content, "bomb.xlsx")
    assert message.startswith("The workbook would unpack to far more data than a list of groups")
    assert not opened


def test_a_sheet_that_claims_a_row_beyond_excels_last_is_refused(centre_vd, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # openpyxl hands over every missing row up to the one claimed; stop sooner in a test.
    monkeypatch.setattr(files, "XLSX_LAST_ROW", 1000)
    content = xlsx_file([["Groupe deuil Vevey", "bereavement", "VD", "Vevey", "1800", "fr"]])
    source, forged = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(forged, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<row r="2"', b'<row r="2000000000"')
                data = data.replace(b'r="A2"', b'r="A2000000000"')
            archive.writestr(info.filename, data)
    assert refused(centre_vd, forged.getvalue(), "forged.xlsx").startswith(
        "The file is not a valid Excel workbook"
    )


def counting_rows_read(monkeypatch: Any) -> list[int]:
    """Record the rows the import reads from the file (their numbers)."""
    consumed: list[int] = []
    open_table = files.open_table

    def counting(filename: str, content: bytes) -> Any:
        kind, table = open_table(filename, content)

        def rows_read() -> Any:
            for row in table:
                consumed.append(row[0])
                yield row

        return kind, rows_read()

    monkeypatch.setattr(files, "open_table", counting)
    return consumed


def test_too_many_rows_are_refused_without_reading_the_whole_file(centre_vd, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    body = "".join(f"Groupe {n},adhd,VD,Vevey,1800,fr\r\n" for n in range(100_000))
    content = (",".join(HEADER) + "\r\n" + body).encode()
    consumed = counting_rows_read(monkeypatch)
    message = refused(centre_vd, content, "groups.csv")
    assert message == (
        "The file holds more than 20,000 groups, the most one import takes. "
        "Split it into files of at most 20,000 rows."
    )
    assert len(consumed) == files.MAX_ROWS + 2  # the header, the rows allowed, one more


def test_a_workbook_with_too_many_rows_is_read_no_further_either(centre_vd, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(files, "MAX_ROWS", 100)
    content = xlsx_file([[f"Groupe {n}", "adhd", "VD", "Vevey", "1800", "fr"] for n in range(500)])
    consumed = counting_rows_read(monkeypatch)
    assert refused(centre_vd, content, "groups.xlsx").startswith("The file holds more than 100")
    assert len(consumed) == 102


@pytest.mark.parametrize(
    ("value", "sign"),
    [
        ('=HYPERLINK("https://example.org","x")', "="),
        ("@SUM(A1:A2)", "@"),
        ("+cmd|' /C calc'!A0", "+"),
        ("-2+3", "-"),
        ("'=1+1", "="),
    ],
)
def test_a_cell_that_looks_like_a_formula_is_an_error_in_its_cell(centre_vd, value, sign) -> None:  # type: ignore[no-untyped-def]
    header = [*HEADER, "cost_note"]
    rows = [["Groupe deuil Vevey", "bereavement", "VD", "Vevey", "1800", "fr", value]]
    report = run(centre_vd, csv_file(rows, header))
    assert report.created == 0
    (problem,) = [p for p in report.problems() if p.level == "error"]
    assert (problem.row, problem.column) == (2, "cost_note")
    assert problem.text.startswith(
        f"Row 2, column cost_note: The value starts with “{sign}”, which spreadsheet programs "
        "run as a formula"
    )


def test_phone_numbers_escaped_text_and_a_lone_dash_are_not_formulas(centre_vd) -> None:  # type: ignore[no-untyped-def]
    header = [*HEADER, "contact_phone", "cost_note"]
    rows = [
        [
            "Groupe deuil Vevey",
            "bereavement",
            "VD",
            "Vevey",
            "1800",
            "fr",
            "'+41 21 123 45 67",
            "-",
        ],
        ["Groupe TDAH Vevey", "adhd", "VD", "Vevey", "1800", "fr", "+41 (0)21 123-45-67", ""],
    ]
    report = run(centre_vd, csv_file(rows, header), dry_run=True)
    assert report.ok, [p.text for p in report.problems()]
    first, second = (row.group for row in report.rows)
    assert first is not None and second is not None
    assert (first.contact_phone, first.cost_note) == ("+41 21 123 45 67", "")
    assert second.contact_phone == "+41 (0)21 123-45-67"


def test_a_value_longer_than_its_column_allows_is_an_error(centre_vd) -> None:  # type: ignore[no-untyped-def]
    rows = [["G" * 201, "bereavement", "VD", "Vevey", "1800", "fr"]]
    report = run(centre_vd, csv_file(rows))
    assert report.rows[0].errors == {
        "name": ["The value is 201 characters long; at most 200 are allowed."]
    }
    long_text = csv_file(
        [["Groupe", "adhd", "VD", "Vevey", "1800", "fr", "x" * 5001]], [*HEADER, "description"]
    )
    assert run(centre_vd, long_text).rows[0].errors == {
        "description": ["The value is 5001 characters long; at most 5000 are allowed."]
    }


# The command


def command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_groups", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_imports_a_file_and_reports(centre_vd, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "liste.csv"
    path.write_bytes(csv_file(GOOD_ROWS, GOOD_HEADER, ";"))
    out, _ = command(str(path), "--centre", "centre-vd", "--dry-run")
    assert "Rows read: 3. Errors: 0." in out and "Dry run: nothing was written." in out
    assert not Group.objects.filter(centre=centre_vd).exists()
    out, _ = command(str(path), "--centre", "centre-vd")
    assert "3 groups imported into centre-vd." in out
    assert Group.objects.filter(centre=centre_vd).count() == 3
    entry = AuditEntry.objects.filter(object_type="directory.group").first()
    assert entry is not None and entry.actor is None and entry.action == AuditEntry.Action.CREATE


def test_the_command_fails_on_a_wrong_row_an_unreadable_file_or_an_unknown_centre(
    centre_vd, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "liste.csv"
    path.write_bytes(csv_file([["Groupe", "nothing-like-it", "VD", "Vevey", "1800", "fr"]]))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_groups", str(path), "--centre", "centre-vd", stdout=out, stderr=err)
    assert "error: Row 2, column themes: “nothing-like-it” is not a theme" in err.getvalue()
    assert "Errors: 1." in out.getvalue()
    with pytest.raises(CommandError, match="No regional centre has the code 'centre-xx'"):
        command(str(path), "--centre", "centre-xx")
    with pytest.raises(CommandError, match="Cannot read"):
        command(str(tmp_path / "missing.csv"), "--centre", "centre-vd")
    path.write_bytes(bytes(range(256)))
    with pytest.raises(CommandError):
        command(str(path), "--centre", "centre-vd")
    assert not Group.objects.filter(centre=centre_vd).exists()


# The template


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["fr", "de", "it", "en"])
def test_the_template_example_imports_without_error(centre_vd, fmt, language) -> None:  # type: ignore[no-untyped-def]
    content = import_template(fmt, language, centre=centre_vd)
    report = run(centre_vd, content, filename=f"template.{fmt}", dry_run=True)
    assert report.ok, [p.text for p in report.problems()]
    assert len(report.rows) == 1 and not report.warnings
    assert report.columns == list(COLUMN_NAMES)


def test_the_template_fits_the_centre_and_documents_each_column(staff) -> None:  # type: ignore[no-untyped-def]
    geneva = Organisation.objects.get(code="centre-ge")
    content = import_template("xlsx", "en", centre=geneva)
    assert run(geneva, content, filename="t.xlsx", dry_run=True).ok
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    groups, columns, themes = workbook.worksheets
    assert [c.value for c in groups[1]] == list(COLUMN_NAMES)
    assert groups["C2"].value == "GE"
    documented = {row[0]: row[1:] for row in columns.iter_rows(min_row=2, values_only=True)}
    assert documented["name"] == ("required", "The group's name, as the public will read it.", None)
    assert documented["canton"][2] == "GE"
    assert documented["type"][2] == "self_managed, professionally_guided, online, one_to_one"
    assert documented["weekday"][2].startswith("monday, tuesday")
    assert documented["start_time"][0] == "optional"
    assert ("bereavement", "Bereavement") in set(themes.iter_rows(min_row=2, values_only=True))
    csv_template = import_template("csv", "en").decode("utf-8")
    assert csv_template.startswith("\ufeffname;themes;canton;municipality;postal_code;languages;")
    assert len(csv_template.strip().split("\r\n")) == 2
