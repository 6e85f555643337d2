"""The national office's convention template: a draft copy of the current version is edited,
then published as the next version; a published version never changes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.cooperation.conventiontemplate import clause_fields, template_snapshot
from entraide.cooperation.models import ConventionTemplate, TemplateClause, TemplateStatus
from entraide.cooperation.services._common import require
from entraide.core.lib.audit import audit_record
from entraide.core.models import AuditEntry

MANAGE = "cooperation.manage_convention_template"
TEMPLATE_CLAUSE_FIELDS = ("position", *clause_fields("title"), *clause_fields("text"))


@transaction.atomic
def template_draft_start(*, by: User) -> ConventionTemplate:
    """A draft of the next version, copied from the current one (the one draft, if it exists)."""
    require(by, MANAGE)
    draft = ConventionTemplate.objects.select_for_update().filter(status=TemplateStatus.DRAFT)
    if existing := draft.first():
        return existing
    current = ConventionTemplate.objects.current()
    number = (ConventionTemplate.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    template = ConventionTemplate.objects.create(number=number, created_by=by)
    if current is not None:
        TemplateClause.objects.bulk_create(
            TemplateClause(template=template, **template_snapshot(clause))
            for clause in current.clauses.all()
        )
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=template,
        after={"number": number, "from": current.number if current else None},
    )
    return template


def _require_draft(template: ConventionTemplate) -> ConventionTemplate:
    template = ConventionTemplate.objects.select_for_update().get(pk=template.pk)
    if template.status != TemplateStatus.DRAFT:
        raise ValidationError(
            _("A published version of the template never changes; start a new draft.")
        )
    return template


def _unique_key(template: ConventionTemplate, title: str) -> str:
    base = slugify(title)[:30] or "clause"
    taken = set(template.clauses.values_list("key", flat=True))
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


def _place(template: ConventionTemplate, clause: TemplateClause, position: int) -> None:
    """Put the clause at ``position`` (1 = first) and number the others after it."""
    others = [c for c in template.clauses.order_by("position", "pk") if c.pk != clause.pk]
    position = max(1, min(position, len(others) + 1))
    others.insert(position - 1, clause)
    for number, item in enumerate(others, 1):
        if item.position != number or item is clause:
            item.position = number
            item.save(update_fields=["position"])


@transaction.atomic
def template_clause_save(
    *,
    by: User,
    template: ConventionTemplate,
    clause: TemplateClause | None = None,
    data: dict[str, Any],
) -> TemplateClause:
    """Write a clause of the draft in the four languages, at its position."""
    require(by, MANAGE)
    template = _require_draft(template)
    values = {f: (data.get(f) or "").strip() for f in TEMPLATE_CLAUSE_FIELDS if f != "position"}
    missing = {f: _("Write it in this language too.") for f, v in values.items() if not v}
    if missing:
        raise ValidationError(missing)
    position = data.get("position") or 10_000
    if clause is None:
        clause = TemplateClause(
            template=template,
            key=_unique_key(template, values["title_en"]),
            position=position,
            **values,
        )
        before = None
    else:
        before = template_snapshot(clause)
        for field, value in values.items():
            setattr(clause, field, value)
    clause.full_clean()
    clause.save()
    _place(template, clause, position)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        obj=clause,
        before=before,
        after=template_snapshot(clause),
    )
    return clause


@transaction.atomic
def template_clause_remove(*, by: User, clause: TemplateClause) -> None:
    """Take a clause out of the draft (the published versions keep theirs)."""
    require(by, MANAGE)
    template = _require_draft(clause.template)
    audit_record(
        actor=by, action=AuditEntry.Action.DELETE, obj=clause, before=template_snapshot(clause)
    )
    clause.delete()
    for number, item in enumerate(template.clauses.order_by("position", "pk"), 1):
        if item.position != number:
            item.position = number
            item.save(update_fields=["position"])


@transaction.atomic
def template_publish(*, by: User, template: ConventionTemplate, notes: str) -> ConventionTemplate:
    """Publish the draft: new conventions are drafted from it from now on."""
    require(by, MANAGE)
    template = _require_draft(template)
    if not template.clauses.exists():
        raise ValidationError(_("Add at least one clause before publishing the template."))
    if not notes.strip():
        raise ValidationError({"notes": _("Say what this version changes.")})
    template.status = TemplateStatus.PUBLISHED
    template.notes = notes.strip()
    template.published_at = timezone.now()
    template.published_by = by
    template.save(update_fields=["status", "notes", "published_at", "published_by"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=template,
        before={"status": TemplateStatus.DRAFT},
        after={"status": TemplateStatus.PUBLISHED, "notes": template.notes},
    )
    return template
