"""The capabilities of the cooperation with health institutions, and its public page
on the home page with today's figures and how the national target stands."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.accounts.rules import NATIONAL_OFFICE_ROLES
from entraide.cooperation import monitoring
from entraide.cooperation.models import PARTY_ROLES, TargetCounts
from entraide.cooperation.targets import TargetOutcome, active_target, load_targets
from entraide.core.navigation import (
    Capability,
    CardFacts,
    Figure,
    HomeCard,
    register,
    register_home_card,
)

register(
    Capability(
        gettext_lazy("Self-evaluations and feedback"),
        gettext_lazy(
            "Review the yearly self-evaluations of the cooperations and give formative feedback."
        ),
        NATIONAL_OFFICE_ROLES,
        "cooperation:review_list",
        in_navigation=True,
        position=60,
    ),
    Capability(
        gettext_lazy("Convention template"),
        gettext_lazy(
            "Keep the clauses every cooperation's convention starts from, in four languages."
        ),
        NATIONAL_OFFICE_ROLES,
        "cooperation:template_list",
        position=65,
    ),
    Capability(
        gettext_lazy("National monitoring"),
        gettext_lazy(
            "Follow the cooperations by canton against the target and export the figures."
        ),
        NATIONAL_OFFICE_ROLES,
        "monitoring:dashboard",
        in_navigation=True,
        position=70,
    ),
    Capability(
        gettext_lazy("Cooperation with self-help"),
        gettext_lazy(
            "Prepare the convention, plan the measures and complete the yearly self-evaluation."
        ),
        frozenset().union(*PARTY_ROLES.values()),
        "cooperation:triangle_list",
        in_navigation=True,
        position=110,
    ),
)


def outcome_sentence(outcome: TargetOutcome) -> str:
    """A target in the tense its date calls for: reached or missed with its figure on that
    day when the date is past, else the goal and where today's figure stands."""
    target = outcome.target
    values = {
        "value": target.value,
        "date": date_format(target.due_on),
        "figure": outcome.figure,
        "percent": outcome.percent,
    }
    triangles = target.counts == TargetCounts.TRIANGLES
    if outcome.is_past and outcome.reached:
        sentence = (
            _(
                "The national target of %(value)s cooperation triangles by %(date)s was "
                "reached: %(figure)s on that day."
            )
            if triangles
            else _(
                "The national target of %(value)s units in cooperation by %(date)s was "
                "reached: %(figure)s on that day."
            )
        )
    elif outcome.is_past:
        sentence = (
            _(
                "The national target of %(value)s cooperation triangles by %(date)s was "
                "missed: %(figure)s on that day."
            )
            if triangles
            else _(
                "The national target of %(value)s units in cooperation by %(date)s was "
                "missed: %(figure)s on that day."
            )
        )
    else:
        sentence = (
            _(
                "The national target is %(value)s cooperation triangles by %(date)s; "
                "there are %(figure)s today (%(percent)s %%)."
            )
            if triangles
            else _(
                "The national target is %(value)s units in cooperation by %(date)s; "
                "there are %(figure)s today (%(percent)s %%)."
            )
        )
    return sentence % values


def cooperation_facts(today: date) -> CardFacts:
    """Today's triangles and units in cooperation; the active target and the last one whose
    date has passed, each reached or missed (three queries)."""
    targets = load_targets()
    figures = monitoring.cooperation_figures(today, targets)
    outcomes = monitoring.target_outcomes(targets, today)
    active = active_target(targets, today)
    shown = [o for o in outcomes if o.target == active]
    past = [o for o in outcomes if o.is_past and o.target != active]
    if past:
        shown.insert(0, past[-1])
    return CardFacts(
        day=today,
        figures=(
            Figure(gettext_lazy("Cooperation triangles"), figures["cooperations"]),
            Figure(gettext_lazy("Units of health institutions"), figures["units"]),
        ),
        notes=tuple(outcome_sentence(o) for o in shown),
    )


register_home_card(
    HomeCard(
        gettext_lazy("Self-help-friendly hospitals"),
        gettext_lazy("See which hospitals and health institutions cooperate with self-help."),
        "monitoring:public",
        position=40,
        facts=cooperation_facts,
    ),
)
