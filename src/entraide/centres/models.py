"""What a regional centre keeps beside the directory: contact requests and their notes, its
settings, listings' acceptance and confirmation, proposals, groups being founded, imports, and
its log of support to groups and of professionals' enquiries."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from entraide.accounts.models import LANGUAGE_CHOICES, Organisation, Role
from entraide.centres.constraints import CONSTRAINT_MESSAGES
from entraide.centres.founding_models import (  # noqa: F401 (the app's models are found here)
    OPEN_FOUNDING,
    FoundingInterest,
    FoundingProject,
    FoundingStatus,
    ToldBy,
)
from entraide.core.lib.constraints import explained
from entraide.directory.models import Group, Theme

# The consent text promises deletion at the latest one year after closing.
MAX_RETENTION_MONTHS = 12
DEFAULT_RETENTION_MONTHS = 6


class ContactRequestStatus(models.TextChoices):
    NEW = "new", _("new")
    COUNSELLING = "counselling", _("in counselling")
    FORWARDED = "forwarded", _("forwarded to the group")
    CLOSED = "closed", pgettext_lazy("contact request", "closed")


class ContactChannel(models.TextChoices):
    WEB = "web", _("form on the website")
    PHONE = "phone", _("phone")
    EMAIL = "email", _("email")
    IN_PERSON = "in_person", _("in person")


class ContactOutcome(models.TextChoices):
    JOINED = "joined", _("joined a group")
    REFERRED = "referred", _("referred to another service")
    NO_SUITABLE_GROUP = "no_group", _("no suitable group yet")
    NOT_REACHED = "not_reached", _("could not be reached")
    WITHDRAWN = "withdrawn", _("no longer wishes to be in contact")
    OTHER = "other", _("other")


class ContactRequestQuerySet(models.QuerySet["ContactRequest"]):
    def visible_to(self, user: Any) -> ContactRequestQuerySet:
        """Only the staff of the responsible centre see a request (health-related data)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            centre__memberships__user=user, centre__memberships__role=Role.CENTRE_STAFF
        ).distinct()

    def open(self) -> ContactRequestQuerySet:
        return self.exclude(status=ContactRequestStatus.CLOSED)


class ContactRequest(models.Model):
    """A person asks to be put in contact with a group; routed to the group's centre.

    Holds health-related data (the wish to join a group on a health theme, the
    message): it is stored with the consent given, read only by the centre,
    and never written to logs, URLs or the audit trail's values. Once closed,
    it is anonymised after the centre's retention period: what stays is what
    the statistics need (dates, channel, theme, outcome).
    """

    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="contact_requests"
    )
    # The theme of a request that names no group (one taken by phone, say).
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    centre = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contact_requests"
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=ContactChannel.choices, default=ContactChannel.WEB
    )
    name = models.CharField(_("name or pseudonym"), max_length=100)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("preferred language"), max_length=2, choices=LANGUAGE_CHOICES)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    # What the person agreed that the centre passes on to the group.
    share_contact = models.BooleanField(default=False)
    share_message = models.BooleanField(default=False)
    consent_text = models.TextField()
    consent_version = models.CharField(max_length=20)
    consented_at = models.DateTimeField()
    status = models.CharField(
        max_length=12, choices=ContactRequestStatus.choices, default=ContactRequestStatus.NEW
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=ContactOutcome.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The "waiting for three working days" reminder is sent once.
    reminded_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = ContactRequestQuerySet.as_manager()

    class Meta:
        # Moved from the directory with its table, its index and its constraints' names.
        db_table = "directory_contactrequest"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["centre", "status", "created_at"], name="directory_c_centre__3a4b42_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone="") | Q(anonymised_at__isnull=False),
                name="contact_request_has_a_way_to_reach",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ContactRequestStatus.values),
                name="contact_request_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=ContactOutcome.values),
                name="contact_request_outcome_valid",
            ),
        ]

    validate_constraints = explained(CONSTRAINT_MESSAGES)

    def __str__(self) -> str:
        # Never the person's name: this may end up in logs or the audit trail.
        return f"contact request #{self.pk}"


