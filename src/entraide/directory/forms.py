import re

from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import LANGUAGE_CHOICES
from entraide.directory.consent import CONTACT_CONSENT_TEXT
from entraide.directory.search import MAX_QUERY_LENGTH

PHONE = re.compile(r"\+?[0-9][0-9 ./()-]{5,30}")


class GroupSearchForm(forms.Form):
    """The public search: a query and facets. Unknown facet values are dropped, never an error."""

    q = forms.CharField(label=_("What are you looking for?"), required=False)
    canton = forms.CharField(required=False)
    language = forms.CharField(required=False)
    theme = forms.CharField(required=False)
    type = forms.CharField(required=False)
    audience = forms.CharField(required=False)
    online = forms.CharField(required=False)
    near = forms.CharField(label=_("Near (town or postal code)"), required=False)

    def clean_near(self) -> str:
        return " ".join(self.cleaned_data["near"][:100].split())

    def clean_q(self) -> str:
        # Longer queries are cut rather than refused: nothing typed is an error.
        return " ".join(self.cleaned_data["q"][:MAX_QUERY_LENGTH].split())


class ContactRequestForm(forms.Form):
    """ "I would like to join": the fewest fields that let the centre reach the person."""

    name = forms.CharField(label=_("Your name or a pseudonym"), max_length=100)
    email = forms.EmailField(label=_("Email address"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("Email or phone: one is enough."),
    )
    language = forms.ChoiceField(label=_("Language you prefer"), choices=LANGUAGE_CHOICES)
    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only what you want the centre to know. You can also say nothing here."),
    )
    consent = forms.BooleanField(label=CONTACT_CONSENT_TEXT)
    # A field people never see; a robot that fills it in is politely ignored.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE.fullmatch(phone):
            raise forms.ValidationError(
                _("Please enter a phone number with digits only, for example 079 123 45 67.")
            )
        return phone

    def clean(self) -> dict:
        data = super().clean() or {}
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error(
                "email",
                _(
                    "Please give an email address or a phone number, so that the centre can reach you."
                ),
            )
        return data
