"""Writes on the directory: every one checks permission, keeps the search text and audits."""

from __future__ import annotations

from entraide.core.lib.text import fold
from entraide.directory.models import Group


def group_search_text(group: Group) -> str:
    """The folded text a group is found by: its name, description and place, all languages of its canton."""
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


def groups_refresh_search_text(groups: list[Group]) -> None:
    """Recompute the search text of these groups (after an import or a bulk change)."""
    for group in groups:
        group.search_text = group_search_text(group)
    Group.objects.bulk_update(groups, ["search_text"], batch_size=500)
