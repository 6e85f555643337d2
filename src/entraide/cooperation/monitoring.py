"""National monitoring of the cooperations: figures, series, criteria fulfilment, measures.

Reads only. Every function runs a fixed number of queries whatever the number
of triangles, units or evaluations: the counting happens in the database or
in Python over one list of rows.

A triangle is "in cooperation" on a day when it is bound by a convention signed
on or before that day and not ended on or before it
(``TriangleQuerySet.in_cooperation_at``); its units are then in cooperation too.
The figures count both ("cooperations" are triangles) and carry the target active
on that day (``cooperation.targets``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, cast

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation, Unit
from entraide.cooperation.models import (
    DISTINCTION_NOTICE,
    RECEIVED_EVALUATIONS,
    ConventionVersion,
    CooperationTarget,
    Corner,
    CriterionRating,
    Distinction,
    LibraryMeasure,
    Measure,
    MeasureStatus,
    QualityCriterion,
    Rating,
    SelfEvaluation,
    Triangle,
)
from entraide.cooperation.schedule import first_signature
from entraide.cooperation.targets import TargetOutcome, counted, load_targets, target_fields
from entraide.core.lib.spreadsheet import csv_bytes, sheet_cell, xlsx_bytes
from entraide.core.lib.text import fold
from entraide.core.models import Canton
from entraide.directory.models import Group

# The day of the figures quoted by seed 000 (65 units in 18 cantons).
SEED_DATE = date(2025, 4, 30)

# (triangle, unit, institution, canton, canton position, signed on, ended on); the unit's
# fields are None for a triangle without units.
Row = tuple[int, int | None, int | None, str | None, int | None, date, date | None]
Place = tuple[int, int | None, int | None, str | None, int | None]


def _figures(at: date, places: Iterable[Place], targets: list[CooperationTarget]) -> dict[str, Any]:
    """The figures of one day from its (triangle, unit, institution, canton, position) rows."""
    triangles: set[int] = set()
    seen: set[int] = set()
    institutions: set[int] = set()
    by_canton: Counter[str] = Counter()
    position: dict[str, int] = {}
    for triangle, unit, institution, canton, canton_position in places:
        triangles.add(triangle)
        if unit is None or unit in seen:
            continue
        seen.add(unit)
        institutions.add(cast(int, institution))
        by_canton[cast(str, canton)] += 1
        position[cast(str, canton)] = cast(int, canton_position)
    return {
        "at": at.isoformat(),
        "cooperations": len(triangles),
        "units": len(seen),
        "institutions": len(institutions),
        "cantons": len(by_canton),
        **target_fields(targets, at),
        "by_canton": {
            code: by_canton[code] for code in sorted(by_canton, key=lambda c: (position[c], c))
        },
    }


def cooperation_figures(at: date, targets: list[CooperationTarget] | None = None) -> dict[str, Any]:
    """Triangles, units, institutions and cantons in cooperation on ``at``, against the
    target active that day (two queries; one when the ``targets`` are given).

    ``by_canton`` counts the units of each canton that has at least one, in
    the cantons' official order.
    """
    rows = (
        Triangle.objects.in_cooperation_at(at)
        .order_by()
        .values_list(
            "pk", "units", "units__institution_id", "units__canton_id", "units__canton__position"
        )
    )
    return _figures(at, rows, load_targets() if targets is None else targets)


def quarter_ends(first: date, until: date) -> list[date]:
    """The last day of each quarter from ``first``'s quarter up to ``until``, then ``until``."""
    days = []
    year, quarter = first.year, (first.month - 1) // 3
    while True:
        month = quarter * 3 + 3
        end = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        if end >= until:
            break
        days.append(end)
        year, quarter = (year + 1, 0) if quarter == 3 else (year, quarter + 1)
    return [*days, until]


