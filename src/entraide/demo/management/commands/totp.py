from typing import Any

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Demo mode only: print the current TOTP code for a secret printed by `manage.py demo`."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("secret")

    def handle(self, *args: Any, secret: str, **options: Any) -> None:
        if not settings.DEMO:
            raise CommandError("This helper exists for the demo only.")
        counters = list(yield_hotp_counters_from_time())
        self.stdout.write(format_hotp_value(hotp_value(secret, counters[len(counters) // 2])))
