"""Dates on public pages are written as each language writes them."""

from __future__ import annotations

import re
from datetime import time

import pytest
from django.urls import reverse
from django.utils import translation

from entraide.directory.models import Rhythm
from tests.conftest import make_group

# The next meetings of a Monday group: a weekday, the day, the month, the year.
PATTERNS = {
    "fr": r"lundi \d{1,2} [a-zéû]+ \d{4}",
    "de": r"Montag, \d{1,2}\. [A-ZÄ][a-zä]+ \d{4}",
    "it": r"lunedì \d{1,2} [a-z]+ \d{4}",
    "en": r"Monday \d{1,2} [A-Z][a-z]+ \d{4}",
}


@pytest.mark.parametrize("language", ["fr", "de", "it", "en"])
def test_a_groups_next_meetings_are_dated_in_the_pages_language(
    client, centre_vd, language
) -> None:  # type: ignore[no-untyped-def]
    group = make_group(
        name="Groupe du lundi",
        canton_id="VD",
        municipality="Lausanne",
        postal_code="1003",
        centre=centre_vd,
        rhythm=Rhythm.WEEKLY,
        weekday=0,
        start_time=time(19, 0),
    )
    with translation.override(language):
        url = reverse("directory:group_detail", args=[group.pk])
    page = client.get(url).content.decode()
    assert re.search(PATTERNS[language], page), page
