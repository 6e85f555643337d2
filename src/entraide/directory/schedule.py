"""When a group meets next, from its rhythm."""

from __future__ import annotations

from datetime import date, timedelta

from entraide.directory.models import Group, Rhythm


def next_meetings(group: Group, today: date, count: int = 3) -> list[date]:
    """The next meeting dates, where the rhythm says them (weekly groups); else none."""
    if group.rhythm != Rhythm.WEEKLY or group.weekday is None:
        return []
    first = today + timedelta(days=(group.weekday - today.weekday()) % 7)
    return [first + timedelta(weeks=n) for n in range(count)]
