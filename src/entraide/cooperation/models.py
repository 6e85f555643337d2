"""Cooperation triangles between health institutions, regional centres and self-help groups.

A triangle binds one or more units of an institution, a regional centre and
the participating groups through a convention; it plans measures against the
six quality criteria, evaluates itself every year, receives the national
office's formative feedback and its quality assurance every four years; the
institution may earn a four-year distinction (``cooperation/quality.py``).

Who may read what is decided in ``cooperation/rules.py``; every query for a
person goes through ``Triangle.objects.visible_to(user)``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from entraide.accounts.models import LANGUAGE_CHOICES, Organisation, OrganisationKind, Role, Unit
from entraide.accounts.rules import INSTITUTION_ROLES, is_national_office
from entraide.directory.models import Group

# A distinction, and the quality assurance, hold four years.
DISTINCTION_YEARS = 4
# A distinction about to expire is announced, and may be renewed, in its last 90 days.
DISTINCTION_NOTICE = timedelta(days=90)


class Corner(models.TextChoices):
    """The three corners of a triangle; "groups" is the self-help side."""

    INSTITUTION = "institution", _("health institution")
    CENTRE = "centre", _("regional centre")
    GROUPS = "groups", _("self-help groups")


# Who speaks for each corner: a role in the institution, the centre or one of the
# groups' own organisations (``rules.party_memberships`` reads it for every query
# of a triangle's people).
PARTY_ROLES: dict[str, frozenset[str]] = {
    Corner.INSTITUTION: INSTITUTION_ROLES,
    Corner.CENTRE: frozenset({Role.CENTRE_STAFF}),
    Corner.GROUPS: frozenset({Role.GROUP_CONTACT}),
}


class TriangleStatus(models.TextChoices):
    PREPARATION = "preparation", _("in preparation")
    SIGNED = "signed", _("convention signed")
    IMPLEMENTING = "implementing", _("implementing")
    EVALUATED = "evaluated", _("evaluated")
    DISTINGUISHED = "distinguished", _("distinguished")
    ENDED = "ended", _("ended")


class TriangleQuerySet(models.QuerySet["Triangle"]):
    def visible_to(self, user: Any) -> TriangleQuerySet:
        """Triangles the person may read: the parties' members and the national office."""
        if not user.is_authenticated:
            return self.none()
        if is_national_office(user):
            return self.all()
        institution = Q(
            institution__memberships__user=user,
            institution__memberships__role__in=PARTY_ROLES[Corner.INSTITUTION],
        )
        centre = Q(
            centre__memberships__user=user,
            centre__memberships__role__in=PARTY_ROLES[Corner.CENTRE],
        )
        groups = Q(
            groups__organisation__memberships__user=user,
            groups__organisation__memberships__role__in=PARTY_ROLES[Corner.GROUPS],
        )
        ids = self.filter(institution | centre | groups).values("pk")
        return self.filter(pk__in=ids)

    def in_cooperation_at(self, at: date) -> TriangleQuerySet:
        """Triangles bound by a signed convention on that day and not ended before it."""
        return self.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=at),
            conventions__signed_on__lte=at,
        ).distinct()


