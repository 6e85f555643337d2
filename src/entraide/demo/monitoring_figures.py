"""The figures of seed 000 that the demo cooperations reproduce (see ``demo.cooperation``).

The demo institutions and their triangles, the dates of their conventions, and
which ones evaluated themselves, received feedback or hold a distinction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from entraide.accounts.models import InstitutionType
from entraide.cooperation.models import Corner, EvaluationStatus, Rating

H, C, A = InstitutionType.HOSPITAL, InstitutionType.CLINIC, InstitutionType.AMBULATORY


# code, name, type, canton of the head office, language of its conventions
INSTITUTIONS_TABLE: list[tuple[str, str, str, str, str]] = [
    ("demo-ksp-glattal", "Kantonsspital Glattal (Demo)", H, "ZH", "de"),
    ("demo-klinik-zimmerberg", "Klinik am Zimmerberg (Demo)", C, "ZH", "de"),
    ("demo-ambulatorium-toesstal", "Ambulatorium Tösstal (Demo)", A, "ZH", "de"),
    ("demo-regionalspital-aaretal", "Regionalspital Aaretal (Demo)", H, "BE", "de"),
    ("demo-hopital-jura-bernois", "Hôpital régional du Jura bernois (démo)", H, "BE", "fr"),
    ("demo-psychiatrie-oberland", "Psychiatriezentrum Oberland (Demo)", C, "BE", "de"),
    ("demo-ksp-pilatus", "Kantonsspital Pilatus (Demo)", H, "LU", "de"),
    ("demo-spital-reusstal", "Spital Reusstal (Demo)", H, "UR", "de"),
    ("demo-klinik-zugerberg", "Klinik Zugerberg (Demo)", C, "ZG", "de"),
    ("demo-hopital-sarine", "Hôpital cantonal de la Sarine (démo)", H, "FR", "fr"),
    ("demo-soins-gruyere", "Centre de soins psychiatriques de la Gruyère (démo)", C, "FR", "fr"),
    ("demo-buergerspital-jurasuedfuss", "Bürgerspital Jurasüdfuss (Demo)", H, "SO", "de"),
    ("demo-spital-am-rhein", "Universitäres Spital am Rhein (Demo)", H, "BS", "de"),
    ("demo-ksp-baselbiet", "Kantonsspital Baselbiet (Demo)", H, "BL", "de"),
    ("demo-spitaeler-randen", "Spitäler Randen (Demo)", H, "SH", "de"),
    ("demo-ksp-saentis", "Kantonsspital Säntis (Demo)", H, "SG", "de"),
    ("demo-klinik-seeblick", "Klinik Seeblick (Demo)", C, "SG", "de"),
    ("demo-ksp-raetia", "Kantonsspital Rätia (Demo)", H, "GR", "de"),
    ("demo-ksp-freiamt", "Kantonsspital Freiamt (Demo)", H, "AG", "de"),
    ("demo-ambulatorium-fricktal", "Ambulatorium Fricktal (Demo)", A, "AG", "de"),
    ("demo-spital-thurgau-see", "Spital Thurgau-See (Demo)", H, "TG", "de"),
    ("demo-ospedale-tre-valli", "Ospedale regionale delle Tre Valli (demo)", H, "TI", "it"),
    ("demo-ospedale-verbano", "Ospedale regionale del Verbano (demo)", H, "TI", "it"),
    ("demo-hopital-gros-de-vaud", "Hôpital régional du Gros-de-Vaud (démo)", H, "VD", "fr"),
    ("demo-hopital-riviera", "Hôpital régional de la Riviera (démo)", H, "VD", "fr"),
    ("demo-clinique-jorat", "Clinique de réadaptation du Jorat (démo)", C, "VD", "fr"),
    ("demo-hopital-valais-central", "Hôpital régional du Valais central (démo)", H, "VS", "fr"),
    (
        "demo-hopital-montagnes",
        "Hôpital régional des Montagnes neuchâteloises (démo)",
        H,
        "NE",
        "fr",
    ),
    ("demo-hopital-saleve", "Hôpital régional du Salève (démo)", H, "GE", "fr"),
    ("demo-ambulatoire-servette", "Centre ambulatoire de la Servette (démo)", A, "GE", "fr"),
    (
        "demo-hopital-franches-montagnes",
        "Hôpital régional des Franches-Montagnes (démo)",
        H,
        "JU",
        "fr",
    ),
    ("demo-spital-mythen", "Spital Mythen (Demo)", H, "SZ", "de"),
    ("demo-ksp-glarnerland", "Kantonsspital Glarnerland (Demo)", H, "GL", "de"),
    ("demo-spital-sarnersee", "Spital Sarnersee (Demo)", H, "OW", "de"),
]

# institution (by code), canton of its units, convention signed on ("" not yet),
# cooperation ended on (""), the units' names separated by ";". The first triangle of
# an institution is the one that evaluates itself and may hold a distinction (below).
# On 2025-04-30: 65 units in 18 cantons (ZH 8, BE 7, LU 4, ZG 2, FR 3, SO 2, BS 3, BL 2,
# SH 2, SG 5, GR 3, AG 4, TG 3, TI 4, VD 6, VS 3, NE 2, GE 2).
TRIANGLES_TABLE: list[tuple[str, str, str, str, str]] = [
    ("demo-ksp-glattal", "ZH", "2021-03-18", "", "Onkologie;Innere Medizin;Frauenklinik"),
    ("demo-ksp-glattal", "ZH", "2023-02-07", "", "Psychiatrische Klinik;Rheumatologie"),
    ("demo-ksp-glattal", "ZH", "2025-11-12", "", "Kinderklinik;Palliativstation"),
    ("demo-klinik-zimmerberg", "ZH", "2022-06-20", "", "Psychosomatik;Suchtbehandlung"),
    ("demo-ambulatorium-toesstal", "ZH", "2024-10-03", "", "Ambulante Psychiatrie"),
    ("demo-regionalspital-aaretal", "BE", "2021-06-10", "", "Medizin;Onkologie;Geburtshilfe"),
    ("demo-regionalspital-aaretal", "BE", "2026-06-15", "", "Standort Thun-Süd;Notfallzentrum"),
    ("demo-hopital-jura-bernois", "BE", "2022-11-08", "", "Service de médecine;Site de la Suze"),
    ("demo-psychiatrie-oberland", "BE", "2024-03-12", "", "Erwachsenenpsychiatrie;Tagesklinik"),
    ("demo-ksp-pilatus", "LU", "2021-09-14", "", "Medizinische Klinik;Onkologie"),
    ("demo-ksp-pilatus", "LU", "2023-09-05", "", "Neurologie;Rehabilitation"),
    ("demo-spital-reusstal", "UR", "2022-05-10", "2024-09-30", "Innere Medizin"),
    ("demo-klinik-zugerberg", "ZG", "2024-01-22", "", "Psychiatrie;Psychosomatik"),
    ("demo-hopital-sarine", "FR", "2021-11-02", "", "Service d'oncologie;Service de pneumologie"),
    ("demo-soins-gruyere", "FR", "2024-06-18", "", "Unité adultes"),
    ("demo-buergerspital-jurasuedfuss", "SO", "2023-05-16", "", "Medizin;Onkologie"),
    ("demo-spital-am-rhein", "BS", "2021-04-20", "", "Onkologie;Kardiologie;Psychosomatik"),
    ("demo-ksp-baselbiet", "BL", "2022-09-27", "", "Standort Ergolz;Standort Birs"),
    ("demo-spitaeler-randen", "SH", "2023-11-21", "", "Innere Medizin;Psychiatrie"),
    ("demo-ksp-saentis", "SG", "2021-08-24", "", "Onkologie;Innere Medizin;Frauenklinik"),
    ("demo-klinik-seeblick", "SG", "2024-08-27", "", "Psychotherapie;Suchtmedizin"),
    ("demo-ksp-raetia", "GR", "2022-03-29", "", "Medizin;Onkologie;Psychiatrie"),
    ("demo-ksp-freiamt", "AG", "2022-01-18", "", "Innere Medizin;Onkologie"),
    ("demo-ambulatorium-fricktal", "AG", "2025-02-11", "", "Ambulante Onkologie;Diabetesberatung"),
    ("demo-spital-thurgau-see", "TG", "2023-03-14", "", "Medizin;Psychiatrie;Rehabilitation"),
    ("demo-ospedale-tre-valli", "TI", "2021-10-12", "", "Medicina interna;Oncologia"),
    ("demo-ospedale-verbano", "TI", "2023-06-20", "", "Psichiatria;Geriatria"),
    ("demo-ospedale-verbano", "TI", "2025-06-17", "", "Cure palliative"),
    ("demo-hopital-gros-de-vaud", "VD", "2021-02-09", "2025-12-31", "Médecine interne;Oncologie"),
    ("demo-hopital-riviera", "VD", "2022-04-26", "", "Service de psychiatrie;Service de gériatrie"),
    ("demo-clinique-jorat", "VD", "2024-11-19", "", "Réadaptation cardiaque;Neuroréadaptation"),
    ("demo-hopital-valais-central", "VS", "2022-08-16", "", "Service de médecine;Oncologie"),
    ("demo-hopital-valais-central", "VS", "2025-03-25", "", "Standort Oberwallis"),
    ("demo-hopital-montagnes", "NE", "2023-10-10", "", "Service de médecine;Psychiatrie"),
    ("demo-hopital-saleve", "GE", "2022-12-06", "", "Oncologie;Médecine de premier recours"),
    ("demo-ambulatoire-servette", "GE", "2026-09-08", "", "Consultation de diabétologie"),
    ("demo-hopital-franches-montagnes", "JU", "2025-09-23", "", "Médecine;Gériatrie"),
    ("demo-spital-mythen", "SZ", "2026-03-17", "", "Innere Medizin;Geriatrie"),
    ("demo-ksp-glarnerland", "GL", "", "", "Innere Medizin"),  # a draft, not signed
    ("demo-spital-sarnersee", "OW", "", "", "Akutsomatik"),  # no convention yet
]
# Conventions drafted but not signed yet.
DRAFTS = {"demo-ksp-glarnerland": "2026-10-01"}
# The Upper Valais site works in German.
TRIANGLE_LANGUAGES = {"Standort Oberwallis": "de"}


@dataclass(frozen=True)
class DemoTriangle:
    """A triangle of a demo institution: its units (name, canton) and its convention's dates."""

    units: tuple[tuple[str, str], ...]
    signed_on: str = ""  # "" while the convention is not signed
    ended_on: str = ""
    drafted_on: str = ""  # only for a draft that is not signed yet
    language: str = ""  # the institution's language when empty


