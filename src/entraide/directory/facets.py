"""Counting the groups of a search under each facet value (the search page's filters)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from entraide.directory.models import Group


def facet_counts(groups: QuerySet[Group]) -> dict[str, dict[str, int]]:
    """How many of these groups fall under each facet value, in three queries.

    The facets that are columns of the group (canton, kind, audience, online) come
    from one grouped count; languages and themes, which a group may have several
    of, from one count each.
    """
    ids = groups.order_by().values("pk")
    base = Group.objects.filter(pk__in=ids)
    columns = {"canton": "canton_id", "type": "group_type", "audience": "audience"}
    counts: dict[str, dict[str, int]] = {facet: {} for facet in columns}
    online = 0
    rows = base.order_by().values(*columns.values(), "is_online").annotate(n=Count("pk"))
    for row in rows:
        for facet, column in columns.items():
            key = str(row[column])
            counts[facet][key] = counts[facet].get(key, 0) + row["n"]
        if row["is_online"]:
            online += row["n"]

    def count(field: str) -> dict[str, int]:
        rows = base.order_by().values(field).annotate(n=Count("pk", distinct=True))
        return {str(row[field]): row["n"] for row in rows if row[field] is not None}

    return {
        **counts,
        "language": count("languages__code"),
        "theme": count("themes__code"),
        "online": {"1": online},
    }
