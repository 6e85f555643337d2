"""``manage.py import_organisations``: all or nothing, every error with its line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from entraide.accounts.models import Organisation, OrganisationKind
from entraide.accounts.organisations import (
    ImportRefused,
    OrganisationRow,
    organisations_import,
    rows_from_csv,
)
from entraide.core.models import AuditEntry

HEADER = "kind,name,cantons,email,phone,website,languages\n"


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """The messages these tests read, in English (the catalogues are checked apart)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def write(tmp_path: Path, body: str) -> str:
    path = tmp_path / "organisations.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return str(path)


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_organisations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def free_cantons(db) -> None:  # type: ignore[no-untyped-def]
    """Free Zurich and Schaffhausen from the demo centres, as if no centre covered them yet."""
    for centre in Organisation.objects.filter(code__in=["centre-zh", "centre-sh"]):
        centre.cantons.clear()


def test_a_valid_file_creates_the_organisations_with_an_audit_entry(tmp_path, free_cantons) -> None:  # type: ignore[no-untyped-def]
    path = write(
        tmp_path,
        "regional_centre,Selbsthilfe Nord,ZH|SH,nord@example.org,044 000 00 00,"
        "https://nord.example.org,de|en\n"
        "health_institution,Spital Test,ZH,,,,de\n"
        "member_organisation,Liga Test,BE,,,,\n",
    )
    out, _ = run(path)
    assert "3 created" in out
    centre = Organisation.objects.get(name="Selbsthilfe Nord")
    assert centre.kind == OrganisationKind.REGIONAL_CENTRE
    assert centre.canton.code == "ZH"
    assert sorted(c.code for c in centre.cantons.all()) == ["SH", "ZH"]
    assert sorted(lang.code for lang in centre.languages.all()) == ["de", "en"]
    assert centre.phone == "044 000 00 00"
    assert centre.code == "selbsthilfe-nord"
    hospital = Organisation.objects.get(name="Spital Test")
    assert hospital.cantons.count() == 0
    assert hospital.canton.code == "ZH"
    entry = AuditEntry.objects.get(object_type="accounts.organisation", object_id=str(centre.pk))
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.actor is None

    # The same file again: nothing changes.
    entries = AuditEntry.objects.count()
    out, _ = run(path)
    assert "0 created, 0 updated, 3 unchanged" in out
    assert AuditEntry.objects.count() == entries


def test_a_dry_run_checks_and_writes_nothing(tmp_path, free_cantons) -> None:  # type: ignore[no-untyped-def]
    before = Organisation.objects.count()
    out, _ = run(write(tmp_path, "regional_centre,Selbsthilfe Nord,ZH,,,,\n"), "--dry-run")
    assert "Dry run" in out and "1 created" in out
    assert Organisation.objects.count() == before


def test_a_file_with_errors_is_refused_whole_with_every_error_and_its_line(tmp_path, db) -> None:  # type: ignore[no-untyped-def]
    path = write(
        tmp_path,
        "member_organisation,A valid row,BE,,,,\n"  # line 2: fine, yet not written
        "regional_centre,Centre X,XX,,,,\n"  # line 3: unknown canton
        "hospital,Spital Y,ZH,,,,\n"  # line 4: unknown kind
        "regional_centre,Centre Genève bis,GE,,,,\n"  # line 5: GE has the demo centre
        ",,,,,,fr\n"  # line 6: no kind, no name, no canton
        "regional_centre,Centre A,UR,,,,\n"  # line 7
        "regional_centre,Centre B,UR,,,,\n",  # line 8: UR on line 7 too (and in the demo)
    )
    before = Organisation.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError, match="refused"):
        call_command("import_organisations", path, stdout=io.StringIO(), stderr=err)
    errors = err.getvalue()
    assert "Line 3: Unknown canton: XX." in errors
    assert "Line 4: Unknown kind: hospital." in errors
    assert "Line 5: The canton GE is already covered by Centre d'entraide Genève." in errors
    assert "Line 6: The name is missing." in errors
    assert "Line 6: At least one canton is needed." in errors
    assert "Line 8: The canton UR is already covered by the centre on line 7." in errors
    assert "Line 2" not in errors
    assert Organisation.objects.count() == before


def test_a_file_may_update_a_centre_s_own_cantons(tmp_path, db) -> None:  # type: ignore[no-untyped-def]
    """The centre a row updates does not conflict with its own cantons."""
    out, _ = run(write(tmp_path, "regional_centre,Centre d'entraide Vaud,VD,vd@example.org,,,fr\n"))
    assert "1 updated" in out
    assert Organisation.objects.get(code="centre-vd").email == "vd@example.org"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("national_office,Another office,BE,,,,\n", "not imported from a file"),
        ("self_help_group,Some group,BE,,,,\n", "not imported from a file"),
    ],
)
def test_kinds_not_imported_from_a_file(body, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportRefused, match=message):
        rows_from_csv(HEADER + body)


def test_a_file_without_the_columns_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportRefused, match="Missing columns: phone, website, languages"):
        rows_from_csv("kind,name,cantons,email\nregional_centre,X,ZH,\n")


def test_by_must_be_a_national_coordinator(tmp_path, db) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "member_organisation,Liga Test,BE,,,,\n")
    with pytest.raises(CommandError, match="not a national coordinator"):
        run(path, "--by", "centre@demo.entraide.example")
    run(path, "--by", "coordinator@demo.entraide.example")
    organisation = Organisation.objects.get(name="Liga Test")
    entry = AuditEntry.objects.get(
        object_type="accounts.organisation", object_id=str(organisation.pk)
    )
    assert entry.actor_label == "coordinator@demo.entraide.example"


def test_the_service_refuses_other_roles(demo_users) -> None:  # type: ignore[no-untyped-def]
    row = OrganisationRow(line=2, kind="member_organisation", name="Liga", cantons=("BE",))
    with pytest.raises(PermissionDenied):
        organisations_import(by=demo_users["centre_staff"], rows=[row])
    assert not Organisation.objects.filter(name="Liga").exists()


def test_a_spreadsheet_s_semicolons_and_byte_order_mark_are_read(db) -> None:  # type: ignore[no-untyped-def]
    text = "\ufeffKind;Name;Cantons;Email;Phone;Website;Languages\nregional_centre;Centre;ZH|SH;;;;de|fr\n"
    (row,) = rows_from_csv(text)
    assert (row.kind, row.name, row.cantons, row.languages) == (
        "regional_centre",
        "Centre",
        ("ZH", "SH"),
        ("de", "fr"),
    )
    assert row.line == 2


def test_an_unreadable_file_is_a_clear_error(tmp_path, db) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        HEADER.encode()
        + "member_organisation,Ligue genève,GE,,,,\n".encode("latin-1").replace(b"e,GE", b"\xe9,GE")
    )
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.csv"))
