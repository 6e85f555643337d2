"""Every email, in every language: plain text (never HTML-escaped) and dates as the language writes them.

Each template pair ``<app>/email/<name>_subject.txt`` and ``_message.txt`` is rendered by
``core.lib.notify.render_message`` with names full of apostrophes and quotes, in the four
languages. Pages, PDFs and emails share the formats of ``entraide.core.formats``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace as Thing
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.formats import date_format

from entraide.core.lib.notify import render_message

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "entraide" / "templates"
EMAILS = sorted(
    str(path.relative_to(TEMPLATES)).removesuffix("_subject.txt")
    for path in TEMPLATES.glob("*/email/*_subject.txt")
)
DAY = date(2026, 12, 14)
# The date as each language writes it; a weekday when the page names it.
DATES = {
    "fr": "14 décembre 2026",
    "de": "14. Dezember 2026",
    "it": "14 dicembre 2026",
    "en": "14 December 2026",
}
WEEKDAY_DATES = {
    "fr": "lundi 14 décembre 2026",
    "de": "Montag, 14. Dezember 2026",
    "it": "lunedì 14 dicembre 2026",
    "en": "Monday 14 December 2026",
}
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.I)
NAME = "Groupe d'entraide « Deuil » & proches"


def context() -> dict[str, object]:
    centre = Thing(name="Centre d'entraide", code="centre-vd", email="c@example.org", phone="021")
    group = Thing(name=NAME, pk=1)
    at = datetime(2026, 12, 14, 18, 30, tzinfo=ZoneInfo("Europe/Zurich"))
    return {
        "name": "Anne d'Arc",
        "group": group,
        "centre": centre,
        "office": centre,
        "organisation": centre,
        "membership": Thing(get_role_display="personne chargée de l'entraide"),
        "project": Thing(
            title=NAME,
            first_meeting_at=at,
            first_meeting_place="Salle d'à côté",
            centre=centre,
            pk=1,
        ),
        "proposal": Thing(
            sender_name="Anne d'Arc",
            centre=centre,
            status="approved",
            decision_message="C'est fait.",
            group=group,
            pk=1,
        ),
        "request": Thing(pk=1, group=group, centre=centre, name="Anne d'Arc"),
        "triangle": Thing(name=NAME, pk=1, institution=centre),
        "evaluation": Thing(year=2026, pk=1),
        "distinction": Thing(get_kind_display="Hôpital favorable à l'entraide", valid_until=DAY),
        "valid_until": DAY,
        "due_on": DAY,
        "submitted_on": DAY,
        "count": 2,
        "first": True,
        "reminder": True,
        "link": "/fr/page/",
        "days": 30,
        "message": "Merci d'avance.",
        "note": "Elle préfère qu'on l'appelle.",
        "email": "anne@example.org",
        "phone": "079 000 00 00",
        "language": "français",
        "shared": ["name", "email"],
        "password_url": "https://entraide.example/set/",
        "for_centre": False,
        "institution": Thing(name=NAME, pk=1),
        "consultation": Thing(held_on=DAY, scheduled_on=DAY, pk=1),
        "sender": Thing(display_name="Anne d'Arc", email="anne@example.org"),
        "missing": "1, 3",
    }


def test_every_email_is_checked() -> None:
    assert len(EMAILS) >= 20
    assert "centres/email/contact_request_received" in EMAILS


@pytest.mark.parametrize("language", ["fr", "de", "it", "en"])
@pytest.mark.parametrize("template", EMAILS)
def test_emails_are_plain_text_with_the_languages_dates(template: str, language: str) -> None:
    subject, body = render_message(template, context(), language)
    assert not ENTITY.search(subject), subject
    assert not ENTITY.search(body), body
    source = "".join(
        (TEMPLATES / f"{template}{part}.txt").read_text() for part in ("_subject", "_message")
    )
    if "|date:" in source:
        assert DATES[language] in subject + body, body
    if "{{ name }}" in source or "group=group.name" in source or "title=project.title" in source:
        assert NAME in subject + body or "Anne d'Arc" in subject + body


def test_a_subject_keeps_its_apostrophes() -> None:
    subject, _body = render_message("centres/email/contact_request_received", context(), "fr")
    assert NAME in subject
    assert "&#x27;" not in subject


@pytest.mark.parametrize("language", ["fr", "de", "it", "en"])
def test_the_formats_of_each_language(language: str) -> None:
    moment = datetime(2026, 12, 14, 18, 30, tzinfo=ZoneInfo("Europe/Zurich"))
    with translation.override(language):
        assert date_format(DAY) == DATES[language]
        assert date_format(DAY, "WEEKDAY_DATE_FORMAT") == WEEKDAY_DATES[language]
        assert date_format(date(2023, 6, 5)).startswith("5")  # no leading zero
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "14.12.2026"
        assert date_format(moment, "DATETIME_FORMAT") == f"{DATES[language]}, 18:30"
        assert date_format(moment.time(), "TIME_FORMAT") == "18:30"


def test_june_in_german() -> None:
    with translation.override("de"):
        assert date_format(date(2023, 6, 5)) == "5. Juni 2023"
