"""What the convention page and its PDF show of a version: the clauses with their difference from
the template, and each party with its signatories and its signature (a fixed number of queries)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from entraide.cooperation.clausediff import ClauseView, clause_views
from entraide.cooperation.models import (
    ConventionClause,
    ConventionSignature,
    ConventionVersion,
    Corner,
    Triangle,
)
from entraide.cooperation.rules import required_corners, signatories


@dataclass(frozen=True)
class Party:
    """One party of the convention: who may sign for it, and its signature once given."""

    corner: str
    label: str
    signatories: list[Any]
    signature: ConventionSignature | None
    required: bool


@dataclass(frozen=True)
class ConventionParts:
    version: ConventionVersion
    clauses: list[ClauseView]
    parties: list[Party]

    @property
    def changed(self) -> list[ClauseView]:
        return [c for c in self.clauses if c.is_changed or c.is_added]

    @property
    def missing(self) -> list[Party]:
        """The parties whose signature is still awaited."""
        return [p for p in self.parties if p.required and p.signature is None]


def load_version(version: ConventionVersion) -> ConventionVersion:
    """The version with its template, clauses (and their template clauses) and signatures."""
    return (
        ConventionVersion.objects.select_related("template", "signed_copy")
        .defer("signed_copy__content")
        .prefetch_related(
            Prefetch(
                "clauses", queryset=ConventionClause.objects.select_related("template_clause")
            ),
            Prefetch("signatures", queryset=ConventionSignature.objects.select_related("user")),
        )
        .get(pk=version.pk)
    )


def convention_parts(
    version: ConventionVersion, triangle: Triangle, *, first_number: int = 1
) -> ConventionParts:
    """The clauses and parties of a version loaded with ``load_version``."""
    people = signatories(triangle)
    required = required_corners(people)
    signed = {s.corner: s for s in version.signatures.all()}
    parties = [
        Party(
            corner=corner.value,
            label=str(corner.label),
            signatories=people[corner.value],
            signature=signed.get(corner.value),
            required=corner.value in required or corner.value in signed,
        )
        for corner in Corner
    ]
    return ConventionParts(
        version=version,
        clauses=clause_views(
            list(version.clauses.all()), version.language, first_number=first_number
        ),
        parties=parties,
    )
