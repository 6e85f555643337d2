"""A measure's history: who changed what, when, read from the audit trail (reads only).

Every write of a measure goes through ``services.measure_add`` or
``services.measure_update``, which audit the fields of ``MEASURE_FIELDS`` with
their old and new values; this module turns those entries into lines a person
reads, in their language. Two queries, whatever the number of changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from entraide.accounts.models import Profession
from entraide.cooperation.models import Corner, Measure, MeasureStatus, QualityCriterion
from entraide.core.models import AuditEntry

# The order in which a change's fields are listed.
FIELDS = ("title", "criterion", "goal", "owner", "due_on", "status", "professions")


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class MeasureChange:
    at: datetime
    who: str
    created: bool
    fields: list[FieldChange] = field(default_factory=list)


def _shown(name: str, value: Any, criteria: dict[int, str]) -> str:
    """A stored value as a person reads it ("" when there was none)."""
    if value in (None, ""):
        return ""
    if name == "criterion":
        return criteria.get(value, str(value))
    if name == "status":
        return str(dict(MeasureStatus.choices).get(value, value))
    if name == "professions":
        labels = dict(Profession.choices)
        return ", ".join(str(labels.get(p, p)) for p in value)
    if name == "owner":
        return str(dict(Corner.choices).get(value, value))
    if name == "due_on":
        try:
            return date_format(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def measure_history(measure: Measure) -> list[MeasureChange]:
    """The measure's creation and each change, oldest first (two queries)."""
    entries = AuditEntry.objects.filter(
        object_type=Measure._meta.label_lower,
        object_id=str(measure.pk),
        action__in=[AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE],
    ).select_related("actor")
    criteria = {c.pk: str(c) for c in QualityCriterion.objects.all()}
    labels = {
        name: str(getattr(Measure._meta.get_field(name), "verbose_name", name)) for name in FIELDS
    }
    labels["professions"] = _("Professions taking part")
    history = []
    for entry in sorted(entries, key=lambda e: (e.at, e.pk)):
        changes = entry.changes or {}
        history.append(
            MeasureChange(
                at=entry.at,
                # An erased account's address stays in the audit trail, not on the page.
                who=str(entry.actor) if entry.actor else _("a person whose account was removed"),
                created=entry.action == AuditEntry.Action.CREATE,
                fields=[
                    FieldChange(
                        label=labels[name],
                        before=_shown(name, changes[name][0], criteria),
                        after=_shown(name, changes[name][1], criteria),
                    )
                    for name in FIELDS
                    if name in changes
                ],
            )
        )
    return history