class Triangle(models.Model):
    """A cooperation between units of an institution, a regional centre and self-help groups."""

    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("For example the institution and the units concerned."),
    )
    institution = models.ForeignKey(
        Organisation,
        verbose_name=_("health institution"),
        on_delete=models.PROTECT,
        related_name="triangles",
        limit_choices_to={"kind": OrganisationKind.HEALTH_INSTITUTION},
    )
    units = models.ManyToManyField(Unit, verbose_name=_("units"), related_name="triangles")
    centre = models.ForeignKey(
        Organisation,
        verbose_name=_("regional centre"),
        on_delete=models.PROTECT,
        related_name="centre_triangles",
        limit_choices_to={"kind": OrganisationKind.REGIONAL_CENTRE},
    )
    groups = models.ManyToManyField(
        Group, verbose_name=_("participating groups"), related_name="triangles", blank=True
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("self-help officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(
        _("language of the convention"), max_length=2, choices=LANGUAGE_CHOICES, default="fr"
    )
    started_on = models.DateField(_("start date"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TriangleStatus.choices,
        default=TriangleStatus.PREPARATION,
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = TriangleQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("cooperation triangle")
        verbose_name_plural = _("cooperation triangles")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TriangleStatus.values), name="triangle_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="triangle_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def signed_convention(self) -> ConventionVersion | None:
        """The latest version with a signed copy (prefetch ``conventions`` to avoid a query)."""
        signed = [v for v in self.conventions.all() if v.signed_on]
        return max(signed, key=lambda v: v.number) if signed else None


class TimelineKind(models.TextChoices):
    CREATED = "created", _("The cooperation was created.")
    CHANGED = "changed", _("The cooperation's details were changed.")
    STATUS = "status", _("The status changed.")
    CONVENTION_DRAFTED = "convention_drafted", _("A version of the convention was drafted.")
    CONVENTION_SIGNED = "convention_signed", _("Every party signed the convention.")
    CONVENTION_PARTY_SIGNED = "convention_party_signed", _("A party signed the convention.")
    MEASURE_ADDED = "measure_added", _("A measure was added.")
    MEASURE_CHANGED = "measure_changed", _("A measure was updated.")
    EVALUATION_SUBMITTED = "evaluation_submitted", _("The self-evaluation was submitted.")
    FEEDBACK_GIVEN = "feedback_given", _("The national office gave its feedback.")
    FEEDBACK_ANSWERED = "feedback_answered", _("The cooperation answered the feedback.")
    VISIT = "visit", _("The national office recorded a quality assurance or consultation.")
    DISTINCTION = "distinction", _("A distinction was awarded.")


class TimelineEvent(models.Model):
    """One dated line of a triangle's history; written by the services, never edited."""

    triangle = models.ForeignKey(Triangle, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=30, choices=TimelineKind.choices)
    detail = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.triangle_id} {self.kind} {self.at:%Y-%m-%d}"

    def shown_detail(self) -> str:
        """The detail in the reader's language: codes and numbers are stored, not labels."""
        choices: dict[str, type[models.TextChoices]] = {
            TimelineKind.STATUS: TriangleStatus,
            TimelineKind.VISIT: VisitKind,
            TimelineKind.DISTINCTION: DistinctionKind,
        }
        if self.kind in choices:
            # Lines written before the codes were stored keep their label as it was.
            return str(dict(choices[self.kind].choices).get(self.detail, self.detail))
        versions = (TimelineKind.CONVENTION_DRAFTED, TimelineKind.CONVENTION_SIGNED)
        if self.kind in versions and self.detail.isdigit():
            return _("Version %(n)s") % {"n": self.detail}
        number, _sep, corner = self.detail.partition(":")
        if self.kind == TimelineKind.CONVENTION_PARTY_SIGNED and number.isdigit():
            return _("Version %(n)s, %(party)s") % {
                "n": number,
                "party": dict(Corner.choices).get(corner, corner),
            }
        return self.detail


class Document(models.Model):
    """An uploaded PDF (signed convention, evaluation attachment), kept in the database.

    It is read only through the view of the record it belongs to, which checks
    who may read it, and always sent as a download.
    """

    filename = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.filename


class ConventionVersion(models.Model):
    """A version of the convention: drafted, then signed by the parties' signatories."""

    triangle = models.ForeignKey(Triangle, on_delete=models.CASCADE, related_name="conventions")
    number = models.PositiveSmallIntegerField(_("version"))
    drafted_on = models.DateField(_("drafted on"))
    # The template version it was drafted from, in the triangle's language of that day
    # (its clauses and signatures: ``cooperation.conventiontemplate``).
    template = models.ForeignKey(
        "cooperation.ConventionTemplate", null=True, on_delete=models.PROTECT, related_name="+"
    )
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, default="fr")
    # Only versions signed before signatures were kept per person name them here.
    signatories = models.TextField(_("signatories as written then"), blank=True)
    notes = models.TextField(_("what this version changes"), blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    # The last signed copy uploaded (each upload is also kept on its party's signature).
    signed_copy = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["triangle", "number"], name="convention_number_unique"),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | Q(signed_on__gte=models.F("drafted_on")),
                name="convention_signed_after_drafted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.triangle} v{self.number}"


