"""When a triangle's self-evaluations fall due, computed from its conventions and evaluations.

The first self-evaluation is due one year after the first signature of the
convention, then one every year: evaluation number ``k`` (``SelfEvaluation.year``)
is due ``k`` years after that signature. The functions read
``triangle.conventions.all()`` and ``triangle.evaluations.all()``, so they run
no query when both are prefetched.
"""

from __future__ import annotations

from datetime import date, timedelta

from entraide.cooperation.models import (
    DISTINCTION_YEARS,
    RECEIVED_EVALUATIONS,
    Triangle,
    TriangleStatus,
)


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def distinction_valid_until(awarded_on: date) -> date:
    """A distinction holds four years to the day: until the eve of the fourth anniversary."""
    return add_years(awarded_on, DISTINCTION_YEARS) - timedelta(days=1)


def first_signature(triangle: Triangle) -> date | None:
    """The day the first version of the triangle's convention was signed, if any."""
    signed = [version.signed_on for version in triangle.conventions.all() if version.signed_on]
    return min(signed) if signed else None


def evaluation_due_on(first_signed: date, year: int) -> date:
    """The day from which evaluation number ``year`` (1 = the first) is due."""
    return add_years(first_signed, year)


def next_evaluation_due(triangle: Triangle) -> tuple[int, date] | None:
    """The number (1 = the first) and due date of the next self-evaluation to submit.

    It follows the last submitted evaluation (a draft does not count). None
    when no evaluation can fall due: the convention is not signed yet, the
    triangle is still in preparation, or it has ended. The date may be in
    the past (an evaluation overdue) or in the future (not due yet).
    """
    if triangle.ended_on or triangle.status in (TriangleStatus.PREPARATION, TriangleStatus.ENDED):
        return None
    first = first_signature(triangle)
    if first is None:
        return None
    submitted = [
        evaluation.year
        for evaluation in triangle.evaluations.all()
        if evaluation.status in RECEIVED_EVALUATIONS
    ]
    year = max(submitted, default=0) + 1
    return year, evaluation_due_on(first, year)
