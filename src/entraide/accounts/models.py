"""People, organisations, their scopes and the memberships that give roles."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from entraide.core.models import Canton, Language


class Role(models.TextChoices):
    NATIONAL_COORDINATOR = "national_coordinator", _("national coordinator")
    QUALITY_REVIEWER = "quality_reviewer", _("quality reviewer")
    CENTRE_STAFF = "centre_staff", _("centre staff")
    GROUP_CONTACT = "group_contact", _("group contact")
    SELF_HELP_OFFICER = "self_help_officer", _("self-help officer")
    HEALTH_PROFESSIONAL = "health_professional", _("health professional")
    MANAGEMENT = "management", _("management")
    PLATFORM_COORDINATOR = "platform_coordinator", _("platform coordinator")
    MEMBER = "member", _("member of a member organisation")
    PATIENT_PARTNER = "patient_partner", _("patient partner")


# Roles that handle other people's data or run a workflow for an organisation:
# they must use a second factor. Group contacts, members of member
# organisations and patient partners are volunteers who see only their own
# things; MFA is offered to them, not required.
STAFF_ROLES = frozenset(
    {
        Role.NATIONAL_COORDINATOR,
        Role.QUALITY_REVIEWER,
        Role.CENTRE_STAFF,
        Role.SELF_HELP_OFFICER,
        Role.HEALTH_PROFESSIONAL,
        Role.MANAGEMENT,
        Role.PLATFORM_COORDINATOR,
    }
)


class OrganisationKind(models.TextChoices):
    NATIONAL_OFFICE = "national_office", _("national office")
    REGIONAL_CENTRE = "regional_centre", _("regional self-help centre")
    SELF_HELP_GROUP = "self_help_group", _("self-help group")
    HEALTH_INSTITUTION = "health_institution", _("health institution")
    PARTNER_PLATFORM = "partner_platform", _("patient-partner platform")
    MEMBER_ORGANISATION = "member_organisation", _("member organisation")


ROLES_BY_KIND: dict[str, frozenset[str]] = {
    OrganisationKind.NATIONAL_OFFICE: frozenset({Role.NATIONAL_COORDINATOR, Role.QUALITY_REVIEWER}),
    OrganisationKind.REGIONAL_CENTRE: frozenset({Role.CENTRE_STAFF}),
    OrganisationKind.SELF_HELP_GROUP: frozenset({Role.GROUP_CONTACT}),
    OrganisationKind.HEALTH_INSTITUTION: frozenset(
        {Role.SELF_HELP_OFFICER, Role.HEALTH_PROFESSIONAL, Role.MANAGEMENT}
    ),
    OrganisationKind.PARTNER_PLATFORM: frozenset({Role.PLATFORM_COORDINATOR, Role.PATIENT_PARTNER}),
    OrganisationKind.MEMBER_ORGANISATION: frozenset({Role.MEMBER}),
}


# Languages of the interface and of messages, each named in its own language.
LANGUAGE_CHOICES = [("fr", "Français"), ("de", "Deutsch"), ("it", "Italiano"), ("en", "English")]


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person with an account; they sign in with their email address."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(
        _("language for messages"),
        max_length=2,
        default="fr",
        choices=LANGUAGE_CHOICES,
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    objects = UserManager()  # type: ignore[misc,assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def roles(self) -> set[str]:
        """The roles this person holds in any organisation (cached per instance)."""
        if not hasattr(self, "_roles_cache"):
            self._roles_cache = set(self.memberships.values_list("role", flat=True))
        return self._roles_cache

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles() & set(roles))

    @property
    def is_staff_role(self) -> bool:
        """True when one of the person's roles requires a second factor."""
        return bool(self.roles() & STAFF_ROLES)


class InstitutionType(models.TextChoices):
    """What kind of health institution: it names the distinction it may earn."""

    HOSPITAL = "hospital", _("hospital")
    CLINIC = "clinic", _("clinic")
    AMBULATORY = "ambulatory", _("ambulatory health institution")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def visible_to(self, user: Any) -> OrganisationQuerySet:
        """Organisations whose workspace the user may open.

        The national office sees all of them; everybody else sees the
        organisations they belong to.
        """
        if not user.is_authenticated:
            return self.none()
        if user.has_role(Role.NATIONAL_COORDINATOR, Role.QUALITY_REVIEWER):
            return self.all()
        return self.filter(memberships__user=user).distinct()

    def active_centres(self) -> OrganisationQuerySet:
        """The regional centres at work today (those that take groups, requests and proposals)."""
        return self.filter(kind=OrganisationKind.REGIONAL_CENTRE, is_active=True)

    def covering(self, canton: Any) -> OrganisationQuerySet:
        """The active regional centres covering a canton, the responsible one (by name) first."""
        return self.active_centres().filter(cantons=canton).order_by("name")


class Organisation(models.Model):
    """An organisation of one of the kinds of the model, with its scope."""

    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("short code"), max_length=40, unique=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    canton = models.ForeignKey(
        Canton, verbose_name=_("canton"), on_delete=models.PROTECT, related_name="organisations"
    )
    # Scope of a regional centre: the cantons it covers.
    cantons = models.ManyToManyField(
        Canton, verbose_name=_("cantons covered"), blank=True, related_name="covering_organisations"
    )
    # The institution that runs a patient-partner platform, the centre responsible for a group.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Health institutions only: hospital, clinic or ambulatory institution.
    institution_type = models.CharField(
        _("type of institution"), max_length=20, choices=InstitutionType.choices, blank=True
    )
    # A regional centre's opening hours and the languages it counsels in, as the public reads them.
    hours = models.TextField(_("opening hours"), blank=True)
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), blank=True, related_name="organisations"
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A department or site of a health institution; each is in a canton."""

    institution = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("name"), max_length=200)
    canton = models.ForeignKey(
        Canton, verbose_name=_("canton"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"], name="unit_name_unique_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} – {self.name}"


class Profession(models.TextChoices):
    """The profession of a health institution's member (seed 000: interprofessional work)."""

    MEDICINE = "medicine", _("medicine")
    NURSING = "nursing", _("nursing")
    THERAPY = "therapy", _("therapy (physiotherapy, occupational or speech therapy)")
    PSYCHOLOGY = "psychology", _("psychology")
    SOCIAL_WORK = "social_work", _("social work")
    PHARMACY = "pharmacy", _("pharmacy")
    MANAGEMENT = "management", _("administration and management")
    OTHER = "other", _("other profession")


# The memberships that carry a profession: the people of a health institution.
PROFESSION_ROLES = frozenset({Role.HEALTH_PROFESSIONAL, Role.SELF_HELP_OFFICER, Role.MANAGEMENT})


class Membership(models.Model):
    """A person's role in an organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    # Health institutions only (PROFESSION_ROLES): a person may work in two institutions.
    profession = models.CharField(
        _("profession"), max_length=20, choices=Profession.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
            models.CheckConstraint(
                condition=Q(profession="") | Q(profession__in=Profession.values),
                name="membership_profession_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.organisation_id and self.role not in ROLES_BY_KIND[self.organisation.kind]:
            raise ValidationError(
                {"role": _("This role does not exist in this kind of organisation.")}
            )


def cantons_without_centre() -> models.QuerySet[Canton]:
    """The cantons no active regional centre covers (one query)."""
    # Not NULL: a centre without cantons would make ``NOT IN`` match nothing.
    covered = Organisation.objects.active_centres().filter(cantons__isnull=False).values("cantons")
    return Canton.objects.exclude(pk__in=covered)
