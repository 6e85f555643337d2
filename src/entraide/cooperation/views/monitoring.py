"""National monitoring: the national office's dashboard and export, the public summary,
and an institution's page with its yearly report. Reads only, a fixed number of queries.

The dashboard and the export are the national office's; anybody else gets a 404.
An institution's page and report are for the national office and the institution's
own people (``cooperation.rules.institutions_of``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entraide.accounts.models import Organisation
from entraide.cooperation import assurances, monitoring, participation
from entraide.cooperation.cantonmap import canton_map, canton_rows, series_chart
from entraide.cooperation.models import DISTINCTION_NOTICE, CooperationTarget
from entraide.cooperation.rules import institutions_of
from entraide.cooperation.targets import FIGURE_OF, active_target, counted, load_targets, progress
from entraide.core.lib.http import file_download
from entraide.core.lib.pdf import html_to_pdf, pdf_download
from entraide.core.lib.spreadsheet import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from entraide.core.models import Canton
from entraide.core.permissions import first_or_404, may

EARLIEST = date(2000, 1, 1)


class MonitoringDateForm(forms.Form):
    at = forms.DateField(
        label=gettext_lazy("Date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("The figures as they stood at the end of that day."),
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_at(self) -> date:
        at = self.cleaned_data["at"] or self.today
        if not EARLIEST <= at <= self.today:
            raise forms.ValidationError(
                _("Please choose a date between %(first)s and today.")
                % {"first": EARLIEST.isoformat()}
            )
        return at

    def day(self) -> date:
        """The chosen day, or today when nothing valid was chosen."""
        return self.cleaned_data["at"] if self.is_valid() else self.today


def _require_office(request: HttpRequest) -> None:
    if not may(request.user, "cooperation.view_monitoring"):
        raise Http404


def _targets(
    targets: list[CooperationTarget], figures: dict[str, Any], at: date, today: date
) -> dict[str, Any]:
    """The target active on ``at``, the progress towards it, and every target's outcome.

    A target whose date is past (before today) is described as reached or missed
    with its figure on that date, never as a goal still ahead.
    """
    outcomes = monitoring.target_outcomes(targets, today)
    active = active_target(targets, at)
    return {
        "targets": targets,
        "outcomes": outcomes,
        "past_outcomes": [o for o in outcomes if o.is_past],
        "active": active,
        "active_outcome": next((o for o in outcomes if o.target == active), None),
        "counted": counted(figures, active.counts if active else None),
        "progress": progress(figures),
    }


def _dashboard(request: HttpRequest, form: MonitoringDateForm, today: date) -> HttpResponse:
    at = form.day()
    loaded = load_targets()
    figures = monitoring.cooperation_figures(at, loaded)
    targets = _targets(loaded, figures, at, today)
    series = monitoring.cooperation_series(at, targets["targets"])
    rows = canton_rows(Canton.objects.all(), figures["by_canton"])
    context = {
        "form": form,
        "at": at,
        "today": today,
        "figures": figures,
        **targets,
        "may_manage_targets": may(request.user, "cooperation.manage_targets"),
        "series": series,
        "chart": series_chart(
            series,
            target=figures["target"],
            element_id="series-chart",
            figure=FIGURE_OF.get(figures["target_counts"] or "", "units"),
        ),
        "map": canton_map(
            rows,
            title=_("Units in cooperation by canton on %(date)s") % {"date": date_format(at)},
            element_id="canton-map",
        ),
        "fulfilment": monitoring.criteria_fulfilment(),
        "usage": monitoring.library_usage(),
        "by_profession": participation.measures_by_profession(),
        "committees": participation.committee_figures(),
        "participation_criterion": participation.PARTICIPATION_CRITERION,
        "distinctions": monitoring.distinctions_overview(today),
        "expiry_days": DISTINCTION_NOTICE.days,
        "query": f"?at={at.isoformat()}",
    }
    status = 400 if form.errors else 200
    return render(request, "cooperation/monitoring/dashboard.html", context, status=status)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The national office's view of the cooperations on a chosen day, and over time."""
    _require_office(request)
    today = timezone.localdate()
    return _dashboard(request, MonitoringDateForm(request.GET or None, today=today), today)


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The cantons' figures on the chosen day (CSV), with the quarterly series (XLSX)."""
    _require_office(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    today = timezone.localdate()
    form = MonitoringDateForm(request.GET or None, today=today)
    if form.errors:
        return _dashboard(request, form, today)
    at = form.day()
    rows = monitoring.canton_figures(at)
    if fmt == "csv":
        content, content_type = monitoring.monitoring_csv(rows), CSV_CONTENT_TYPE
    else:
        series = monitoring.cooperation_series(at)
        content, content_type = monitoring.monitoring_xlsx(rows, series), XLSX_CONTENT_TYPE
    return file_download(content, content_type, f"cooperations-{at}.{fmt}")


def public(request: HttpRequest) -> HttpResponse:
    """The public summary: figures today and on the seed's date, the map, the distinctions."""
    today = timezone.localdate()
    loaded = load_targets()
    figures = monitoring.cooperation_figures(today, loaded)
    targets = _targets(loaded, figures, today, today)
    rows = canton_rows(Canton.objects.all(), figures["by_canton"])
    context = {
        "today": today,
        "figures": figures,
        **targets,
        "seed": monitoring.cooperation_figures(monitoring.SEED_DATE, targets["targets"]),
        "seed_date": monitoring.SEED_DATE,
        "map": canton_map(
            rows,
            title=_("Units in cooperation by canton on %(date)s") % {"date": date_format(today)},
            element_id="canton-map",
        ),
        "distinctions": monitoring.distinctions_overview(today).valid,
    }
    return render(request, "cooperation/monitoring/public.html", context)


def _institution_for(request: HttpRequest, institution_id: int) -> Organisation:
    """The institution if the person may read its monitoring, else 404 (never 403)."""
    return first_or_404(
        institutions_of(request.user).filter(pk=institution_id).select_related("canton")
    )


@login_required
def institution(request: HttpRequest, institution_id: int) -> HttpResponse:
    """An institution's units and triangles, its quality work (consultations, quality
    assurances, distinctions) and its yearly reports."""
    current = _institution_for(request, institution_id)
    today = timezone.localdate()
    overview = monitoring.institution_overview(current, today=today)
    return render(
        request,
        "cooperation/monitoring/institution.html",
        {
            "institution": current,
            "overview": overview,
            "quality": assurances.institution_quality(current),
            "today": today,
            "may_request": may(request.user, "cooperation.request_consultation", current),
            "may_schedule": may(request.user, "cooperation.schedule_consultation"),
            "may_award": may(request.user, "cooperation.award_distinction"),
        },
    )


@login_required
def institution_report(request: HttpRequest, institution_id: int, year: int) -> HttpResponse:
    """The yearly report (PDF) that declares the cooperation as a quality-improvement measure."""
    current = _institution_for(request, institution_id)
    today = timezone.localdate()
    if not EARLIEST.year <= year <= today.year:
        raise Http404
    report = monitoring.institution_report(current, year)
    html = render_to_string(
        "cooperation/monitoring/institution_report.html",
        {
            "report": report,
            "quality": assurances.report_quality(current, year),
            "today": today,
            "language": request.LANGUAGE_CODE,
        },
        request=None,
    )
    return pdf_download(html_to_pdf(html), f"self-help-cooperation-{current.code}-{year}")
