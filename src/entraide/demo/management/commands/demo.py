from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from entraide.accounts.models import Organisation, OrganisationKind
from entraide.demo.accounts import DEMO_PASSWORD, load_demo
from entraide.demo.centres import load_demo_requests
from entraide.demo.cooperation import load_demo_cooperations
from entraide.demo.directory import load_demo_groups
from entraide.demo.journey import load_demo_journey


class Command(BaseCommand):
    help = "Load the fictional demo data and print the demo logins (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="Load even outside demo mode.")

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEMO and not force:
            raise CommandError("The demo data has known passwords: run it with DEMO=1 only.")
        real = (
            Organisation.objects.filter(kind=OrganisationKind.NATIONAL_OFFICE)
            .exclude(code="office")
            .first()
        )
        if real is not None:
            raise CommandError(
                f"This database was set up for a real operator ({real.name}): the demo loads only "
                "on an empty database or a demo one, never beside real data."
            )
        accounts = load_demo()
        groups = load_demo_groups()
        self.stdout.write(f"{groups} self-help groups in the directory.")
        self.stdout.write(f"{load_demo_requests()} contact requests for the Vaud centre.")
        self.stdout.write(f"{load_demo_journey()} cooperations of the Hôpital du Léman.")
        self.stdout.write(
            f"{load_demo_cooperations()} cooperation triangles with health institutions."
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})\n")
        for account in accounts:
            mfa = (
                f"TOTP secret {account.totp_secret}" if account.mfa_required else "no MFA required"
            )
            self.stdout.write(f"  {account.role:<22} {account.email:<38} {mfa}")
        self.stdout.write(
            "\nCompute a code with: DEMO=1 .venv/bin/python manage.py totp SECRET"
            " (or any authenticator app)"
        )
