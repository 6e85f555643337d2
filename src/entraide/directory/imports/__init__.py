"""Import of an existing list of groups (CSV or XLSX): every row checked, then all or nothing.

A centre that joins brings its list as a spreadsheet. The file is read with
the columns of ``tabular.COLUMNS`` and every row is checked as the centre's
staff would check it: themes and languages that exist, a canton the centre
covers, a place that exists, a schedule that makes sense, and groups that
are already listed. The report says, row by row and column by column, what
is wrong (errors: nothing is imported while one remains) and what looks odd
(warnings, likely duplicates). A dry run stops there; a real import writes
every group in one transaction or none.

- ``files``: reading CSV and XLSX files defensively (size, rows, zip bombs,
  encodings, the header row);
- ``cells``: what each cell means, read and checked on its own;
- ``rows``: the errors and warnings of each row, and the group it becomes;
- ``duplicates``: the likely duplicates of a row, among the centre's groups
  and the earlier rows;
- ``report``: the report a dry run and an import return;
- ``template``: the file to fill in, with a sheet documenting each column.
"""

from __future__ import annotations

import logging
from contextlib import closing
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation, OrganisationKind
from entraide.accounts.rules import may_manage_centre
from entraide.core.lib.audit import audit_record_many
from entraide.core.models import AuditEntry
from entraide.directory.imports import files
from entraide.directory.imports.files import MAX_BYTES, MAX_ROWS
from entraide.directory.imports.report import (
    Duplicate,
    ImportFileError,
    ImportReport,
    ImportRow,
    Problem,
)
from entraide.directory.imports.rows import Checker
from entraide.directory.imports.template import import_template
from entraide.directory.indexing import groups_bulk_create
from entraide.directory.models import Group
from entraide.directory.ordering import place_many_in_name_order

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "Duplicate",
    "ImportFileError",
    "ImportReport",
    "ImportRow",
    "Problem",
    "groups_import",
    "import_template",
    "read_groups",
]

logger = logging.getLogger(__name__)


def groups_import(
    *, by: Any, centre: Organisation, filename: str, content: bytes, dry_run: bool
) -> ImportReport:
    """Check a file of groups for a centre and, unless a dry run, create them all or none.

    ``by`` is the person importing (centre staff of ``centre``), or None for
    the command line, where the operator answers for it. The report is the
    same for a dry run and a real import; ``created`` says what was written.
    """
    if by is not None and not may_manage_centre(by, centre):
        raise PermissionDenied("Only the centre's staff import its groups.")
    if centre.kind != OrganisationKind.REGIONAL_CENTRE:
        raise ValueError("Groups are imported into a regional centre.")
    report = read_groups(centre=centre, filename=filename, content=content)
    report.dry_run = dry_run
    if report.ok and not dry_run:
        _create(report, by=by, centre=centre)
    # Counts only: file names and values may name people.
    logger.info(
        "Group import for %s (%s): %s rows, %s errors, %s created",
        centre.code,
        "dry run" if dry_run else "import",
        len(report.rows),
        report.error_count,
        report.created,
    )
    return report


def read_groups(*, centre: Organisation, filename: str, content: bytes) -> ImportReport:
    """The report of a file for a centre, without writing anything (the dry run)."""
    report = ImportReport(filename=filename, dry_run=True)
    try:
        report.format, table = files.open_table(filename, content)
        with closing(table):
            raw_rows = files.data_rows(report, table)
    except ImportFileError as error:
        report.errors.append(str(error))
        return report
    if not raw_rows:
        report.errors.append(_("The file has a header row but no groups below it."))
        return report
    checker = Checker(centre)
    report.rows = [checker.check(number, values) for number, values in raw_rows]
    return report


def _create(report: ImportReport, *, by: Any, centre: Organisation) -> None:
    groups = [row.group for row in report.rows if row.group is not None]
    try:
        created = _write(report, groups, by=by, centre=centre, place=True)
    except IntegrityError:
        # A group saved meanwhile took a number chosen here (PostgreSQL reads
        # without locks): once more, numbered by groups_bulk_create itself.
        for group in groups:
            group.pk = None
            group.search_order = None
        created = _write(report, groups, by=by, centre=centre, place=False)
    for group, row in zip(created, report.rows, strict=True):
        row.group_id = group.pk
    report.created = len(created)


@transaction.atomic
def _write(
    report: ImportReport, groups: list[Group], *, by: Any, centre: Organisation, place: bool
) -> list[Group]:
    """Write the groups, their links and audit entries, or nothing."""
    if place:
        # Numbered in the gaps between existing groups, so that no other group is renumbered.
        place_many_in_name_order(groups)
    # The groups get their search text (and a number, those still without one);
    # the search index follows the groups and their links through triggers.
    created = groups_bulk_create(groups, batch_size=500)
    ThemeLink: Any = Group.themes.through
    LanguageLink: Any = Group.languages.through
    ThemeLink.objects.bulk_create(
        [
            ThemeLink(group_id=group.pk, theme_id=theme_id)
            for group, row in zip(created, report.rows, strict=True)
            for theme_id in row.theme_ids
        ],
        batch_size=2000,
    )
    LanguageLink.objects.bulk_create(
        [
            LanguageLink(group_id=group.pk, language_id=code)
            for group, row in zip(created, report.rows, strict=True)
            for code in row.language_codes
        ],
        batch_size=2000,
    )
    audit_record_many(
        actor=by,
        action=AuditEntry.Action.CREATE,
        objs=created,
        after={"centre": centre.pk, "source": "import"},
    )
    return created
