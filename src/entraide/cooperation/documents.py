"""The generated PDFs of a triangle: the draft convention and the documentation of a self-evaluation.

Both are rendered in the triangle's language from a self-contained template
(styles inline, nothing fetched) and converted by WeasyPrint. Each reads its
data in a fixed number of queries, whatever the number of units, groups,
ratings or measures.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from entraide.accounts.models import Unit
from entraide.cooperation.conventionparts import convention_parts, load_version
from entraide.cooperation.models import (
    ConventionVersion,
    Corner,
    Document,
    Measure,
    QualityCriterion,
    Rating,
    SelfEvaluation,
    Triangle,
)
from entraide.core.lib.pdf import html_to_pdf
from entraide.directory.models import Group

CONVENTION_TEMPLATE = "cooperation/pdf/convention.html"
EVALUATION_TEMPLATE = "cooperation/pdf/evaluation.html"


def convention_html(version: ConventionVersion) -> str:
    """The HTML of a version of the convention, in the triangle's language, for WeasyPrint."""
    triangle = (
        Triangle.objects.select_related("institution", "centre", "officer")
        .prefetch_related(
            Prefetch("units", queryset=Unit.objects.select_related("canton")),
            # Names and municipalities only: nothing else about a group belongs in the convention.
            Prefetch("groups", queryset=Group.objects.only("pk", "name", "municipality")),
        )
        .get(pk=version.triangle_id)
    )
    parts = convention_parts(load_version(version), triangle, first_number=2)
    with translation.override(version.language):
        return render_to_string(
            CONVENTION_TEMPLATE,
            {
                "language": version.language,
                "triangle": triangle,
                "version": parts.version,
                "units": list(triangle.units.all()),
                "groups": list(triangle.groups.all()),
                # The name only: the officer's email address is not part of the agreement.
                "officer_name": triangle.officer.display_name if triangle.officer else "",
                "parts": parts,
            },
        )


def convention_pdf(version: ConventionVersion) -> bytes:
    """The PDF of a version of the convention, marked as a draft until it is signed."""
    return html_to_pdf(convention_html(version))


@dataclass(frozen=True)
class CornerRow:
    """How one corner rated one criterion, with labels in the document's language."""

    corner: str
    rating: str
    evidence: str
    comment: str


@dataclass(frozen=True)
class CriterionSection:
    criterion: QualityCriterion
    rows: list[CornerRow]
    measures: list[Measure]
    feedback: str


def evaluation_sections(
    evaluation: SelfEvaluation, criteria: list[QualityCriterion], measures: list[Measure]
) -> list[CriterionSection]:
    """For each criterion, the three corners' ratings, the measures and the feedback.

    Call it with the document's language active: the labels are rendered here.
    Reads ``evaluation.ratings`` and ``evaluation.feedback``, prefetched.
    """
    ratings = {(r.criterion_id, r.corner): r for r in evaluation.ratings.all()}
    feedback = {f.criterion_id: f.text for f in evaluation.feedback.all()}
    sections = []
    for criterion in criteria:
        rows = []
        for corner in Corner:
            rating = ratings.get((criterion.number, corner.value))
            rows.append(
                CornerRow(
                    corner=str(corner.label),
                    rating=str(Rating(rating.rating).label) if rating and rating.rating else "",
                    evidence=rating.evidence if rating else "",
                    comment=rating.comment if rating else "",
                )
            )
        sections.append(
            CriterionSection(
                criterion=criterion,
                rows=rows,
                measures=[m for m in measures if m.criterion_id == criterion.number],
                feedback=feedback.get(criterion.number, ""),
            )
        )
    return sections


def evaluation_html(evaluation: SelfEvaluation) -> str:
    """The HTML of a self-evaluation's documentation, in the triangle's language, for WeasyPrint."""
    evaluation = (
        SelfEvaluation.objects.select_related("triangle__institution", "triangle__centre")
        .prefetch_related(
            "ratings",
            "feedback",
            # The file names only: the attachments themselves are sent beside the PDF.
            Prefetch("attachments", queryset=Document.objects.only("pk", "filename")),
        )
        .get(pk=evaluation.pk)
    )
    triangle = evaluation.triangle
    criteria = list(QualityCriterion.objects.all())
    measures = list(Measure.objects.filter(triangle=triangle))
    with translation.override(triangle.language):
        return render_to_string(
            EVALUATION_TEMPLATE,
            {
                "language": triangle.language,
                "triangle": triangle,
                "evaluation": evaluation,
                "submitted_on": (
                    timezone.localdate(evaluation.submitted_at) if evaluation.submitted_at else None
                ),
                "sections": evaluation_sections(evaluation, criteria, measures),
                "attachments": sorted(evaluation.attachments.all(), key=lambda d: d.filename),
            },
        )


def evaluation_pdf(evaluation: SelfEvaluation) -> bytes:
    """The PDF of a self-evaluation's documentation, as submitted to the national office."""
    return html_to_pdf(evaluation_html(evaluation))