def cooperation_rows(until: date) -> list[Row]:
    """(triangle, unit, institution, canton, position, signed on, ended on) of every signed
    convention signed by ``until``."""
    rows = list(
        ConventionVersion.objects.filter(signed_on__isnull=False, signed_on__lte=until)
        .order_by()
        .values_list(
            "triangle_id",
            "triangle__units",
            "triangle__units__institution_id",
            "triangle__units__canton_id",
            "triangle__units__canton__position",
            "signed_on",
            "triangle__ended_on",
        )
    )
    return cast(list[Row], rows)  # signed_on is never null here


def _on(rows: list[Row], day: date) -> Iterable[Place]:
    """The rows of the triangles in cooperation on ``day`` (the rule of ``in_cooperation_at``)."""
    return (row[:5] for row in rows if row[5] <= day and (row[6] is None or row[6] > day))


def cooperation_series(
    until: date, targets: list[CooperationTarget] | None = None
) -> list[dict[str, Any]]:
    """The figures at the end of each quarter since the first signature, and on ``until``.

    Two queries (one with the ``targets`` given); the days are counted in Python,
    so the figures of a day agree with ``cooperation_figures`` by the same rule.
    Empty before any signature.
    """
    rows = cooperation_rows(until)
    if not rows:
        return []
    targets = load_targets() if targets is None else targets
    first = min(row[5] for row in rows)
    return [_figures(day, _on(rows, day), targets) for day in quarter_ends(first, until)]


def target_outcomes(targets: list[CooperationTarget], today: date) -> list[TargetOutcome]:
    """Each target with its figure: on its date when that is past, else today (one query)."""
    if not targets:
        return []
    rows = cooperation_rows(today)
    outcomes = []
    for target in targets:
        day = min(target.due_on, today)
        figures = _figures(day, _on(rows, day), [])
        outcomes.append(
            TargetOutcome(
                target=target,
                figure=counted(figures, target.counts),
                is_past=target.due_on < today,
            )
        )
    return outcomes


@dataclass
class CornerFulfilment:
    corner: str
    label: str
    fulfilled: int = 0
    partly: int = 0
    not_yet: int = 0

    @property
    def total(self) -> int:
        return self.fulfilled + self.partly + self.not_yet


@dataclass
class CriterionFulfilment:
    criterion: QualityCriterion
    corners: list[CornerFulfilment]


def latest_counted_evaluations() -> Any:
    """The latest evaluation of each running triangle that reached the national office."""
    latest = (
        SelfEvaluation.objects.filter(
            triangle=OuterRef("triangle"), status__in=RECEIVED_EVALUATIONS
        )
        .order_by("-year", "-pk")
        .values("pk")[:1]
    )
    return SelfEvaluation.objects.filter(
        status__in=RECEIVED_EVALUATIONS, pk=Subquery(latest), triangle__ended_on__isnull=True
    ).values("pk")


