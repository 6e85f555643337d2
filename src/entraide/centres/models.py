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
