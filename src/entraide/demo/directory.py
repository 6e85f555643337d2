"""Fictional demo groups spread like the real ones: French in Romandie, Italian in Ticino,
German elsewhere, both languages in the bilingual cantons, some online-only and some
professionally guided groups."""

from __future__ import annotations

import random
from datetime import date, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from entraide.accounts.models import Organisation, OrganisationKind
from entraide.core.jobs import refresh_planner_statistics
from entraide.core.models import Canton, Language
from entraide.directory.indexing import groups_bulk_create
from entraide.directory.models import Audience, ContactMode, Group, GroupType, Rhythm, Theme
from entraide.directory.places import PLACES, locate

DEMO_GROUPS = 640

# The themes the search box and the home page give as examples have groups in every
# language region: (theme, canton, town, postal code, language). The first two are the
# groups of the demo's group organisations (their names are the same).
EXAMPLE_GROUPS = [
    ("bereavement", "VD", "Lausanne", "1003", "fr"),
    ("bereavement", "BE", "Bern", "3011", "de"),
    ("bereavement", "TI", "Lugano", "6900", "it"),
    ("bereavement", "ZH", "Zürich", "8001", "de"),
    ("breast-cancer", "GE", "Genève", "1201", "fr"),
    ("breast-cancer", "ZH", "Winterthur", "8400", "de"),
    ("breast-cancer", "TI", "Bellinzona", "6500", "it"),
    ("cancer", "VD", "Vevey", "1800", "fr"),
    ("cancer", "LU", "Luzern", "6003", "de"),
    ("cancer", "TI", "Locarno", "6600", "it"),
    ("depression", "FR", "Fribourg", "1700", "fr"),
    ("depression", "BS", "Basel", "4051", "de"),
    ("depression", "TI", "Mendrisio", "6850", "it"),
]

# Roughly the share of the population, so that the groups spread like the people.
WEIGHTS = {
    "ZH": 18,
    "BE": 12,
    "LU": 5,
    "UR": 1,
    "SZ": 2,
    "OW": 1,
    "NW": 1,
    "GL": 1,
    "ZG": 2,
    "FR": 4,
    "SO": 3,
    "BS": 3,
    "BL": 3,
    "SH": 1,
    "AR": 1,
    "AI": 1,
    "SG": 6,
    "GR": 2,
    "AG": 8,
    "TG": 3,
    "TI": 4,
    "VD": 9,
    "VS": 4,
    "NE": 2,
    "GE": 6,
    "JU": 1,
}
NAMES = {
    "fr": "Groupe d'entraide {theme} – {place}",
    "de": "Selbsthilfegruppe {theme} {place}",
    "it": "Gruppo di autoaiuto {theme} – {place}",
}
DESCRIPTIONS = {
    "fr": "Nous sommes des personnes qui vivent la même situation. Nous nous rencontrons pour partager "
    "nos expériences, nous soutenir et trouver ensemble des idées pour le quotidien. Tout ce qui est dit "
    "reste dans le groupe.",
    "de": "Wir sind Menschen in einer ähnlichen Lebenslage. Wir treffen uns, um Erfahrungen auszutauschen, "
    "einander zu stärken und gemeinsam Wege für den Alltag zu finden. Was in der Gruppe gesagt wird, "
    "bleibt in der Gruppe.",
    "it": "Siamo persone che vivono la stessa situazione. Ci incontriamo per condividere le nostre "
    "esperienze, sostenerci a vicenda e trovare insieme idee per la vita di tutti i giorni. Ciò che "
    "viene detto resta nel gruppo.",
}


