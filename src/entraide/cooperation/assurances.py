"""Reads of the quality work: which quality assurances fall due, an institution's quality
record (consultations, assurances, distinctions), the office's open consultations.

A quality assurance is due four years after the first signature of a
cooperation's convention, then four years after its last assurance
(``assurance_due_on``). Every function runs a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Max, Min, Prefetch, QuerySet

from entraide.accounts.models import Organisation
from entraide.cooperation.models import (
    DISTINCTION_YEARS,
    Distinction,
    QualityConsultation,
    QualityFinding,
    QualityVisit,
    Triangle,
    TriangleStatus,
)
from entraide.cooperation.schedule import add_years

# The office lists, and the tick reminds, a quality assurance from 90 days before it is due.
ASSURANCE_NOTICE = timedelta(days=90)


def assurance_due_on(first_signed: date, last_assurance: date | None) -> date:
    """Four years after the last assurance, or after the first signature when there was none."""
    return add_years(last_assurance or first_signed, DISTINCTION_YEARS)


def running_with_due_dates() -> QuerySet[Triangle]:
    """Running triangles under a signed convention, each with ``first_signed`` and
    ``last_assurance`` (one query when evaluated)."""
    return (
        Triangle.objects.filter(ended_on__isnull=True)
        .exclude(status__in=[TriangleStatus.ENDED, TriangleStatus.PREPARATION])
        .annotate(
            first_signed=Min("conventions__signed_on"),
            last_assurance=Max("visits__held_on"),
        )
        .filter(first_signed__isnull=False)
    )


def assurances_due(today: date, *, notice: timedelta = ASSURANCE_NOTICE) -> list[Triangle]:
    """Triangles whose quality assurance falls due within ``notice``, or is overdue, soonest
    first; each with ``assurance_due_on`` (one query)."""
    due = []
    for triangle in running_with_due_dates().select_related("institution").order_by("name"):
        triangle.assurance_due_on = assurance_due_on(  # type: ignore[attr-defined]
            triangle.first_signed,  # type: ignore[attr-defined]
            triangle.last_assurance,  # type: ignore[attr-defined]
        )
        if triangle.assurance_due_on <= today + notice:  # type: ignore[attr-defined]
            due.append(triangle)
    return sorted(due, key=lambda t: t.assurance_due_on)  # type: ignore[attr-defined]


def open_consultations() -> QuerySet[QualityConsultation]:
    """The consultations the national office has to date or report on, oldest request first."""
    return (
        QualityConsultation.objects.open()
        .select_related("institution__canton")
        .order_by("requested_at", "pk")
    )


def _assurances() -> Prefetch:
    findings = QualityFinding.objects.select_related("criterion")
    return Prefetch(
        "visits",
        queryset=QualityVisit.objects.prefetch_related(Prefetch("findings", queryset=findings)),
    )


@dataclass
class InstitutionQuality:
    consultations: list[QualityConsultation]
    open_consultation: QualityConsultation | None
    triangles: list[Triangle]  # each with its ``visits`` and their findings, ``assurance_due_on``
    distinctions: list[Distinction]


def institution_quality(institution: Organisation) -> InstitutionQuality:
    """An institution's consultations, its cooperations' quality assurances with their
    findings and next due date, and its distinctions (five queries)."""
    consultations = list(institution.quality_consultations.order_by("-requested_at", "-pk"))
    triangles: list[Triangle] = list(
        institution.triangles.annotate(first_signed=Min("conventions__signed_on"))
        .prefetch_related(_assurances())
        .order_by("started_on", "name", "pk")
    )
    for triangle in triangles:
        visits = list(triangle.visits.all())
        first: date | None = triangle.first_signed  # type: ignore[attr-defined]
        running = triangle.ended_on is None and triangle.status != TriangleStatus.ENDED
        triangle.assurance_due_on = (  # type: ignore[attr-defined]
            assurance_due_on(first, visits[0].held_on if visits else None)
            if first and running
            else None
        )
    return InstitutionQuality(
        consultations=consultations,
        open_consultation=next((c for c in consultations if c.is_open), None),
        triangles=triangles,
        distinctions=list(
            institution.distinctions.select_related("triangle").order_by("-awarded_on", "-pk")
        ),
    )


@dataclass
class ReportQuality:
    """The quality work of one year, for the institution's yearly report."""

    consultations: list[QualityConsultation]
    assurances: list[QualityVisit]  # each with its findings and its ``triangle``
    distinctions: list[Distinction]


def report_quality(institution: Organisation, year: int) -> ReportQuality:
    """Consultations held, quality assurances held and distinctions valid in ``year`` (four
    queries)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    findings = QualityFinding.objects.select_related("criterion")
    return ReportQuality(
        consultations=list(
            institution.quality_consultations.filter(held_on__range=(start, end)).order_by(
                "held_on"
            )
        ),
        assurances=list(
            QualityVisit.objects.filter(triangle__institution=institution)
            .filter(held_on__range=(start, end))
            .select_related("triangle")
            .prefetch_related(Prefetch("findings", queryset=findings))
            .order_by("held_on", "pk")
        ),
        distinctions=list(
            institution.distinctions.filter(awarded_on__lte=end, valid_until__gte=start)
            .select_related("triangle")
            .order_by("awarded_on", "pk")
        ),
    )
