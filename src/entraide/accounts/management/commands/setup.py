"""``manage.py setup``: the first step after ``migrate`` on a real deployment (no demo)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from entraide.accounts.models import LANGUAGE_CHOICES
from entraide.accounts.setup import national_office_setup


class Command(BaseCommand):
    help = (
        "Create the national office and invite its first national coordinator, who gets a"
        " single-use link to choose a password (printed and emailed). Running it again"
        " changes nothing."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--office-name", required=True, help="The national office's name.")
        parser.add_argument(
            "--coordinator-email", required=True, help="The first national coordinator's address."
        )
        parser.add_argument(
            "--language",
            default="fr",
            choices=[code for code, _name in LANGUAGE_CHOICES],
            help="The coordinator's language for messages (default fr).",
        )
        parser.add_argument(
            "--canton", default="BE", help="The office's canton, two letters (default BE)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The console speaks English, like every command's own output.
        with translation.override("en"):
            self._setup(**options)

    def _setup(self, **options: Any) -> None:
        try:
            result = national_office_setup(
                office_name=options["office_name"],
                coordinator_email=options["coordinator_email"],
                language=options["language"],
                canton=options["canton"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        office, coordinator = result.office, result.coordinator
        if not result.changed:
            self.stdout.write(
                f"Nothing changed: {office.name} exists and {coordinator.email}"
                " is its national coordinator."
            )
        else:
            if result.office_created:
                self.stdout.write(f"Created the national office {office.name} ({office.code}).")
            self.stdout.write(
                f"Invited {coordinator.email} as national coordinator; the invitation is emailed."
            )
        if result.password_url:
            where = "also in the email" if result.changed else "a fresh one, not emailed again"
            self.stdout.write(
                f"Single-use link to choose a password ({where}; it stops working once used"
                f" or after a few days):\n  {result.password_url}"
            )
            self.stdout.write(
                "The coordinator then sets up a second factor (an authenticator app) at the"
                " first sign-in."
            )
