"""Fictional but realistic demo data: organisations of every kind and one account per role."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.db import transaction

from entraide.accounts.models import (
    STAFF_ROLES,
    Membership,
    Organisation,
    OrganisationKind,
    Profession,
    Role,
    Unit,
    User,
)
from entraide.accounts.organisations import OrganisationRow, organisations_import
from entraide.core.models import Canton

DEMO_PASSWORD = "Entraide-demo-2026"  # noqa: S105 – printed for testers, demo mode only
K = OrganisationKind

# code, kind, name, home canton, cantons covered, parent code, email
ORGANISATIONS = [
    (
        "office",
        K.NATIONAL_OFFICE,
        "Office national de l'entraide (démo)",
        "BE",
        "",
        "",
        "office@demo.entraide.example",
    ),
    (
        "centre-ge",
        K.REGIONAL_CENTRE,
        "Centre d'entraide Genève",
        "GE",
        "GE",
        "",
        "geneve@demo.entraide.example",
    ),
    (
        "centre-vd",
        K.REGIONAL_CENTRE,
        "Centre d'entraide Vaud",
        "VD",
        "VD",
        "",
        "vaud@demo.entraide.example",
    ),
    (
        "centre-fr",
        K.REGIONAL_CENTRE,
        "Centre d'entraide Fribourg – Selbsthilfe Freiburg",
        "FR",
        "FR",
        "",
        "fribourg@demo.entraide.example",
    ),
    (
        "centre-ne-ju",
        K.REGIONAL_CENTRE,
        "Centre d'entraide Neuchâtel-Jura",
        "NE",
        "NE JU",
        "",
        "arc@demo.entraide.example",
    ),
    (
        "centre-vs",
        K.REGIONAL_CENTRE,
        "Centre d'entraide Valais – Selbsthilfe Wallis",
        "VS",
        "VS",
        "",
        "valais@demo.entraide.example",
    ),
    (
        "centre-be",
        K.REGIONAL_CENTRE,
        "Selbsthilfezentrum Bern",
        "BE",
        "BE",
        "",
        "bern@demo.entraide.example",
    ),
    (
        "centre-basel",
        K.REGIONAL_CENTRE,
        "Selbsthilfezentrum beider Basel",
        "BS",
        "BS BL",
        "",
        "basel@demo.entraide.example",
    ),
    (
        "centre-zh",
        K.REGIONAL_CENTRE,
        "Selbsthilfezentrum Zürich",
        "ZH",
        "ZH",
        "",
        "zuerich@demo.entraide.example",
    ),
    (
        "centre-central",
        K.REGIONAL_CENTRE,
        "Selbsthilfezentrum Zentralschweiz",
        "LU",
        "LU UR SZ OW NW ZG",
        "",
        "zentral@demo.entraide.example",
    ),
    (
        "centre-east",
        K.REGIONAL_CENTRE,
        "Selbsthilfezentrum Ostschweiz",
        "SG",
        "SG AR AI TG GL",
        "",
        "ost@demo.entraide.example",
    ),
    (
        "centre-ag-so",
        K.REGIONAL_CENTRE,
        "Selbsthilfezentrum Aargau-Solothurn",
        "AG",
        "AG SO",
        "",
        "aargau@demo.entraide.example",
    ),
    (
        "centre-sh",
        K.REGIONAL_CENTRE,
        "Selbsthilfezentrum Schaffhausen",
        "SH",
        "SH",
        "",
        "schaffhausen@demo.entraide.example",
    ),
    (
        "centre-gr",
        K.REGIONAL_CENTRE,
        "Selbsthilfe Graubünden",
        "GR",
        "GR",
        "",
        "graubuenden@demo.entraide.example",
    ),
    (
        "centre-ti",
        K.REGIONAL_CENTRE,
        "Centro di autoaiuto Ticino",
        "TI",
        "TI",
        "",
        "ticino@demo.entraide.example",
    ),
    (
        "group-deuil-lausanne",
        K.SELF_HELP_GROUP,
        "Groupe d'entraide Deuil – Lausanne",
        "VD",
        "",
        "centre-vd",
        "",
    ),
    (
        "group-trauer-bern",
        K.SELF_HELP_GROUP,
        "Selbsthilfegruppe Trauer Bern",
        "BE",
        "",
        "centre-be",
        "",
    ),
    (
        "hospital-leman",
        K.HEALTH_INSTITUTION,
        "Hôpital du Léman (démo)",
        "VD",
        "",
        "",
        "entraide@hopital-leman.example",
    ),
    (
        "spital-aare",
        K.HEALTH_INSTITUTION,
        "Kantonsspital Aare (Demo)",
        "AG",
        "",
        "",
        "selbsthilfe@spital-aare.example",
    ),
    (
        "clinica-ceresio",
        K.HEALTH_INSTITUTION,
        "Clinica Ceresio (demo)",
        "TI",
        "",
        "",
        "autoaiuto@clinica-ceresio.example",
    ),
    (
        "platform-leman",
        K.PARTNER_PLATFORM,
        "Plateforme patients partenaires du Léman",
        "VD",
        "",
        "hospital-leman",
        "partenaires@hopital-leman.example",
    ),
    (
        "league-cancer",
        K.MEMBER_ORGANISATION,
        "Ligue de démonstration contre le cancer",
        "BE",
        "",
        "",
        "info@ligue-cancer.example",
    ),
    (
        "association-diabete",
        K.MEMBER_ORGANISATION,
        "Association démo Diabète Suisse",
        "ZH",
        "",
        "",
        "info@diabete.example",
    ),
]

# The centres' public phone and opening hours (in the centre's language), which the
# search shows when it finds few groups. Fictional numbers of the 555 range.
CENTRE_CONTACTS = {
    "centre-vd": ("021 555 10 20", "Lundi à vendredi, 9 h – 12 h et 14 h – 17 h"),
    "centre-ge": ("022 555 10 20", "Lundi, mardi et jeudi, 9 h – 17 h"),
    "centre-ti": ("091 555 10 20", "Lunedì–venerdì, 9:00–12:00"),
    "centre-be": ("031 555 10 20", "Montag bis Freitag, 9–12 Uhr"),
    "centre-zh": ("044 555 10 20", "Montag bis Donnerstag, 9–17 Uhr"),
}

UNITS = [
    ("hospital-leman", "Service d'oncologie", "VD"),
    ("hospital-leman", "Service de psychiatrie adulte", "VD"),
    ("hospital-leman", "Site de Nyon", "VD"),
    ("spital-aare", "Klinik für Innere Medizin", "AG"),
    ("spital-aare", "Psychiatrische Dienste", "AG"),
    ("clinica-ceresio", "Reparto di riabilitazione", "TI"),
]


# The demo institution's people state their profession (interprofessional work).
DEMO_PROFESSIONS: dict[str, str] = {
    Role.HEALTH_PROFESSIONAL: Profession.NURSING,
    Role.SELF_HELP_OFFICER: Profession.SOCIAL_WORK,
    Role.MANAGEMENT: Profession.MANAGEMENT,
}


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: str
    organisation: str
    language: str

    @property
    def mfa_required(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def totp_secret(self) -> str:
        """A fixed secret per demo account, so testers can compute the codes."""
        digest = hashlib.sha256(f"entraide-demo-totp:{self.email}".encode()).digest()[:20]
        return base64.b32encode(digest).decode()


ACCOUNTS = [
    DemoAccount(
        "coordinator@demo.entraide.example",
        "Nadia Coordinatrice",
        Role.NATIONAL_COORDINATOR,
        "office",
        "fr",
    ),
    DemoAccount(
        "reviewer@demo.entraide.example", "Reto Prüfer", Role.QUALITY_REVIEWER, "office", "de"
    ),
    DemoAccount(
        "centre@demo.entraide.example", "Claire Centre", Role.CENTRE_STAFF, "centre-vd", "fr"
    ),
    DemoAccount(
        "group@demo.entraide.example",
        "Gilles Groupe",
        Role.GROUP_CONTACT,
        "group-deuil-lausanne",
        "fr",
    ),
    DemoAccount(
        "officer@demo.entraide.example",
        "Sophie Responsable",
        Role.SELF_HELP_OFFICER,
        "hospital-leman",
        "fr",
    ),
    DemoAccount(
        "professional@demo.entraide.example",
        "Paul Soignant",
        Role.HEALTH_PROFESSIONAL,
        "hospital-leman",
        "fr",
    ),
    DemoAccount(
        "management@demo.entraide.example",
        "Marc Direction",
        Role.MANAGEMENT,
        "hospital-leman",
        "fr",
    ),
    DemoAccount(
        "platform@demo.entraide.example",
        "Pia Plateforme",
        Role.PLATFORM_COORDINATOR,
        "platform-leman",
        "fr",
    ),
    DemoAccount(
        "member@demo.entraide.example", "Mara Mitglied", Role.MEMBER, "league-cancer", "de"
    ),
    DemoAccount(
        "partner@demo.entraide.example",
        "Paola Partner",
        Role.PATIENT_PARTNER,
        "platform-leman",
        "it",
    ),
]


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    """Create or refresh the demo data; running it twice changes nothing."""
    cantons = {c.code: c for c in Canton.objects.all()}
    # The same path as ``manage.py import_organisations``, with codes and parents.
    rows = [
        OrganisationRow(
            line=line,
            kind=kind,
            name=name,
            cantons=tuple(covered.split()),
            email=email,
            code=code,
            home=home,
            parent=parent,
        )
        for line, (code, kind, name, home, covered, parent, email) in enumerate(ORGANISATIONS, 1)
    ]
    organisations_import(by=None, rows=rows)
    organisations = {
        o.code: o for o in Organisation.objects.filter(code__in=[row.code for row in rows])
    }
    for code, (phone, hours) in CENTRE_CONTACTS.items():
        if code in organisations:
            Organisation.objects.filter(pk=organisations[code].pk).update(phone=phone, hours=hours)
    for code, name, canton in UNITS:
        Unit.objects.update_or_create(
            institution=organisations[code], name=name, defaults={"canton": cantons[canton]}
        )
    for account in ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(account.email, DEMO_PASSWORD)
        user.display_name = account.name
        user.language = account.language
        user.is_staff = user.is_superuser = account.role == Role.NATIONAL_COORDINATOR
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.get_or_create(
            user=user,
            organisation=organisations[account.organisation],
            role=account.role,
            defaults={"profession": DEMO_PROFESSIONS.get(account.role, "")},
        )
        if account.mfa_required:
            Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
            TOTP.activate(user, account.totp_secret)
            RecoveryCodes.activate(user)
    return ACCOUNTS
