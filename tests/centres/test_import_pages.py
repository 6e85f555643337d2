"""Importing from the workspace: the check, the report, the import by the worker, the template."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.accounts.models import Role
from entraide.centres.models import GroupImport, ListingAcceptance
from entraide.centres.services import imports
from entraide.centres.services.imports import run_import
from entraide.directory.models import Group, Theme
from entraide.directory.search import search_groups

HEADER = "name;themes;canton;municipality;postal_code;languages"


def csv_file(*rows: str, name: str = "liste.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join([HEADER, *rows]) + "\n").encode("utf-8"))


def test_a_file_is_checked_then_imported_by_the_worker(client_for, db) -> None:  # type: ignore[no-untyped-def]
    Theme.objects.create(code="tinnitus-i", category="somatic", label="Acouphènes-i")
    staff = client_for(Role.CENTRE_STAFF)
    response = staff.post(
        "/fr/centre/centre-vd/import/",
        {"file": csv_file("Acouphènes Aigle;tinnitus-i;VD;Aigle;1860;fr")},
    )
    assert response.status_code == 302
    upload = GroupImport.objects.get()
    assert upload.status == "checked" and upload.report["ok"] and upload.report["rows"] == 1
    assert not Group.objects.filter(name="Acouphènes Aigle").exists()  # a check writes nothing
    assert "/run/" in staff.get(response["Location"]).content.decode()  # the import button
    # The groups are published at once: the criteria must be confirmed for the whole file.
    staff.post(f"/fr/centre/centre-vd/import/{upload.pk}/run/")
    upload.refresh_from_db()
    assert upload.status == "checked"
    staff.post(f"/fr/centre/centre-vd/import/{upload.pk}/run/", {"criteria": "on"})
    upload.refresh_from_db()
    assert upload.status == "queued"
    run_import.call(upload.pk)  # what the task worker does
    upload.refresh_from_db()
    assert upload.status == "done" and upload.report["created"] == 1 and not bytes(upload.content)
    group = Group.objects.get(name="Acouphènes Aigle")
    assert group.centre.code == "centre-vd" and group in search_groups("acouphenes aigle")
    assert (
        ListingAcceptance.objects.get(group=group).accepted_by.email
        == "centre@demo.entraide.example"
    )
    # A file is imported once.
    staff.post(f"/fr/centre/centre-vd/import/{upload.pk}/run/", {"criteria": "on"})
    upload.refresh_from_db()
    assert upload.status == "done" and Group.objects.filter(name="Acouphènes Aigle").count() == 1


def test_a_wrong_file_shows_its_report_and_cannot_be_imported(client_for, db) -> None:  # type: ignore[no-untyped-def]
    staff = client_for(Role.CENTRE_STAFF)
    response = staff.post(
        "/fr/centre/centre-vd/import/", {"file": csv_file("=cmd|' /C calc'!A0;x;ZH;Zurich;8001;fr")}
    )
    upload = GroupImport.objects.get()
    assert not upload.report["ok"] and upload.report["errors"] >= 2
    page = staff.get(response["Location"]).content.decode()
    assert "/run/" not in page  # no import button
    run = f"/fr/centre/centre-vd/import/{upload.pk}/run/"
    assert staff.post(run, {"criteria": "on"}).status_code == 302
    upload.refresh_from_db()
    assert upload.status == "checked" and not bytes(upload.content)


def test_a_binary_file_or_no_file_gets_a_message_next_to_the_field(client_for, db) -> None:  # type: ignore[no-untyped-def]
    staff = client_for(Role.CENTRE_STAFF)
    response = staff.post("/fr/centre/centre-vd/import/", {})
    assert response.status_code == 400 and response.context["form"].errors["file"]
    binary = SimpleUploadedFile("liste.csv", b"\x00\x01\x02PK\x03\x04" * 100)
    response = staff.post("/fr/centre/centre-vd/import/", {"file": binary})
    upload = GroupImport.objects.get()
    assert response.status_code == 302 and not upload.report["ok"]
    assert upload.report["problems"][0]["row"] is None  # about the whole file


def test_the_template_downloads_and_other_centres_get_404(client_for, db) -> None:  # type: ignore[no-untyped-def]
    staff = client_for(Role.CENTRE_STAFF)
    xlsx = staff.get("/fr/centre/centre-vd/import/template/?format=xlsx&language=de")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    csv = staff.get("/fr/centre/centre-vd/import/template/?format=csv")
    assert csv.content.decode("utf-8-sig").startswith("name;")
    assert staff.get("/fr/centre/centre-vd/import/template/?format=exe").status_code == 404
    assert staff.get("/fr/centre/centre-ge/import/").status_code == 404
    coordinator = client_for(Role.NATIONAL_COORDINATOR)
    assert coordinator.get("/fr/centre/centre-vd/import/").status_code == 404


def test_the_list_of_recent_files_runs_a_constant_number_of_queries(client_for, centre_vd) -> None:  # type: ignore[no-untyped-def]
    staff = client_for(Role.CENTRE_STAFF)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff.get("/fr/centre/centre-vd/import/").status_code == 200
        return len(captured)

    GroupImport.objects.create(centre=centre_vd, filename="a.csv", report={"ok": True})
    few = queries()
    GroupImport.objects.bulk_create(
        GroupImport(centre=centre_vd, filename=f"{n}.csv", report={}) for n in range(15)
    )
    assert queries() == few


def test_an_interrupted_import_writes_nothing_and_can_be_started_again(
    client_for, db, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    Theme.objects.create(code="tinnitus-j", category="somatic", label="Acouphènes-j")
    staff = client_for(Role.CENTRE_STAFF)
    staff.post(
        "/fr/centre/centre-vd/import/",
        {"file": csv_file("Acouphènes Bex;tinnitus-j;VD;Bex;1880;fr")},
    )
    upload = GroupImport.objects.get()
    staff.post(f"/fr/centre/centre-vd/import/{upload.pk}/run/", {"criteria": "on"})

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the worker fell over")

    monkeypatch.setattr(imports.ListingAcceptance.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        run_import.call(upload.pk)
    upload.refresh_from_db()
    assert upload.status == "checked" and bytes(upload.content)
    assert not Group.objects.filter(name="Acouphènes Bex").exists()  # rolled back
