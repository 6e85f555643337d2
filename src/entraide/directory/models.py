"""The themes thesaurus and the self-help groups of the directory."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from entraide.accounts.models import Organisation, OrganisationKind, Role
from entraide.core.lib.constraints import explained
from entraide.core.models import Canton, Language
from entraide.directory.searchtext import group_search_text, search_text_changes

INTERFACE_LANGUAGES = ("fr", "de", "it", "en")


class ThemeCategory(models.TextChoices):
    SOMATIC = "somatic", _("physical illness")
    RARE_DISEASE = "rare_disease", _("rare disease")
    MENTAL_HEALTH = "mental_health", _("mental health")
    ADDICTION = "addiction", _("addiction")
    SOCIAL = "social", _("social situation")
    RELATIVES = "relatives", _("relatives")


class ThemeQuerySet(models.QuerySet["Theme"]):
    def active(self) -> ThemeQuerySet:
        return self.filter(is_active=True)


# Each constraint a form can reach, said in words on its field (never the constraint's name).
THEME_CONSTRAINT_MESSAGES = {
    "theme_category_valid": ("category", _("Please choose one of the categories in the list.")),
    "theme_not_its_own_broader": ("broader", _("A theme cannot be its own broader theme.")),
}
THEME_TERM_CONSTRAINT_MESSAGES = {
    "theme_term_unique": (
        "term",
        _("This term is already recorded for the theme in this language."),
    ),
}


class Theme(models.Model):  # type: ignore[django-manager-missing]
    """A theme of self-help: a stable code, a category, a label in each language."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=ThemeCategory.choices)
    broader = models.ForeignKey(
        "self",
        verbose_name=_("broader theme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="narrower",
    )
    label = models.CharField(_("label"), max_length=150)
    is_active = models.BooleanField(default=True)

    objects = ThemeQuerySet.as_manager()  # type: ignore[django-manager-missing]

    class Meta:
        ordering = ["label"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=ThemeCategory.values), name="theme_category_valid"
            ),
            models.CheckConstraint(
                condition=~Q(broader=models.F("pk")), name="theme_not_its_own_broader"
            ),
        ]

    def __str__(self) -> str:
        return self.label

    validate_constraints = explained(THEME_CONSTRAINT_MESSAGES)


