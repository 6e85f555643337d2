"""Writes on the directory: every one checks what it must and audits (groups: see ``indexing``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from entraide.accounts.models import User
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.lib.text import fold
from entraide.core.models import AuditEntry
from entraide.directory.models import (
    INTERFACE_LANGUAGES,
    Theme,
    ThemeTerm,
)
from entraide.directory.rules import may_edit_thesaurus
from entraide.directory.search import thesaurus_changed

THEME_FIELDS = (
    "code",
    "category",
    "broader",
    "is_active",
    *(f"label_{c}" for c in INTERFACE_LANGUAGES),
)


def theme_synonyms(theme: Theme) -> dict[str, list[str]]:
    """The synonyms of a theme by language (its labels are terms too, but not synonyms)."""
    synonyms: dict[str, list[str]] = {code: [] for code in INTERFACE_LANGUAGES}
    for term in theme.terms.all():
        if term.kind == ThemeTerm.Kind.SYNONYM:
            synonyms[term.language].append(term.term)
    return synonyms


def _theme_snapshot(theme: Theme) -> dict[str, Any]:
    values = snapshot(theme, THEME_FIELDS)
    for code, terms in theme_synonyms(theme).items():
        values[f"terms_{code}"] = " | ".join(sorted(terms))
    return values


@transaction.atomic
def theme_save(*, by: User, theme: Theme | None, data: dict[str, Any]) -> Theme:
    """Create or change a theme of the thesaurus with its terms (national coordinator only).

    ``data`` is a ThemeForm's cleaned data: labels and the list of synonyms per
    language. The search reads the new terms at once: the vocabulary it caches
    is keyed by the state of the terms table.
    """
    if not may_edit_thesaurus(by):
        raise PermissionDenied("Only the national coordinator edits the thesaurus.")
    creating = theme is None
    if theme is None:
        theme = Theme(code=data["code"])
        before: dict[str, Any] = {}
    else:
        theme = Theme.objects.select_for_update().get(pk=theme.pk)
        before = _theme_snapshot(theme)
    theme.category = data["category"]
    theme.broader = data.get("broader")
    theme.is_active = bool(data.get("is_active"))
    labels = {code: data[f"label_{code}"].strip() for code in INTERFACE_LANGUAGES}
    for code, label in labels.items():
        setattr(theme, f"label_{code}", label)
    theme.full_clean()
    theme.save()
    theme.terms.all().delete()
    terms = []
    for code, label in labels.items():
        terms.append(
            ThemeTerm(theme=theme, language=code, kind="label", term=label, folded=fold(label))
        )
        terms += [
            ThemeTerm(theme=theme, language=code, kind="synonym", term=term, folded=fold(term))
            for term in data.get(f"terms_{code}", [])
            if fold(term) != fold(label)
        ]
    ThemeTerm.objects.bulk_create(terms)
    transaction.on_commit(thesaurus_changed)
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
        obj=theme,
        before=before,
        after=_theme_snapshot(theme),
    )
    return theme
