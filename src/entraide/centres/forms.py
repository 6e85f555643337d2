from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import LANGUAGE_CHOICES, Organisation
from entraide.centres.models import MAX_RETENTION_MONTHS, CentreSettings
from entraide.directory.consent import CONTACT_CONSENT_TEXT
from entraide.directory.forms import PHONE
from entraide.directory.models import (
    ContactChannel,
    ContactOutcome,
    ContactRequestStatus,
    Group,
    Theme,
)


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All open requests")), *ContactRequestStatus.choices],
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ContactRequestStatus.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome (when closing)"),
        required=False,
        choices=[("", "—"), *ContactOutcome.choices],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == ContactRequestStatus.CLOSED and not data.get("outcome"):
            self.add_error("outcome", _("Please choose the outcome of the request."))
        return data


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only the centre's staff read notes; they are erased with the request."),
    )


class ForwardForm(forms.Form):
    note = forms.CharField(
        label=_("A word for the group (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RecordRequestForm(forms.Form):
    """A request received by phone, email or in person, typed in by the centre."""

    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[c for c in ContactChannel.choices if c[0] != ContactChannel.WEB],
    )
    group = forms.ModelChoiceField(label=_("Group"), queryset=Group.objects.none(), required=False)
    theme = forms.ModelChoiceField(
        label=_("Theme (when no group is chosen yet)"),
        queryset=Theme.objects.active(),
        required=False,
    )
    name = forms.CharField(label=_("Name or pseudonym"), max_length=100)
    email = forms.EmailField(label=_("Email address"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGE_CHOICES)
    message = forms.CharField(
        label=_("What the person wishes (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    share_contact = forms.BooleanField(
        label=_("The person agrees that the group receives their name and how to reach them."),
        required=False,
    )
    share_message = forms.BooleanField(
        label=_("The person agrees that their wishes are passed on to the group."),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I read this consent text to the person and they agreed:"),
        help_text=CONTACT_CONSENT_TEXT,
    )

    def __init__(self, *args: Any, centre: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = Group.objects.filter(centre=centre).exclude(status="closed").only("pk", "name")
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.fullmatch(phone):
            raise forms.ValidationError(
                _("Please enter a phone number with digits only, for example 079 123 45 67.")
            )
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error(
                "email", _("Please give an email address or a phone number to reach the person.")
            )
        return data


class CentreSettingsForm(forms.ModelForm):
    class Meta:
        model = CentreSettings
        fields = ["retention_months"]
        widgets = {
            "retention_months": forms.NumberInput(attrs={"min": 1, "max": MAX_RETENTION_MONTHS})
        }


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
