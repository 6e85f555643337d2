"""Monthly statistics of a centre's contact requests: by theme, channel and outcome.

Read from the requests themselves, anonymised or not: anonymisation keeps
exactly what is counted here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from entraide.accounts.models import Organisation
from entraide.centres.models import ContactChannel, ContactOutcome, ContactRequest
from entraide.directory.models import Group, Theme


@dataclass
class MonthStatistics:
    month: date
    total: int
    by_theme: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]
    by_outcome: list[tuple[str, int]]
    still_open: int


def month_bounds(month: date) -> tuple[datetime, datetime]:
    start = date(month.year, month.month, 1)
    end = (start + timedelta(days=32)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time(), tzinfo=zone),
        datetime.combine(end, time(), tzinfo=zone),
    )


def month_statistics(centre: Organisation, month: date) -> MonthStatistics:
    """The requests received during ``month``, counted three ways (three queries in all).

    A request counts once for each theme of its group (a group on "cancer" and
    "relatives" counts for both); a request without a group counts for its own
    theme, or as "no theme".
    """
    start, end = month_bounds(month)
    rows = list(
        ContactRequest.objects.filter(
            centre=centre, created_at__gte=start, created_at__lt=end
        ).values_list("channel", "outcome", "status", "group_id", "theme_id")
    )
    group_ids = {row[3] for row in rows if row[3]}
    themes_of: dict[int, list[int]] = {}
    for group_id, theme_id in Group.themes.through.objects.filter(
        group_id__in=group_ids
    ).values_list("group_id", "theme_id"):
        themes_of.setdefault(group_id, []).append(theme_id)
    theme_counts: Counter[int | None] = Counter()
    for _channel, _outcome, _status, group_id, theme_id in rows:
        themes = themes_of.get(group_id, []) if group_id else []
        if not themes:
            themes = [theme_id]
        theme_counts.update(themes)
    labels = dict(
        Theme.objects.filter(pk__in=[t for t in theme_counts if t]).values_list("pk", "label")
    )
    channels = dict(ContactChannel.choices)
    outcomes = dict(ContactOutcome.choices)
    channel_counts = Counter(row[0] for row in rows)
    outcome_counts = Counter(row[1] for row in rows if row[2] == "closed")
    return MonthStatistics(
        month=date(month.year, month.month, 1),
        total=len(rows),
        by_theme=sorted(
            ((str(labels.get(t, "—")) if t else "—", n) for t, n in theme_counts.items()),
            key=lambda item: (-item[1], item[0]),
        ),
        by_channel=[(str(channels[c]), channel_counts[c]) for c in channels if channel_counts[c]],
        by_outcome=[(str(outcomes[o]), outcome_counts[o]) for o in outcomes if outcome_counts[o]],
        still_open=sum(1 for row in rows if row[2] != "closed"),
    )
