"""Month and weekday names for our catalogue, so that every language writes them its way.

Django's date formats take these names from its catalogues, which write Italian months
and weekdays with a capital ("14 Dicembre 2026"); Italian writes them in lower case
("lunedì 14 dicembre 2026"). Listing the names here puts them in our catalogue, which
Django reads before its own. The formats themselves are in ``entraide.core.formats``.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
WEEKDAYS = (
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
)
