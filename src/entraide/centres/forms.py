from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import LANGUAGE_CHOICES, Organisation, OrganisationKind
from entraide.centres.consent import (
    CONTACT_CONSENT_TEXT,
    FOUNDING_CONSENT_TEXT,
    PROPOSAL_CONSENT_TEXT,
)
from entraide.centres.fields import (
    CONTACT_FIELDS,
    GROUP_FIELDS,
    PROJECT_FORM_FIELDS,
    PROPOSAL_FIELDS,
    FieldChange,
    raw_value,
)
from entraide.centres.models import (
    MAX_ACTIVITY_MINUTES,
    MAX_RETENTION_MONTHS,
    ActivityKind,
    CentreActivity,
    CentreSettings,
    ContactChannel,
    ContactOutcome,
    ContactRequestStatus,
    Criterion,
    FoundingProject,
    ProposalStatus,
)
from entraide.core.models import Canton, Language
from entraide.directory.forms import ReachableMixin, clean_phone_number
from entraide.directory.imports import MAX_BYTES, MAX_ROWS
from entraide.directory.models import PUBLIC_STATUSES, Group, GroupStatus, Theme


class PersonForm(ReachableMixin, forms.Form):
    """A person of the public who wants to be reached: the fewest fields that let the centre do it."""

    name = forms.CharField(label=_("Your name or a pseudonym"), max_length=100)
    email = forms.EmailField(label=_("Email address"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        help_text=_("Email or phone: one is enough."),
    )
    language = forms.ChoiceField(label=_("Language you prefer"), choices=LANGUAGE_CHOICES)


class ContactRequestForm(PersonForm):
    """ "I would like to join": the fewest fields that let the centre reach the person."""

    message = forms.CharField(
        label=_("Message (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only what you want the centre to know. You can also say nothing here."),
    )
    share_contact = forms.BooleanField(
        label=_("The centre may give the group my name and how to reach me."),
        required=False,
        help_text=_(
            "What may the centre pass on to the group? Nothing is passed on unless you tick it here."
        ),
    )
    share_message = forms.BooleanField(
        label=_("The centre may pass my message on to the group."), required=False
    )
    consent = forms.BooleanField(label=CONTACT_CONSENT_TEXT)
    # A field people never see; a robot that fills it in is politely ignored.
    website = forms.CharField(required=False, label=_("Leave this field empty"))


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


class RecordRequestForm(ReachableMixin, forms.Form):
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

    unreachable_message = _("Please give an email address or a phone number to reach the person.")


class CentreSettingsForm(forms.ModelForm):
    class Meta:
        model = CentreSettings
        fields = ["retention_months", "contact_edits_reviewed"]
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

    def clean_month(self) -> Any:
        month = self.cleaned_data["month"]
        if month and not 2000 <= month.year <= 2100:
            raise forms.ValidationError(_("Please choose a month between 2000 and 2100."))
        return month


class StatisticsExportForm(MonthForm):
    """Which figures to download: the chosen month, or its year month by month."""

    MONTH = "month"
    YEAR = "year"
    period = forms.ChoiceField(
        label=_("Period"),
        choices=[(MONTH, _("The month")), (YEAR, _("The year, month by month"))],
        required=False,
    )

    def clean_period(self) -> str:
        return self.cleaned_data["period"] or self.MONTH


class ActivityForm(forms.ModelForm):
    """A line of the centre's log: support to a group or a professional's enquiry."""

    class Meta:
        model = CentreActivity
        fields = ["kind", "on", "group", "professional_field", "minutes", "note"]
        widgets = {
            "kind": forms.RadioSelect,
            "on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "minutes": forms.NumberInput(attrs={"min": 1, "max": MAX_ACTIVITY_MINUTES}),
        }

    def __init__(self, *args: Any, centre: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups = Group.objects.filter(centre=centre).only("pk", "name").order_by("name")
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["kind"].choices = ActivityKind.choices  # type: ignore[attr-defined]


class CriteriaField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Acceptance criteria"),
            choices=Criterion.choices,
            required=False,
            help_text=_("A group is published only when it meets every criterion."),
            **kwargs,
        )


def check_all_criteria(form: forms.BaseForm, publishing: bool) -> None:
    if publishing and set(form.cleaned_data.get("criteria") or []) != set(Criterion.values):
        form.add_error(
            "criteria", _("Please check every criterion: a group that misses one is not listed.")
        )


class GroupForm(forms.ModelForm):
    """A listing as the centre keeps it; a new one is published, so the criteria are checked."""

    criteria = CriteriaField()

    class Meta:
        model = Group
        fields = GROUP_FIELDS
        widgets = {
            "themes": forms.SelectMultiple(attrs={"size": 8}),
            "languages": forms.CheckboxSelectMultiple,
            "rhythm_anchor": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "description": forms.Textarea(attrs={"rows": 5}),
            "easy_read_summary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, centre: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.centre = centre
        self.fields["themes"].queryset = Theme.objects.active().order_by("label")  # type: ignore[attr-defined]
        self.fields["languages"].queryset = Language.objects.all()  # type: ignore[attr-defined]
        self.fields["canton"].queryset = centre.cantons.all()  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["criteria"]

    def clean_contact_phone(self) -> str:
        return clean_phone_number(self.cleaned_data["contact_phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_all_criteria(self, publishing=self.instance.pk is None)
        if data.get("contact_mode") == "direct" and not (
            data.get("contact_email") or data.get("contact_phone")
        ):
            self.add_error(
                "contact_email",
                _("A group reached directly needs its own email address or phone number."),
            )
        return data


def readable(field: forms.Field, name: str, raw: Any) -> str:
    """A value as a form posts it, as a person reads it (labels of choices, yes or no)."""
    if raw is None:
        return str(_("not known"))
    values = [v for v in (raw if isinstance(raw, list) else [raw]) if v not in ("", None)]
    if name in ("themes", "languages", "canton"):
        queryset = field.queryset.filter(pk__in=values)  # type: ignore[attr-defined]
        labels = {str(c.pk): str(c) for c in queryset}
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    choices = getattr(field, "choices", None)
    if choices is not None:
        labels = {str(k): str(v) for k, v in choices}
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if isinstance(field, forms.BooleanField):
        return str(_("yes") if raw else _("no"))
    return ", ".join(str(v) for v in values)


class ReviewForm(GroupForm):
    """The centre approves a proposal: the listing with its changes, each conflict chosen.

    A field the proposal touches where the listing changed since the proposal
    was sent is not edited directly: the centre chooses between the value now
    and the proposed one (``choose_<field>``), nothing is preselected.
    """

    def __init__(self, *args: Any, changes: list[FieldChange], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.resolving: dict[str, tuple[forms.Field, FieldChange]] = {}
        chosen: dict[str, forms.Field] = {}
        for change in changes:
            if not change.conflict or change.name not in self.fields:
                continue
            field = self.fields.pop(change.name)
            self.resolving[change.name] = (field, change)
            now = readable(field, change.name, change.now) or "—"
            proposed = readable(field, change.name, change.proposed) or "—"
            chosen[f"choose_{change.name}"] = forms.ChoiceField(
                label=field.label,
                widget=forms.RadioSelect,
                choices=[
                    ("now", _("Keep the current value: %(value)s") % {"value": now}),
                    ("proposed", _("Take the proposed value: %(value)s") % {"value": proposed}),
                ],
                help_text=_(
                    "The listing has changed here since the proposal was sent: "
                    "choose which value it keeps."
                ),
            )
        self.fields = {**chosen, **self.fields}

    def clean(self) -> dict[str, Any]:
        for name, (field, change) in self.resolving.items():
            choice = self.cleaned_data.get(f"choose_{name}")
            if not choice:
                continue
            try:
                raw = change.now if choice == "now" else change.proposed
                self.cleaned_data[name] = field.clean(raw)
            except forms.ValidationError as error:
                self.add_error(f"choose_{name}", error)
        return super().clean()

    def choices(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(f"choose_{name}", "") for name in self.resolving}


class GroupStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=GroupStatus.choices)
    criteria = CriteriaField()

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        publishing = data.get("status") in PUBLIC_STATUSES and (
            self.group.status not in PUBLIC_STATUSES
        )
        check_all_criteria(self, publishing)
        return data


class GroupFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *GroupStatus.choices]
    )
    listing = forms.ChoiceField(
        label=_("Yearly confirmation"),
        required=False,
        choices=[
            ("", _("All")),
            ("awaiting", _("waiting for the group's confirmation")),
            ("stale", _("withdrawn from search: not confirmed")),
        ],
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("xlsx", _("Excel workbook (XLSX): every group of the centre, to edit or re-import")),
            ("csv", _("CSV file: every group of the centre, to edit or re-import")),
            (
                "pdf",
                _("Printable directory (PDF): public groups by theme, with a table of contents"),
            ),
            ("ics", _("Calendar (iCalendar): the meetings of the public groups")),
            ("hsds", _("Open data (Open Referral HSDS 3, JSON): the public groups")),
        ],
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(
        label=_("Language of the directory"), choices=LANGUAGE_CHOICES, initial="fr"
    )


# What the public may propose: the listing less what it cannot know (the hidden address,
# the venue, the easy-read summary, the anchor of a fortnightly rhythm, the cost).
class ContactListingForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = CONTACT_FIELDS
        widgets = GroupForm.Meta.widgets

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].queryset = Language.objects.all()  # type: ignore[attr-defined]

    clean_contact_phone = GroupForm.clean_contact_phone

    def raw(self) -> dict[str, str | list[str]]:
        return {name: raw_value(self.cleaned_data.get(name)) for name in CONTACT_FIELDS}


class InviteContactForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the group's contact"))
    display_name = forms.CharField(label=_("Their name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Their language"), choices=LANGUAGE_CHOICES)


class ProposalForm(forms.ModelForm):
    """The public proposes a new group or a correction; the centre reviews it."""

    comment = forms.CharField(
        label=_("Anything else the centre should know (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    sender_name = forms.CharField(label=_("Your name"), max_length=100)
    sender_email = forms.EmailField(
        label=_("Your email address"), help_text=_("The centre answers you at this address.")
    )
    consent = forms.BooleanField(label=PROPOSAL_CONSENT_TEXT)
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Group
        fields = PROPOSAL_FIELDS
        widgets = GroupForm.Meta.widgets

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.active().order_by("label")  # type: ignore[attr-defined]
        self.fields["languages"].queryset = Language.objects.all()  # type: ignore[attr-defined]

    def clean_contact_phone(self) -> str:
        return clean_phone_number(self.cleaned_data["contact_phone"])

    def raw(self) -> dict[str, str | list[str]]:
        return {name: raw_value(self.cleaned_data.get(name)) for name in PROPOSAL_FIELDS}


class RejectForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the sender"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say briefly why, and what they can do instead."),
    )


class ReviewListForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ProposalStatus.choices)


