"""A small registry of periodic jobs run by ``manage.py tick``.

Each job computes what is due from the data itself, so running it twice in a
row does nothing the second time; the registry only avoids running a job
more often than its period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from entraide.core.models import PeriodicJobRun


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    func: Callable[..., str]


JOBS: dict[str, PeriodicJob] = {}


def periodic(name: str, *, every: timedelta) -> Callable[[Callable[..., str]], Callable[..., str]]:
    """Register ``func(*, now) -> str`` to run at most once per ``every``."""

    def register(func: Callable[..., str]) -> Callable[..., str]:
        JOBS[name] = PeriodicJob(name=name, every=every, func=func)
        return func

    return register


def discover_jobs() -> dict[str, PeriodicJob]:
    autodiscover_modules("jobs")
    return JOBS


def run_due_jobs(*, now: datetime) -> list[tuple[str, str]]:
    """Run every job whose period has passed; returns (name, result) for those that ran."""
    ran = []
    for job in discover_jobs().values():
        with transaction.atomic():
            run, _ = PeriodicJobRun.objects.select_for_update().get_or_create(name=job.name)
            if run.last_started_at and run.last_started_at + job.every > now:
                continue
            run.last_started_at = now
            run.save(update_fields=["last_started_at"])
        result = job.func(now=now)
        PeriodicJobRun.objects.filter(name=job.name).update(
            last_finished_at=now, last_result=str(result)[:250]
        )
        ran.append((job.name, result))
    return ran
