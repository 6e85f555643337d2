"""Forms of the quality work: a quality assurance's findings, the on-site consultation, the distinction."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.cooperation.forms import date_input
from entraide.cooperation.models import DistinctionKind, QualityCriterion


class AssuranceForm(forms.Form):
    """A quality assurance: the date, then for each criterion met or not, and a comment."""

    held_on = forms.DateField(label=_("Held on"), widget=date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(QualityCriterion.objects.all())
        for criterion in self.criteria:
            self.fields[f"met_{criterion.pk}"] = forms.ChoiceField(
                label=str(criterion),
                choices=[("yes", _("met")), ("no", _("not met"))],
                widget=forms.RadioSelect,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on criterion %(number)s") % {"number": criterion.pk},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
            )
        self.fields["notes"] = forms.CharField(
            label=_("Summary"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=8000,
        )

    def findings(self) -> dict[int, tuple[bool, str]]:
        data = self.cleaned_data
        return {
            c.pk: (data[f"met_{c.pk}"] == "yes", data.get(f"comment_{c.pk}", ""))
            for c in self.criteria
        }


class ConsultationRequestForm(forms.Form):
    wishes = forms.CharField(
        label=_("What would you like to discuss?"),
        help_text=_("Optional. Please write no patient's name or health details."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class ConsultationDateForm(forms.Form):
    scheduled_on = forms.DateField(
        label=_("Date of the consultation"),
        help_text=_("The date agreed with the institution."),
        widget=date_input(),
    )


class ConsultationReportForm(forms.Form):
    report = forms.CharField(
        label=_("Report of the consultation"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=8000,
    )


class DistinctionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Distinction"), choices=DistinctionKind.choices)
    awarded_on = forms.DateField(label=_("Awarded on"), widget=date_input())
