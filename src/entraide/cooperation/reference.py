"""The six quality criteria of seed 000 and a first library of proven measures, in four languages.

Loaded by a data migration (reference data every installation needs); the
national office adds to the library afterwards.
"""

from __future__ import annotations

from typing import Any

# number → (fr, de, it, en)
CRITERIA: dict[int, tuple[str, str, str, str]] = {
    1: (
        "Il existe une personne chargée de l'entraide.",
        "Es gibt eine selbsthilfebeauftragte Person.",
        "Esiste una persona incaricata dell'autoaiuto.",
        "A person in charge of self-help exists.",
    ),
    2: (
        "La présentation de l'entraide autogérée est facilitée.",
        "Die Selbstdarstellung der gemeinschaftlichen Selbsthilfe wird ermöglicht.",
        "La presentazione dell'autoaiuto è agevolata.",
        "The presentation of self-help is facilitated.",
    ),
    3: (
        "Les patient-e-s sont systématiquement informé-e-s de manière ciblée des offres "
        "d'entraide adaptées.",
        "Patientinnen und Patienten werden systematisch und gezielt über passende "
        "Selbsthilfeangebote informiert.",
        "Le pazienti e i pazienti sono informati in modo sistematico e mirato sulle offerte "
        "di autoaiuto adatte.",
        "Patients are systematically and specifically informed of suitable self-help offers.",
    ),
    4: (
        "L'hôpital / l'institution de santé informe en interne et en externe sur la "
        "collaboration avec l'entraide autogérée.",
        "Das Spital / die Gesundheitsinstitution informiert intern und extern über die "
        "Zusammenarbeit mit der gemeinschaftlichen Selbsthilfe.",
        "L'ospedale / l'istituzione sanitaria informa internamente ed esternamente sulla "
        "collaborazione con l'autoaiuto.",
        "The hospital / health institution informs internally and externally about its "
        "cooperation with self-help.",
    ),
    5: (
        "L'échange d'informations et d'expériences entre les groupes d'entraide, le centre "
        "d'entraide et l'hôpital / l'institution de santé est garanti.",
        "Der Informations- und Erfahrungsaustausch zwischen Selbsthilfegruppen, "
        "Selbsthilfezentrum und Spital / Gesundheitsinstitution ist gewährleistet.",
        "Lo scambio di informazioni e di esperienze tra i gruppi di autoaiuto, il centro di "
        "autoaiuto e l'ospedale / l'istituzione sanitaria è garantito.",
        "Exchange of information and experience between the self-help groups, the centre and "
        "the hospital / health institution is ensured.",
    ),
    6: (
        "La participation des groupes d'entraide est facilitée.",
        "Die Partizipation der Selbsthilfegruppen wird ermöglicht.",
        "La partecipazione dei gruppi di autoaiuto è agevolata.",
        "The participation of self-help groups is facilitated.",
    ),
}