class CentreSettings(models.Model):
    """A centre's own choices; a centre without a row uses the defaults."""

    centre = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="centre_settings"
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep closed requests for (months)"),
        default=DEFAULT_RETENTION_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_MONTHS)],
        help_text=_(
            "After this period, the name, contact details, message and notes of a closed "
            "request are erased; only what the statistics need is kept."
        ),
    )

    contact_edits_reviewed = models.BooleanField(
        _("review the changes group contacts make"),
        default=True,
        help_text=_(
            "When ticked, a change a group contact makes to their listing waits in the "
            "proposals for your review; otherwise it goes live at once."
        ),
    )

    class Meta:
        verbose_name = _("centre settings")
        verbose_name_plural = _("centre settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(retention_months__gte=1, retention_months__lte=12),
                name="centre_retention_within_consent",
            )
        ]

    validate_constraints = explained(CONSTRAINT_MESSAGES)

    def __str__(self) -> str:
        return f"settings of {self.centre_id}"


def settings_of(centre: Organisation) -> CentreSettings:
    """The centre's settings, or the defaults (not saved) when it never changed them."""
    found = CentreSettings.objects.filter(centre=centre).first()
    return found or CentreSettings(centre=centre)


class CounsellingNote(models.Model):
    """A private note of the centre on a request; erased with the request's personal data."""

    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"note #{self.pk} on request #{self.request_id}"


class Criterion(models.TextChoices):
    """The acceptance criteria of a self-help group used in practice by the centres."""

    PEERS = "peers", _("The members are peers who share the same situation.")
    VOLUNTARY_FREE = "voluntary_free", _("Participation is voluntary and free of charge.")
    REGULAR = "regular", _("The group meets regularly.")
    SELF_MANAGED = (
        "self_managed",
        _("The group manages itself, or its professional guide is shown as such in the listing."),
    )
    NON_PROFIT = "non_profit", _("The group pursues no commercial aim.")
    NEUTRAL = "neutral", _("The group is neutral in politics and religion.")
    CONFIDENTIAL = "confidential", _("What is said in the group stays in the group.")


class ListingAcceptance(models.Model):
    """The record that a centre checked the criteria when it published a group."""

    group = models.ForeignKey(
        "directory.Group", on_delete=models.CASCADE, related_name="acceptances"
    )
    criteria = models.JSONField(default=list)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-accepted_at", "-id"]

    def __str__(self) -> str:
        return f"acceptance of group #{self.group_id}"


class ListingConfirmation(models.Model):
    """A yearly "is your listing still right?" sent to a group's contacts.

    The email holds a signed link naming this row and its nonce; the link
    works until it expires or is used. Without an answer the group gets a
    reminder after 30 days and leaves the public search after 90.
    """

    group = models.ForeignKey(
        "directory.Group", on_delete=models.CASCADE, related_name="confirmations"
    )
    nonce = models.CharField(max_length=32, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["confirmed_at", "sent_at"])]

    def __str__(self) -> str:
        return f"confirmation #{self.pk} of group #{self.group_id}"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class SenderKind(models.TextChoices):
    PUBLIC = "public", _("a member of the public")
    GROUP_CONTACT = "group_contact", _("the group's contact")
    CENTRE_STAFF = "centre_staff", _("centre staff")


