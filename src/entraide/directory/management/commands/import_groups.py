"""Import a centre's list of groups from a CSV or XLSX file, as an operator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from entraide.directory.imports import MAX_BYTES, groups_import
from entraide.directory.management import regional_centre


class Command(BaseCommand):
    help = (
        "Import groups for a regional centre from a CSV or XLSX file (the columns of the "
        "template). Nothing is written if any row has an error; --dry-run only reports."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="The .csv or .xlsx file.")
        parser.add_argument(
            "--centre", required=True, help="The centre's short code, e.g. centre-vd."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        centre = regional_centre(options["centre"])
        path = Path(options["file"])
        try:
            with path.open("rb") as handle:
                # One byte more than allowed is enough for the import to refuse the file.
                content = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        report = groups_import(
            by=None,
            centre=centre,
            filename=path.name,
            content=content,
            dry_run=options["dry_run"],
        )
        for problem in report.problems():
            stream = self.stderr if problem.level == "error" else self.stdout
            stream.write(f"{problem.level}: {problem.text}")
        self.stdout.write(report.summary())
        if not report.ok:
            raise CommandError("Nothing was imported: correct the errors above and try again.")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
        else:
            self.stdout.write(
                self.style.SUCCESS(f"{report.created} groups imported into {centre.code}.")
            )
