from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import (
    LANGUAGE_CHOICES,
    ROLES_BY_KIND,
    InstitutionType,
    Organisation,
    OrganisationKind,
    Profession,
    Role,
)
from entraide.core.models import Canton, Language


class ProfileForm(forms.Form):
    # A plain form, not a ModelForm: validating must not change the user
    # object before the service has recorded the values it replaces.
    display_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language for messages"), choices=LANGUAGE_CHOICES)


class ProfessionForm(forms.Form):
    """A person's profession in one health institution (on "My organisations")."""

    membership = forms.IntegerField(widget=forms.HiddenInput)
    profession = forms.ChoiceField(
        label=_("Your profession in this institution"),
        choices=[("", _("not stated")), *Profession.choices],
        required=False,
    )


class MembershipForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    display_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"))
    language = forms.ChoiceField(label=_("Language for messages"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        allowed = ROLES_BY_KIND[organisation.kind]
        self.fields["role"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Role.choices if value in allowed
        ]


class OrganisationForm(forms.Form):
    """An organisation as the national coordinator creates or edits it."""

    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.SlugField(
        label=_("Short code"),
        max_length=40,
        help_text=_("Letters, digits and hyphens; used in addresses (e.g. centre-vd)."),
    )
    canton: forms.ModelChoiceField[Canton] = forms.ModelChoiceField(
        label=_("Canton"), queryset=Canton.objects.all()
    )
    cantons: forms.ModelMultipleChoiceField[Canton] = forms.ModelMultipleChoiceField(
        label=_("Cantons covered (regional centres)"),
        queryset=Canton.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    email = forms.EmailField(label=_("Email address"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    hours = forms.CharField(
        label=_("Opening hours (regional centres)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    languages: forms.ModelMultipleChoiceField[Language] = forms.ModelMultipleChoiceField(
        label=_("Languages of counselling (regional centres)"),
        queryset=Language.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    institution_type = forms.ChoiceField(
        label=_("Type of institution (health institutions)"),
        choices=[("", "—"), *InstitutionType.choices],
        required=False,
    )

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict[str, object]:
        return {
            "kind": organisation.kind,
            "name": organisation.name,
            "code": organisation.code,
            "canton": organisation.canton_id,
            "cantons": list(organisation.cantons.all()),
            "email": organisation.email,
            "phone": organisation.phone,
            "website": organisation.website,
            "hours": organisation.hours,
            "languages": list(organisation.languages.all()),
            "institution_type": organisation.institution_type,
        }
