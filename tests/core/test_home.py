"""The home page: cards registered by the apps, each linking to a page that exists, and
the cooperations' figures saying how the national target stands on the day shown."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from entraide.cooperation.models import CooperationTarget
from entraide.cooperation.navigation import outcome_sentence
from entraide.cooperation.targets import TargetOutcome
from entraide.core import navigation
from entraide.core.navigation import CardFacts, Figure, HomeCard, register_home_card
from tests.conftest import ROLES

TODAY = date(2026, 6, 1)


def en(day: date) -> str:
    with translation.override("en"):
        return date_format(day)


def test_the_public_home_page_links_to_the_public_pages_that_exist(client, db) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/en/").content.decode()
    with translation.override("en"):
        for name in (
            "directory:group_search",
            "directory:self_help",
            "directory:self_help_easy_read",
            "centres:founding_public",
            "monitoring:public",
        ):
            assert f'href="{reverse(name)}"' in body, name
    assert "In preparation" not in body
    assert "Self-help-friendly hospitals" in body


@pytest.mark.parametrize("role", ROLES)
def test_no_home_page_announces_work_in_preparation(client_for, role) -> None:  # type: ignore[no-untyped-def]
    response = client_for(role).get("/en/")
    body = response.content.decode()
    assert "In preparation" not in body
    # Every capability shown opens a page, and the public pages stay one click away.
    for capability in response.context["capabilities"]:
        assert f'href="{reverse(capability.url_name)}"' in body
    assert 'href="/en/cooperations/"' in body


def test_every_registered_capability_and_card_opens_a_page() -> None:
    for item in [*navigation.CAPABILITIES, *navigation.HOME_CARDS]:
        assert reverse(item.url_name)


def test_a_card_an_app_registers_appears_with_its_figures(client, db) -> None:  # type: ignore[no-untyped-def]
    # What the patient-partner app will do when it exists: register its public page.
    card = HomeCard(
        "Patient partners",
        "Take part in care, teaching and research.",
        "core:privacy",
        position=50,
        facts=lambda today: CardFacts(
            day=today, figures=(Figure("Partners", 12),), notes=("Forty hours this year.",)
        ),
    )
    register_home_card(card)
    try:
        with time_machine.travel(TODAY):
            body = client.get("/en/").content.decode()
    finally:
        navigation.HOME_CARDS.remove(card)
    assert '<a href="/en/privacy/">Patient partners</a>' in body
    assert "<dt>Partners</dt><dd>12</dd>" in body
    assert "Forty hours this year." in body
    assert f"Figures as of {en(TODAY)}" in body


@time_machine.travel(TODAY)
def test_a_target_whose_date_has_passed_is_said_reached_or_missed(client, db) -> None:  # type: ignore[no-untyped-def]
    # Seed 000's target (migration 0004): 80 units by the end of 2025, before "today".
    seed = CooperationTarget.objects.get(counts="units", due_on=date(2025, 12, 31))
    body = client.get("/en/").content.decode()
    assert (
        f"The national target of {seed.value} units in cooperation by {en(seed.due_on)} "
        "was missed: 0 on that day." in body
    )
    assert f"Figures as of {en(TODAY)}" in body
    assert "<dt>Units of health institutions</dt><dd>0</dd>" in body
    assert "The national target is" not in body


@time_machine.travel(TODAY)
def test_a_target_still_ahead_is_a_goal_with_todays_figure(client, db) -> None:  # type: ignore[no-untyped-def]
    ahead = CooperationTarget.objects.create(
        value=45, counts="triangles", due_on=date(2027, 12, 31)
    )
    body = client.get("/en/").content.decode()
    assert (
        f"The national target is 45 cooperation triangles by {en(ahead.due_on)}; "
        "there are 0 today (0 %)." in body
    )
    # The last target whose date has passed is still told, reached or missed.
    assert f"by {en(date(2025, 12, 31))} was missed" in body


def test_a_reached_target_says_so_with_its_figure_on_that_day(db) -> None:  # type: ignore[no-untyped-def]
    target = CooperationTarget(value=80, counts="units", due_on=date(2025, 12, 31))
    with translation.override("en"):
        reached = outcome_sentence(TargetOutcome(target=target, figure=83, is_past=True))
        ahead = outcome_sentence(TargetOutcome(target=target, figure=20, is_past=False))
    assert reached == (
        f"The national target of 80 units in cooperation by {en(target.due_on)} "
        "was reached: 83 on that day."
    )
    assert ahead == (
        f"The national target is 80 units in cooperation by {en(target.due_on)}; "
        "there are 20 today (25 %)."
    )


def test_the_home_page_reads_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    client, db, django_assert_num_queries
) -> None:
    client.get("/fr/")
    with CaptureQueriesContext(connection) as before:
        client.get("/fr/")
    for year in range(2027, 2037):
        CooperationTarget.objects.create(value=year - 2000, counts="units", due_on=date(year, 1, 1))
    # The targets, today's figures, the targets' figures, the national office's address.
    with django_assert_num_queries(len(before.captured_queries)):
        client.get("/fr/")
    assert len(before.captured_queries) <= 5


@time_machine.travel(TODAY)
def test_the_public_cooperations_page_tells_a_past_target_as_reached_or_missed(client, db) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/en/cooperations/").content.decode()
    assert f"by {en(date(2025, 12, 31))} was missed: 0 on that day." in body
    assert "The national target is 80" not in body
