"""Add the themes of a thesaurus file whose codes are not installed yet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from entraide.core.lib.audit import audit_record
from entraide.core.models import AuditEntry
from entraide.directory.models import Theme, ThemeTerm
from entraide.directory.thesaurus import THEMES_FILE, load_themes, read_themes


class Command(BaseCommand):
    help = (
        "Add the themes of a thesaurus file (default: the one shipped) that are not installed yet."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", default=str(THEMES_FILE))

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        added = load_themes(Theme, ThemeTerm, read_themes(Path(options["file"])))
        audit_record(
            actor=None,
            action=AuditEntry.Action.CREATE,
            object_type="directory.theme",
            label=f"{added} themes added from {Path(options['file']).name}",
        )
        self.stdout.write(f"{added} themes added.")
