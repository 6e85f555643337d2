"""The centre's monthly statistics of its contact requests, and their export (CSV, XLSX)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.accounts.models import Organisation
from entraide.centres.forms import MonthForm, StatisticsExportForm
from entraide.centres.rules import get_centre_for_staff
from entraide.centres.services.statistics import (
    month_statistics,
    period_statistics,
    statistics_csv,
    statistics_xlsx,
    year_months,
)
from entraide.core.lib.http import file_download
from entraide.core.lib.spreadsheet import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE


def _page(
    request: AuthenticatedHttpRequest, current: Organisation, form: MonthForm
) -> HttpResponse:
    today = timezone.localdate()
    month = (form.cleaned_data.get("month") if form.is_valid() else None) or date(
        today.year, today.month, 1
    )
    return render(
        request,
        "centres/statistics.html",
        {
            "centre": current,
            "form": form,
            "stats": month_statistics(current, month),
            "year": str(month.year),
        },
    )


@login_required
def statistics(request: AuthenticatedHttpRequest, centre: str) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    return _page(request, current, MonthForm(request.GET or None))


@login_required
def export(request: AuthenticatedHttpRequest, centre: str, fmt: str) -> HttpResponse:
    """The figures of a month, or of its year month by month: numbers only, no person."""
    current = get_centre_for_staff(request.user, centre)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form = StatisticsExportForm(request.GET or None)
    if not form.is_valid():
        return _page(request, current, form)
    today = timezone.localdate()
    month = form.cleaned_data["month"] or date(today.year, today.month, 1)
    if form.cleaned_data["period"] == StatisticsExportForm.YEAR:
        months = year_months(month, today)
        name = f"{current.code}-statistics-{month.year}"
    else:
        months = [date(month.year, month.month, 1)]
        name = f"{current.code}-statistics-{month:%Y-%m}"
    period = period_statistics(current, months)
    if fmt == "csv":
        content, content_type = statistics_csv(period), CSV_CONTENT_TYPE
    else:
        content, content_type = statistics_xlsx(period), XLSX_CONTENT_TYPE
    return file_download(content, content_type, f"{name}.{fmt}")