class FoundingProjectForm(forms.ModelForm):
    class Meta:
        model = FoundingProject
        fields = PROJECT_FORM_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, centre: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.active().order_by("label")  # type: ignore[attr-defined]
        self.fields["canton"].queryset = centre.cantons.all()  # type: ignore[attr-defined]


class InterestForm(PersonForm):
    """A person would join the group being founded."""

    consent = forms.BooleanField(label=FOUNDING_CONSENT_TEXT)
    website = forms.CharField(required=False, label=_("Leave this field empty"))


class MeetingForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Date and time of the first meeting"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Place"), max_length=200)
    message = forms.CharField(
        label=_("A word for the people interested (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("The list of groups (CSV or XLSX)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Formatted here, in the language of the request (not when the module is imported).
        self.fields["file"].help_text = _(
            "One group per row, with a header row; at most %(size)s MB and %(rows)s rows. "
            "Nothing is imported before you have seen the check."
        ) % {"size": MAX_BYTES // 1_000_000, "rows": MAX_ROWS}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("This file is larger than %(size)s MB. Split it into smaller files.")
                % {"size": MAX_BYTES // 1_000_000}
            )
        return upload


class ImportStartForm(forms.Form):
    """The person confirms that every group of the checked file meets the acceptance criteria."""

    criteria = forms.BooleanField(required=False)


class TemplateForm(forms.Form):
    format = forms.ChoiceField(choices=[("xlsx", "XLSX"), ("csv", "CSV")])
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, required=False)


class CantonMoveForm(forms.Form):
    """A canton as one centre covers it (a deactivated centre included), and the active
    regional centre that takes it over."""

    canton = forms.ChoiceField(label=_("Canton and the centre that covers it now"))
    target = forms.ModelChoiceField(
        label=_("New regional centre"),
        queryset=Organisation.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        centres = Organisation.objects.filter(kind=OrganisationKind.REGIONAL_CENTRE)
        self.fields["target"].queryset = centres.filter(is_active=True).order_by("name")  # type: ignore[attr-defined]
        covered = (
            Canton.objects.filter(covering_organisations__in=centres)
            .values_list(
                "code", "name", "covering_organisations__pk", "covering_organisations__name"
            )
            .order_by("position", "covering_organisations__name")
        )
        self.fields["canton"].choices = [  # type: ignore[attr-defined]
            (f"{code}:{pk}", f"{name} ({code}) – {centre}") for code, name, pk, centre in covered
        ]


class OfficeHandOverForm(forms.Form):
    """Hand something waiting at the national office over to an active regional centre."""

    item = forms.RegexField(regex=r"^(request|proposal):\d+$", widget=forms.HiddenInput)
    centre = forms.ModelChoiceField(
        label=_("Regional centre"), queryset=Organisation.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = Organisation.objects.active_centres().order_by("name")  # type: ignore[attr-defined]
