from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import LANGUAGE_CHOICES, ROLES_BY_KIND, Organisation, Role


class ProfileForm(forms.Form):
    # A plain form, not a ModelForm: validating must not change the user
    # object before the service has recorded the values it replaces.
    display_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language for messages"), choices=LANGUAGE_CHOICES)


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
