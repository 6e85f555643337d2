"""Who takes part (seed 000): the professions involved in a measure, and the self-help
members' participation in the institution's committees (quality criterion 6).

The models are loaded with ``cooperation.models``; the counts below read them
in a constant number of queries.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import Profession

# The quality criterion under which participation is counted: "The participation of
# self-help groups is facilitated." (``reference.CRITERIA[6]``).
PARTICIPATION_CRITERION = 6


class MeasureProfession(models.Model):
    """A profession that takes part in a measure (interprofessional work)."""

    measure = models.ForeignKey(
        "cooperation.Measure", on_delete=models.CASCADE, related_name="professions"
    )
    profession = models.CharField(_("profession"), max_length=20, choices=Profession.choices)

    class Meta:
        ordering = ["profession"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "profession"], name="measure_profession_once"
            ),
            models.CheckConstraint(
                condition=Q(profession__in=Profession.values), name="measure_profession_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.profession}"


class CommitteeKind(models.TextChoices):
    QUALITY_CIRCLE = "quality_circle", _("quality circle")
    AUDIT = "audit", _("audit")
    ETHICS = "ethics", _("ethics committee")
    PATIENTS = "patients", _("patient committee")
    OTHER = "other", _("other committee")


class CommitteeParticipation(models.Model):
    """Self-help members took part in one of the institution's committees (no names kept)."""

    triangle = models.ForeignKey(
        "cooperation.Triangle", on_delete=models.CASCADE, related_name="committee_participations"
    )
    kind = models.CharField(_("kind of committee"), max_length=20, choices=CommitteeKind.choices)
    committee = models.CharField(_("name of the committee"), max_length=200)
    started_on = models.DateField(_("date or start of the period"))
    ended_on = models.DateField(_("end of the period"), null=True, blank=True)
    members = models.PositiveSmallIntegerField(
        _("number of self-help members"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("participation in a committee")
        verbose_name_plural = _("participations in committees")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="committee_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CommitteeKind.values), name="committee_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee} ({self.started_on})"


def measures_by_profession() -> list[tuple[str, int]]:
    """For each profession, how many measures of all cooperations involve it (one query)."""
    counts = dict(
        MeasureProfession.objects.values_list("profession")
        .annotate(n=Count("measure", distinct=True))
        .values_list("profession", "n")
    )
    return [(str(label), counts.get(value, 0)) for value, label in Profession.choices]


def committee_figures() -> dict[str, Any]:
    """All cooperations' recorded committee participations, and how many cooperations (one query)."""
    figures = CommitteeParticipation.objects.aggregate(
        participations=Count("pk"),
        triangles=Count("triangle", distinct=True),
    )
    return figures