@transaction.atomic
def load_demo_groups(
    count: int = DEMO_GROUPS, places: dict[str, list[tuple[str, str, str]]] | None = None
) -> int:
    """Create the demo groups once (seeded, so always the same); returns how many exist.

    ``places`` replaces the towns of each canton (the benchmark spreads its
    100,000 groups over every Swiss locality).
    """
    places = places or PLACES
    if Group.objects.exists():
        return Group.objects.count()
    themes = list(Theme.objects.active().order_by("code"))
    if not themes:
        return 0
    rng = random.Random(2026)
    cantons = {c.code: c for c in Canton.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    centres = {}
    for centre in Organisation.objects.filter(
        kind=OrganisationKind.REGIONAL_CENTRE
    ).prefetch_related("cantons"):
        for covered in centre.cantons.all():
            centres[covered.code] = centre
    codes = list(WEIGHTS)
    now = timezone.now()
    groups, memberships = [], []
    by_code = {theme.code: theme for theme in themes}
    examples = [example for example in EXAMPLE_GROUPS if example[0] in by_code]
    for n in range(count):
        canton = rng.choices(codes, weights=[WEIGHTS[c] for c in codes])[0]
        place, postal_code, language = rng.choice(places[canton])
        theme = rng.choice(themes)
        if n < len(examples):
            code, canton, place, postal_code, language = examples[n]
            theme = by_code[code]
        label = getattr(theme, f"label_{language}") or theme.label
        kind = rng.choices(
            [
                GroupType.SELF_MANAGED,
                GroupType.PROFESSIONALLY_GUIDED,
                GroupType.ONLINE,
                GroupType.ONE_TO_ONE,
            ],
            weights=[70, 15, 10, 5],
        )[0]
        spoken = {language}
        if canton in ("FR", "VS", "BE") and rng.random() < 0.3:
            spoken.add("de" if language == "fr" else "fr")
        weekly = rng.random() < 0.25
        rhythm = Rhythm.WEEKLY if weekly else rng.choice([Rhythm.FORTNIGHTLY, Rhythm.MONTHLY])
        # Spread the groups of a town over a few streets around its centre.
        latitude, longitude = locate(postal_code, place) or (None, None)
        if latitude is not None and longitude is not None:
            latitude += rng.uniform(-0.01, 0.01)
            longitude += rng.uniform(-0.01, 0.01)
        groups.append(
            Group(
                name=NAMES[language].format(theme=label, place=place)
                + (f" {n // 100 + 1}" if n >= 100 else ""),
                description=DESCRIPTIONS[language],
                group_type=kind,
                audience=Audience.RELATIVES
                if theme.category == "relatives"
                else rng.choice([Audience.AFFECTED, Audience.AFFECTED, Audience.BOTH]),
                rhythm=rhythm,
                week_of_month=rng.randint(1, 5) if rhythm == Rhythm.MONTHLY else None,
                rhythm_anchor=date(2026, 1, 5) + timedelta(days=rng.randrange(14))
                if rhythm == Rhythm.FORTNIGHTLY
                else None,
                weekday=rng.randrange(5),
                start_time=time(rng.choice([14, 18, 19, 19, 20]), rng.choice([0, 30])),
                is_online=kind == GroupType.ONLINE or rng.random() < 0.05,
                canton=cantons[canton],
                municipality=place,
                postal_code=postal_code,
                latitude=latitude,
                longitude=longitude,
                show_address=rng.random() < 0.2,
                address="Salle communale"
                if language == "fr"
                else "Gemeinschaftsraum"
                if language == "de"
                else "Sala comunale",
                contact_mode=ContactMode.DIRECT if rng.random() < 0.2 else ContactMode.CENTRE,
                contact_email=f"groupe{n}@demo.entraide.example",
                centre=centres[canton],
                last_confirmed_at=now - timedelta(days=rng.randrange(400)),
            )
        )
        memberships.append((theme, spoken))
    created = groups_bulk_create(groups, batch_size=2000)
    Through: Any = Group.themes.through
    Through.objects.bulk_create(
        (Through(group=g, theme=t) for g, (t, _) in zip(created, memberships, strict=True)),
        batch_size=2000,
    )
    LangThrough: Any = Group.languages.through
    LangThrough.objects.bulk_create(
        (
            LangThrough(group=g, language=languages[code])
            for g, (_, spoken) in zip(created, memberships, strict=True)
            for code in sorted(spoken)
        ),
        batch_size=2000,
    )
    # The demo's group organisations look after the group of their name.
    for organisation in Organisation.objects.filter(kind=OrganisationKind.SELF_HELP_GROUP):
        Group.objects.filter(name=organisation.name, organisation=None).update(
            organisation=organisation
        )
    # The planner needs statistics to use the search indexes: refresh them now, not tomorrow.
    refresh_planner_statistics(now=now)
    return len(created)
