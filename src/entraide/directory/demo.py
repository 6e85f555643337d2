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
from entraide.directory.models import Audience, ContactMode, Group, GroupType, Rhythm, Theme
from entraide.directory.places import locate

DEMO_GROUPS = 640

# Municipality, postal code, main language; a few per canton, larger cantons more.
PLACES: dict[str, list[tuple[str, str, str]]] = {
    "ZH": [
        ("Zürich", "8001", "de"),
        ("Winterthur", "8400", "de"),
        ("Uster", "8610", "de"),
        ("Dietikon", "8953", "de"),
    ],
    "BE": [
        ("Bern", "3011", "de"),
        ("Biel/Bienne", "2502", "fr"),
        ("Thun", "3600", "de"),
        ("Moutier", "2740", "fr"),
    ],
    "LU": [("Luzern", "6003", "de"), ("Emmen", "6020", "de")],
    "UR": [("Altdorf", "6460", "de")],
    "SZ": [("Schwyz", "6430", "de"), ("Einsiedeln", "8840", "de")],
    "OW": [("Sarnen", "6060", "de")],
    "NW": [("Stans", "6370", "de")],
    "GL": [("Glarus", "8750", "de")],
    "ZG": [("Zug", "6300", "de"), ("Baar", "6340", "de")],
    "FR": [
        ("Fribourg", "1700", "fr"),
        ("Bulle", "1630", "fr"),
        ("Murten", "3280", "de"),
        ("Düdingen", "3186", "de"),
    ],
    "SO": [("Solothurn", "4500", "de"), ("Olten", "4600", "de")],
    "BS": [("Basel", "4051", "de"), ("Riehen", "4125", "de")],
    "BL": [("Liestal", "4410", "de"), ("Allschwil", "4123", "de")],
    "SH": [("Schaffhausen", "8200", "de")],
    "AR": [("Herisau", "9100", "de")],
    "AI": [("Appenzell", "9050", "de")],
    "SG": [("St. Gallen", "9000", "de"), ("Rapperswil-Jona", "8640", "de"), ("Wil", "9500", "de")],
    "GR": [("Chur", "7000", "de"), ("Davos", "7270", "de"), ("Poschiavo", "7742", "it")],
    "AG": [("Aarau", "5000", "de"), ("Baden", "5400", "de"), ("Wettingen", "5430", "de")],
    "TG": [("Frauenfeld", "8500", "de"), ("Kreuzlingen", "8280", "de")],
    "TI": [
        ("Lugano", "6900", "it"),
        ("Bellinzona", "6500", "it"),
        ("Locarno", "6600", "it"),
        ("Mendrisio", "6850", "it"),
    ],
    "VD": [
        ("Lausanne", "1003", "fr"),
        ("Yverdon-les-Bains", "1400", "fr"),
        ("Vevey", "1800", "fr"),
        ("Nyon", "1260", "fr"),
    ],
    "VS": [
        ("Sion", "1950", "fr"),
        ("Martigny", "1920", "fr"),
        ("Brig", "3900", "de"),
        ("Visp", "3930", "de"),
    ],
    "NE": [("Neuchâtel", "2000", "fr"), ("La Chaux-de-Fonds", "2300", "fr")],
    "GE": [("Genève", "1201", "fr"), ("Carouge", "1227", "fr"), ("Meyrin", "1217", "fr")],
    "JU": [("Delémont", "2800", "fr"), ("Porrentruy", "2900", "fr")],
}
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
    for n in range(count):
        canton = rng.choices(codes, weights=[WEIGHTS[c] for c in codes])[0]
        place, postal_code, language = rng.choice(places[canton])
        theme = rng.choice(themes)
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
    created = Group.objects.bulk_create(groups, batch_size=2000)
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
    # The planner needs statistics to use the search indexes: refresh them now, not tomorrow.
    refresh_planner_statistics(now=now)
    return len(created)
