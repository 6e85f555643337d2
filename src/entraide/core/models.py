"""Reference data, the audit trail, the notifications outbox and periodic job runs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Language(models.Model):  # type: ignore[django-manager-missing]
    """A language: the four interface languages and the four national languages."""

    code = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=40)
    is_interface = models.BooleanField(default=False)
    is_national = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name


class Canton(models.Model):  # type: ignore[django-manager-missing]
    """One of the 26 Swiss cantons, keyed by its official two-letter code."""

    code = models.CharField(max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=60)
    languages = models.ManyToManyField(Language, related_name="cantons")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order of the federal constitution."
    )

    class Meta:
        ordering = ["position"]
        verbose_name = _("canton")
        verbose_name_plural = _("cantons")

    def __str__(self) -> str:
        return self.name


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries cannot be deleted.")

    def filtered(
        self,
        *,
        action: str = "",
        object_type: str = "",
        actor: str = "",
        since: Any = None,
        until: Any = None,
    ) -> AuditEntryQuerySet:
        qs = self
        if action:
            qs = qs.filter(action=action)
        if object_type:
            qs = qs.filter(object_type=object_type)
        if actor:
            qs = qs.filter(actor_label__icontains=actor)
        if since:
            qs = qs.filter(at__date__gte=since)
        if until:
            qs = qs.filter(at__date__lte=until)
        return qs


class AuditEntry(models.Model):
    """An append-only record of a write, a sensitive read or a security event.

    The database refuses UPDATE and DELETE on this table (see the migration
    that installs the triggers); the model and its queryset refuse them too.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        READ = "read", _("read")
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("sign-in failed")
        LOGOUT = "logout", _("signed out")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text so the entry stays readable after the account is erased.
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=100, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    changed_fields = models.JSONField(default=list, blank=True)
    # Old and new values, for fields that are not sensitive only.
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries cannot be deleted.")


class OutboxMessageQuerySet(models.QuerySet["OutboxMessage"]):
    def due_for_requeue(self, *, now: Any) -> OutboxMessageQuerySet:
        """Messages not delivered whose last hand-over to the worker is old enough to retry."""
        stale = now - settings.OUTBOX_REQUEUE_AFTER
        return self.filter(status=OutboxMessage.Status.PENDING).filter(
            Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale)
        )


class OutboxMessage(models.Model):
    """An email waiting to be delivered, written in the transaction that caused it.

    The subject and body are rendered when the message is created, in the
    recipient's language. Outside demo mode the body is blanked once the
    message has been delivered, because it may hold one-time links.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENT = "sent", _("sent")
        FAILED = "failed", _("given up")

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_email = models.EmailField()
    language = models.CharField(max_length=2)
    kind = models.CharField(max_length=80)
    subject = models.CharField(max_length=250)
    body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "enqueued_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_email} ({self.status})"


class PeriodicJobRun(models.Model):
    """The last time each periodic job ran, so that the tick runs each only when due."""

    name = models.CharField(max_length=80, primary_key=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=250, blank=True)

    def __str__(self) -> str:
        return self.name
