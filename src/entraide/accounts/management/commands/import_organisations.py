"""``manage.py import_organisations FILE.csv``: regional centres, institutions… all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from entraide.accounts.models import Role, User
from entraide.accounts.organisations import (
    CSV_COLUMNS,
    ImportRefused,
    organisations_import,
    rows_from_csv,
)


class Command(BaseCommand):
    help = (
        "Create or update organisations from a CSV file with the columns "
        + ",".join(CSV_COLUMNS)
        + " (cantons and languages separated by |). All or nothing: every error is listed"
        " with its line and nothing is written."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="The CSV file (UTF-8).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, write nothing."
        )
        parser.add_argument(
            "--by",
            default="",
            help="A national coordinator's email address, recorded as the author"
            " (default: the command line).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The console speaks English, like every command's own output.
        with translation.override("en"):
            self._import(options["file"], dry_run=options["dry_run"], by_email=options["by"])

    def _import(self, path: str, *, dry_run: bool, by_email: str) -> None:
        by = None
        if by_email:
            by = User.objects.filter(
                email__iexact=by_email, memberships__role=Role.NATIONAL_COORDINATOR
            ).first()
            if by is None:
                raise CommandError(f"{by_email} is not a national coordinator.")
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path} as UTF-8 text: {error}") from error
        try:
            result = organisations_import(by=by, rows=rows_from_csv(text), dry_run=dry_run)
        except ImportRefused as refused:
            for row_error in refused.errors:
                self.stderr.write(str(row_error))
            raise CommandError(
                f"The file is refused ({len(refused.errors)} errors): nothing has been written."
            ) from refused
        counts = (
            f"{len(result.created)} created, {len(result.updated)} updated,"
            f" {len(result.unchanged)} unchanged"
        )
        if dry_run:
            self.stdout.write(f"Dry run, nothing written: the file is valid ({counts}).")
        else:
            self.stdout.write(f"Organisations imported: {counts}.")
