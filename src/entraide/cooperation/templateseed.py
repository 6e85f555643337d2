"""The first version of the convention template: the clauses of the model (seed 000), in four languages.

Only what the model says is here: the parties' commitment signed by the
institution's management, the six quality criteria and the catalogue of
measures, each party's part, the exchange between the parties, the yearly
self-evaluation with the national office's formative feedback, the quality
assurance every four years, the optional consultation and the distinction.
A triangle may add clauses of its own (a meeting rhythm, a notice period…).

Loaded by the data migration ``cooperation/0008``; the national office edits
later versions in the application.
"""

from __future__ import annotations

from typing import Any

from entraide.cooperation.reference import CRITERIA

# (key, (fr, de, it, en) titles, (fr, de, it, en) texts)
Clause = tuple[str, tuple[str, str, str, str], tuple[str, str, str, str]]


def _criteria(language: int) -> str:
    return "\n".join(f"{n}. {texts[language]}" for n, texts in sorted(CRITERIA.items()))


CLAUSES: list[Clause] = [
    (
        "purpose",
        ("Objet", "Gegenstand", "Oggetto", "Purpose"),
        (
            "Les parties forment un triangle de coopération selon le modèle « Promouvoir "
            "l'entraide dans l'hôpital / l'institution de santé ». La coopération renforce "
            "l'entraide autogérée en tant que complément aux traitements hospitaliers ou "
            "ambulatoires et au suivi post-hospitalier. Elle sensibilise les patient-e-s, leurs "
            "proches et les professionnel-le-s à l'entraide autogérée et encourage l'échange "
            "interprofessionnel et la participation des patient-e-s.",
            "Die Parteien bilden ein Kooperationsdreieck nach dem Modell «Gemeinschaftliche "
            "Selbsthilfe im Spital / in der Gesundheitsinstitution fördern». Die Kooperation "
            "stärkt die gemeinschaftliche Selbsthilfe als Ergänzung zur stationären oder "
            "ambulanten Behandlung und zur Nachsorge. Sie sensibilisiert Patientinnen und "
            "Patienten, ihre Angehörigen und die Fachpersonen für die gemeinschaftliche "
            "Selbsthilfe und fördert den interprofessionellen Austausch und die Partizipation "
            "der Patientinnen und Patienten.",
            "Le parti formano un triangolo di cooperazione secondo il modello «Promuovere "
            "l'autoaiuto nell'ospedale / nell'istituzione sanitaria». La cooperazione rafforza "
            "l'autoaiuto come complemento ai trattamenti ospedalieri o ambulatoriali e "
            "all'assistenza post-ospedaliera. Sensibilizza le pazienti e i pazienti, i loro "
            "familiari e i professionisti all'autoaiuto e promuove lo scambio interprofessionale "
            "e la partecipazione delle pazienti e dei pazienti.",
            "The parties form a cooperation triangle according to the model “Promoting "
            "self-help in the hospital / health institution”. The cooperation strengthens "
            "self-help as a complement to hospital or outpatient treatment and to the follow-up "
            "after hospital. It makes patients, their relatives and professionals aware of "
            "self-help and encourages exchange between professions and the participation of "
            "patients.",
        ),
    ),
    (
        "commitment",
        (
            "Engagement stratégique",
            "Strategisches Engagement",
            "Impegno strategico",
            "Strategic commitment",
        ),
        (
            "Cette convention de coopération est contraignante pour les parties. Signée par la "
            "direction de l'hôpital / de l'institution de santé, elle documente son engagement "
            "stratégique à promouvoir l'entraide autogérée.",
            "Diese Kooperationsvereinbarung ist für die Parteien verbindlich. Von der Leitung "
            "des Spitals / der Gesundheitsinstitution unterzeichnet, dokumentiert sie deren "
            "strategisches Engagement für die Förderung der gemeinschaftlichen Selbsthilfe.",
            "La presente convenzione di cooperazione è vincolante per le parti. Firmata dalla "
            "direzione dell'ospedale / dell'istituzione sanitaria, documenta il suo impegno "
            "strategico a promuovere l'autoaiuto.",
            "This convention binds the parties. Signed by the management of the hospital / "
            "health institution, it records the institution's strategic commitment to promote "
            "self-help.",
        ),
    ),
    (
        "criteria",
        (
            "Critères de qualité et catalogue de mesures",
            "Qualitätskriterien und Massnahmenkatalog",
            "Criteri di qualità e catalogo delle misure",
            "Quality criteria and measures catalogue",
        ),
        (
            "Sur la base des critères de qualité du modèle, le triangle de coopération élabore "
            "ensemble un catalogue de mesures et le met en œuvre. Les critères de qualité "
            "sont :\n" + _criteria(0),
            "Auf der Grundlage der Qualitätskriterien des Modells erarbeitet das "
            "Kooperationsdreieck gemeinsam einen Massnahmenkatalog und setzt ihn um. Die "
            "Qualitätskriterien sind:\n" + _criteria(1),
            "Sulla base dei criteri di qualità del modello, il triangolo di cooperazione "
            "elabora insieme un catalogo delle misure e lo attua. I criteri di qualità sono:\n"
            + _criteria(2),
            "On the basis of the model's quality criteria, the cooperation triangle draws up a "
            "measures catalogue together and implements it. The quality criteria are:\n"
            + _criteria(3),
        ),
    ),
    (
        "institution",
        (
            "Rôle de l'hôpital / de l'institution de santé",
            "Rolle des Spitals / der Gesundheitsinstitution",
            "Ruolo dell'ospedale / dell'istituzione sanitaria",
            "The hospital's / health institution's part",
        ),
        (
            "L'hôpital / l'institution de santé désigne une personne chargée de l'entraide. Il "
            "facilite la présentation de l'entraide autogérée, informe systématiquement et de "
            "manière ciblée les patient-e-s et leurs proches des offres d'entraide adaptées, "
            "informe en interne et en externe sur sa collaboration avec l'entraide autogérée "
            "et facilite la participation des groupes d'entraide.",
            "Das Spital / die Gesundheitsinstitution bezeichnet eine selbsthilfebeauftragte "
            "Person. Es ermöglicht die Selbstdarstellung der gemeinschaftlichen Selbsthilfe, "
            "informiert Patientinnen und Patienten und ihre Angehörigen systematisch und gezielt "
            "über passende Selbsthilfeangebote, informiert intern und extern über die "
            "Zusammenarbeit mit der gemeinschaftlichen Selbsthilfe und ermöglicht die "
            "Partizipation der Selbsthilfegruppen.",
            "L'ospedale / l'istituzione sanitaria designa una persona incaricata "
            "dell'autoaiuto. Agevola la presentazione dell'autoaiuto, informa in modo "
            "sistematico e mirato le pazienti e i pazienti e i loro familiari sulle offerte di "
            "autoaiuto adatte, informa internamente ed esternamente sulla collaborazione con "
            "l'autoaiuto e agevola la partecipazione dei gruppi di autoaiuto.",
            "The hospital / health institution names a self-help officer. It facilitates the "
            "presentation of self-help, informs patients and their relatives systematically "
            "and specifically of suitable self-help offers, informs internally and externally "
            "about its cooperation with self-help and facilitates the participation of "
            "self-help groups.",
        ),
    ),
    (
        "centre",
        (
            "Rôle du centre d'entraide régional",
            "Rolle des regionalen Selbsthilfezentrums",
            "Ruolo del centro regionale di autoaiuto",
            "The regional centre's part",
        ),
        (
            "Le centre d'entraide régional conseille les personnes qui souhaitent rejoindre un "
            "groupe, tient à jour la liste des groupes d'entraide de sa région, accompagne les "
            "nouveaux groupes durant leur création et aide les groupes à surmonter les défis "
            "qu'ils rencontrent. Il est l'interlocuteur de l'hôpital / de l'institution de santé "
            "et de ses professionnel-le-s pour toutes les questions liées à l'entraide.",
            "Das regionale Selbsthilfezentrum berät Personen, die sich einer Gruppe anschliessen "
            "möchten, führt die Liste der Selbsthilfegruppen seiner Region nach, begleitet neue "
            "Gruppen in der Gründungsphase und unterstützt die Gruppen bei den "
            "Herausforderungen, denen sie begegnen. Es ist Ansprechpartner des Spitals / der "
            "Gesundheitsinstitution und seiner Fachpersonen für alle Fragen rund um die "
            "Selbsthilfe.",
            "Il centro regionale di autoaiuto consiglia le persone che desiderano unirsi a un "
            "gruppo, tiene aggiornato l'elenco dei gruppi di autoaiuto della sua regione, "
            "accompagna i nuovi gruppi durante la loro fondazione e aiuta i gruppi ad "
            "affrontare le sfide che incontrano. È l'interlocutore dell'ospedale / "
            "dell'istituzione sanitaria e dei suoi professionisti per tutte le questioni legate "
            "all'autoaiuto.",
            "The regional centre advises people who wish to join a group, keeps the list of "
            "its region's self-help groups up to date, accompanies new groups while they are "
            "founded and helps groups with the challenges they meet. It is the hospital's / "
            "health institution's and its professionals' contact for every question about "
            "self-help.",
        ),
    ),
    (
        "groups",
        (
            "Rôle des groupes d'entraide",
            "Rolle der Selbsthilfegruppen",
            "Ruolo dei gruppi di autoaiuto",
            "The self-help groups' part",
        ),
        (
            "Les groupes d'entraide participants sont autogérés : leurs membres en assurent "
            "eux-mêmes la conduite. Ils se présentent aux patient-e-s, à leurs proches et aux "
            "professionnel-le-s, partagent leurs expériences et leurs connaissances et "
            "apportent le point de vue des personnes concernées là où l'hôpital / l'institution "
            "de santé les invite à participer.",
            "Die teilnehmenden Selbsthilfegruppen sind selbstorganisiert: Ihre Mitglieder "
            "leiten sie selbst. Sie stellen sich Patientinnen und Patienten, deren Angehörigen "
            "und den Fachpersonen vor, teilen ihre Erfahrungen und ihr Wissen und bringen die "
            "Sicht der Betroffenen dort ein, wo das Spital / die Gesundheitsinstitution sie zur "
            "Mitwirkung einlädt.",
            "I gruppi di autoaiuto partecipanti sono autogestiti: sono i loro membri a "
            "condurli. Si presentano alle pazienti e ai pazienti, ai loro familiari e ai "
            "professionisti, condividono le loro esperienze e conoscenze e portano il punto di "
            "vista delle persone interessate là dove l'ospedale / l'istituzione sanitaria li "
            "invita a partecipare.",
            "The participating self-help groups are self-managed: their members lead them. "
            "They present themselves to patients, their relatives and professionals, share "
            "their experience and knowledge, and bring the view of the people concerned "
            "wherever the hospital / health institution invites them to take part.",
        ),
    ),
    (
        "exchange",
        (
            "Échange entre les parties",
            "Austausch zwischen den Parteien",
            "Scambio tra le parti",
            "Exchange between the parties",
        ),
        (
            "Les parties garantissent l'échange d'informations et d'expériences entre les "
            "groupes d'entraide, le centre d'entraide et l'hôpital / l'institution de santé. "
            "Elles réfléchissent régulièrement ensemble à leur collaboration, d'égal à égal, "
            "pour aborder ouvertement les attentes et les besoins de chacun-e.",
            "Die Parteien gewährleisten den Informations- und Erfahrungsaustausch zwischen den "
            "Selbsthilfegruppen, dem Selbsthilfezentrum und dem Spital / der "
            "Gesundheitsinstitution. Sie reflektieren ihre Zusammenarbeit regelmässig gemeinsam "
            "und auf Augenhöhe, um die Erwartungen und Bedürfnisse aller offen anzusprechen.",
            "Le parti garantiscono lo scambio di informazioni e di esperienze tra i gruppi di "
            "autoaiuto, il centro di autoaiuto e l'ospedale / l'istituzione sanitaria. "
            "Riflettono regolarmente insieme sulla loro collaborazione, su un piano di parità, "
            "per affrontare apertamente le aspettative e i bisogni di ciascuno.",
            "The parties ensure the exchange of information and experience between the "
            "self-help groups, the centre and the hospital / health institution. They reflect "
            "together on their cooperation regularly, as equals, to discuss openly what each "
            "expects and needs.",
        ),
    ),
    (
        "self-evaluation",
        (
            "Auto-évaluation et feed-back formatif",
            "Selbstbewertung und formatives Feedback",
            "Autovalutazione e feedback formativo",
            "Self-evaluation and formative feedback",
        ),
        (
            "Après au moins une année de mise en œuvre réussie, un entretien d'auto-évaluation "
            "structuré a lieu au sein du triangle de coopération ; il est renouvelé chaque "
            "année. Le bureau national vérifie la documentation de l'entretien et transmet un "
            "feed-back formatif aux parties.",
            "Nach mindestens einem Jahr erfolgreicher Umsetzung findet im Kooperationsdreieck "
            "ein strukturiertes Selbstbewertungsgespräch statt; es wird jedes Jahr wiederholt. "
            "Die nationale Geschäftsstelle prüft die Dokumentation des Gesprächs und gibt den "
            "Parteien ein formatives Feedback.",
            "Dopo almeno un anno di attuazione riuscita, nel triangolo di cooperazione si "
            "svolge un colloquio di autovalutazione strutturato, ripetuto ogni anno. L'ufficio "
            "nazionale verifica la documentazione del colloquio e trasmette alle parti un "
            "feedback formativo.",
            "After at least one year of successful implementation, the cooperation triangle "
            "holds a structured self-evaluation interview, renewed every year. The national "
            "office checks the interview's documentation and gives the parties formative "
            "feedback.",
        ),
    ),
    (
        "quality",
        (
            "Assurance qualité et distinction",
            "Qualitätssicherung und Auszeichnung",
            "Garanzia della qualità e riconoscimento",
            "Quality assurance and distinction",
        ),
        (
            "Le bureau national réalise une assurance qualité tous les quatre ans. L'hôpital / "
            "l'institution de santé peut organiser sur place une séance de conseil sur la "
            "qualité avec le bureau national ; s'il opte pour cette voie et remplit les "
            "critères de qualité, il reçoit la distinction « Hôpital favorable à l'entraide » "
            "ou « Institution de santé favorable à l'entraide », valable quatre ans. Sous cette "
            "forme, le modèle est reconnu comme une mesure d'amélioration de la qualité par "
            "H+ Les Hôpitaux de Suisse.",
            "Die nationale Geschäftsstelle führt alle vier Jahre eine Qualitätssicherung durch. "
            "Das Spital / die Gesundheitsinstitution kann mit der nationalen Geschäftsstelle "
            "eine Qualitätsberatung vor Ort durchführen; wählt es diesen Weg und erfüllt es die "
            "Qualitätskriterien, erhält es die Auszeichnung «Selbsthilfefreundliches Spital» "
            "oder «Selbsthilfefreundliche Gesundheitsinstitution», die vier Jahre gültig ist. "
            "In dieser Form ist das Modell von H+ Die Spitäler der Schweiz als "
            "Qualitätsverbesserungsmassnahme anerkannt.",
            "L'ufficio nazionale effettua una garanzia della qualità ogni quattro anni. "
            "L'ospedale / l'istituzione sanitaria può organizzare in loco una consulenza sulla "
            "qualità con l'ufficio nazionale; se sceglie questa via e soddisfa i criteri di "
            "qualità, riceve il riconoscimento «Ospedale favorevole all'autoaiuto» o "
            "«Istituzione sanitaria favorevole all'autoaiuto», valido quattro anni. In questa "
            "forma, il modello è riconosciuto da H+ Gli Ospedali Svizzeri come misura di "
            "miglioramento della qualità.",
            "The national office carries out a quality assurance every four years. The "
            "hospital / health institution may hold an on-site quality consultation with the "
            "national office; if it chooses to and meets the quality criteria, it receives the "
            "distinction “self-help-friendly hospital” or “self-help-friendly health "
            "institution”, valid for four years. In this form, the model is recognised by H+ "
            "The Swiss Hospitals as a quality-improvement measure.",
        ),
    ),
    (
        "validity",
        (
            "Entrée en vigueur et modifications",
            "Inkrafttreten und Änderungen",
            "Entrata in vigore e modifiche",
            "Taking effect and changes",
        ),
        (
            "La convention entre en vigueur lorsque toutes les parties l'ont signée. Toute "
            "modification fait l'objet d'une nouvelle version, signée à nouveau par toutes les "
            "parties.",
            "Die Vereinbarung tritt in Kraft, sobald alle Parteien sie unterzeichnet haben. "
            "Jede Änderung erfolgt in einer neuen Version, die erneut von allen Parteien "
            "unterzeichnet wird.",
            "La convenzione entra in vigore quando tutte le parti l'hanno firmata. Ogni "
            "modifica è oggetto di una nuova versione, firmata nuovamente da tutte le parti.",
            "The convention takes effect once every party has signed it. Every change is made "
            "in a new version, signed again by every party.",
        ),
    ),
]

