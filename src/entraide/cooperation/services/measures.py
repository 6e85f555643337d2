"""The triangle's catalogue of measures, and the national library of proven measures."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.cooperation.models import (
    LibraryMeasure,
    Measure,
    MeasureProfession,
    TimelineKind,
    Triangle,
)
from entraide.cooperation.services._common import add_event, require, require_open
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.models import AuditEntry

MEASURE_FIELDS = ("criterion", "title", "goal", "owner", "due_on", "status")
LIBRARY_FIELDS = ("criterion", "owner", "title", "is_active")


def _set_professions(measure: Measure, professions: list[str] | None) -> None:
    """Replace the professions taking part in the measure (the form checked the values)."""
    measure.professions.all().delete()
    MeasureProfession.objects.bulk_create(
        MeasureProfession(measure=measure, profession=p) for p in sorted(set(professions or []))
    )


def _recorded(measure: Measure) -> dict[str, Any]:
    """What the audit keeps of a measure: its fields and the professions taking part."""
    return {
        **snapshot(measure, MEASURE_FIELDS),
        "professions": sorted(measure.professions.values_list("profession", flat=True)),
    }


def _check_measure_dates(triangle: Triangle, due_on: date | None) -> None:
    if due_on is not None and due_on < triangle.started_on:
        raise ValidationError(
            {"due_on": _("The due date cannot be before the cooperation started.")}
        )


@transaction.atomic
def measure_add(*, by: User, triangle: Triangle, data: dict[str, Any]) -> Measure:
    require(by, "cooperation.work_on_triangle", triangle)
    require_open(triangle)
    _check_measure_dates(triangle, data.get("due_on"))
    measure = Measure(
        triangle=triangle, source=data.get("source"), **{f: data.get(f) for f in MEASURE_FIELDS}
    )
    measure.goal = measure.goal or ""
    measure.status = measure.status or "planned"
    measure.full_clean()
    measure.save()
    _set_professions(measure, data.get("professions"))
    add_event(triangle, by, TimelineKind.MEASURE_ADDED, measure.title)
    audit_record(actor=by, action=AuditEntry.Action.CREATE, obj=measure, after=_recorded(measure))
    return measure


@transaction.atomic
def measure_update(*, by: User, measure: Measure, data: dict[str, Any]) -> Measure:
    require(by, "cooperation.work_on_triangle", measure.triangle)
    require_open(measure.triangle)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    _check_measure_dates(measure.triangle, data.get("due_on"))
    before = _recorded(measure)
    for field in MEASURE_FIELDS:
        setattr(measure, field, data.get(field))
    measure.goal = measure.goal or ""
    measure.updated_at = timezone.now()
    measure.full_clean()
    measure.save()
    if "professions" in data:
        _set_professions(measure, data["professions"])
    after = _recorded(measure)
    if before != after:
        add_event(measure.triangle, by, TimelineKind.MEASURE_CHANGED, measure.title)
        audit_record(
            actor=by, action=AuditEntry.Action.UPDATE, obj=measure, before=before, after=after
        )
    return measure


@transaction.atomic
def measure_adopt(*, by: User, triangle: Triangle, source: LibraryMeasure) -> Measure:
    """Copy a proven measure of the library into the triangle's catalogue (once)."""
    require(by, "cooperation.work_on_triangle", triangle)
    if not source.is_active:
        raise ValidationError(_("This measure is no longer in the library."))
    if triangle.measures.filter(source=source).exists():
        raise ValidationError(_("This measure is already in your catalogue."))
    try:
        with transaction.atomic():
            return measure_add(
                by=by,
                triangle=triangle,
                data={
                    "criterion": source.criterion,
                    "title": source.title,
                    "goal": source.description,
                    "owner": source.owner,
                    "due_on": None,
                    "status": "planned",
                    "source": source,
                },
            )
    except IntegrityError as error:  # adopted at the same moment by someone else
        raise ValidationError(_("This measure is already in your catalogue.")) from error


@transaction.atomic
def library_measure_save(
    *, by: User, data: dict[str, Any], measure: LibraryMeasure | None = None
) -> LibraryMeasure:
    """Add a proven measure to the library or change one (the national coordinator)."""
    require(by, "cooperation.manage_library")
    measure = (
        LibraryMeasure()
        if measure is None
        else LibraryMeasure.objects.select_for_update().get(pk=measure.pk)
    )
    before = snapshot(measure, LIBRARY_FIELDS) if measure.pk else {}
    for field, value in data.items():
        setattr(measure, field, value if value is not None else "")
    measure.title = data.get("title_fr") or measure.title
    measure.description = data.get("description_fr", measure.description) or ""
    measure.full_clean()
    measure.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        obj=measure,
        before=before,
        after=snapshot(measure, LIBRARY_FIELDS),
    )
    return measure