@dataclass(frozen=True)
class DemoInstitution:
    code: str
    name: str
    type: str
    canton: str
    language: str
    triangles: tuple[DemoTriangle, ...]


def _demo_institutions() -> tuple[DemoInstitution, ...]:
    triangles: defaultdict[str, list[DemoTriangle]] = defaultdict(list)
    for code, canton, signed, ended, names in TRIANGLES_TABLE:
        units = tuple((name, canton) for name in names.split(";"))
        triangles[code].append(
            DemoTriangle(
                units=units,
                signed_on=signed,
                ended_on=ended,
                drafted_on="" if signed else DRAFTS.get(code, ""),
                language=TRIANGLE_LANGUAGES.get(units[0][0], ""),
            )
        )
    return tuple(
        DemoInstitution(code, name, kind, canton, language, tuple(triangles[code]))
        for code, name, kind, canton, language in INSTITUTIONS_TABLE
    )


INSTITUTIONS = _demo_institutions()

# A second, signed version of a convention (the first triangle of the institution).
RENEWALS = {"demo-ksp-glattal": "2024-02-01"}

RENEWAL_NOTES = {
    "fr": "Mise à jour des personnes de contact.",
    "de": "Aktualisierte Kontaktpersonen.",
    "it": "Aggiornamento delle persone di contatto.",
}

