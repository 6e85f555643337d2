"""Forms of the cooperation: each field a person fills, each refusal next to its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import signing
from django.db.models import Q, QuerySet
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import (
    LANGUAGE_CHOICES,
    Organisation,
    OrganisationKind,
    Profession,
    Role,
    Unit,
    User,
)
from entraide.accounts.rules import INSTITUTION_LEADS
from entraide.cooperation.models import (
    CommitteeKind,
    CooperationTarget,
    Corner,
    LibraryMeasure,
    MeasureStatus,
    QualityCriterion,
    Rating,
    SelfEvaluation,
    TargetCounts,
    Triangle,
    TriangleStatus,
)
from entraide.cooperation.uploads import MAX_PDF_MEGABYTES
from entraide.core.models import Canton
from entraide.directory.models import PUBLIC_STATUSES, Group


def _pdf_help() -> str:
    return gettext("A PDF of at most %(size)s MB.") % {"size": MAX_PDF_MEGABYTES}


# Formatted when a form is shown, in its reader's language (a ``%`` here would run once, in French).
PDF_HELP = lazy(_pdf_help, str)()


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def pdf_input() -> forms.ClearableFileInput:
    return forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})


class TriangleForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the cooperation"),
        max_length=200,
        help_text=_("For example the institution and the units concerned."),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units taking part"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    centre = forms.ModelChoiceField(
        label=_("Regional centre"),
        queryset=Organisation.objects.active_centres(),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Participating self-help groups"),
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Groups of the centres that cover the institution's cantons."),
    )
    officer = forms.ModelChoiceField(
        label=_("Self-help officer"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("The person in charge of self-help in the institution (criterion 1)."),
    )
    language = forms.ChoiceField(label=_("Language of the convention"), choices=LANGUAGE_CHOICES)
    started_on = forms.DateField(label=_("Start date"), widget=date_input())

    def __init__(
        self,
        *args: Any,
        institution: Organisation,
        triangle: Triangle | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(institution=institution).select_related("canton")
        cantons = {institution.canton_id, *units.values_list("canton_id", flat=True)}
        # The centres covering the institution's cantons (and the triangle's own).
        self.fields["centre"].queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(
                Q(cantons__in=cantons, is_active=True)
                | Q(pk=triangle.centre_id if triangle else None),
                kind=OrganisationKind.REGIONAL_CENTRE,
            )
            .distinct()
            .order_by("name")
        )
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.fields["units"].label_from_instance = lambda unit: (  # type: ignore[attr-defined]
            f"{unit.name} ({unit.canton_id})"
        )
        current = triangle.groups.values("pk") if triangle else Group.objects.none().values("pk")
        self.fields["groups"].queryset = (  # type: ignore[attr-defined]
            Group.objects.filter(
                Q(centre__cantons__in=cantons, status__in=PUBLIC_STATUSES)
                | Q(canton__in=cantons, status__in=PUBLIC_STATUSES)
                | Q(pk__in=current)  # a paused group stays until someone removes it
            )
            .distinct()
            .only("pk", "name", "municipality")
            .order_by("name")
        )
        self.fields["groups"].label_from_instance = lambda group: (  # type: ignore[attr-defined]
            f"{group.name} ({group.municipality})"
        )
        self.fields["officer"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__organisation=institution,
            memberships__role=Role.SELF_HELP_OFFICER,
            is_active=True,
        ).distinct()
        # Names only: the people who choose may work for another organisation.
        self.fields["officer"].label_from_instance = person_name  # type: ignore[attr-defined]

    @classmethod
    def initial_for(cls, triangle: Triangle) -> dict[str, Any]:
        return {
            "name": triangle.name,
            "units": list(triangle.units.all()),
            "centre": triangle.centre,
            "groups": list(triangle.groups.all()),
            "officer": triangle.officer,
            "language": triangle.language,
            "started_on": triangle.started_on,
        }


class TriangleStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=TriangleStatus.choices)
    ended_on = forms.DateField(
        label=_("Ended on (when ending the cooperation)"), required=False, widget=date_input()
    )

    def __init__(self, *args: Any, moves: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(TriangleStatus.choices)
        self.fields["status"].choices = [(m, labels[m]) for m in moves]  # type: ignore[attr-defined]


class ConventionDraftForm(forms.Form):
    drafted_on = forms.DateField(label=_("Drafted on"), widget=date_input())
    notes = forms.CharField(
        label=_("What this version changes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


def party_field(corners: list[tuple[str, str]]) -> forms.ChoiceField:
    """The party the person signs for (only the parties they may sign for)."""
    return forms.ChoiceField(
        label=_("I sign for"),
        choices=corners,
        widget=forms.RadioSelect,
        initial=corners[0][0] if len(corners) == 1 else None,
    )


class ConventionSignForm(forms.Form):
    """Signing in the application: the party, and the signatory's explicit confirmation."""

    def __init__(self, *args: Any, corners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["corner"] = party_field(corners)
        self.fields["confirm"] = forms.BooleanField(
            label=_("I have read this version of the convention and sign it for my party.")
        )


class ConventionUploadForm(forms.Form):
    def __init__(self, *args: Any, corners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["corner"] = party_field(corners)
        self.fields["signed_on"] = forms.DateField(label=_("Signed on"), widget=date_input())
        self.fields["signed_copy"] = forms.FileField(
            label=_("The signed convention (PDF)"),
            widget=pdf_input(),
            help_text=PDF_HELP,
        )


class ConventionClauseForm(forms.Form):
    """A clause of the triangle's convention: the text (and the title of an added clause)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000
    )

    def __init__(self, *args: Any, title_editable: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not title_editable:
            del self.fields["title"]


class TemplateClauseForm(forms.Form):
    """A clause of the template, in the four languages, and its place in the template."""

    position = forms.IntegerField(
        label=_("Position"),
        min_value=1,
        max_value=99,
        help_text=_("1 puts it first; the other clauses move down."),
    )
    title_fr = forms.CharField(
        widget=forms.TextInput(attrs={"lang": "fr"}), label=_("Title in French"), max_length=200
    )
    text_fr = forms.CharField(
        label=_("Text in French"),
        widget=forms.Textarea(attrs={"rows": 6, "lang": "fr"}),
        max_length=5000,
    )
    title_de = forms.CharField(
        widget=forms.TextInput(attrs={"lang": "de"}), label=_("Title in German"), max_length=200
    )
    text_de = forms.CharField(
        label=_("Text in German"),
        widget=forms.Textarea(attrs={"rows": 6, "lang": "de"}),
        max_length=5000,
    )
    title_it = forms.CharField(
        widget=forms.TextInput(attrs={"lang": "it"}), label=_("Title in Italian"), max_length=200
    )
    text_it = forms.CharField(
        label=_("Text in Italian"),
        widget=forms.Textarea(attrs={"rows": 6, "lang": "it"}),
        max_length=5000,
    )
    title_en = forms.CharField(
        widget=forms.TextInput(attrs={"lang": "en"}), label=_("Title in English"), max_length=200
    )
    text_en = forms.CharField(
        label=_("Text in English"),
        widget=forms.Textarea(attrs={"rows": 6, "lang": "en"}),
        max_length=5000,
    )


class TemplatePublishForm(forms.Form):
    notes = forms.CharField(
        label=_("What this version changes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Shown with the version; conventions drafted from now on use it."),
    )


class MeasureForm(forms.Form):
    criterion: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Quality criterion"), queryset=QualityCriterion.objects.all()
    )
    title = forms.CharField(label=_("Measure"), max_length=200)
    goal = forms.CharField(
        label=_("Goal"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    owner = forms.ChoiceField(label=_("Carried by"), choices=Corner.choices)
    due_on = forms.DateField(label=_("Due date"), required=False, widget=date_input())
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    professions = forms.MultipleChoiceField(
        label=_("Professions taking part"),
        choices=Profession.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CommitteeParticipationForm(forms.Form):
    """Self-help members in one of the institution's committees: how many, never who."""

    kind = forms.ChoiceField(label=_("Kind of committee"), choices=CommitteeKind.choices)
    committee = forms.CharField(
        label=_("Name of the committee"),
        max_length=200,
        help_text=_("For example “Quality circle for oncology”. No person's name."),
    )
    started_on = forms.DateField(label=_("Date or start of the period"), widget=date_input())
    ended_on = forms.DateField(label=_("End of the period"), required=False, widget=date_input())
    members = forms.IntegerField(
        label=_("Number of self-help members who took part"), min_value=1, max_value=99
    )


def person_name(user: User) -> str:
    """A person as others see them: their name, never their email address."""
    return user.display_name or str(_("(name not given)"))


RATING_CHOICES = [("", _("not rated")), *Rating.choices]


SEEN_SALT = "cooperation.evaluation.seen"


class EvaluationForm(forms.Form):
    """The structured interview: for each criterion, each corner's rating, evidence and comment."""

    interview_on = forms.DateField(
        label=_("Date of the interview"), required=False, widget=date_input()
    )
    participants = forms.CharField(
        label=_("Who took part"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Names and corners, one per line."),
        max_length=2000,
    )

    def __init__(
        self,
        *args: Any,
        evaluation: SelfEvaluation,
        editable: set[str] | frozenset[str] = frozenset(Corner.values),
        previous_feedback: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(QualityCriterion.objects.all())
        self.editable = editable
        self.previous_feedback = previous_feedback or {}
        ratings = {(r.criterion_id, r.corner): r for r in evaluation.ratings.all()}
        corners = dict(Corner.choices)
        # What the page showed of each cell: a cell the person leaves as shown never
        # overwrites what another party saved meanwhile (``evaluation_save``).
        self.fields["seen"] = forms.CharField(
            required=False,
            widget=forms.HiddenInput,
            initial=signing.dumps(
                {
                    f"{key[0]}:{key[1]}": [r.rating, r.evidence, r.comment]
                    for key, r in ratings.items()
                },
                salt=SEEN_SALT,
            ),
        )
        self.initial.setdefault("interview_on", evaluation.interview_on)
        self.initial.setdefault("participants", evaluation.participants)
        for criterion in self.criteria:
            for corner in Corner.values:
                rating = ratings.get((criterion.pk, corner))
                prefix = f"c{criterion.pk}_{corner}"
                names = {"corner": corners[corner], "number": criterion.pk}
                self.fields[f"{prefix}_rating"] = forms.ChoiceField(
                    label=_("Rating of the %(corner)s for criterion %(number)s") % names,
                    choices=RATING_CHOICES,
                    required=False,
                    initial=rating.rating if rating else "",
                )
                self.fields[f"{prefix}_evidence"] = forms.CharField(
                    label=_("Evidence from the %(corner)s for criterion %(number)s") % names,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=rating.evidence if rating else "",
                    max_length=4000,
                )
                self.fields[f"{prefix}_comment"] = forms.CharField(
                    label=_("Comment of the %(corner)s for criterion %(number)s") % names,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=rating.comment if rating else "",
                    max_length=4000,
                )
                if corner not in editable:  # each corner rates for itself
                    for part in ("rating", "evidence", "comment"):
                        self.fields[f"{prefix}_{part}"].disabled = True

    def rows(self) -> list[dict[str, Any]]:
        """The fields grouped as the template shows them: by criterion, then by corner."""
        corners = dict(Corner.choices)
        return [
            {
                "criterion": criterion,
                "previous_feedback": self.previous_feedback.get(criterion.pk, ""),
                "corners": [
                    {
                        "label": corners[corner],
                        "corner": corner,
                        "rating": self[f"c{criterion.pk}_{corner}_rating"],
                        "evidence": self[f"c{criterion.pk}_{corner}_evidence"],
                        "comment": self[f"c{criterion.pk}_{corner}_comment"],
                    }
                    for corner in Corner.values
                ],
            }
            for criterion in self.criteria
        ]

    def seen(self) -> dict[tuple[int, str], tuple[str, str, str]] | None:
        """The cells as the page showed them, or None if the page did not say (or was forged)."""
        try:
            cells = signing.loads(self.cleaned_data.get("seen") or "", salt=SEEN_SALT)
        except signing.BadSignature:
            return None
        shown: dict[tuple[int, str], tuple[str, str, str]] = {}
        for key, values in cells.items():
            criterion, _sep, corner = key.partition(":")
            shown[(int(criterion), corner)] = (values[0], values[1], values[2])
        return shown

    def ratings(self) -> dict[tuple[int, str], dict[str, str]]:
        """What the person may record: the corners they speak for."""
        data = self.cleaned_data
        return {
            (criterion.pk, corner): {
                part: data.get(f"c{criterion.pk}_{corner}_{part}", "")
                for part in ("rating", "evidence", "comment")
            }
            for criterion in self.criteria
            for corner in Corner.values
            if corner in self.editable
        }


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Attach a document (PDF)"),
        widget=pdf_input(),
        help_text=PDF_HELP,
    )


class FeedbackForm(forms.Form):
    overall_feedback = forms.CharField(
        label=_("Overall feedback"), widget=forms.Textarea(attrs={"rows": 5}), max_length=8000
    )

    def __init__(self, *args: Any, evaluation: SelfEvaluation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(QualityCriterion.objects.all())
        existing = {f.criterion_id: f.text for f in evaluation.feedback.all()}
        self.initial.setdefault("overall_feedback", evaluation.overall_feedback)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.CharField(
                label=_("Feedback on criterion %(number)s") % {"number": criterion.pk},
                help_text=criterion.title,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=existing.get(criterion.pk, ""),
                max_length=4000,
            )

    def by_criterion(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}", "") for c in self.criteria}


class AnswerForm(forms.Form):
    response = forms.CharField(
        label=_("Your answer to the feedback"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
    )


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name of the unit"), max_length=200)
    canton: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Canton"), queryset=Canton.objects.all()
    )


def institutions_for_start(user: Any) -> QuerySet[Organisation]:
    """The institutions for which the person may start a cooperation."""
    institutions = Organisation.objects.filter(
        kind=OrganisationKind.HEALTH_INSTITUTION, is_active=True
    )
    if user.has_role(Role.NATIONAL_COORDINATOR, Role.CENTRE_STAFF):
        return institutions
    return institutions.filter(
        memberships__user=user,
        memberships__role__in=INSTITUTION_LEADS,
    ).distinct()


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "code", "institution_type", "canton", "email", "phone", "website"]
        help_texts = {
            "code": _("A short name for addresses and exports: letters, digits and hyphens."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution_type"].required = True
        if self.instance.pk:
            del self.fields["code"]  # it appears in links and exports: it stays

    def clean_phone(self) -> str:
        from entraide.directory.forms import clean_phone_number

        return clean_phone_number(self.cleaned_data.get("phone", ""))


LANGUAGE_NAMES = {"fr": _("French"), "de": _("German"), "it": _("Italian"), "en": _("English")}


class LibraryMeasureForm(forms.ModelForm):
    """A proven measure in the four languages (French required, the others fall back to it)."""

    class Meta:
        model = LibraryMeasure
        fields = [
            "criterion",
            "owner",
            *[f"title_{code}" for code in LANGUAGE_NAMES],
            *[f"description_{code}" for code in LANGUAGE_NAMES],
            "is_active",
        ]
        widgets = {
            f"description_{code}": forms.Textarea(attrs={"rows": 3}) for code in LANGUAGE_NAMES
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["is_active"].label = _("Offered in the library")
        for code, language in LANGUAGE_NAMES.items():
            self.fields[f"title_{code}"].label = _("Measure (%(language)s)") % {
                "language": language
            }
            self.fields[f"description_{code}"].label = _("Description (%(language)s)") % {
                "language": language
            }
        self.fields["title_fr"].required = True


class TargetForm(forms.Form):
    """A national target: a figure of triangles or units to reach by a date.

    A plain form: the service checks that no other target counts the same on
    that date, and says so next to the date.
    """

    value = forms.IntegerField(
        label=_("Value"),
        min_value=1,
        max_value=100_000,
        help_text=_("The number of cooperation triangles or units in cooperation to reach."),
    )
    counts = forms.ChoiceField(
        label=_("What is counted"), choices=TargetCounts.choices, widget=forms.RadioSelect
    )
    due_on = forms.DateField(
        label=_("Target date"),
        input_formats=["%Y-%m-%d"],
        widget=date_input(),
        help_text=_("The figures are compared with the target at the end of this day."),
    )
    label = forms.CharField(
        label=_("Label"),
        max_length=120,
        required=False,
        help_text=_("For example the programme's name."),
    )
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, instance: CooperationTarget | None = None, **kwargs: Any
    ) -> None:
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {f: getattr(instance, f) for f in ("value", "counts", "due_on", "label", "note")},
            )
        super().__init__(*args, **kwargs)


class ReviewerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        """A reviewer's name and their number of open reviews."""
        count = getattr(obj, "open_reviews", 0)
        return _("%(name)s (%(count)s open reviews)") % {"name": obj, "count": count}


class ReviewAssignForm(forms.Form):
    """The national coordinator chooses who in the national office reviews a self-evaluation."""

    reviewer = ReviewerField(label=_("Reviewer"), queryset=User.objects.none(), empty_label=None)

    def __init__(self, *args: Any, reviewers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reviewer"]
        assert isinstance(field, ReviewerField)
        field.queryset = reviewers
