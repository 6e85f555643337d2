"""Write a centre's groups to a file: the operator's way to the exports, audited like the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from entraide.directory.exports import FORMATS, NATIONAL_FORMATS, groups_export
from entraide.directory.management import regional_centre
from entraide.directory.models import INTERFACE_LANGUAGES


class Command(BaseCommand):
    help = (
        "Export the groups of a regional centre as csv or xlsx (every group, for the centre), "
        "or as pdf, ics or hsds (public groups only). ics and hsds can cover every centre."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--centre", help="Short code of the regional centre, e.g. centre-vd.")
        parser.add_argument(
            "--all-centres",
            action="store_true",
            help=f"Every centre at once ({', '.join(NATIONAL_FORMATS)} only).",
        )
        parser.add_argument("--format", required=True, help=f"One of {', '.join(FORMATS)}.")
        parser.add_argument("--output", required=True, help="Path of the file to write.")
        parser.add_argument(
            "--language",
            default="fr",
            help=f"Language of the pdf, ics and hsds texts: {', '.join(INTERFACE_LANGUAGES)}.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"].lower()
        if fmt not in FORMATS:
            raise CommandError(f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}.")
        language = options["language"].lower()
        if language not in INTERFACE_LANGUAGES:
            raise CommandError(
                f"Unknown language {language!r}: use one of {', '.join(INTERFACE_LANGUAGES)}."
            )
        code, every_centre = options["centre"], options["all_centres"]
        if bool(code) == every_centre:
            raise CommandError("Give either --centre CODE or --all-centres.")
        centre = None
        if code:
            centre = regional_centre(code)
        elif fmt not in NATIONAL_FORMATS:
            raise CommandError(
                f"--all-centres works with {', '.join(NATIONAL_FORMATS)} only; "
                f"a {fmt} export is made for one centre."
            )
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.")
        export = groups_export(by=None, centre=centre, fmt=fmt, language=language)
        output.write_bytes(export.content)
        self.stdout.write(f"{fmt} export written to {output} ({len(export.content)} bytes).")