class QualityCriterion(models.Model):  # type: ignore[django-manager-missing]
    """One of the six quality criteria of the model (fixed, translated)."""

    number = models.PositiveSmallIntegerField(primary_key=True)
    title = models.CharField(_("criterion"), max_length=250)

    class Meta:
        ordering = ["number"]
        verbose_name = _("quality criterion")
        verbose_name_plural = _("quality criteria")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", pgettext_lazy("measure", "done")
    DROPPED = "dropped", _("dropped")


class LibraryMeasureQuerySet(models.QuerySet["LibraryMeasure"]):
    def with_usage(self) -> LibraryMeasureQuerySet:
        """Each measure with ``triangle_count``: how many triangles adopted it."""
        return self.annotate(triangle_count=models.Count("adoptions__triangle", distinct=True))


class LibraryMeasure(models.Model):
    """A proven measure that any triangle can adopt (kept by the national office)."""

    criterion = models.ForeignKey(
        QualityCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("measure"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner = models.CharField(
        _("usually carried by"), max_length=20, choices=Corner.choices, default=Corner.INSTITUTION
    )
    is_active = models.BooleanField(default=True)

    objects = LibraryMeasureQuerySet.as_manager()  # type: ignore[django-manager-missing]

    class Meta:
        ordering = ["criterion", "title"]
        verbose_name = _("proven measure")
        verbose_name_plural = _("library of proven measures")

    def __str__(self) -> str:
        return self.title


class Measure(models.Model):
    """A measure of a triangle's catalogue, tied to one criterion."""

    triangle = models.ForeignKey(Triangle, on_delete=models.CASCADE, related_name="measures")
    criterion = models.ForeignKey(
        QualityCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("measure"), max_length=200)
    goal = models.TextField(_("goal"), blank=True)
    owner = models.CharField(_("carried by"), max_length=20, choices=Corner.choices)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    source = models.ForeignKey(
        LibraryMeasure, null=True, blank=True, on_delete=models.SET_NULL, related_name="adoptions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["criterion", "due_on", "pk"]
        verbose_name = _("measure")
        verbose_name_plural = _("catalogue of measures")
        constraints = [
            models.UniqueConstraint(
                fields=["triangle", "source"],
                condition=Q(source__isnull=False),
                name="measure_adopted_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Rating(models.TextChoices):
    FULFILLED = "fulfilled", _("fulfilled")
    PARTLY = "partly", _("partly fulfilled")
    NOT_YET = "not_yet", _("not yet fulfilled")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("being prepared")
    SUBMITTED = "submitted", _("submitted to the national office")
    REVIEWED = "reviewed", _("feedback received")
    ANSWERED = "answered", _("feedback answered")


# Evaluations the national office has received: their ratings count.
RECEIVED_EVALUATIONS = (
    EvaluationStatus.SUBMITTED,
    EvaluationStatus.REVIEWED,
    EvaluationStatus.ANSWERED,
)
# Evaluations the national office gives its feedback on, or changes it (until answered).
REVIEWABLE_EVALUATIONS = (EvaluationStatus.SUBMITTED, EvaluationStatus.REVIEWED)


class SelfEvaluation(models.Model):
    """The yearly self-evaluation of a triangle and the national office's feedback on it."""

    triangle = models.ForeignKey(Triangle, on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("year"))
    due_on = models.DateField(_("due from"))
    interview_on = models.DateField(_("date of the interview"), null=True, blank=True)
    participants = models.TextField(
        _("who took part"), blank=True, help_text=_("Names and corners, one per line.")
    )
    status = models.CharField(
        max_length=20, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    overall_feedback = models.TextField(_("overall feedback"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who in the national office reviews it: assigned on submission, reassigned by the coordinator.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_reviews",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    response = models.TextField(_("the cooperation's answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    attachments = models.ManyToManyField(Document, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("self-evaluation")
        verbose_name_plural = _("self-evaluations")
        constraints = [
            models.UniqueConstraint(fields=["triangle", "year"], name="evaluation_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.triangle} {self.year}"


class CriterionRating(models.Model):
    """How one corner rates one criterion in a self-evaluation."""

    evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(QualityCriterion, on_delete=models.PROTECT, related_name="+")
    corner = models.CharField(max_length=20, choices=Corner.choices)
    rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion", "corner"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion", "corner"], name="rating_once_per_corner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.criterion_id} {self.corner}: {self.rating}"


class CriterionFeedback(models.Model):
    """The reviewer's formative feedback on one criterion of an evaluation."""

    evaluation = models.ForeignKey(
        SelfEvaluation, on_delete=models.CASCADE, related_name="feedback"
    )
    criterion = models.ForeignKey(QualityCriterion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("feedback"), blank=True)

    class Meta:
        ordering = ["criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="feedback_once_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluation_id} {self.criterion_id}"


class ReminderSent(models.Model):
    """A reminder already sent, so that the tick sends each one once."""

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=80)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="reminder_sent_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class TargetCounts(models.TextChoices):
    """What a national target counts on its date."""

    TRIANGLES = "triangles", _("cooperations (triangles)")
    UNITS = "units", _("units of health institutions")


class CooperationTarget(models.Model):
    """A national target set by the national office: a figure to reach by a date.

    The active target on a day is the first one due on or after it, else the
    last one (``cooperation.targets.active_target``); seed 000's is 80 units by
    the end of 2025 (migration 0003).
    """

    value = models.PositiveIntegerField(
        _("value"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    counts = models.CharField(_("what is counted"), max_length=10, choices=TargetCounts.choices)
    due_on = models.DateField(_("target date"))
    label = models.CharField(
        _("label"), max_length=120, blank=True, help_text=_("For example the programme's name.")
    )
    note = models.TextField(_("note"), blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["counts", "due_on"], name="one_target_per_count_and_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.counts} {self.due_on}"


# Loaded with the app's models (kept apart for the module's length).
from entraide.cooperation.conventiontemplate import ClauseState as ClauseState  # noqa: E402
from entraide.cooperation.conventiontemplate import (  # noqa: E402
    ConventionClause as ConventionClause,
)
from entraide.cooperation.conventiontemplate import (  # noqa: E402
    ConventionSignature as ConventionSignature,
)
from entraide.cooperation.conventiontemplate import (  # noqa: E402
    ConventionTemplate as ConventionTemplate,
)
from entraide.cooperation.conventiontemplate import SignatureMethod as SignatureMethod  # noqa: E402
from entraide.cooperation.conventiontemplate import TemplateClause as TemplateClause  # noqa: E402
from entraide.cooperation.conventiontemplate import TemplateStatus as TemplateStatus  # noqa: E402
from entraide.cooperation.participation import CommitteeKind as CommitteeKind  # noqa: E402
from entraide.cooperation.participation import (  # noqa: E402
    CommitteeParticipation as CommitteeParticipation,
)
from entraide.cooperation.participation import MeasureProfession as MeasureProfession  # noqa: E402
from entraide.cooperation.quality import (  # noqa: E402
    OPEN_CONSULTATIONS as OPEN_CONSULTATIONS,
)
from entraide.cooperation.quality import (  # noqa: E402
    ConsultationStatus as ConsultationStatus,
)
from entraide.cooperation.quality import Distinction as Distinction  # noqa: E402
from entraide.cooperation.quality import DistinctionKind as DistinctionKind  # noqa: E402
from entraide.cooperation.quality import (  # noqa: E402
    QualityConsultation as QualityConsultation,
)
from entraide.cooperation.quality import QualityFinding as QualityFinding  # noqa: E402
from entraide.cooperation.quality import QualityVisit as QualityVisit  # noqa: E402
from entraide.cooperation.quality import VisitKind as VisitKind  # noqa: E402
