"""Periodic jobs of the core: re-queue undelivered mail, clear old sessions and task results."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.sessions.models import Session

from entraide.core.lib.notify import enqueue_delivery
from entraide.core.lib.periodic import periodic
from entraide.core.models import OutboxMessage


@periodic("outbox.requeue", every=timedelta(0))
def requeue_undelivered_messages(*, now: datetime) -> str:
    """Hand again to the worker every message that is still pending after the timeout.

    This covers a worker killed mid-task (its task stays RUNNING forever), a
    mail server that was down, and a transaction that committed just before
    the process died.
    """
    ids = list(OutboxMessage.objects.due_for_requeue(now=now).values_list("pk", flat=True)[:1000])
    for message_id in ids:
        enqueue_delivery(message_id)
    return f"{len(ids)} re-queued"


@periodic("sessions.clear_expired", every=timedelta(hours=1))
def clear_expired_sessions(*, now: datetime) -> str:
    deleted, _ = Session.objects.filter(expire_date__lt=now).delete()
    return f"{deleted} sessions removed"


@periodic("tasks.prune_results", every=timedelta(days=1))
def prune_task_results(*, now: datetime) -> str:
    from django_tasks_db.models import DBTaskResult

    deleted, _ = DBTaskResult.objects.filter(
        status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=now - timedelta(days=14)
    ).delete()
    return f"{deleted} task results removed"


@periodic("database.analyze", every=timedelta(days=1))
def refresh_planner_statistics(*, now: datetime) -> str:
    """Refresh the statistics the query planner relies on (the directory search needs them).

    PostgreSQL's autovacuum does this too; SQLite never does it by itself, and
    without statistics it would scan a whole table where an index lookup is right.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return f"{connection.vendor} statistics refreshed"
