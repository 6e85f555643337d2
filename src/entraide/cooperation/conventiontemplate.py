"""The convention template kept by the national office, and what a triangle's convention holds.

The template is versioned: a published version is never edited; a change is made
in a draft copy, which becomes the next version when it is published. A triangle's
version of the convention copies the clauses of the current template version in
the triangle's language; the triangle may change a clause's text or add clauses,
and each party's signature is recorded apart (``ConventionSignature``).

The models are loaded with ``cooperation.models``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import LANGUAGE_CHOICES

LANGUAGES = tuple(code for code, _label in LANGUAGE_CHOICES)


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class ConventionTemplateQuerySet(models.QuerySet["ConventionTemplate"]):
    def current(self) -> ConventionTemplate | None:
        """The latest published version: the one new conventions are drafted from."""
        return self.filter(status=TemplateStatus.PUBLISHED).order_by("-number").first()


class ConventionTemplate(models.Model):
    """One version of the national convention template (its clauses in four languages)."""

    number = models.PositiveSmallIntegerField(_("version"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=TemplateStatus.choices, default=TemplateStatus.DRAFT
    )
    notes = models.TextField(_("what this version changes"), blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ConventionTemplateQuerySet.as_manager()  # type: ignore[django-manager-missing]

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version of the convention template")
        verbose_name_plural = _("versions of the convention template")
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="draft"),
                name="convention_template_one_draft",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]),
                name="convention_template_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"template v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == TemplateStatus.DRAFT


class TemplateClause(models.Model):
    """A clause of a template version: a title and a text in each of the four languages."""

    template = models.ForeignKey(
        ConventionTemplate, on_delete=models.CASCADE, related_name="clauses"
    )
    # The same clause keeps its key from one version to the next.
    key = models.SlugField(max_length=40)
    position = models.PositiveSmallIntegerField(_("position"))
    title_fr = models.CharField(_("title in French"), max_length=200)
    title_de = models.CharField(_("title in German"), max_length=200)
    title_it = models.CharField(_("title in Italian"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200)
    text_fr = models.TextField(_("text in French"), max_length=5000)
    text_de = models.TextField(_("text in German"), max_length=5000)
    text_it = models.TextField(_("text in Italian"), max_length=5000)
    text_en = models.TextField(_("text in English"), max_length=5000)

    class Meta:
        ordering = ["template", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="template_clause_key_once")
        ]

    def __str__(self) -> str:
        return f"{self.template_id} {self.position} {self.key}"

    def title_in(self, language: str) -> str:
        return str(getattr(self, f"title_{language}", "") or self.title_en)

    def text_in(self, language: str) -> str:
        return str(getattr(self, f"text_{language}", "") or self.text_en)


class ClauseState(models.TextChoices):
    """How a clause of a triangle's convention stands to the template."""

    TEMPLATE = "template", _("as in the template")
    CHANGED = "changed", _("changed by the cooperation")
    ADDED = "added", _("added by the cooperation")


class ConventionClause(models.Model):
    """A clause of a triangle's version of the convention, in the triangle's language."""

    convention = models.ForeignKey(
        "cooperation.ConventionVersion", on_delete=models.CASCADE, related_name="clauses"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    # The template's clause it comes from; empty for a clause the triangle added.
    template_clause = models.ForeignKey(
        TemplateClause, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=5000)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.convention_id} {self.position} {self.title}"

    def template_text(self, language: str) -> str:
        """The template's text in the convention's language ('' for an added clause)."""
        return self.template_clause.text_in(language) if self.template_clause else ""

    def state(self, language: str) -> str:
        if self.template_clause is None:
            return ClauseState.ADDED
        if self.text.strip() != self.template_text(language).strip():
            return ClauseState.CHANGED
        return ClauseState.TEMPLATE


class SignatureMethod(models.TextChoices):
    APP = "app", _("signed in the application")
    UPLOAD = "upload", _("signed copy uploaded")
    RECORDED = "recorded", _("recorded before signatures were kept per person")


class ConventionSignature(models.Model):
    """One party's signature of a version of the convention (written once, never edited)."""

    convention = models.ForeignKey(
        "cooperation.ConventionVersion", on_delete=models.CASCADE, related_name="signatures"
    )
    corner = models.CharField(_("party"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The signatory's name as it was when they signed (the account may change or go).
    name = models.CharField(_("name"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"))
    method = models.CharField(max_length=10, choices=SignatureMethod.choices)
    document = models.ForeignKey(
        "cooperation.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "corner"], name="convention_signed_once_per_party"
            ),
            models.CheckConstraint(
                condition=Q(corner__in=["institution", "centre", "groups"]),
                name="convention_signature_corner_valid",
            ),
            models.CheckConstraint(
                condition=Q(method__in=["app", "upload", "recorded"]),
                name="convention_signature_method_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.convention_id} {self.corner} {self.signed_on}"


def clause_fields(prefix: str) -> tuple[str, ...]:
    """``title_fr`` … ``title_en`` (or ``text_…``): a template clause's field per language."""
    return tuple(f"{prefix}_{language}" for language in LANGUAGES)


def template_snapshot(clause: Any) -> dict[str, Any]:
    return {
        "key": clause.key,
        "position": clause.position,
        **{f: getattr(clause, f) for f in (*clause_fields("title"), *clause_fields("text"))},
    }
