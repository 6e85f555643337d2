"""How a triangle's convention differs from the template: clause by clause, word by word (pure)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from entraide.cooperation.conventiontemplate import ClauseState

# Words and the spaces between them, so that the text comes back whole.
TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class Segment:
    """A piece of a changed text: kept ("equal"), taken out ("delete") or put in ("insert")."""

    kind: str
    text: str


def word_diff(before: str, after: str) -> list[Segment]:
    """The template's text ``before`` and the triangle's ``after`` as segments, word by word."""
    old, new = TOKENS.findall(before), TOKENS.findall(after)
    segments: list[Segment] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(Segment("equal", "".join(new[j1:j2])))
            continue
        if tag in ("delete", "replace"):
            segments.append(Segment("delete", "".join(old[i1:i2])))
        if tag in ("insert", "replace"):
            segments.append(Segment("insert", "".join(new[j1:j2])))
    return segments


@dataclass(frozen=True)
class ClauseView:
    """A clause of a version as the page and the PDF show it, with its difference from the template."""

    clause: Any
    number: int
    state: str
    template_text: str
    segments: list[Segment]

    @property
    def is_added(self) -> bool:
        return self.state == ClauseState.ADDED

    @property
    def is_changed(self) -> bool:
        return self.state == ClauseState.CHANGED


def clause_views(clauses: list[Any], language: str, *, first_number: int = 1) -> list[ClauseView]:
    """Each clause numbered, with its state and, when changed, the word difference.

    Reads ``clause.template_clause`` (select it with the clauses).
    """
    views = []
    for offset, clause in enumerate(clauses):
        state = clause.state(language)
        template_text = clause.template_text(language)
        views.append(
            ClauseView(
                clause=clause,
                number=first_number + offset,
                state=state,
                template_text=template_text,
                segments=word_diff(template_text, clause.text)
                if state == ClauseState.CHANGED
                else [],
            )
        )
    return views
