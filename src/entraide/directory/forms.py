import re
from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from entraide.core.lib.text import fold
from entraide.directory.models import Theme, ThemeCategory, ThemeTerm
from entraide.directory.search import MAX_QUERY_LENGTH

PHONE = re.compile(r"\+?[0-9][0-9 ./()-]{5,30}")


def clean_phone_number(value: str) -> str:
    """A phone number as people write it (spaces, dots, a leading +); anything else is refused."""
    phone = value.strip()
    if phone and not PHONE.fullmatch(phone):
        raise forms.ValidationError(
            _("Please enter a phone number with digits only, for example 079 123 45 67.")
        )
    return phone


class ReachableMixin:
    """A person gives an email address or a phone number (fields ``email`` and ``phone``)."""

    unreachable_message = _(
        "Please give an email address or a phone number, so that the centre can reach you."
    )

    def clean_phone(self: Any) -> str:
        return clean_phone_number(self.cleaned_data["phone"])

    def clean(self: Any) -> dict[str, Any]:
        data = super().clean() or {}  # type: ignore[misc]
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error("email", self.unreachable_message)
        return data


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


MAX_SYNONYMS = 40


class ThemeForm(forms.Form):
    """A theme of the thesaurus: code, category, wider theme, and its terms in four languages."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=80,
        help_text=_(
            "Stable identifier in lower case, for example “breast-cancer”. It cannot change later."
        ),
    )
    category = forms.ChoiceField(label=_("Category"), choices=ThemeCategory.choices)
    broader: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Wider theme"),
        queryset=Theme.objects.none(),
        required=False,
        help_text=_("A search for the wider theme also finds this one."),
    )
    is_active = forms.BooleanField(
        label=_("In use (found by searches and offered to centres)"), required=False
    )

    def __init__(self, *args: Any, theme: Theme | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.theme = theme
        others = Theme.objects.exclude(pk=theme.pk) if theme else Theme.objects.all()
        cast(forms.ModelChoiceField, self.fields["broader"]).queryset = others
        for code, name in settings.LANGUAGES:
            self.fields[f"label_{code}"] = forms.CharField(
                label=format_lazy(_("Label in {language}"), language=name), max_length=150
            )
            self.fields[f"synonyms_{code}"] = forms.CharField(
                label=format_lazy(_("Synonyms in {language}"), language=name),
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("One per line: other names, lay terms, abbreviations."),
            )
        if theme is not None:
            del self.fields["code"]

    def _terms(self, code: str) -> list[str]:
        lines = self.cleaned_data.get(f"synonyms_{code}", "").splitlines()
        seen: dict[str, str] = {}
        for line in lines:
            term = " ".join(line.split())
            if term and fold(term) and fold(term) not in seen:
                seen[fold(term)] = term
        return list(seen.values())

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if code == "new":  # the address of the page that creates a theme
            raise forms.ValidationError(_("This code is reserved; please choose another one."))
        if Theme.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Another theme already has this code."))
        return code

    def clean_broader(self) -> Theme | None:
        broader = self.cleaned_data.get("broader")
        ancestor = broader
        while ancestor is not None and self.theme is not None:
            if ancestor.pk == self.theme.pk:
                raise forms.ValidationError(
                    _("This theme cannot be placed under one of its own narrower themes.")
                )
            ancestor = ancestor.broader
        return broader

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for code, _name in settings.LANGUAGES:
            terms = self._terms(code)
            if len(terms) > MAX_SYNONYMS:
                self.add_error(
                    f"synonyms_{code}",
                    _("Please keep to %(count)s synonyms per language.") % {"count": MAX_SYNONYMS},
                )
                continue
            for term in [data.get(f"label_{code}", ""), *terms]:
                # Folding may lengthen a term ("ß" → "ss"); the folded form is stored too.
                if len(term) > 150 or len(fold(term)) > 150:
                    self.add_error(
                        f"synonyms_{code}", _("“%(term)s” is too long.") % {"term": term[:40]}
                    )
            data[f"terms_{code}"] = terms
            wanted = {fold(t): t for t in [data.get(f"label_{code}", ""), *terms] if fold(t)}
            taken = (
                ThemeTerm.objects.filter(language=code, folded__in=list(wanted))
                .exclude(theme=self.theme)
                .select_related("theme")
            )
            for clash in taken:
                field = (
                    f"label_{code}"
                    if fold(data.get(f"label_{code}", "")) == clash.folded
                    else f"synonyms_{code}"
                )
                self.add_error(
                    field,
                    _("“%(term)s” already names the theme “%(theme)s”.")
                    % {"term": wanted[clash.folded], "theme": clash.theme.label},
                )
        return data
