"""The demo's conventions: drafted from the template, and a draft of the template's next version."""

from __future__ import annotations

from entraide.cooperation.conventiontemplate import template_snapshot
from entraide.cooperation.models import (
    ConventionClause,
    ConventionSignature,
    ConventionTemplate,
    ConventionVersion,
    Corner,
    TemplateClause,
)


def template_clauses_and_signatures(conventions: list[ConventionVersion]) -> None:
    """The demo's conventions follow the current template; their institutions have no demo
    people, so a signed version's parties are recorded as signed on paper, on its date."""
    template = ConventionTemplate.objects.current()
    if template is None:
        return
    sources = list(template.clauses.all())
    ConventionVersion.objects.filter(pk__in=[c.pk for c in conventions]).update(template=template)
    ConventionClause.objects.bulk_create(
        ConventionClause(
            convention=version,
            position=source.position,
            template_clause=source,
            title=source.title_in(version.language),
            text=source.text_in(version.language),
        )
        for version in conventions
        for source in sources
    )
    ConventionSignature.objects.bulk_create(
        ConventionSignature(
            convention=version, corner=corner, signed_on=version.signed_on, method="recorded"
        )
        for version in conventions
        if version.signed_on
        for corner in Corner.values
    )


def template_draft() -> None:
    """The national office is preparing version 2 of the template (a draft, not yet seen)."""
    current = ConventionTemplate.objects.current()
    if current is None or ConventionTemplate.objects.filter(status="draft").exists():
        return
    draft = ConventionTemplate.objects.create(number=current.number + 1)
    TemplateClause.objects.bulk_create(
        TemplateClause(template=draft, **template_snapshot(clause))
        for clause in current.clauses.all()
    )