# (criterion, owner corner, (fr, de, it, en) titles, (fr, de, it, en) descriptions)
LIBRARY: list[tuple[int, str, tuple[str, str, str, str], tuple[str, str, str, str]]] = [
    (
        1,
        "institution",
        (
            "Nommer une personne chargée de l'entraide et la faire connaître",
            "Eine selbsthilfebeauftragte Person benennen und bekannt machen",
            "Nominare una persona incaricata dell'autoaiuto e farla conoscere",
            "Name a self-help officer and make them known",
        ),
        (
            "Son nom, son temps de travail réservé et ses coordonnées figurent dans l'intranet.",
            "Name, reservierte Arbeitszeit und Kontaktangaben stehen im Intranet.",
            "Nome, tempo di lavoro riservato e recapiti figurano nell'intranet.",
            "Their name, reserved working time and contact details are on the intranet.",
        ),
    ),
    (
        2,
        "groups",
        (
            "Présentation des groupes lors d'un colloque du service",
            "Vorstellung der Gruppen an einem Rapport der Abteilung",
            "Presentazione dei gruppi durante un colloquio del reparto",
            "Groups present themselves at a department meeting",
        ),
        (
            "Une fois par an, des membres de groupes présentent l'entraide aux équipes.",
            "Einmal jährlich stellen Gruppenmitglieder den Teams die Selbsthilfe vor.",
            "Una volta all'anno, membri dei gruppi presentano l'autoaiuto alle équipe.",
            "Once a year, group members present self-help to the care teams.",
        ),
    ),
    (
        2,
        "institution",
        (
            "Stand d'information de l'entraide dans le hall d'entrée",
            "Informationsstand der Selbsthilfe in der Eingangshalle",
            "Stand informativo dell'autoaiuto nell'atrio",
            "Self-help information stand in the entrance hall",
        ),
        (
            "L'hôpital met à disposition un emplacement et du matériel plusieurs fois par an.",
            "Das Spital stellt mehrmals im Jahr Platz und Material zur Verfügung.",
            "L'ospedale mette a disposizione uno spazio e materiale più volte all'anno.",
            "The hospital provides a place and materials several times a year.",
        ),
    ),
    (
        3,
        "institution",
        (
            "Informer sur l'entraide dans l'entretien de sortie",
            "Im Austrittsgespräch auf die Selbsthilfe hinweisen",
            "Informare sull'autoaiuto nel colloquio di dimissione",
            "Mention self-help in the discharge interview",
        ),
        (
            "La liste de contrôle de sortie contient une question sur les groupes adaptés.",
            "Die Austritts-Checkliste enthält eine Frage zu passenden Gruppen.",
            "La lista di controllo di dimissione contiene una domanda sui gruppi adatti.",
            "The discharge checklist includes a question on suitable groups.",
        ),
    ),
    (
        3,
        "centre",
        (
            "Feuilles d'information sur les groupes dans les services",
            "Informationsblätter zu den Gruppen in den Abteilungen",
            "Schede informative sui gruppi nei reparti",
            "Information sheets on the groups in the wards",
        ),
        (
            "Le centre tient à jour les feuilles remises aux patient-e-s.",
            "Das Zentrum hält die Blätter für die Patientinnen und Patienten aktuell.",
            "Il centro aggiorna le schede consegnate ai pazienti.",
            "The centre keeps the sheets handed to patients up to date.",
        ),
    ),
    (
        4,
        "institution",
        (
            "Publier la coopération sur le site web de l'hôpital",
            "Die Kooperation auf der Website des Spitals veröffentlichen",
            "Pubblicare la cooperazione sul sito web dell'ospedale",
            "Publish the cooperation on the hospital's website",
        ),
        (
            "Une page présente le triangle, les groupes et le centre, avec leurs contacts.",
            "Eine Seite stellt das Dreieck, die Gruppen und das Zentrum mit Kontakten vor.",
            "Una pagina presenta il triangolo, i gruppi e il centro, con i loro contatti.",
            "A page presents the triangle, the groups and the centre, with their contacts.",
        ),
    ),
    (
        5,
        "centre",
        (
            "Rencontre annuelle d'échange du triangle",
            "Jährliches Austauschtreffen des Dreiecks",
            "Incontro annuale di scambio del triangolo",
            "Yearly exchange meeting of the triangle",
        ),
        (
            "Le centre invite les groupes et l'hôpital ; un compte rendu est partagé.",
            "Das Zentrum lädt Gruppen und Spital ein; ein Protokoll wird geteilt.",
            "Il centro invita i gruppi e l'ospedale; un verbale viene condiviso.",
            "The centre invites the groups and the hospital; minutes are shared.",
        ),
    ),
    (
        6,
        "institution",
        (
            "Mettre gratuitement des salles à disposition des groupes",
            "Den Gruppen kostenlos Räume zur Verfügung stellen",
            "Mettere gratuitamente sale a disposizione dei gruppi",
            "Offer rooms to the groups free of charge",
        ),
        (
            "Les groupes réservent une salle de l'hôpital pour leurs rencontres.",
            "Die Gruppen reservieren einen Raum des Spitals für ihre Treffen.",
            "I gruppi prenotano una sala dell'ospedale per i loro incontri.",
            "The groups book a room of the hospital for their meetings.",
        ),
    ),
    (
        6,
        "groups",
        (
            "Associer des membres de groupes à un projet de l'hôpital",
            "Gruppenmitglieder in ein Projekt des Spitals einbeziehen",
            "Coinvolgere membri dei gruppi in un progetto dell'ospedale",
            "Involve group members in a project of the hospital",
        ),
        (
            "Par exemple la relecture d'une brochure pour les patient-e-s.",
            "Zum Beispiel das Gegenlesen einer Broschüre für Patientinnen und Patienten.",
            "Per esempio la rilettura di un opuscolo per i pazienti.",
            "For example reviewing a brochure for patients.",
        ),
    ),
]

LANGS = ("fr", "de", "it", "en")


def load_reference(apps: Any, schema_editor: Any) -> None:
    criterion_model = apps.get_model("cooperation", "QualityCriterion")
    measure_model = apps.get_model("cooperation", "LibraryMeasure")
    for number, titles in CRITERIA.items():
        fields = {f"title_{lang}": text for lang, text in zip(LANGS, titles, strict=True)}
        criterion_model.objects.update_or_create(
            number=number, defaults={"title": titles[0], **fields}
        )
    for number, owner, titles, descriptions in LIBRARY:
        fields = {f"title_{lang}": text for lang, text in zip(LANGS, titles, strict=True)}
        fields |= {
            f"description_{lang}": text for lang, text in zip(LANGS, descriptions, strict=True)
        }
        measure_model.objects.update_or_create(
            criterion_id=number,
            title=titles[0],
            defaults={"owner": owner, "description": descriptions[0], **fields},
        )
