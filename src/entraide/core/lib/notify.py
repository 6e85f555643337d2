"""Queueing emails in the outbox, rendered in the recipient's language."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.template import Context, engines
from django.utils import timezone, translation

from entraide.core.models import OutboxMessage


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """A plain-text template rendered as it is written: never HTML-escaped ("d'entraide")."""
    template = engines["django"].engine.get_template(template_name)  # type: ignore[attr-defined]
    return str(template.render(Context(context, autoescape=False)))


def render_message(template_prefix: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    """Render ``<prefix>_subject.txt`` and ``<prefix>_message.txt`` in ``language``."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language):
        subject = render_text(f"{template_prefix}_subject.txt", context).strip()
        body = render_text(f"{template_prefix}_message.txt", context)
    return " ".join(subject.splitlines()), body


def notify(
    *,
    to_email: str,
    kind: str,
    subject: str,
    body: str,
    language: str,
    recipient: Any = None,
    html_body: str = "",
) -> OutboxMessage:
    """Write a message to the outbox; it is handed to the worker once the transaction commits."""
    message = OutboxMessage.objects.create(
        to_email=to_email,
        recipient=recipient,
        kind=kind,
        subject=subject[:250],
        body=body,
        html_body=html_body,
        language=language,
    )
    transaction.on_commit(lambda: enqueue_delivery(message.pk))
    return message


def notify_user(*, user: Any, kind: str, template: str, context: dict[str, Any]) -> OutboxMessage:
    """Render a template in the user's language and queue it for them."""
    context = {"user": user, "site_url": settings.SITE_URL, **context}
    subject, body = render_message(template, context, user.language)
    return notify(
        to_email=user.email,
        recipient=user,
        kind=kind,
        subject=subject,
        body=body,
        language=user.language,
    )


def enqueue_delivery(message_id: int) -> None:
    from entraide.core.tasks import deliver_message

    deliver_message.enqueue(message_id)
    OutboxMessage.objects.filter(pk=message_id).update(enqueued_at=timezone.now())


def notify_person(
    *,
    email: str,
    language: str,
    user: Any = None,
    kind: str,
    template: str,
    context: dict[str, Any],
) -> OutboxMessage:
    """Queue a message for a person: their account when they have one, else the bare address."""
    if user is not None:
        return notify_user(user=user, kind=kind, template=template, context=context)
    subject, body = render_message(template, context, language)
    return notify(to_email=email, kind=kind, subject=subject, body=body, language=language)
