"""Run the periodic jobs that are due; with --loop, keep doing so every TICK_INTERVAL_SECONDS."""

import signal
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from entraide.core.lib.periodic import run_due_jobs


class Command(BaseCommand):
    help = "Run the periodic jobs that are due (re-queue undelivered mail, reminders, retention)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, one tick per interval."
        )
        parser.add_argument("--interval", type=int, default=settings.TICK_INTERVAL_SECONDS)

    def handle(self, *args: Any, loop: bool = False, interval: int = 60, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        if loop:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        while True:
            for name, result in run_due_jobs(now=timezone.now()):
                self.stdout.write(f"{name}: {result}")
            if not loop:
                return
            deadline = time.monotonic() + interval
            while not stopping and time.monotonic() < deadline:
                time.sleep(0.5)
            if stopping:
                return
