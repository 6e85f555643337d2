"""The demo journey of the Hôpital du Léman, whose people have demo accounts.

Two cooperations with the Vaud centre and the demo group contact's group:
oncology, signed in June 2025, with measures and its first self-evaluation
being prepared (due, so it can be submitted); adult psychiatry, in
preparation, with a first draft of its convention to be signed.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from entraide.accounts.models import Organisation, Role, Unit, User
from entraide.cooperation.models import (
    ConventionClause,
    ConventionSignature,
    ConventionTemplate,
    ConventionVersion,
    Corner,
    CriterionRating,
    LibraryMeasure,
    Measure,
    MeasureStatus,
    QualityCriterion,
    Rating,
    SelfEvaluation,
    SignatureMethod,
    TimelineEvent,
    TimelineKind,
    Triangle,
    TriangleStatus,
)
from entraide.cooperation.uploads import keep_pdf
from entraide.directory.models import Group

ONCOLOGY = "Hôpital du Léman – Oncologie"
PSYCHIATRY = "Hôpital du Léman – Psychiatrie adulte"
# A minimal valid PDF standing in for a scanned signed copy.
SIGNED_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@transaction.atomic
def load_demo_journey() -> int:
    """Create the two Léman cooperations once; returns how many exist."""
    hospital = Organisation.objects.get(code="hospital-leman")
    if hospital.institution_type != "hospital":
        hospital.institution_type = "hospital"
        hospital.save(update_fields=["institution_type"])
    centre = Organisation.objects.get(code="centre-vd")
    officer = User.objects.filter(
        memberships__organisation=hospital, memberships__role=Role.SELF_HELP_OFFICER
    ).first()
    groups = list(Group.objects.filter(organisation__code="group-deuil-lausanne"))
    if not Triangle.objects.filter(name=ONCOLOGY).exists():
        _oncology(hospital, centre, officer, groups)
    if not Triangle.objects.filter(name=PSYCHIATRY).exists():
        _psychiatry(hospital, centre, officer, groups)
    return Triangle.objects.filter(institution=hospital).count()


def _oncology(
    hospital: Organisation, centre: Organisation, officer: User | None, groups: list[Group]
) -> None:
    # After 30 April 2025: the national figures of that day (seed 000) stay 65 units.
    signed_on = date(2025, 6, 16)
    triangle = Triangle.objects.create(
        name=ONCOLOGY,
        institution=hospital,
        centre=centre,
        officer=officer,
        language="fr",
        started_on=date(2024, 11, 4),
        status=TriangleStatus.IMPLEMENTING,
    )
    triangle.units.set(Unit.objects.filter(institution=hospital, name="Service d'oncologie"))
    triangle.groups.set(groups)
    # Drafted from the template; the management and the centre signed in the application,
    # the group's contact uploaded the copy signed at the group's meeting.
    document = keep_pdf(SIGNED_PDF, "convention-oncologie-signee.pdf")
    version = _drafted(triangle, date(2025, 5, 20), signed_on=signed_on, signed_copy=document)
    _signatures(
        version,
        hospital,
        centre,
        groups,
        {"institution": date(2025, 6, 2), "centre": date(2025, 6, 5), "groups": signed_on},
        document,
    )
    for source in LibraryMeasure.objects.filter(criterion_id__in=[1, 3, 6])[:3]:
        Measure.objects.create(
            triangle=triangle,
            criterion=source.criterion,
            title=source.title,
            goal=source.description,
            owner=source.owner,
            due_on=date(2025, 12, 31),
            status=MeasureStatus.DONE,
            source=source,
        )
    Measure.objects.create(
        triangle=triangle,
        criterion_id=5,
        title="Rencontre d'échange oncologie – groupes – centre",
        goal="Deux rencontres par an, compte rendu partagé avec l'équipe soignante.",
        owner=Corner.CENTRE,
        due_on=date(2026, 12, 15),
        status=MeasureStatus.IN_PROGRESS,
    )
    evaluation = SelfEvaluation.objects.create(
        triangle=triangle, year=1, due_on=date(2026, 6, 16), interview_on=date(2026, 10, 8)
    )
    evaluation.attachments.add(keep_pdf(SIGNED_PDF, "compte-rendu-entretien.pdf"))
    CriterionRating.objects.bulk_create(
        CriterionRating(
            evaluation=evaluation,
            criterion=criterion,
            corner=corner,
            rating=(Rating.FULFILLED if criterion.pk in (1, 2, 6) else Rating.PARTLY)
            if corner != Corner.GROUPS
            else "",
            evidence="Voir le compte rendu de l'entretien." if corner == Corner.INSTITUTION else "",
        )
        for criterion in QualityCriterion.objects.all()
        for corner in Corner.values
    )
    for when, kind in (
        (date(2024, 11, 4), TimelineKind.CREATED),
        (date(2025, 5, 20), TimelineKind.CONVENTION_DRAFTED),
        (signed_on, TimelineKind.CONVENTION_SIGNED),
        (date(2025, 7, 1), TimelineKind.MEASURE_ADDED),
    ):
        TimelineEvent.objects.create(triangle=triangle, kind=kind, actor=officer, at=_noon(when))


def _psychiatry(
    hospital: Organisation, centre: Organisation, officer: User | None, groups: list[Group]
) -> None:
    triangle = Triangle.objects.create(
        name=PSYCHIATRY,
        institution=hospital,
        centre=centre,
        officer=officer,
        language="fr",
        started_on=date(2026, 9, 1),
    )
    triangle.units.set(
        Unit.objects.filter(institution=hospital, name="Service de psychiatrie adulte")
    )
    triangle.groups.set(groups)
    # Drafted, a meeting rhythm added; the management has signed, the centre and the group not yet.
    version = _drafted(triangle, date(2026, 10, 12))
    ConventionClause.objects.create(
        convention=version,
        position=version.clauses.count() + 1,
        title="Rencontres",
        text="Les parties se rencontrent au moins deux fois par an, au printemps et en automne.",
    )
    _signatures(version, hospital, centre, groups, {"institution": date(2026, 10, 20)}, None)
    TimelineEvent.objects.create(
        triangle=triangle, kind=TimelineKind.CREATED, actor=officer, at=_noon(date(2026, 9, 1))
    )
    TimelineEvent.objects.create(
        triangle=triangle,
        kind=TimelineKind.CONVENTION_DRAFTED,
        actor=officer,
        at=_noon(date(2026, 10, 12)),
    )


def _drafted(triangle: Triangle, drafted_on: date, **fields: object) -> ConventionVersion:
    """Version 1 of the triangle's convention, with the current template's clauses."""
    template = ConventionTemplate.objects.current()
    language = triangle.language
    version = ConventionVersion.objects.create(
        triangle=triangle,
        number=1,
        drafted_on=drafted_on,
        template=template,
        language=language,
        **fields,  # type: ignore[arg-type]
    )
    if template is not None:
        ConventionClause.objects.bulk_create(
            ConventionClause(
                convention=version,
                position=clause.position,
                template_clause=clause,
                title=clause.title_in(language),
                text=clause.text_in(language),
            )
            for clause in template.clauses.all()
        )
    return version


def _signatures(
    version: ConventionVersion,
    hospital: Organisation,
    centre: Organisation,
    groups: list[Group],
    days: dict[str, date],
    document: object,
) -> None:
    """Each party's signature by its demo signatory (the management, the staff, the contact)."""
    people = {
        "institution": (hospital, Role.MANAGEMENT),
        "centre": (centre, Role.CENTRE_STAFF),
        "groups": (groups[0].organisation if groups else None, Role.GROUP_CONTACT),
    }
    for corner, day in days.items():
        organisation, role = people[corner]
        user = User.objects.filter(
            memberships__organisation=organisation, memberships__role=role
        ).first()
        if user is None:
            continue
        uploaded = corner == "groups" and document is not None
        ConventionSignature.objects.create(
            convention=version,
            corner=corner,
            user=user,
            name=user.display_name or user.email,
            signed_on=day,
            method=SignatureMethod.UPLOAD if uploaded else SignatureMethod.APP,
            document=document if uploaded else None,  # type: ignore[misc]
        )


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))
