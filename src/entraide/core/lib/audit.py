"""Writing audit entries: every service calls ``audit_record`` inside its transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from entraide.core.lib.request_context import current_ip
from entraide.core.models import AuditEntry

# Field names whose values never go into the audit trail, whatever the model.
ALWAYS_SENSITIVE = frozenset({"password", "secret", "token", "message", "notes", "health"})


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of the given fields, to compare after a change."""
    return {name: _jsonable(getattr(instance, name)) for name in fields}


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    sensitive: Iterable[str] = (),
    label: str | None = None,
) -> AuditEntry:
    """Write one audit entry; values of sensitive fields are named but never stored."""
    entry = _entry(
        actor=actor,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        sensitive=sensitive,
        label=label,
    )
    entry.save(force_insert=True)
    return entry


def audit_record_many(
    *,
    actor: Any,
    action: str,
    objs: Iterable[models.Model],
    after: dict[str, Any] | None = None,
    sensitive: Iterable[str] = (),
) -> list[AuditEntry]:
    """Write one audit entry per object in a few statements (an import creates thousands).

    The entries are the ones ``audit_record`` would write, one by one.
    """
    entries = [
        _entry(actor=actor, action=action, obj=obj, after=after, sensitive=sensitive)
        for obj in objs
    ]
    return AuditEntry.objects.bulk_create(entries, batch_size=1000)


def _entry(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    sensitive: Iterable[str] = (),
    label: str | None = None,
) -> AuditEntry:
    hidden = ALWAYS_SENSITIVE | set(sensitive)
    before = before or {}
    after = after or {}
    changed = sorted(
        name for name in set(before) | set(after) if before.get(name) != after.get(name)
    )
    changes = {
        name: [before.get(name), after.get(name)]
        for name in changed
        if name not in hidden and not any(part in name for part in ALWAYS_SENSITIVE)
    }
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        if label is None:
            label = str(obj)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry(
        actor=actor if authenticated else None,
        actor_label=actor.email if authenticated else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=(label or "")[:200],
        changed_fields=changed,
        changes=changes,
        ip_address=current_ip.get(),
    )


def audit_read(*, actor: Any, obj: models.Model, object_type: str = "") -> AuditEntry:
    """Record that someone opened a sensitive record (a contact request, a partner profile...).

    The label is left empty: the description of such a record may itself be
    sensitive, and the type and id are enough to know what was read. ``object_type``
    keeps the name a record's earlier entries were written under (after a move).
    """
    return audit_record(
        actor=actor, action=AuditEntry.Action.READ, obj=obj, object_type=object_type, label=""
    )
