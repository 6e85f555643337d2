"""What a regional centre keeps beside the directory: its settings and counselling notes."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import Organisation
from entraide.directory.models import ContactRequest

# The consent text promises deletion at the latest one year after closing.
MAX_RETENTION_MONTHS = 12
DEFAULT_RETENTION_MONTHS = 6


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

    class Meta:
        verbose_name = _("centre settings")
        verbose_name_plural = _("centre settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(retention_months__gte=1, retention_months__lte=12),
                name="centre_retention_within_consent",
            )
        ]

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


class ListingProposal(models.Model):
    """A new group or a correction proposed by the public, waiting for the centre's review.

    ``data`` holds the proposed fields as a form would post them (strings and
    lists of strings), so that the centre reviews them in the same form it
    uses for its own listings. The sender's address is kept only to answer
    them, and erased with the proposal after the centre's retention period.
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
    comment = models.TextField(
        _("anything else the centre should know"), blank=True, max_length=2000
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
            )
        ]

    def __str__(self) -> str:
        return f"proposal #{self.pk}"

    @property
    def is_new_group(self) -> bool:
        return self.group_id is None