def criteria_fulfilment() -> list[CriterionFulfilment]:
    """For each criterion and corner, how the latest evaluations rate it (two queries)."""
    counts = (
        CriterionRating.objects.filter(evaluation__in=latest_counted_evaluations())
        .exclude(rating="")
        .values_list("criterion_id", "corner", "rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {(criterion, corner, rating): n for criterion, corner, rating, n in counts}
    result = []
    for criterion in QualityCriterion.objects.all():
        corners = [
            CornerFulfilment(
                corner=corner.value,
                label=str(corner.label),
                fulfilled=found.get((criterion.pk, corner.value, Rating.FULFILLED), 0),
                partly=found.get((criterion.pk, corner.value, Rating.PARTLY), 0),
                not_yet=found.get((criterion.pk, corner.value, Rating.NOT_YET), 0),
            )
            for corner in Corner
        ]
        result.append(CriterionFulfilment(criterion=criterion, corners=corners))
    return result


@dataclass
class AdoptedMeasure:
    measure: LibraryMeasure
    triangles: int


@dataclass
class CriterionMeasures:
    criterion: QualityCriterion
    by_status: list[tuple[str, int]]  # (status label, count) in the order of MeasureStatus
    total: int


@dataclass
class LibraryUsage:
    adopted: list[AdoptedMeasure] = field(default_factory=list)
    by_criterion: list[CriterionMeasures] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)


def library_usage() -> LibraryUsage:
    """Active proven measures with the number of triangles that adopted each, and every
    triangle's measures counted by status for each criterion (three queries)."""
    library = (
        LibraryMeasure.objects.filter(is_active=True)
        .select_related("criterion")
        .with_usage()
        .order_by("criterion", "title")
    )
    counts = {
        (criterion, status): n
        for criterion, status, n in Measure.objects.values_list("criterion_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    }
    usage = LibraryUsage(
        adopted=[AdoptedMeasure(measure=m, triangles=m.triangle_count) for m in library],
        statuses=[str(label) for label in MeasureStatus.labels],
    )
    for criterion in QualityCriterion.objects.all():
        by_status = [
            (str(status.label), counts.get((criterion.pk, status.value), 0))
            for status in MeasureStatus
        ]
        usage.by_criterion.append(
            CriterionMeasures(
                criterion=criterion,
                by_status=by_status,
                total=sum(count for _label, count in by_status),
            )
        )
    return usage


@dataclass
class DistinctionsOverview:
    valid: list[Distinction]
    expiring: list[Distinction]


def distinctions_overview(today: date) -> DistinctionsOverview:
    """Distinctions valid today, and those of them that end within 90 days (one query)."""
    valid = list(
        Distinction.objects.valid_on(today)
        .select_related("institution__canton")
        .order_by("valid_until", "institution__name", "pk")
    )
    notice = today + DISTINCTION_NOTICE
    return DistinctionsOverview(valid=valid, expiring=[d for d in valid if d.valid_until <= notice])


# Exports ----------------------------------------------------------------------


@dataclass
class CantonFigures:
    code: str
    name: str
    units: int
    institutions: list[str]


def canton_figures(at: date) -> list[CantonFigures]:
    """All 26 cantons in official order with their units and institutions in cooperation on ``at``.

    Two queries. The institutions' names are for the national office's export only.
    """
    triangles = Triangle.objects.in_cooperation_at(at).values("pk")
    rows = (
        Unit.objects.filter(triangles__in=triangles)
        .values_list("pk", "canton_id", "institution__name")
        .distinct()
    )
    units: Counter[str] = Counter()
    names: defaultdict[str, set[str]] = defaultdict(set)
    for _unit, canton, institution in rows:
        units[canton] += 1
        names[canton].add(institution)
    return [
        CantonFigures(
            code=canton.code,
            name=str(canton.name),
            units=units[canton.code],
            institutions=sorted(names[canton.code], key=lambda n: (fold(n), n)),
        )
        for canton in Canton.objects.all()
    ]


def _canton_table(rows: list[CantonFigures]) -> tuple[list[str], list[list[Any]]]:
    headers = [
        _("Canton code"),
        _("Canton"),
        _("Units in cooperation"),
        _("Institutions"),
        _("Names of the institutions"),
    ]
    return headers, [
        [r.code, r.name, r.units, len(r.institutions), "; ".join(r.institutions)] for r in rows
    ]


def _series_table(series: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    headers = [
        _("Date"),
        _("Cooperations (triangles)"),
        _("Units in cooperation"),
        _("Institutions"),
        _("Cantons"),
        _("Target"),
        _("Target date"),
    ]
    return headers, [
        [
            p["at"],
            p["cooperations"],
            p["units"],
            p["institutions"],
            p["cantons"],
            p["target"],
            p["target_date"] or "",
        ]
        for p in series
    ]


def monitoring_csv(rows: list[CantonFigures]) -> bytes:
    """The canton table as CSV, UTF-8 with a byte-order mark (for Excel)."""
    headers, lines = _canton_table(rows)
    return csv_bytes(headers, ([sheet_cell(value) for value in line] for line in lines))


def monitoring_xlsx(rows: list[CantonFigures], series: list[dict[str, Any]]) -> bytes:
    """A workbook with two sheets: the cantons on the chosen day, and the quarterly series."""
    return xlsx_bytes(
        [
            (_("Cantons"), *_canton_table(rows)),
            (_("Over time"), *_series_table(series)),
        ]
    )


# One institution: its page and its yearly report --------------------------------


@dataclass
class TriangleSummary:
    triangle: Triangle
    signed_on: date | None
    units: list[Unit]


@dataclass
class InstitutionOverview:
    units: list[Unit]
    triangles: list[TriangleSummary]
    report_years: list[int]


def institution_overview(institution: Organisation, *, today: date) -> InstitutionOverview:
    """The institution's units, its triangles and the years it can report on (four queries)."""
    units = list(institution.units.select_related("canton").order_by("canton__position", "name"))
    triangles = (
        institution.triangles.select_related("centre")
        .prefetch_related(
            Prefetch("units", queryset=Unit.objects.select_related("canton")), "conventions"
        )
        .order_by("started_on", "name", "pk")
    )
    summaries = [
        TriangleSummary(triangle=t, signed_on=first_signature(t), units=list(t.units.all()))
        for t in triangles
    ]
    signed = [s.signed_on for s in summaries if s.signed_on and s.signed_on <= today]
    years = list(range(min(signed).year, today.year + 1)) if signed else []
    return InstitutionOverview(units=units, triangles=summaries, report_years=years)


@dataclass
class RatingRow:
    criterion: QualityCriterion
    ratings: list[str]  # the label of each corner's rating, in the order of ``Corner``


@dataclass
class ReportTriangle:
    triangle: Triangle
    units: list[Unit]
    groups: list[Group]
    signed_on: date | None
    measures: list[tuple[QualityCriterion, list[Measure]]]
    evaluation: SelfEvaluation | None
    ratings: list[RatingRow]


@dataclass
class InstitutionReport:
    institution: Organisation
    year: int
    triangles: list[ReportTriangle]
    corners: list[str]


def institution_report(institution: Organisation, year: int) -> InstitutionReport:
    """What the institution did with self-help in ``year``, for its yearly quality report.

    The triangles bound by a signed convention at some time in the year, with
    their units, centre and groups, their measures (as they stand now), the
    self-evaluation submitted that year with its ratings and the national office's
    feedback. Eight queries; the quality assurances, consultations and distinctions of the
    year are read by ``assurances.report_quality``.
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    criteria = list(QualityCriterion.objects.all())
    triangles = (
        institution.triangles.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=start), conventions__signed_on__lte=end
        )
        .distinct()
        .select_related("centre")
        .prefetch_related(
            Prefetch("units", queryset=Unit.objects.select_related("canton")),
            Prefetch("groups", queryset=Group.objects.only("pk", "name", "canton_id")),
            "conventions",
            Prefetch("measures", queryset=Measure.objects.order_by("criterion", "due_on", "pk")),
            Prefetch(
                "evaluations",
                queryset=SelfEvaluation.objects.filter(
                    submitted_at__year=year, status__in=RECEIVED_EVALUATIONS
                )
                .order_by("-year")
                .prefetch_related("ratings"),
            ),
        )
        .order_by("started_on", "name", "pk")
    )
    report = InstitutionReport(
        institution=institution,
        year=year,
        triangles=[],
        corners=[str(corner.label) for corner in Corner],
    )
    rating_labels = dict(Rating.choices)
    for triangle in triangles:
        measures: defaultdict[int, list[Measure]] = defaultdict(list)
        for measure in triangle.measures.all():
            measures[measure.criterion_id].append(measure)
        evaluation = next(iter(triangle.evaluations.all()), None)
        given = (
            {(r.criterion_id, r.corner): r.rating for r in evaluation.ratings.all()}
            if evaluation
            else {}
        )
        report.triangles.append(
            ReportTriangle(
                triangle=triangle,
                units=list(triangle.units.all()),
                groups=list(triangle.groups.all()),
                signed_on=first_signature(triangle),
                measures=[(c, measures[c.pk]) for c in criteria if measures[c.pk]],
                evaluation=evaluation,
                ratings=[
                    RatingRow(
                        criterion=c,
                        ratings=[
                            str(rating_labels.get(given.get((c.pk, corner.value), ""), "—"))
                            for corner in Corner
                        ],
                    )
                    for c in criteria
                ]
                if evaluation
                else [],
            )
        )
    return report
