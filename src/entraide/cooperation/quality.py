"""Quality assurance, the on-site quality consultation and the distinction (seed 000).

The national office assures the quality of each cooperation every four years,
criterion by criterion (``QualityVisit`` and its ``QualityFinding``s). An
institution may ask for the optional on-site quality consultation
(``QualityConsultation``: requested, dated by the national office, held with
its report). An institution that held a consultation and whose cooperation
passed a quality assurance receives the four-year distinction
(``Distinction``); the rule is checked by ``services.office.distinction_award``.

The models are loaded with ``cooperation.models`` (which imports this module at
its end), so they name the app's other models by string.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import Organisation, OrganisationKind
from entraide.accounts.rules import INSTITUTION_ROLES, is_national_office


class VisitKind(models.TextChoices):
    """What a timeline line about a quality visit names (stored as the code)."""

    ASSURANCE = "assurance", _("quality assurance")
    CONSULTATION = "consultation", _("on-site quality consultation")


class QualityVisit(models.Model):
    """A quality assurance of a cooperation by the national office (every four years).

    It passes when every one of the six criteria was found met
    (``criteria_met``, written by the service from the findings).
    """

    triangle = models.ForeignKey(
        "cooperation.Triangle", on_delete=models.CASCADE, related_name="visits"
    )
    held_on = models.DateField(_("held on"))
    criteria_met = models.BooleanField(_("the quality criteria are met"), default=False)
    notes = models.TextField(_("summary"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.triangle_id} {self.held_on}"


class QualityFinding(models.Model):
    """What a quality assurance found for one criterion: met or not, and why."""

    visit = models.ForeignKey(QualityVisit, on_delete=models.CASCADE, related_name="findings")
    criterion = models.ForeignKey(
        "cooperation.QualityCriterion", on_delete=models.PROTECT, related_name="+"
    )
    met = models.BooleanField(_("met"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        ordering = ["criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "criterion"], name="finding_once_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.criterion_id}: {self.met}"


class ConsultationStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    SCHEDULED = "scheduled", _("date set")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


# A consultation still to come: an institution has at most one.
OPEN_CONSULTATIONS = (ConsultationStatus.REQUESTED, ConsultationStatus.SCHEDULED)


class ConsultationQuerySet(models.QuerySet["QualityConsultation"]):
    def visible_to(self, user: Any) -> ConsultationQuerySet:
        """The national office reads every consultation; an institution's people read its own."""
        if not user.is_authenticated:
            return self.none()
        if is_national_office(user):
            return self.all()
        return self.filter(
            institution__in=Organisation.objects.filter(
                memberships__user=user, memberships__role__in=INSTITUTION_ROLES
            ).values("pk")
        )

    def open(self) -> ConsultationQuerySet:
        return self.filter(status__in=OPEN_CONSULTATIONS)


class QualityConsultation(models.Model):
    """The optional on-site quality consultation an institution asks the national office for."""

    institution = models.ForeignKey(
        Organisation,
        verbose_name=_("health institution"),
        on_delete=models.PROTECT,
        related_name="quality_consultations",
        limit_choices_to={"kind": OrganisationKind.HEALTH_INSTITUTION},
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.REQUESTED,
    )
    wishes = models.TextField(_("what you would like to discuss"), blank=True, max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    scheduled_on = models.DateField(_("date of the consultation"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True, max_length=8000)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("on-site quality consultation")
        verbose_name_plural = _("on-site quality consultations")
        constraints = [
            models.UniqueConstraint(
                fields=["institution"],
                condition=Q(status__in=OPEN_CONSULTATIONS),
                name="consultation_one_open_per_institution",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ConsultationStatus.values), name="consultation_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ConsultationStatus.HELD) | Q(held_on__isnull=False),
                name="consultation_held_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.status} {self.requested_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_CONSULTATIONS


class DistinctionKind(models.TextChoices):
    HOSPITAL = "hospital", _("self-help-friendly hospital")
    INSTITUTION = "institution", _("self-help-friendly health institution")


class DistinctionQuerySet(models.QuerySet["Distinction"]):
    def valid_on(self, day: date) -> DistinctionQuerySet:
        """Distinctions in force that day: a distinction ends with the institution's last
        cooperation (it needs one bound by a signed convention that day)."""
        triangle = apps.get_model("cooperation", "Triangle")
        running = triangle.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=day),
            institution=OuterRef("institution"),
            conventions__signed_on__lte=day,
        )
        return self.filter(Exists(running), awarded_on__lte=day, valid_until__gte=day)


class Distinction(models.Model):
    """The four-year distinction of an institution that held an on-site quality consultation
    and whose cooperation passed a quality assurance (``triangle``: that cooperation)."""

    institution = models.ForeignKey(
        Organisation,
        verbose_name=_("health institution"),
        on_delete=models.PROTECT,
        related_name="distinctions",
        limit_choices_to={"kind": OrganisationKind.HEALTH_INSTITUTION},
    )
    triangle = models.ForeignKey(
        "cooperation.Triangle", on_delete=models.PROTECT, related_name="distinctions"
    )
    assurance = models.ForeignKey(
        QualityVisit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consultation = models.ForeignKey(
        QualityConsultation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("distinction"), max_length=20, choices=DistinctionKind.choices)
    awarded_on = models.DateField(_("awarded on"))
    valid_until = models.DateField(_("valid until"))
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DistinctionQuerySet.as_manager()

    class Meta:
        ordering = ["-awarded_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("awarded_on")),
                name="distinction_valid_after_award",
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.kind} {self.awarded_on}–{self.valid_until}"
