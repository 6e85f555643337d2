"""The text a group is found by, built from the group's own fields alone (no query, no write).

Pure: it reads the attributes of the group it is given and imports no model,
so that ``models.py`` can keep a group's search text in step on every save
without importing the services that write other tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from entraide.core.lib.text import fold

# The fields the search text is made of (see ``group_search_text``).
SEARCH_TEXT_FIELDS = frozenset(
    {
        "name",
        "description",
        "easy_read_summary",
        "municipality",
        "postal_code",
        "canton",
        "canton_id",
    }
)


def group_search_text(group: Any) -> str:
    """The folded text a group is found by: name, description and place (canton in all languages)."""
    canton = group.canton
    parts = [
        group.name,
        group.description,
        group.easy_read_summary,
        group.municipality,
        group.postal_code,
        canton.code,
        *(getattr(canton, f"name_{lang}") or "" for lang in ("fr", "de", "it", "en")),
    ]
    return f" {fold(' '.join(parts))} "


def search_text_changes(update_fields: Iterable[str] | None) -> bool:
    """Whether a save of these fields (None: every field) changes the search text."""
    return update_fields is None or bool(set(update_fields) & SEARCH_TEXT_FIELDS)
