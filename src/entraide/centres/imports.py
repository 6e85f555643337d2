"""A centre imports its list from the workspace: checked at once, imported in the background.

The check (a dry run of ``directory.imports.groups_import``) answers within
the request; the import itself, which may write 10,000 groups, runs in the
task worker so that no web request waits on it. The file is kept between
the two steps and erased once imported or after ``KEEP_FILES_FOR``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation, User
from entraide.centres.models import GroupImport, ImportStatus
from entraide.core.lib.audit import audit_record
from entraide.core.models import AuditEntry
from entraide.core.permissions import may_manage_centre
from entraide.directory.imports import ImportReport, groups_import

KEEP_FILES_FOR = timedelta(days=7)
# A report keeps this many messages; a file full of errors is summed up by its counts.
MAX_MESSAGES = 2000


def report_data(report: ImportReport) -> dict[str, Any]:
    problems = report.problems()
    return {
        "ok": report.ok,
        "rows": len(report.rows),
        "errors": report.error_count,
        "warnings": report.warning_count,
        "duplicates": report.duplicate_count,
        "created": report.created,
        "problems": [
            {"level": p.level, "row": p.row, "column": p.column, "message": p.message}
            for p in problems[:MAX_MESSAGES]
        ],
        "omitted": max(0, len(problems) - MAX_MESSAGES),
    }


@transaction.atomic
def import_check(*, by: User, centre: Organisation, filename: str, content: bytes) -> GroupImport:
    """Check an uploaded file (nothing imported) and keep it for the import."""
    if not may_manage_centre(by, centre):
        raise PermissionDenied("Only the centre's staff import its lists.")
    report = groups_import(by=by, centre=centre, filename=filename, content=content, dry_run=True)
    upload = GroupImport.objects.create(
        centre=centre,
        uploaded_by=by,
        filename=filename[:200],
        content=content if report.ok else b"",
        report=report_data(report),
    )
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=upload,
        after={"rows": len(report.rows), "errors": report.error_count},
        label=upload.filename,
    )
    return upload


@transaction.atomic
def import_start(*, by: User, upload: GroupImport) -> GroupImport:
    """Hand a checked file to the worker; it imports all of it or nothing."""
    if not may_manage_centre(by, upload.centre):
        raise PermissionDenied("Only the centre's staff import its lists.")
    upload = GroupImport.objects.select_for_update().get(pk=upload.pk)
    if upload.status != ImportStatus.CHECKED or not upload.report.get("ok"):
        raise ValidationError(_("This file cannot be imported: check a corrected file again."))
    upload.status = ImportStatus.QUEUED
    upload.save(update_fields=["status"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=upload,
        before={"status": ImportStatus.CHECKED},
        after={"status": ImportStatus.QUEUED},
        label=upload.filename,
    )
    upload_id = upload.pk
    transaction.on_commit(lambda: run_import.enqueue(upload_id))
    return upload


@task()
def run_import(upload_id: int) -> str:
    """Import a queued file (the worker); the groups are written in one transaction."""
    upload = (
        GroupImport.objects.select_related("centre", "uploaded_by").filter(pk=upload_id).first()
    )
    if upload is None or upload.status != ImportStatus.QUEUED:
        return "skipped"
    user = upload.uploaded_by
    language = user.language if user else "fr"
    with translation.override(language):
        try:
            if user is None:  # the account was erased meanwhile: nobody vouches for the file
                raise PermissionDenied
            report = groups_import(
                by=user,
                centre=upload.centre,
                filename=upload.filename,
                content=bytes(upload.content),
                dry_run=False,
            )
        except PermissionDenied:
            report = ImportReport(filename=upload.filename, dry_run=False)
            report.errors.append(_("You no longer work for this centre."))
    upload.status = ImportStatus.DONE if report.created else ImportStatus.FAILED
    upload.report = report_data(report)
    upload.content = b""
    upload.finished_at = timezone.now()
    upload.save(update_fields=["status", "report", "content", "finished_at"])
    return f"{report.created} groups created"


def erase_old_files(*, now: datetime) -> int:
    """Files checked but never imported are erased after a week (the report stays)."""
    return (
        GroupImport.objects.filter(created_at__lte=now - KEEP_FILES_FOR)
        .exclude(content=b"")
        .update(content=b"")
    )
