"""Periodic jobs of the centres: reminders about waiting requests, retention of closed ones."""

from __future__ import annotations

from datetime import datetime, timedelta

from entraide.centres.services.founding import delete_old_interests
from entraide.centres.services.imports import erase_old_files, release_stuck_imports
from entraide.centres.services.listings import run_confirmations
from entraide.centres.services.proposals import delete_old_proposals
from entraide.centres.services.requests import (
    anonymise_closed_requests,
    close_idle_requests,
    remind_waiting_requests,
)
from entraide.core.lib.periodic import periodic


@periodic("centres.remind_waiting_requests", every=timedelta(hours=1))
def remind_waiting(*, now: datetime) -> str:
    return f"{remind_waiting_requests(now=now)} waiting requests reminded"


@periodic("centres.anonymise_closed_requests", every=timedelta(hours=6))
def anonymise_closed(*, now: datetime) -> str:
    idle = close_idle_requests(now=now)
    requests = anonymise_closed_requests(now=now)
    proposals = delete_old_proposals(now=now)
    interests = delete_old_interests(now=now)
    release_stuck_imports(now=now)
    files = erase_old_files(now=now)
    return (
        f"{idle} idle requests closed, {requests} closed requests anonymised, "
        f"{proposals} answered proposals deleted, "
        f"{interests} registrations of closed founding projects deleted, "
        f"{files} uploaded files erased"
    )


@periodic("centres.listing_confirmations", every=timedelta(hours=6))
def listing_confirmations(*, now: datetime) -> str:
    counts = run_confirmations(now=now)
    return ", ".join(f"{count} {step}" for step, count in counts.items())