LANGUAGE_ORDER = ("fr", "de", "it", "en")


def clause_rows() -> list[dict[str, Any]]:
    """The first version's clauses as field values, in order."""
    rows = []
    for position, (key, titles, texts) in enumerate(CLAUSES, 1):
        row: dict[str, Any] = {"key": key, "position": position}
        for index, language in enumerate(LANGUAGE_ORDER):
            row[f"title_{language}"] = titles[index]
            row[f"text_{language}"] = texts[index]
        rows.append(row)
    return rows


def load_first_template(apps: Any, schema_editor: Any) -> None:
    """Publish version 1 of the template, then attach every existing convention to it.

    Each existing version of a convention gets the template's clauses in its
    triangle's language; a version already signed keeps its signature date, and
    its parties' signatures are recorded as given before signatures were kept
    per person (the signed copy, when there is one, is attached to each).
    """
    from django.utils import timezone

    Template = apps.get_model("cooperation", "ConventionTemplate")
    TemplateClause = apps.get_model("cooperation", "TemplateClause")
    ConventionVersion = apps.get_model("cooperation", "ConventionVersion")
    ConventionClause = apps.get_model("cooperation", "ConventionClause")
    ConventionSignature = apps.get_model("cooperation", "ConventionSignature")
    template = Template.objects.filter(number=1).first()
    if template is None:
        template = Template.objects.create(
            number=1, status="published", published_at=timezone.now()
        )
        TemplateClause.objects.bulk_create(
            TemplateClause(template=template, **row) for row in clause_rows()
        )
    clauses = list(TemplateClause.objects.filter(template=template).order_by("position"))
    new_clauses, signatures = [], []
    versions = ConventionVersion.objects.filter(template__isnull=True).select_related("triangle")
    for version in versions:
        language = version.triangle.language
        version.template = template
        version.language = language
        version.save(update_fields=["template", "language"])
        new_clauses += [
            ConventionClause(
                convention=version,
                position=clause.position,
                template_clause=clause,
                title=getattr(clause, f"title_{language}"),
                text=getattr(clause, f"text_{language}"),
            )
            for clause in clauses
        ]
        if version.signed_on:
            signatures += [
                ConventionSignature(
                    convention=version,
                    corner=corner,
                    signed_on=version.signed_on,
                    method="recorded",
                    document_id=version.signed_copy_id,
                )
                for corner in ("institution", "centre", "groups")
            ]
    ConventionClause.objects.bulk_create(new_clauses)
    ConventionSignature.objects.bulk_create(signatures)