# Self-evaluations of the first triangle of these institutions, the first one first
# (evaluation k is due k years after the first signature; one not yet due is left out).
S = EvaluationStatus
EVALUATIONS: dict[str, tuple[str, ...]] = {
    "demo-ksp-glattal": (S.ANSWERED, S.ANSWERED, S.ANSWERED, S.REVIEWED),
    "demo-klinik-zimmerberg": (S.ANSWERED, S.REVIEWED),
    "demo-ksp-saentis": (S.REVIEWED, S.SUBMITTED),
    "demo-ospedale-tre-valli": (S.REVIEWED,),
    "demo-hopital-riviera": (S.SUBMITTED,),
    "demo-ksp-raetia": (S.REVIEWED,),
    "demo-hopital-sarine": (S.DRAFT,),
}
# How each criterion usually starts out (2 fulfilled, 1 partly, 0 not yet).
USUAL_START = {1: 2, 2: 1, 3: 0, 4: 1, 5: 1, 6: 0}
RATINGS = (Rating.NOT_YET, Rating.PARTLY, Rating.FULFILLED)

# Distinctions (first triangle of the institution): awarded on, or None for the one
# that expires 45 days after the day the demo is loaded.
DISTINCTIONS: dict[str, str | None] = {
    "demo-ksp-glattal": "2024-05-14",
    "demo-ksp-saentis": "2025-03-04",
    "demo-klinik-zimmerberg": "2025-10-21",
    "demo-ospedale-tre-valli": None,
}

OWN_MEASURES = {
    "fr": (5, Corner.CENTRE, "Rencontre annuelle des groupes avec les équipes soignantes"),
    "de": (5, Corner.CENTRE, "Jährliches Treffen der Gruppen mit den Pflegeteams"),
    "it": (5, Corner.CENTRE, "Incontro annuale dei gruppi con le équipe curanti"),
}
SIGNATORIES = {
    "fr": "Direction générale, {institution}\nDirection, {centre}\nReprésentante des groupes d'entraide",
    "de": "Spitaldirektion, {institution}\nLeitung, {centre}\nVertretung der Selbsthilfegruppen",
    "it": "Direzione generale, {institution}\nDirezione, {centre}\nRappresentante dei gruppi di autoaiuto",
}
FEEDBACK = {
    "fr": (
        "Un bon travail de fond ; l'information systématique des patient-e-s reste à consolider.",
        "Merci pour la documentation précise.",
        "Nous intégrons ces remarques au catalogue de mesures de l'an prochain.",
    ),
    "de": (
        "Gute Grundlagenarbeit; die systematische Information der Patientinnen und Patienten "
        "ist noch zu festigen.",
        "Danke für die genaue Dokumentation.",
        "Wir nehmen die Hinweise in den Massnahmenkatalog des nächsten Jahres auf.",
    ),
    "it": (
        "Un buon lavoro di base; l'informazione sistematica dei pazienti va ancora consolidata.",
        "Grazie per la documentazione precisa.",
        "Integriamo queste osservazioni nel catalogo delle misure dell'anno prossimo.",
    ),
}
