"""When a group meets next, from its rhythm."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from entraide.directory.models import Group, Rhythm, WeekOfMonth


def next_meetings(group: Group, today: date, count: int = 3) -> list[date]:
    """The next meeting dates where the rhythm says them; none for irregular groups.

    Weekly: every week on the usual day. Every two weeks: on the usual day, in
    the weeks counted from ``rhythm_anchor``. Monthly: on the n-th (or last)
    usual day of each month (``week_of_month``). Without what a rhythm needs,
    no dates are promised.
    """
    if group.weekday is None:
        return []
    if group.rhythm == Rhythm.WEEKLY:
        first = today + timedelta(days=(group.weekday - today.weekday()) % 7)
        return [first + timedelta(weeks=n) for n in range(count)]
    if group.rhythm == Rhythm.FORTNIGHTLY and group.rhythm_anchor:
        anchor = group.rhythm_anchor + timedelta(
            days=(group.weekday - group.rhythm_anchor.weekday()) % 7
        )
        # The first meeting on or after today: whole fortnights from the anchor, rounded up.
        fortnights = max(0, -(-(today - anchor).days // 14))
        first = anchor + timedelta(weeks=2 * fortnights)
        return [first + timedelta(weeks=2 * n) for n in range(count)]
    if group.rhythm == Rhythm.MONTHLY and group.week_of_month:
        found: list[date] = []
        year, month = today.year, today.month
        while len(found) < count:
            day = nth_weekday(year, month, group.weekday, group.week_of_month)
            if day >= today:
                found.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found
    return []


def nth_weekday(year: int, month: int, weekday: int, week: int) -> date:
    """The n-th given weekday of a month (week 5 is the last one)."""
    days = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    return days[-1] if week == WeekOfMonth.LAST else days[week - 1]
