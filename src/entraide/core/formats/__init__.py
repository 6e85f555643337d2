"""Dates and times as each language writes them (``FORMAT_MODULE_PATH``), Swiss usage.

Django's own locale formats fill in what is not set here (the input formats). Besides
Django's names, each language defines ``WEEKDAY_DATE_FORMAT``, a date with its weekday
(``{{ day|date:"WEEKDAY_DATE_FORMAT" }}``): the ``date`` filter reads any name a format
module defines. Italian month and weekday names are lower case: our catalogue translates
them (``entraide.core.lib.dates``).
"""
