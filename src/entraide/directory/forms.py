from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.directory.search import MAX_QUERY_LENGTH


class GroupSearchForm(forms.Form):
    """The public search: a query and facets. Unknown facet values are dropped, never an error."""

    q = forms.CharField(label=_("What are you looking for?"), required=False)
    canton = forms.CharField(required=False)
    language = forms.CharField(required=False)
    theme = forms.CharField(required=False)
    type = forms.CharField(required=False)
    audience = forms.CharField(required=False)
    online = forms.CharField(required=False)

    def clean_q(self) -> str:
        # Longer queries are cut rather than refused: nothing typed is an error.
        return " ".join(self.cleaned_data["q"][:MAX_QUERY_LENGTH].split())