class ThemeTerm(models.Model):
    """A label, synonym, lay term or abbreviation of a theme in one language, folded for search."""

    class Kind(models.TextChoices):
        LABEL = "label", _("preferred label")
        SYNONYM = "synonym", _("synonym")

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="terms")
    language = models.CharField(
        max_length=2, choices=[(code, code) for code in INTERFACE_LANGUAGES]
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SYNONYM)
    term = models.CharField(_("term"), max_length=150)
    folded = models.CharField(max_length=150, db_index=True, editable=False)

    class Meta:
        ordering = ["theme", "language", "kind", "term"]
        constraints = [
            models.UniqueConstraint(fields=["theme", "language", "term"], name="theme_term_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.language})"

    validate_constraints = explained(THEME_TERM_CONSTRAINT_MESSAGES)


class GroupType(models.TextChoices):
    SELF_MANAGED = "self_managed", _("self-managed")
    PROFESSIONALLY_GUIDED = "professionally_guided", _("professionally guided")
    ONLINE = "online", _("online only")
    ONE_TO_ONE = "one_to_one", _("one-to-one contact (rare condition)")


class Audience(models.TextChoices):
    AFFECTED = "affected", _("people affected")
    RELATIVES = "relatives", _("relatives")
    BOTH = "both", _("people affected and relatives")


class Rhythm(models.TextChoices):
    WEEKLY = "weekly", _("every week")
    FORTNIGHTLY = "fortnightly", _("every two weeks")
    MONTHLY = "monthly", _("once a month")
    IRREGULAR = "irregular", _("irregularly")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = 5, _("last")


class GroupStatus(models.TextChoices):
    FOUNDING = "founding", _("being founded")
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    CLOSED = "closed", _("closed")


class ContactMode(models.TextChoices):
    CENTRE = "centre", _("through the regional centre")
    DIRECT = "direct", _("directly with the group")


class Accessibility(models.TextChoices):
    UNKNOWN = "unknown", _("not known")
    ACCESSIBLE = "accessible", _("accessible without steps")
    LIMITED = "limited", _("partly accessible")
    NOT_ACCESSIBLE = "not_accessible", _("not accessible by wheelchair")


# A group the public may find is in one of these statuses (and listed).
PUBLIC_STATUSES = (GroupStatus.ACTIVE, GroupStatus.FOUNDING)


GROUP_CONSTRAINT_MESSAGES = {
    "group_type_valid": ("group_type", _("Please choose one of the types of group in the list.")),
    "group_audience_valid": ("audience", _("Please choose from the list for whom the group is.")),
    "group_status_valid": ("status", _("Please choose one of the statuses in the list.")),
    "group_meeting_ends_after_it_starts": (
        "end_time",
        _("The meeting must end after it starts: please check the start and end times."),
    ),
}


class GroupQuerySet(models.QuerySet["Group"]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        """Create groups in bulk with their search text (computed from each group's own fields).

        ``bulk_create`` skips ``save``; the place in name order and the vocabulary
        are kept by ``indexing.groups_bulk_create``, which every writer calls.
        """
        groups = list(objs)
        for group in groups:
            if not group.search_text:
                group.search_text = group_search_text(group)
        return super().bulk_create(groups, *args, **kwargs)

    def public(self) -> GroupQuerySet:
        """Groups the public may find: active or being founded, and not withdrawn as stale."""
        return self.filter(status__in=PUBLIC_STATUSES, is_listed=True)

    def stale(self) -> GroupQuerySet:
        """Groups withdrawn from the search because nobody confirmed their listing."""
        return self.filter(status__in=PUBLIC_STATUSES, is_listed=False)

    def visible_to(self, user: Any) -> GroupQuerySet:
        """The public groups, plus every group of the centres and groups the person works for."""
        if not user.is_authenticated:
            return self.public()
        if user.has_role(Role.NATIONAL_COORDINATOR, Role.QUALITY_REVIEWER):
            return self.all()
        own = Q(centre__memberships__user=user, centre__memberships__role=Role.CENTRE_STAFF) | Q(
            organisation__memberships__user=user
        )
        public = Q(status__in=PUBLIC_STATUSES, is_listed=True)
        return self.filter(own | public).distinct()


class Group(models.Model):
    """A self-help group as listed in the directory."""

    name = models.CharField(_("name"), max_length=200)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="groups")
    description = models.TextField(_("description"), blank=True)
    easy_read_summary = models.TextField(_("summary in easy language"), blank=True)
    group_type = models.CharField(
        _("type"), max_length=30, choices=GroupType.choices, default=GroupType.SELF_MANAGED
    )
    audience = models.CharField(
        _("for whom"), max_length=20, choices=Audience.choices, default=Audience.AFFECTED
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages spoken"), related_name="+"
    )
    rhythm = models.CharField(_("rhythm"), max_length=20, choices=Rhythm.choices, blank=True)
    weekday = models.PositiveSmallIntegerField(
        _("usual day"), choices=Weekday.choices, null=True, blank=True
    )
    week_of_month = models.PositiveSmallIntegerField(
        _("week of the month"),
        choices=WeekOfMonth.choices,
        null=True,
        blank=True,
        help_text=_("For monthly groups: for example the second Tuesday of the month."),
    )
    rhythm_anchor = models.DateField(
        _("a date on which the group meets"),
        null=True,
        blank=True,
        help_text=_("For groups that meet every two weeks: the weeks are counted from this date."),
    )
    start_time = models.TimeField(_("usual start time"), null=True, blank=True)
    end_time = models.TimeField(_("usual end time"), null=True, blank=True)
    is_online = models.BooleanField(_("meets online"), default=False)
    canton = models.ForeignKey(
        Canton, verbose_name=_("canton"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.CharField(_("municipality"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=10)
    address = models.CharField(_("meeting address"), max_length=200, blank=True)
    show_address = models.BooleanField(
        _("show the address publicly"),
        default=False,
        help_text=_(
            "Otherwise people reach the group through the centre, which protects anonymity."
        ),
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    venue_accessibility = models.CharField(
        _("access to the venue"),
        max_length=20,
        choices=Accessibility.choices,
        default=Accessibility.UNKNOWN,
    )
    cost_note = models.CharField(
        _("cost"),
        max_length=200,
        blank=True,
        help_text=_("Self-help is free; mention any contribution to room rent."),
    )
    contact_mode = models.CharField(
        _("contact"), max_length=10, choices=ContactMode.choices, default=ContactMode.CENTRE
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    centre = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible centre"),
        on_delete=models.PROTECT,
        related_name="listed_groups",
        limit_choices_to={"kind": OrganisationKind.REGIONAL_CENTRE},
    )
    # The group's own organisation, through which its contacts sign in.
    organisation = models.OneToOneField(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="group"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=GroupStatus.choices, default=GroupStatus.ACTIVE
    )
    is_listed = models.BooleanField(
        default=True, help_text="False while withdrawn from search as stale."
    )
    last_confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Folded text of the name, description and place, kept by save() (see searchtext).
    search_text = models.TextField(blank=True, editable=False)
    # The folded name, and the group's place in the order of all folded names (with
    # gaps, so that a new name takes a number between its neighbours): results
    # are listed in this order, which the search index can follow without sorting.
    sort_name = models.CharField(max_length=200, blank=True, editable=False)
    search_order = models.BigIntegerField(null=True, blank=True, unique=True, editable=False)

    objects = GroupQuerySet.as_manager()

    # Set on the groups of a result list by ``search.attach_themes_and_languages``.
    listed_themes: list[Theme]
    listed_languages: list[Language]

    class Meta:
        ordering = ["name"]
        verbose_name = _("self-help group")
        verbose_name_plural = _("self-help groups")
        indexes = [
            models.Index(fields=["status", "is_listed", "canton"]),
            # The search orders by name; a facet alone (a canton, a kind of group,
            # online groups) walks one of these in name order instead of sorting,
            # and counts from the index alone.
            models.Index(fields=["name", "status", "is_listed"], name="group_name_idx"),
            models.Index(
                fields=["canton", "name", "status", "is_listed"], name="group_canton_name_idx"
            ),
            models.Index(
                fields=["group_type", "name", "status", "is_listed"], name="group_type_name_idx"
            ),
            models.Index(
                fields=["is_online", "name", "status", "is_listed"], name="group_online_name_idx"
            ),
            models.Index(
                fields=["audience", "name", "status", "is_listed"], name="group_audience_name_idx"
            ),
            # "Near": the groups around a place are found in a box of coordinates.
            models.Index(fields=["latitude", "longitude"], name="group_coordinates_idx"),
            # A new or renamed group looks up its neighbours in name order.
            models.Index(fields=["sort_name", "id"], name="group_sort_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(group_type__in=GroupType.values), name="group_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="group_audience_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=GroupStatus.values), name="group_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | Q(start_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="group_meeting_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep the search text in step with the group's fields (the columns derived from them).

        Themes and languages reach the search index through their own links (see
        migration 0011); the text is computed here, so that no save, even from an
        instance read before the last change, leaves a stale search text behind.
        The place in name order and the vocabulary are kept by
        ``indexing.group_save``, which every writer calls instead of this.
        """
        fields = kwargs.get("update_fields")
        if search_text_changes(fields):
            self.search_text = group_search_text(self)
            if fields is not None:
                kwargs["update_fields"] = {*fields, "search_text"}
        super().save(*args, **kwargs)

    validate_constraints = explained(GROUP_CONSTRAINT_MESSAGES)

    @property
    def public_address(self) -> str:
        return self.address if self.show_address else ""


class SearchWord(models.Model):
    """A word found in the groups' search text: the vocabulary that typo tolerance reads.

    Filled when search texts are refreshed; a word no group uses any more
    matches nothing and costs nothing.
    """

    word = models.CharField(max_length=100, unique=True)
    length = models.PositiveSmallIntegerField(db_index=True)

    def __str__(self) -> str:
        return self.word
