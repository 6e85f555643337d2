"""Groups being founded: a centre's projects and the people who registered interest in them.

Kept apart from ``models.py`` so that it stays readable; ``models.py`` imports them.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import LANGUAGE_CHOICES, Organisation
from entraide.centres.constraints import CONSTRAINT_MESSAGES
from entraide.core.lib.constraints import explained


class FoundingStatus(models.TextChoices):
    GATHERING = "gathering", _("gathering interested people")
    MEETING_PLANNED = "meeting_planned", _("first meeting planned")
    STARTED = "started", _("the group has started")
    ABANDONED = "abandoned", _("given up")


OPEN_FOUNDING = (FoundingStatus.GATHERING, FoundingStatus.MEETING_PLANNED)


class FoundingProject(models.Model):
    """A group a centre is helping to found, on a theme in a region; people register interest."""

    centre = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="founding_projects"
    )
    title = models.CharField(_("title"), max_length=200)
    theme = models.ForeignKey(
        "directory.Theme", verbose_name=_("theme"), on_delete=models.PROTECT, related_name="+"
    )
    canton = models.ForeignKey(
        "core.Canton", verbose_name=_("canton"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.CharField(_("town or region"), max_length=100)
    language = models.CharField(
        _("language of the group"),
        max_length=2,
        choices=[("fr", "Français"), ("de", "Deutsch"), ("it", "Italiano"), ("en", "English")],
    )
    description = models.TextField(_("description"), blank=True, max_length=3000)
    threshold = models.PositiveSmallIntegerField(
        _("interested people needed to start"),
        default=5,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
    )
    status = models.CharField(
        max_length=20, choices=FoundingStatus.choices, default=FoundingStatus.GATHERING
    )
    first_meeting_at = models.DateTimeField(_("first meeting"), null=True, blank=True)
    first_meeting_place = models.CharField(
        _("place of the first meeting"), max_length=200, blank=True
    )
    threshold_reached_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    group = models.OneToOneField(
        "directory.Group",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="founding_project",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=FoundingStatus.values),
                name="founding_status_valid",
            )
        ]

    validate_constraints = explained(CONSTRAINT_MESSAGES)

    def __str__(self) -> str:
        return self.title


class ToldBy(models.TextChoices):
    EMAIL = "email", _("by email")
    PHONE = "phone", _("by phone")


class FoundingInterest(models.Model):
    """A person who would join the group being founded (health-related: consent, retention)."""

    project = models.ForeignKey(FoundingProject, on_delete=models.CASCADE, related_name="interests")
    name = models.CharField(_("name or pseudonym"), max_length=100)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, default="fr")
    consent_text = models.TextField()
    consent_version = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)
    # The first meeting this person was told of, how (an email, or the centre's call) and when:
    # someone without an email address needs a call whenever a meeting is set or moved.
    told_meeting_at = models.DateTimeField(null=True, blank=True)
    told_by = models.CharField(max_length=10, choices=ToldBy.choices, blank=True)
    told_on = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="") | ~models.Q(phone=""),
                name="founding_interest_has_a_way_to_reach",
            )
        ]

    validate_constraints = explained(CONSTRAINT_MESSAGES)

    def __str__(self) -> str:
        return f"interest #{self.pk} in project #{self.project_id}"

    @property
    def needs_call(self) -> bool:
        """The first meeting is set and this person was not told of it (no email: a call)."""
        meeting = self.project.first_meeting_at
        return bool(meeting and self.told_meeting_at != meeting)
