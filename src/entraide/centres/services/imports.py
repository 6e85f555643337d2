"""A centre imports its list from the workspace: checked at once, imported in the background.

The check (a dry run of ``directory.imports.groups_import``) answers within
the request; the import itself, which may write 10,000 groups, runs in the
task worker so that no web request waits on it. The file is kept between
the two steps and erased once imported or after ``KEEP_FILES_FOR``.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation, User
from entraide.accounts.rules import may_manage_centre
from entraide.centres.models import Criterion, GroupImport, ImportStatus, ListingAcceptance
from entraide.core.lib.audit import audit_record
from entraide.core.models import AuditEntry
from entraide.directory.imports import ImportReport, groups_import

logger = logging.getLogger(__name__)
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
        label="",  # file names may name people; the report stays with the upload
    )
    return upload


@transaction.atomic
def import_start(*, by: User, upload: GroupImport, criteria_confirmed: bool) -> GroupImport:
    """Hand a checked file to the worker; it imports all of it or nothing.

    The groups are published at once, so the person confirms that every group
    of the file meets the acceptance criteria; that is recorded for each group.
    """
    if not may_manage_centre(by, upload.centre):
        raise PermissionDenied("Only the centre's staff import its lists.")
    if not criteria_confirmed:
        raise ValidationError(
            _("Please confirm that every group in the file meets the acceptance criteria.")
        )
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
        label="",
    )
    upload_id = upload.pk
    transaction.on_commit(lambda: run_import.enqueue(upload_id))
    return upload


@task()
def run_import(upload_id: int) -> str:
    """Import a queued file (the worker): the groups and the outcome in one transaction."""
    claimed = GroupImport.objects.filter(pk=upload_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING
    )
    if not claimed:
        return "skipped"
    upload = GroupImport.objects.select_related("centre", "uploaded_by").get(pk=upload_id)
    user = upload.uploaded_by
    try:
        with transaction.atomic(), translation.override(user.language if user else "fr"):
            report = _import(upload, user)
            upload.status = ImportStatus.DONE if report.created else ImportStatus.FAILED
            upload.report = report_data(report)
            upload.content = b""
            upload.finished_at = timezone.now()
            upload.save(update_fields=["status", "report", "content", "finished_at"])
    except Exception:
        # Nothing was written (one transaction): the file can be imported again.
        logger.exception("import %s interrupted", upload_id)
        GroupImport.objects.filter(pk=upload_id).update(status=ImportStatus.CHECKED)
        raise
    return f"{report.created} groups created"


def _import(upload: GroupImport, user: User | None) -> ImportReport:
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
        return report
    ListingAcceptance.objects.bulk_create(
        ListingAcceptance(
            group_id=row.group_id, criteria=sorted(Criterion.values), accepted_by=user
        )
        for row in report.rows
        if row.group_id
    )
    return report


def release_stuck_imports(*, now: datetime) -> int:
    """An import whose worker was killed rolled back: it can be started again."""
    return GroupImport.objects.filter(
        status=ImportStatus.RUNNING, created_at__lte=now - timedelta(hours=1)
    ).update(status=ImportStatus.CHECKED)


def erase_old_files(*, now: datetime) -> int:
    """Files checked but never imported are erased after a week (the report stays)."""
    return (
        GroupImport.objects.filter(created_at__lte=now - KEEP_FILES_FOR)
        .exclude(status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING])
        .exclude(content=b"")
        .update(content=b"")
    )
