"""The cooperations in the public API: national aggregates only, nothing about a person."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from entraide.cooperation.monitoring import cooperation_figures

router = Router()


class CooperationFigures(Schema):
    at: date = Field(description="The day counted (YYYY-MM-DD).")
    cooperations: int = Field(
        description="Cooperation triangles (one or more units of an institution, a regional "
        "centre and self-help groups) bound on that day by a signed convention that had not "
        "ended."
    )
    units: int = Field(
        description="Units (departments or sites) of health institutions bound on that day by a "
        "signed convention that had not ended."
    )
    institutions: int = Field(description="Health institutions those units belong to.")
    cantons: int = Field(description="Cantons those units are in.")
    target: int = Field(
        description="The value of the national target active on that day: the first target "
        "due on or after it, else the last one set; 0 when no target is set. It counts what "
        "`target_counts` says."
    )
    target_date: date | None = Field(
        description="The date of that target (YYYY-MM-DD); null when no target is set."
    )
    target_counts: Literal["triangles", "units"] | None = Field(
        description="What that target counts: `triangles` (compare with `cooperations`) or "
        "`units` (compare with `units`); null when no target is set."
    )
    by_canton: dict[str, int] = Field(
        description="Units in cooperation per canton (two-letter code), in the cantons' "
        "official order; cantons without any are left out."
    )


@router.get(
    "/monitoring/cooperations",
    response=CooperationFigures,
    summary="Health institutions' units in cooperation with self-help on a day",
)
def monitoring_cooperations(request: HttpRequest, at: date | None = None) -> dict[str, Any]:
    """The triangles, units, institutions and cantons in cooperation on ``at`` (today in
    Switzerland by default), with the national target active that day."""
    return cooperation_figures(at or timezone.localdate())
