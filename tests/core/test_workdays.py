"""Working days skip the weekend and the public holidays of the canton, and only those."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from entraide.core.lib.workdays import add_working_days, is_working_day, public_holidays


@pytest.mark.parametrize(
    ("start", "days", "canton", "expected"),
    [
        # 2 January (Berchtoldstag) is a holiday in Vaud and Bern, not in Geneva.
        (date(2025, 12, 31), 1, "VD", date(2026, 1, 5)),
        (date(2025, 12, 31), 1, "BE", date(2026, 1, 5)),
        (date(2025, 12, 31), 1, "GE", date(2026, 1, 2)),
        # Good Friday and Easter Monday; Ticino keeps Good Friday as a working day.
        (date(2026, 4, 2), 1, "VD", date(2026, 4, 7)),
        (date(2026, 4, 2), 1, "TI", date(2026, 4, 3)),
        # The Monday after the federal fast (Jeûne fédéral) in Vaud only.
        (date(2026, 9, 18), 1, "VD", date(2026, 9, 22)),
        (date(2026, 9, 18), 1, "GE", date(2026, 9, 21)),
        # Restoration of the Republic, 31 December, in Geneva only.
        (date(2026, 12, 30), 1, "GE", date(2027, 1, 4)),
        (date(2026, 12, 30), 1, "VD", date(2026, 12, 31)),
        # 1 August everywhere, also for a canton the calendar does not know or none at all.
        (date(2025, 7, 31), 1, "ZH", date(2025, 8, 4)),
        (date(2025, 7, 31), 1, "XX", date(2025, 8, 4)),
        (date(2025, 7, 31), 1, None, date(2025, 8, 4)),
        # An ordinary week: Friday plus three working days is Wednesday.
        (date(2026, 11, 20), 3, "VD", date(2026, 11, 25)),
        # Backwards: three working days before Tuesday after Easter (VD) is the Tuesday before.
        (date(2026, 4, 7), -3, "VD", date(2026, 3, 31)),
        (date(2026, 11, 20), 0, "VD", date(2026, 11, 20)),
    ],
)
def test_add_working_days(start, days, canton, expected) -> None:  # type: ignore[no-untyped-def]
    assert add_working_days(start, days, canton) == expected


def test_a_moment_keeps_its_time_of_day() -> None:
    zurich = ZoneInfo("Europe/Zurich")
    start = datetime(2026, 4, 2, 16, 30, tzinfo=zurich)
    assert add_working_days(start, 1, "VD") == datetime(2026, 4, 7, 16, 30, tzinfo=zurich)


def test_the_calendars_are_the_cantons() -> None:
    assert date(2026, 12, 26) in public_holidays("BE", 2026)
    assert date(2026, 12, 31) not in public_holidays("VD", 2026)
    assert date(2026, 11, 1) in public_holidays("TI", 2026)  # All Saints, a Catholic canton
    assert date(2026, 11, 1) not in public_holidays("VD", 2026)
    assert public_holidays("vd", 2026) == public_holidays("VD", 2026)
    assert not is_working_day(date(2026, 11, 21), "VD")  # a Saturday
    assert is_working_day(date(2026, 11, 20), "VD")


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_every_canton_keeps_the_federal_holidays(year) -> None:  # type: ignore[no-untyped-def]
    # The reminder's query relies on it: no canton's cutoff is later than the federal one.
    federal = public_holidays(None, year)
    assert federal
    for canton in ("ZH", "BE", "LU", "VD", "GE", "TI", "VS", "NE", "JU", "BS", "AI"):
        assert federal <= public_holidays(canton, year), canton
