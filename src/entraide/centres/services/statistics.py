"""Monthly statistics of a centre: its contact requests by theme, channel and outcome, and
its log of support to groups and professionals' enquiries.

Read from the requests themselves, anonymised or not: anonymisation keeps
exactly what is counted here. The exports (CSV, XLSX) carry the same figures:
numbers and categories, never a person.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation
from entraide.centres.models import (
    ActivityKind,
    CentreActivity,
    ContactChannel,
    ContactOutcome,
    ContactRequest,
    ProfessionalField,
)
from entraide.core.lib.spreadsheet import csv_bytes, xlsx_bytes
from entraide.directory.models import Group, Theme


@dataclass
class MonthStatistics:
    month: date
    total: int
    by_theme: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]
    by_outcome: list[tuple[str, int]]
    still_open: int
    # The centre's log (CentreActivity).
    group_support: int = 0
    professional_enquiries: int = 0
    enquiries_by_field: list[tuple[str, int]] | None = None
    activity_minutes: int = 0


def month_bounds(month: date) -> tuple[datetime, datetime]:
    start = date(month.year, month.month, 1)
    end = start_of_next(start)
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time(), tzinfo=zone),
        datetime.combine(end, time(), tzinfo=zone),
    )


def months_from(first: date, count: int) -> list[date]:
    """``count`` first days of months, from ``first``'s month on."""
    index = first.year * 12 + first.month - 1
    return [date((index + i) // 12, (index + i) % 12 + 1, 1) for i in range(count)]


def year_months(month: date, today: date) -> list[date]:
    """The months of ``month``'s year, January to December, or to this month in the current year."""
    last = 12 if month.year < today.year else today.month if month.year == today.year else 0
    return months_from(date(month.year, 1, 1), last) or [date(month.year, month.month, 1)]


def period_statistics(centre: Organisation, months: list[date]) -> list[MonthStatistics]:
    """The requests received and the log's entries in each of ``months`` (consecutive).

    Four queries in all, however many months.

    A request counts once for each theme of its group (a group on "cancer" and
    "relatives" counts for both); a request without a group counts for its own
    theme, or as "no theme".
    """
    start, _end = month_bounds(months[0])
    _start, end = month_bounds(months[-1])
    rows = list(
        ContactRequest.objects.filter(
            centre=centre, created_at__gte=start, created_at__lt=end
        ).values_list("created_at", "channel", "outcome", "status", "group_id", "theme_id")
    )
    group_ids = {row[4] for row in rows if row[4]}
    themes_of: dict[int, list[int]] = {}
    for group_id, theme_id in Group.themes.through.objects.filter(
        group_id__in=group_ids
    ).values_list("group_id", "theme_id"):
        themes_of.setdefault(group_id, []).append(theme_id)
    theme_ids = {t for ids in themes_of.values() for t in ids} | {r[5] for r in rows if r[5]}
    labels = dict(Theme.objects.filter(pk__in=theme_ids).values_list("pk", "label"))
    by_month: dict[date, list[tuple[Any, ...]]] = {month: [] for month in months}
    for row in rows:
        moment = timezone.localtime(row[0])
        by_month.setdefault(date(moment.year, moment.month, 1), []).append(row[1:])
    log: dict[date, list[tuple[str, str, int | None]]] = {month: [] for month in months}
    for on, kind, field, minutes in CentreActivity.objects.filter(
        centre=centre, on__gte=months[0], on__lt=start_of_next(months[-1])
    ).values_list("on", "kind", "professional_field", "minutes"):
        log[date(on.year, on.month, 1)].append((kind, field, minutes))
    return [
        _with_log(_month(month, by_month[month], themes_of, labels), log[month]) for month in months
    ]


def start_of_next(month: date) -> date:
    return (date(month.year, month.month, 1) + timedelta(days=32)).replace(day=1)


def _with_log(
    stats: MonthStatistics, entries: list[tuple[str, str, int | None]]
) -> MonthStatistics:
    kinds = Counter(kind for kind, _field, _minutes in entries)
    fields = Counter(
        field for kind, field, _m in entries if kind == ActivityKind.PROFESSIONAL_ENQUIRY
    )
    labels = dict(ProfessionalField.choices)
    stats.group_support = kinds[ActivityKind.GROUP_SUPPORT]
    stats.professional_enquiries = kinds[ActivityKind.PROFESSIONAL_ENQUIRY]
    stats.enquiries_by_field = [(str(labels[f]), fields[f]) for f in labels if fields[f]]
    stats.activity_minutes = sum(minutes or 0 for _kind, _field, minutes in entries)
    return stats


def _month(
    month: date,
    rows: list[tuple[Any, ...]],
    themes_of: dict[int, list[int]],
    labels: dict[int, str],
) -> MonthStatistics:
    theme_counts: Counter[int | None] = Counter()
    for _channel, _outcome, _status, group_id, theme_id in rows:
        themes = themes_of.get(group_id, []) if group_id else []
        theme_counts.update(themes or [theme_id])
    channels = dict(ContactChannel.choices)
    outcomes = dict(ContactOutcome.choices)
    channel_counts = Counter(row[0] for row in rows)
    outcome_counts = Counter(row[1] for row in rows if row[2] == "closed")
    return MonthStatistics(
        month=month,
        total=len(rows),
        by_theme=sorted(
            ((str(labels.get(t, "—")) if t else "—", n) for t, n in theme_counts.items()),
            key=lambda item: (-item[1], item[0]),
        ),
        by_channel=[(str(channels[c]), channel_counts[c]) for c in channels if channel_counts[c]],
        by_outcome=[(str(outcomes[o]), outcome_counts[o]) for o in outcomes if outcome_counts[o]],
        still_open=sum(1 for row in rows if row[2] != "closed"),
    )


def month_statistics(centre: Organisation, month: date) -> MonthStatistics:
    """The requests received during ``month``, counted three ways, and the log's entries."""
    return period_statistics(centre, [date(month.year, month.month, 1)])[0]


# The exports: the figures of the page, month by month -------------------------------------


def _breakdowns(stats: MonthStatistics) -> list[tuple[str, list[tuple[str, int]]]]:
    return [
        (_("By theme"), stats.by_theme),
        (_("By channel"), stats.by_channel),
        (_("By outcome (closed requests)"), stats.by_outcome),
        (_("Enquiries from professionals by field"), stats.enquiries_by_field or []),
    ]


def _summary(stats: MonthStatistics) -> list[tuple[str, int]]:
    return [
        (_("Requests received"), stats.total),
        (_("Still open"), stats.still_open),
        (_("Support to groups"), stats.group_support),
        (_("Enquiries from professionals"), stats.professional_enquiries),
        (_("Time spent on support and enquiries (minutes)"), stats.activity_minutes),
    ]


def statistics_csv(period: list[MonthStatistics]) -> bytes:
    """One long table: a line per month, figure and category (easy to pivot)."""
    headers = [_("Month"), _("Figure"), _("Category"), _("Number")]
    lines: list[list[Any]] = []
    for stats in period:
        month = stats.month.strftime("%Y-%m")
        lines += [[month, figure, "", number] for figure, number in _summary(stats)]
        for figure, rows in _breakdowns(stats):
            lines += [[month, figure, category, number] for category, number in rows]
    return csv_bytes(headers, lines)


def statistics_xlsx(period: list[MonthStatistics]) -> bytes:
    """A summary sheet (a line per month) and one sheet per breakdown."""
    first = period[0]
    summary_headers = [_("Month"), *(figure for figure, _n in _summary(first))]
    summary = [
        [stats.month.strftime("%Y-%m"), *(n for _f, n in _summary(stats))] for stats in period
    ]
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        (_("Summary"), summary_headers, summary)
    ]
    # Excel allows 31 characters in a sheet's name: short titles, one per breakdown.
    titles = [_("By theme"), _("By channel"), _("By outcome"), _("By professional field")]
    for index, title in enumerate(titles):
        lines = [
            [stats.month.strftime("%Y-%m"), category, number]
            for stats in period
            for category, number in _breakdowns(stats)[index][1]
        ]
        sheets.append((title, [_("Month"), _("Category"), _("Number")], lines))
    return xlsx_bytes(sheets)
