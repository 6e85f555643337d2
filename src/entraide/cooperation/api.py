"""The cooperations in the public API: national aggregates only, nothing about a person."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from entraide.cooperation.monitoring import cooperation_figures

router = Router()


class CooperationFigures(Schema):
    at: date = Field(description="The day counted (YYYY-MM-DD).")
    units: int = Field(
        description="Units (departments or sites) of health institutions bound on that day by a "
        "signed convention that had not ended."
    )
    institutions: int = Field(description="Health institutions those units belong to.")
    cantons: int = Field(description="Cantons those units are in.")
    target: int = Field(description="The national target of cooperations.")
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
    """The units, institutions and cantons in cooperation on ``at`` (today in Switzerland by default)."""
    return cooperation_figures(at or timezone.localdate())
