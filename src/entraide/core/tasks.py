"""Background tasks, run by the database worker (``manage.py db_worker``)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from entraide.core.models import OutboxMessage

logger = logging.getLogger(__name__)


@task()
def deliver_message(message_id: int) -> str:
    """Send one outbox message; a failure leaves it pending for the tick to re-queue."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != OutboxMessage.Status.PENDING:
            return "skipped"
        message.attempts += 1
        email = EmailMultiAlternatives(
            subject=message.subject, body=message.body, to=[message.to_email]
        )
        if message.html_body:
            email.attach_alternative(message.html_body, "text/html")
        try:
            email.send()
        except Exception as exc:  # any transport error: keep the message for a retry
            message.last_error = type(exc).__name__[:500]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
            message.save(update_fields=["attempts", "last_error", "status"])
            # The message id only: addresses and contents stay out of the logs.
            logger.warning("outbox message %s not delivered (%s)", message.pk, message.last_error)
            return "failed"
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        fields = ["attempts", "status", "sent_at", "last_error"]
        if not settings.DEMO:
            message.body = message.html_body = ""
            fields += ["body", "html_body"]
        message.save(update_fields=fields)
    return "sent"
