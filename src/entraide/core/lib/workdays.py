"""Working days: Monday to Friday, without the public holidays of a Swiss canton.

The calendars come from the ``holidays`` library, which knows each canton as a
subdivision of ``CH``. A canton it does not know (or none) falls back to the
federal holidays, observed everywhere.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays

COUNTRY = "CH"


@lru_cache(maxsize=256)
def _holidays(canton: str, year: int) -> frozenset[date]:
    subdivision = canton.upper() if canton.upper() in _cantons() else None
    calendar = holidays.country_holidays(COUNTRY, subdiv=subdivision, years=year)
    return frozenset(calendar)


@lru_cache(maxsize=1)
def _cantons() -> frozenset[str]:
    return frozenset(holidays.country_holidays(COUNTRY).subdivisions)


def public_holidays(canton: str | None, year: int) -> frozenset[date]:
    """The public holidays of ``canton`` (a two-letter code) in ``year``."""
    return _holidays(canton or "", year)


def is_working_day(day: date, canton: str | None) -> bool:
    """Monday to Friday and not a public holiday of ``canton``."""
    return day.weekday() < 5 and day not in _holidays(canton or "", day.year)


def add_working_days[Moment: (date, datetime)](
    start: Moment, days: int, canton: str | None
) -> Moment:
    """``start`` moved by ``days`` working days of ``canton`` (backwards when negative).

    Each step goes one calendar day and counts it when it is a working day, so
    the time of day of a ``datetime`` is kept (give it in local time: the date
    decides). ``add_working_days(friday, 1, …)`` is the next working Monday, and
    ``add_working_days(now, -3, …)`` the moment three working days ago.
    """
    step = timedelta(days=1 if days >= 0 else -1)
    moment = start
    left = abs(days)
    while left > 0:
        moment += step
        day = moment.date() if isinstance(moment, datetime) else moment
        if is_working_day(day, canton):
            left -= 1
    return moment