class ListingProposal(models.Model):
    """A new group or a correction proposed by the public, waiting for the centre's review.

    ``data`` holds only the fields the sender changed, as a form would post
    them (strings and lists of strings), so that the centre reviews them in
    the same form it uses for its own listings. ``base`` holds the listing's
    values of those same fields when the sender started (``None`` for a field
    whose value then is not known: proposals sent before it was recorded):
    the review compares then, now and proposed, so that an older proposal
    never silently undoes a newer change. The sender's address is kept only
    to answer them, and erased with the proposal after the centre's retention
    period.
    """

    centre = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="proposals")
    group = models.ForeignKey(
        "directory.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    data = models.JSONField(default=dict)
    base = models.JSONField(default=dict, blank=True)
    sender_kind = models.CharField(
        _("sent by"), max_length=20, choices=SenderKind.choices, default=SenderKind.PUBLIC
    )
    comment = models.TextField(
        _("anything else the centre should know"), blank=True, max_length=2000
    )
    # A group contact who changed their own listing (the centre reviews it).
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender_name = models.CharField(_("your name"), max_length=100)
    sender_email = models.EmailField(_("your email address"))
    language = models.CharField(max_length=2, default="fr")
    consent_text = models.TextField()
    consent_version = models.CharField(max_length=20)
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decision_message = models.TextField(blank=True, max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["centre", "status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ProposalStatus.values), name="proposal_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(sender_kind__in=SenderKind.values),
                name="proposal_sender_kind_valid",
            ),
        ]

    validate_constraints = explained(CONSTRAINT_MESSAGES)

    def __str__(self) -> str:
        return f"proposal #{self.pk}"

    @property
    def is_new_group(self) -> bool:
        return self.group_id is None


class ImportStatus(models.TextChoices):
    CHECKED = "checked", _("checked, not imported")
    QUEUED = "queued", _("waiting to be imported")
    RUNNING = "running", _("being imported")
    DONE = "done", _("imported")
    FAILED = "failed", _("not imported")


class GroupImport(models.Model):
    """A file a centre uploaded: checked at once (dry run), imported in the background.

    The file is kept between the check and the import, so nobody uploads it
    twice, and erased once imported or after a week.
    """

    centre = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="imports")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(max_length=200)
    content = models.BinaryField(blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKED
    )
    # Counts and messages of the last check or import (see centres.services.imports.report_data).
    report = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImportStatus.values), name="import_status_valid"
            )
        ]

    validate_constraints = explained(CONSTRAINT_MESSAGES)

    def __str__(self) -> str:
        return f"import #{self.pk}"


class ActivityKind(models.TextChoices):
    GROUP_SUPPORT = "group_support", _("support to a group")
    PROFESSIONAL_ENQUIRY = "professional_enquiry", _("enquiry from a professional")


class ProfessionalField(models.TextChoices):
    MEDICINE = "medicine", _("medicine")
    NURSING = "nursing", _("nursing")
    THERAPY = "therapy", _("therapy")
    SOCIAL_WORK = "social_work", _("social work")
    OTHER = "other", pgettext_lazy("professional field", "other")


MAX_ACTIVITY_MINUTES = 24 * 60


class CentreActivityQuerySet(models.QuerySet["CentreActivity"]):
    def visible_to(self, user: Any) -> CentreActivityQuerySet:
        """Only the centre's own staff read its log."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            centre__memberships__user=user, centre__memberships__role=Role.CENTRE_STAFF
        ).distinct()


class CentreActivity(models.Model):
    """A line of the centre's log: support given to a group, or a professional's enquiry.

    Counted in the centre's statistics. It names no person: a professional by
    their field only, a note without names or health details.
    """

    centre = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="centre_activities"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    on = models.DateField(_("date"))
    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For support to a group: the group, if it is listed."),
    )
    professional_field = models.CharField(
        _("professional's field"),
        max_length=20,
        choices=ProfessionalField.choices,
        blank=True,
        help_text=_("For an enquiry from a professional: their field, no name."),
    )
    note = models.CharField(
        _("short note"),
        max_length=300,
        blank=True,
        help_text=_("What it was about, in a few words. No names and no health details."),
    )
    minutes = models.PositiveSmallIntegerField(
        _("time spent (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ACTIVITY_MINUTES)],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CentreActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("support or enquiry")
        verbose_name_plural = _("support and enquiries")
        indexes = [models.Index(fields=["centre", "on"], name="centre_activity_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="group_support", professional_field="")
                | Q(kind="professional_enquiry", group__isnull=True) & ~Q(professional_field=""),
                name="centre_activity_kind_fields",
            )
        ]

    validate_constraints = explained(CONSTRAINT_MESSAGES)

    def __str__(self) -> str:
        return f"{self.kind} of {self.centre_id} on {self.on}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind == ActivityKind.PROFESSIONAL_ENQUIRY:
            if not self.professional_field:
                errors["professional_field"] = _("Please choose the professional's field.")
            if self.group_id:
                errors["group"] = _("A group goes with support to a group only.")
        elif self.kind == ActivityKind.GROUP_SUPPORT and self.professional_field:
            errors["professional_field"] = _(
                "A professional's field goes with an enquiry from a professional only."
            )
        if self.on and self.on > timezone.localdate():
            errors["on"] = _("The date cannot be in the future.")
        if errors:
            raise ValidationError(errors)
