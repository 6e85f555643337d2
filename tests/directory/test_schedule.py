"""Next meeting dates from a group's rhythm."""

from __future__ import annotations

from datetime import date

import pytest

from entraide.directory.models import Group, Rhythm, Weekday, WeekOfMonth
from entraide.directory.schedule import next_meetings, nth_weekday

MONDAY_23_NOV = date(2026, 11, 23)


def group(**fields) -> Group:  # type: ignore[no-untyped-def]
    return Group(name="g", **fields)


def test_weekly_groups_meet_every_week_on_their_day() -> None:
    g = group(rhythm=Rhythm.WEEKLY, weekday=Weekday.WEDNESDAY)
    assert next_meetings(g, MONDAY_23_NOV) == [
        date(2026, 11, 25),
        date(2026, 12, 2),
        date(2026, 12, 9),
    ]
    # Today is a meeting day: today counts.
    assert next_meetings(group(rhythm=Rhythm.WEEKLY, weekday=0), MONDAY_23_NOV)[0] == MONDAY_23_NOV


def test_fortnightly_groups_count_weeks_from_their_anchor() -> None:
    g = group(rhythm=Rhythm.FORTNIGHTLY, weekday=Weekday.THURSDAY, rhythm_anchor=date(2026, 11, 12))
    assert next_meetings(g, MONDAY_23_NOV) == [
        date(2026, 11, 26),
        date(2026, 12, 10),
        date(2026, 12, 24),
    ]
    g.rhythm_anchor = date(2026, 11, 19)
    assert next_meetings(g, MONDAY_23_NOV)[0] == date(2026, 12, 3)
    g.rhythm_anchor = date(2027, 1, 7)  # in the future: the first meeting is then
    assert next_meetings(g, MONDAY_23_NOV)[0] == date(2027, 1, 7)


@pytest.mark.parametrize(
    ("week", "expected"),
    [
        (WeekOfMonth.FIRST, [date(2026, 12, 1), date(2027, 1, 5), date(2027, 2, 2)]),
        (WeekOfMonth.SECOND, [date(2026, 12, 8), date(2027, 1, 12), date(2027, 2, 9)]),
        (WeekOfMonth.FOURTH, [date(2026, 11, 24), date(2026, 12, 22), date(2027, 1, 26)]),
        (WeekOfMonth.LAST, [date(2026, 11, 24), date(2026, 12, 29), date(2027, 1, 26)]),
    ],
)
def test_monthly_groups_meet_on_the_nth_weekday(week, expected) -> None:  # type: ignore[no-untyped-def]
    g = group(rhythm=Rhythm.MONTHLY, weekday=Weekday.TUESDAY, week_of_month=week)
    assert next_meetings(g, MONDAY_23_NOV) == expected


@pytest.mark.parametrize(
    "fields",
    [
        {"rhythm": Rhythm.IRREGULAR, "weekday": 1},
        {"rhythm": Rhythm.WEEKLY, "weekday": None},
        {"rhythm": Rhythm.FORTNIGHTLY, "weekday": 1},  # no anchor
        {"rhythm": Rhythm.MONTHLY, "weekday": 1},  # no week of the month
    ],
)
def test_no_dates_are_promised_without_what_the_rhythm_needs(fields) -> None:  # type: ignore[no-untyped-def]
    assert next_meetings(group(**fields), MONDAY_23_NOV) == []


def test_nth_weekday_across_the_year_end() -> None:
    assert nth_weekday(2026, 12, Weekday.THURSDAY, WeekOfMonth.LAST) == date(2026, 12, 31)
    assert nth_weekday(2027, 2, Weekday.MONDAY, WeekOfMonth.FOURTH) == date(2027, 2, 22)


def test_the_group_page_shows_the_monthly_pattern_and_dates(client, directory) -> None:  # type: ignore[no-untyped-def]
    g = directory["deuil"]
    Group.objects.filter(pk=g.pk).update(
        rhythm=Rhythm.MONTHLY, weekday=Weekday.TUESDAY, week_of_month=WeekOfMonth.SECOND
    )
    html = client.get(f"/en/groups/{g.pk}/").content.decode()
    assert "week 2 of the month" in html
    assert "Next meetings" in html
