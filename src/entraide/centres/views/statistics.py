"""The centre's monthly statistics of its contact requests."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.centres.forms import MonthForm
from entraide.centres.rules import get_centre_for_staff
from entraide.centres.services.statistics import month_statistics


@login_required
def statistics(request: AuthenticatedHttpRequest, centre: str) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    form = MonthForm(request.GET or None)
    today = timezone.localdate()
    month = (form.cleaned_data.get("month") if form.is_valid() else None) or date(
        today.year, today.month, 1
    )
    return render(
        request,
        "centres/statistics.html",
        {"centre": current, "form": form, "stats": month_statistics(current, month)},
    )
