"""The national targets: which one is active on a day, and how far a day's figures reach it.

Pure functions over the targets read once (``load_targets``, one query), so that
the figures of any number of days cost no more queries. A target counts either
triangles in cooperation (``"cooperations"`` in the figures) or units.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from entraide.cooperation.models import CooperationTarget, TargetCounts

# The key of the figures each kind of target is measured against.
FIGURE_OF: dict[str, str] = {TargetCounts.TRIANGLES: "cooperations", TargetCounts.UNITS: "units"}


def load_targets() -> list[CooperationTarget]:
    """Every target, earliest date first (one query)."""
    return list(CooperationTarget.objects.order_by("due_on", "pk"))


def active_target(targets: list[CooperationTarget], day: date) -> CooperationTarget | None:
    """The first target due on or after ``day``, else the last one; None without targets."""
    for target in targets:
        if target.due_on >= day:
            return target
    return targets[-1] if targets else None


def target_fields(targets: list[CooperationTarget], day: date) -> dict[str, Any]:
    """The fields of a day's figures that describe its active target."""
    target = active_target(targets, day)
    return {
        "target": target.value if target else 0,
        "target_date": target.due_on.isoformat() if target else None,
        "target_counts": target.counts if target else None,
    }


def counted(figures: dict[str, Any], counts: str | None) -> int:
    """The figure a target of this kind is measured against."""
    return int(figures[FIGURE_OF.get(counts or "", "units")])


def progress(figures: dict[str, Any]) -> int:
    """The counted figure as a whole percentage of the active target (may pass 100)."""
    target = figures["target"]
    return round(100 * counted(figures, figures["target_counts"]) / target) if target else 0


@dataclass
class TargetOutcome:
    """A target with the figure it is measured against on its date (or on ``today``)."""

    target: CooperationTarget
    figure: int
    is_past: bool  # its date is before today: reached or missed, for good

    @property
    def reached(self) -> bool:
        return self.figure >= self.target.value

    @property
    def percent(self) -> int:
        return round(100 * self.figure / self.target.value) if self.target.value else 0
