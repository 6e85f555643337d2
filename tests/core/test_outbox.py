"""The outbox: written with the change, delivered by a task, re-queued by the tick."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from entraide.accounts import services
from entraide.core.lib.notify import notify
from entraide.core.models import OutboxMessage, PeriodicJobRun
from entraide.core.tasks import deliver_message


@pytest.fixture
def invitation(demo_users, centre_vd, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_create(
            by=demo_users["national_coordinator"],
            organisation=centre_vd,
            email="neu@example.org",
            role="centre_staff",
            language="de",
        )
    return OutboxMessage.objects.get(to_email="neu@example.org")


def test_a_message_is_written_with_the_change_and_handed_to_the_worker(invitation) -> None:  # type: ignore[no-untyped-def]
    assert invitation.status == OutboxMessage.Status.PENDING
    assert invitation.enqueued_at is not None
    assert DBTaskResult.objects.filter(args_kwargs__args=[invitation.pk]).exists()


def test_the_message_is_rendered_in_the_recipients_language(invitation) -> None:  # type: ignore[no-untyped-def]
    assert invitation.language == "de"
    assert "/de/account/password/reset/" in invitation.body


def test_no_message_is_written_when_the_change_fails(demo_users, centre_vd) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.membership_create(
            by=demo_users["national_coordinator"],
            organisation=centre_vd,
            email="x@example.org",
            role="management",
        )
    assert not OutboxMessage.objects.filter(to_email="x@example.org").exists()


def test_the_task_delivers_the_message(invitation) -> None:  # type: ignore[no-untyped-def]
    assert deliver_message.call(invitation.pk) == "sent"
    invitation.refresh_from_db()
    assert invitation.status == OutboxMessage.Status.SENT
    assert invitation.body == ""  # one-time links are not kept once delivered
    assert mail.outbox[-1].to == ["neu@example.org"]
    assert deliver_message.call(invitation.pk) == "skipped"  # never sent twice
    assert len(mail.outbox) == 1


def test_a_mail_server_failure_keeps_the_message_for_a_retry(invitation, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MAILERS = {"default": {"BACKEND": "tests.core.failing_mail.FailingBackend"}}
    assert deliver_message.call(invitation.pk) == "failed"
    invitation.refresh_from_db()
    assert invitation.status == OutboxMessage.Status.PENDING
    assert invitation.attempts == 1
    assert invitation.last_error == "ConnectionRefusedError"


def test_the_tick_requeues_what_was_not_delivered_once_and_only_when_stale(
    invitation, settings
) -> None:  # type: ignore[no-untyped-def]
    before = DBTaskResult.objects.count()
    call_command("tick")
    assert DBTaskResult.objects.count() == before  # just enqueued: not stale yet
    OutboxMessage.objects.filter(pk=invitation.pk).update(
        enqueued_at=timezone.now() - timedelta(hours=1)
    )
    call_command("tick")
    assert DBTaskResult.objects.count() == before + 1
    call_command("tick")
    assert DBTaskResult.objects.count() == before + 1


def test_the_tick_runs_each_periodic_job_only_when_due(db) -> None:  # type: ignore[no-untyped-def]
    call_command("tick")
    first = PeriodicJobRun.objects.get(name="sessions.clear_expired").last_started_at
    call_command("tick")
    assert PeriodicJobRun.objects.get(name="sessions.clear_expired").last_started_at == first


def test_notify_outside_a_request_needs_no_user(db, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        message = notify(
            to_email="a@example.org", kind="test", subject="S", body="B", language="it"
        )
    assert OutboxMessage.objects.get(pk=message.pk).enqueued_at is not None


def test_the_database_worker_delivers_queued_messages(invitation, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # The worker closes connections that are inside a transaction, which is
    # where every test runs; in production it runs outside one.
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    invitation.refresh_from_db()
    assert invitation.status == OutboxMessage.Status.SENT
    assert [m.to for m in mail.outbox] == [["neu@example.org"]]
