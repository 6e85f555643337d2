"""Loading the themes thesaurus from its JSON file (data/themes.json).

Used by the migration that gives every installation the initial thesaurus,
and by ``manage.py load_themes`` to add themes published later. Existing
themes are never overwritten: once installed, the national coordinator owns
them in the application.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from entraide.core.lib.text import fold

THEMES_FILE = Path(__file__).resolve().parent / "data" / "themes.json"
LANGUAGES = ("fr", "de", "it", "en")


def read_themes(path: Path = THEMES_FILE) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))


def load_themes(theme_model: Any, term_model: Any, entries: list[dict[str, Any]]) -> int:
    """Create the themes whose code is not there yet, with their terms; returns how many."""
    existing = set(theme_model.objects.values_list("code", flat=True))
    new = [entry for entry in entries if entry["code"] not in existing]
    themes = theme_model.objects.bulk_create(
        [
            theme_model(
                code=entry["code"],
                category=entry["category"],
                label=entry["labels"]["fr"],
                **{f"label_{lang}": entry["labels"][lang] for lang in LANGUAGES},
            )
            for entry in new
        ]
    )
    by_code = {
        theme.code: theme for theme in theme_model.objects.filter(code__in=[e["code"] for e in new])
    }
    for entry in new:
        if entry.get("broader") and entry["broader"] in by_code:
            by_code[entry["code"]].broader = by_code[entry["broader"]]
    theme_model.objects.bulk_update([t for t in by_code.values() if t.broader_id], ["broader"])
    terms = []
    for entry in new:
        theme = by_code[entry["code"]]
        for lang in LANGUAGES:
            seen = set()
            words = [("label", entry["labels"][lang])] + [
                ("synonym", s) for s in entry["synonyms"].get(lang, [])
            ]
            for kind, term in words:
                if term.casefold() in seen:
                    continue
                seen.add(term.casefold())
                terms.append(
                    term_model(theme=theme, language=lang, kind=kind, term=term, folded=fold(term))
                )
    term_model.objects.bulk_create(terms)
    from entraide.directory.search import thesaurus_changed

    thesaurus_changed()
    return len(themes)
