"""Fictional cooperations that reproduce the figures of seed 000 in the demo.

On 2025-04-30, 65 units of health institutions have a signed convention, in
18 cantons (the target being 80 units by the end of 2025; the demo's next
target is 45 cooperation triangles by the end of 2027). A few more signed after
that day (in two more cantons), one triangle ended before it and one after,
two are still being prepared. Some triangles adopted measures from the
library and wrote their own, some evaluated themselves and received feedback,
and a few institutions hold a distinction, one of which expires soon.

The demo institution "hospital-leman" is left alone: the demo journey starts
its cooperation from nothing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from entraide.accounts.models import (
    Organisation,
    OrganisationKind,
    Profession,
    Role,
    Unit,
    User,
)
from entraide.cooperation.models import (
    DISTINCTION_YEARS,
    CommitteeKind,
    CommitteeParticipation,
    ConsultationStatus,
    ConventionVersion,
    CooperationTarget,
    Corner,
    CriterionFeedback,
    CriterionRating,
    Distinction,
    DistinctionKind,
    LibraryMeasure,
    Measure,
    MeasureProfession,
    MeasureStatus,
    QualityConsultation,
    QualityFinding,
    QualityVisit,
    SelfEvaluation,
    TargetCounts,
    TimelineEvent,
    TimelineKind,
    Triangle,
    TriangleStatus,
)
from entraide.cooperation.schedule import (
    add_years,
    distinction_valid_until,
    evaluation_due_on,
)
from entraide.core.models import Canton
from entraide.demo.conventions import template_clauses_and_signatures, template_draft
from entraide.demo.monitoring_figures import (
    DISTINCTIONS,
    EVALUATIONS,
    FEEDBACK,
    INSTITUTIONS,
    OWN_MEASURES,
    RATINGS,
    RENEWAL_NOTES,
    RENEWALS,
    SIGNATORIES,
    USUAL_START,
    DemoInstitution,
    DemoTriangle,
    H,
    S,
)
from entraide.directory.models import Group

ZURICH = ZoneInfo("Europe/Zurich")
CONSULTATION_REPORT = {
    "fr": "Visite des services avec la personne chargée de l'entraide ; les six critères de "
    "qualité ont été passés en revue et des pistes pour l'information des patient-e-s notées.",
    "de": "Rundgang durch die Abteilungen mit der Beauftragten für Selbsthilfe; die sechs "
    "Qualitätskriterien wurden besprochen, Ideen zur Information der Patientinnen und "
    "Patienten festgehalten.",
    "it": "Visita dei reparti con la persona incaricata dell'autoaiuto; i sei criteri di "
    "qualità sono stati esaminati e annotate idee per l'informazione dei pazienti.",
}
NOT_MET_COMMENT = {
    "fr": "Les patient-e-s ne sont pas encore informé-e-s de manière systématique.",
    "de": "Die Patientinnen und Patienten werden noch nicht systematisch informiert.",
    "it": "I pazienti non sono ancora informati in modo sistematico.",
}


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=ZURICH)


def _rating(criterion: int, corner: int, seed: int, year_offset: int) -> str:
    """A plausible rating that improves year after year; corners do not always agree."""
    score = (
        USUAL_START[criterion] + year_offset - (1 if (seed + corner + criterion) % 4 == 0 else 0)
    )
    return RATINGS[max(0, min(2, score))]


def _institutions(cantons: dict[str, Canton]) -> dict[str, Organisation]:
    """The demo institutions, created where missing (two queries and one insert)."""
    existing = {
        o.code: o for o in Organisation.objects.filter(code__in=[i.code for i in INSTITUTIONS])
    }
    missing = [
        Organisation(
            kind=OrganisationKind.HEALTH_INSTITUTION,
            code=i.code,
            name=i.name,
            institution_type=i.type,
            canton=cantons[i.canton],
            email=f"entraide@{i.code.removeprefix('demo-')}.example",
        )
        for i in INSTITUTIONS
        if i.code not in existing
    ]
    Organisation.objects.bulk_create(missing)
    existing.update(
        {o.code: o for o in Organisation.objects.filter(code__in=[m.code for m in missing])}
    )
    return existing


def _units(institutions: dict[str, Organisation]) -> dict[tuple[str, str], Unit]:
    """The demo units keyed by (institution code, unit name), created where missing."""
    ids = [o.pk for o in institutions.values()]
    code_of = {o.pk: code for code, o in institutions.items()}
    found = {
        (code_of[u.institution_id], u.name): u for u in Unit.objects.filter(institution_id__in=ids)
    }
    missing = [
        Unit(institution=institutions[i.code], name=name, canton_id=canton)
        for i in INSTITUTIONS
        for t in i.triangles
        for name, canton in t.units
        if (i.code, name) not in found
    ]
    Unit.objects.bulk_create(missing)
    return {
        (code_of[u.institution_id], u.name): u for u in Unit.objects.filter(institution_id__in=ids)
    }


def _centres() -> tuple[dict[str, Organisation], Organisation]:
    """The regional centre covering each canton, and one to fall back on."""
    centres = list(
        Organisation.objects.filter(
            kind=OrganisationKind.REGIONAL_CENTRE, is_active=True
        ).prefetch_related("cantons")
    )
    if not centres:
        raise RuntimeError("Load the demo organisations first (demo.accounts.load_demo).")
    by_canton: dict[str, Organisation] = {}
    for centre in sorted(centres, key=lambda c: c.code):
        for canton in centre.cantons.all():
            by_canton.setdefault(canton.code, centre)
    return by_canton, centres[0]


def _status(
    *, signed: date | None, ended: date | None, today: date, evaluated: bool, distinguished: bool
) -> str:
    if ended and ended <= today:
        return TriangleStatus.ENDED
    if signed is None or signed > today:
        return TriangleStatus.PREPARATION
    if distinguished:
        return TriangleStatus.DISTINGUISHED
    if evaluated:
        return TriangleStatus.EVALUATED
    if signed <= today - timedelta(days=365):
        return TriangleStatus.IMPLEMENTING
    return TriangleStatus.SIGNED


# The national targets of the demo: seed 000's (also created by migration 0004), now
# past, and the next one, which counts cooperation triangles rather than units.
DEMO_TARGETS = (
    (80, TargetCounts.UNITS, date(2025, 12, 31), ""),
    (45, TargetCounts.TRIANGLES, date(2027, 12, 31), "Programme 2026–2027"),
)


def load_demo_targets() -> None:
    """The demo's past and active national targets (once)."""
    for value, counts, due_on, label in DEMO_TARGETS:
        CooperationTarget.objects.get_or_create(
            counts=counts, due_on=due_on, defaults={"value": value, "label": label}
        )


@transaction.atomic
def load_demo_cooperations(today: date | None = None) -> int:
    """Add the demo cooperations once; returns the number of triangles added (0 if present).

    Idempotent: nothing is added when the demo institutions already have triangles.
    """
    today = today or timezone.localdate()
    load_demo_targets()
    codes = [i.code for i in INSTITUTIONS]
    if Triangle.objects.filter(institution__code__in=codes).exists():
        return 0
    cantons = {c.code: c for c in Canton.objects.all()}
    institutions = _institutions(cantons)
    units = _units(institutions)
    centre_of, any_centre = _centres()
    groups_of: defaultdict[tuple[int, str], list[int]] = defaultdict(list)
    for pk, centre_id, canton in (
        Group.objects.public().order_by("pk").values_list("pk", "centre_id", "canton_id")
    ):
        if len(groups_of[centre_id, canton]) < 2:
            groups_of[centre_id, canton].append(pk)
    library = list(LibraryMeasure.objects.filter(is_active=True).order_by("criterion", "pk"))
    criteria = sorted({m.criterion_id for m in library} | set(USUAL_START))

    # The triangles first: everything else points to them.
    plan: list[tuple[DemoInstitution, int, DemoTriangle, Triangle]] = []
    for institution in INSTITUTIONS:
        for index, spec in enumerate(institution.triangles):
            signed, ended = _day(spec.signed_on), _day(spec.ended_on)
            first_canton = spec.units[0][1]
            centre = centre_of.get(first_canton, any_centre)
            drafted = _day(spec.drafted_on) or (signed - timedelta(days=45) if signed else None)
            started = (drafted or today) - timedelta(days=60)
            first = index == 0
            planned = EVALUATIONS.get(institution.code, ()) if first else ()
            award = DISTINCTIONS.get(institution.code, "") if first else ""
            triangle = Triangle(
                name=f"{institutions[institution.code].name} – "
                + ", ".join(name for name, _canton in spec.units),
                institution=institutions[institution.code],
                centre=centre,
                language=spec.language or institution.language,
                started_on=started,
                ended_on=ended,
                status=_status(
                    signed=signed,
                    ended=ended,
                    today=today,
                    evaluated=any(s in (S.REVIEWED, S.ANSWERED) for s in planned),
                    distinguished=award != "",
                ),
            )
            plan.append((institution, index, spec, triangle))
    Triangle.objects.bulk_create([t for *_rest, t in plan])

    Units = Triangle.units.through
    Groups = Triangle.groups.through
    Units.objects.bulk_create(
        Units(triangle_id=t.pk, unit_id=units[i.code, name].pk)
        for i, _index, spec, t in plan
        for name, _canton in spec.units
    )
    Groups.objects.bulk_create(
        Groups(triangle_id=t.pk, group_id=pk)
        for _i, _index, spec, t in plan
        for pk in groups_of[t.centre_id, spec.units[0][1]]
    )

    conventions, measures, events, visits, distinctions = [], [], [], [], []
    consultations: list[QualityConsultation] = []
    undistinguished: list[Triangle] = []
    evaluations: list[tuple[SelfEvaluation, int, int, str]] = []
    for seed, (institution, index, spec, triangle) in enumerate(plan):
        signed, ended = _day(spec.signed_on), _day(spec.ended_on)
        language = triangle.language
        events.append(
            TimelineEvent(
                triangle=triangle, at=_moment(triangle.started_on), kind=TimelineKind.CREATED
            )
        )
        drafted = _day(spec.drafted_on) or (signed - timedelta(days=45) if signed else None)
        if drafted is None:
            continue
        signatories = SIGNATORIES[language].format(
            institution=triangle.institution.name, centre=triangle.centre.name
        )
        conventions.append(
            ConventionVersion(
                triangle=triangle,
                number=1,
                drafted_on=drafted,
                signatories=signatories,
                signed_on=signed,
                language=language,
            )
        )
        events.append(
            TimelineEvent(
                triangle=triangle, at=_moment(drafted), kind=TimelineKind.CONVENTION_DRAFTED
            )
        )
        if signed is None:
            continue
        events.append(
            TimelineEvent(
                triangle=triangle, at=_moment(signed), kind=TimelineKind.CONVENTION_SIGNED
            )
        )
        renewal = _day(RENEWALS.get(institution.code, "")) if index == 0 else None
        if renewal:
            conventions.append(
                ConventionVersion(
                    triangle=triangle,
                    number=2,
                    drafted_on=renewal - timedelta(days=30),
                    signatories=signatories,
                    notes=RENEWAL_NOTES[language],
                    signed_on=renewal,
                    language=language,
                )
            )
            events.append(
                TimelineEvent(
                    triangle=triangle, at=_moment(renewal), kind=TimelineKind.CONVENTION_SIGNED
                )
            )
        if ended:
            events.append(
                TimelineEvent(triangle=triangle, at=_moment(ended), kind=TimelineKind.STATUS)
            )
        # Two or three measures adopted from the library, and an own one every third triangle.
        picks = {library[(seed * k + k) % len(library)] for k in (1, 3, 7)} if library else set()
        for k, proven in enumerate(sorted(picks, key=lambda m: m.pk)):
            due = signed + timedelta(days=180 * (k + 1))
            status = (
                MeasureStatus.DROPPED
                if ended and ended <= today and due > ended
                else MeasureStatus.DONE
                if due < today - timedelta(days=90)
                else MeasureStatus.IN_PROGRESS
                if due < today + timedelta(days=180)
                else MeasureStatus.PLANNED
            )
            measures.append(
                Measure(
                    triangle=triangle,
                    criterion_id=proven.criterion_id,
                    title=str(getattr(proven, f"title_{language}", "") or proven.title),
                    goal=str(getattr(proven, f"description_{language}", "") or proven.description),
                    owner=proven.owner,
                    due_on=due,
                    status=status,
                    source=proven,
                )
            )
        if seed % 3 == 0:
            criterion, owner, title = OWN_MEASURES[language]
            measures.append(
                Measure(
                    triangle=triangle,
                    criterion_id=criterion,
                    title=title,
                    owner=owner,
                    due_on=add_years(signed, 1),
                    status=MeasureStatus.DONE
                    if add_years(signed, 1) < today
                    else MeasureStatus.PLANNED,
                )
            )
        if index == 0:
            for number, evaluation_status in enumerate(EVALUATIONS.get(institution.code, ()), 1):
                evaluation = _evaluation(triangle, number, evaluation_status, signed, today)
                if evaluation is None:
                    continue
                evaluations.append((evaluation, seed, number, language))
                events.extend(_evaluation_events(triangle, evaluation))
            award = DISTINCTIONS.get(institution.code, "")
            if award != "":
                if award is None:  # expires in 45 days
                    until = today + timedelta(days=45)
                    awarded = add_years(until, -DISTINCTION_YEARS) + timedelta(days=1)
                else:
                    awarded = date.fromisoformat(award)
                    until = distinction_valid_until(awarded)
                kind = (
                    DistinctionKind.HOSPITAL
                    if institution.type == H
                    else DistinctionKind.INSTITUTION
                )
                # By the model's rules: a consultation held and a passed quality
                # assurance, both in the year before the award.
                consultation = QualityConsultation(
                    institution=triangle.institution,
                    status=ConsultationStatus.HELD,
                    requested_at=_moment(awarded - timedelta(days=120)),
                    scheduled_on=awarded - timedelta(days=60),
                    held_on=awarded - timedelta(days=60),
                    report=CONSULTATION_REPORT[language],
                )
                visit = QualityVisit(
                    triangle=triangle, held_on=awarded - timedelta(days=21), criteria_met=True
                )
                visits.append(visit)
                consultations.append(consultation)
                distinctions.append(
                    Distinction(
                        institution=triangle.institution,
                        triangle=triangle,
                        assurance=visit,
                        consultation=consultation,
                        kind=kind,
                        awarded_on=awarded,
                        valid_until=until,
                    )
                )
            elif signed <= today - timedelta(days=365) and not ended:
                undistinguished.append(triangle)
                events.append(
                    TimelineEvent(
                        triangle=triangle, at=_moment(awarded), kind=TimelineKind.DISTINCTION
                    )
                )
    ConventionVersion.objects.bulk_create(conventions)
    template_clauses_and_signatures(conventions)
    template_draft()
    Measure.objects.bulk_create(measures)
    _demo_participation(measures, today)
    QualityConsultation.objects.bulk_create(consultations)
    _demo_quality(visits, undistinguished, criteria, today)
    Distinction.objects.bulk_create(distinctions)
    _assign_reviews([e for e, *_rest in evaluations])
    SelfEvaluation.objects.bulk_create([e for e, *_rest in evaluations])
    ratings, feedback = [], []
    first_year: dict[int, int] = {}
    for evaluation, _seed, year, _language in evaluations:
        first_year.setdefault(evaluation.triangle_id, year)
    for evaluation, seed, year, language in evaluations:
        if evaluation.status == S.DRAFT:
            continue
        for criterion in criteria:
            for corner_index, corner in enumerate(Corner):
                ratings.append(
                    CriterionRating(
                        evaluation=evaluation,
                        criterion_id=criterion,
                        corner=corner,
                        rating=_rating(
                            criterion, corner_index, seed, year - first_year[evaluation.triangle_id]
                        ),
                    )
                )
            if evaluation.reviewed_at:
                feedback.append(
                    CriterionFeedback(
                        evaluation=evaluation,
                        criterion_id=criterion,
                        text=FEEDBACK[language][1] if criterion != 3 else FEEDBACK[language][0],
                    )
                )
    CriterionRating.objects.bulk_create(ratings)
    CriterionFeedback.objects.bulk_create(feedback)
    TimelineEvent.objects.bulk_create(events)
    return len(plan)


# Professions taking part in the demo measures, and committees self-help members sit in.
DEMO_MEASURE_PROFESSIONS = (
    (Profession.NURSING, Profession.SOCIAL_WORK),
    (Profession.MEDICINE, Profession.NURSING, Profession.THERAPY),
    (Profession.PSYCHOLOGY,),
    (),
    (Profession.MANAGEMENT, Profession.PHARMACY),
)
DEMO_COMMITTEES = (
    (CommitteeKind.QUALITY_CIRCLE, "Cercle de qualité / Qualitätszirkel", 2),
    (CommitteeKind.PATIENTS, "Commission des patients / Patientenrat", 1),
    (CommitteeKind.AUDIT, "Audit qualité / Qualitätsaudit", 3),
)


def _demo_quality(
    visits: list[QualityVisit], undistinguished: list[Triangle], criteria: list[int], today: date
) -> None:
    """The distinguished institutions' passed quality assurances; for two institutions without
    a distinction, a consultation asked for and one dated; for a third, a quality assurance
    that found one criterion not met."""
    asked, dated, failed = [*undistinguished[:3], None, None, None][:3]
    if asked is not None:
        QualityConsultation.objects.create(
            institution=asked.institution, requested_at=_moment(today - timedelta(days=12))
        )
    if dated is not None and dated.institution_id != getattr(asked, "institution_id", None):
        QualityConsultation.objects.create(
            institution=dated.institution,
            status=ConsultationStatus.SCHEDULED,
            requested_at=_moment(today - timedelta(days=40)),
            scheduled_on=today + timedelta(days=24),
        )
    if failed is not None:
        visits.append(
            QualityVisit(triangle=failed, held_on=today - timedelta(days=75), criteria_met=False)
        )
    QualityVisit.objects.bulk_create(visits)
    QualityFinding.objects.bulk_create(
        QualityFinding(
            visit=visit,
            criterion_id=criterion,
            met=visit.criteria_met or criterion != 3,
            comment=""
            if visit.criteria_met or criterion != 3
            else NOT_MET_COMMENT[visit.triangle.language],
        )
        for visit in visits
        for criterion in criteria
    )


def _demo_participation(measures: list[Measure], today: date) -> None:
    """Give the demo measures professions and some triangles committee participations."""
    MeasureProfession.objects.bulk_create(
        MeasureProfession(measure=measure, profession=profession)
        for k, measure in enumerate(measures)
        for profession in DEMO_MEASURE_PROFESSIONS[k % len(DEMO_MEASURE_PROFESSIONS)]
    )
    triangles = {m.triangle.pk: m.triangle for m in measures}
    participations = []
    for k, triangle in enumerate(sorted(triangles.values(), key=lambda t: t.pk)):
        kind, name, members = DEMO_COMMITTEES[k % len(DEMO_COMMITTEES)]
        day = triangle.started_on + timedelta(days=200)
        if k % 2 == 0 and day < today:
            participations.append(
                CommitteeParticipation(
                    triangle=triangle, kind=kind, committee=name, started_on=day, members=members
                )
            )
    CommitteeParticipation.objects.bulk_create(participations)


def _assign_reviews(evaluations: list[SelfEvaluation]) -> None:
    """Every submitted evaluation has a reviewer: two in three the quality reviewer, the
    others the national coordinator (who reviews too), as the reviews list shows them."""
    office = [
        person
        for role in (Role.NATIONAL_COORDINATOR, Role.QUALITY_REVIEWER)
        if (person := User.objects.filter(is_active=True, memberships__role=role).first())
    ]
    if not office:
        return
    for index, evaluation in enumerate(e for e in evaluations if e.status != S.DRAFT):
        evaluation.assigned_to = office[-1] if index % 3 or len(office) == 1 else office[0]
        evaluation.assigned_at = evaluation.submitted_at


def _evaluation(
    triangle: Triangle, number: int, status: str, signed: date, today: date
) -> SelfEvaluation | None:
    """Self-evaluation ``number``: interviewed a month after it fell due, reviewed a month
    after submission; None when it is not due yet (a draft may be prepared earlier)."""
    language = triangle.language
    due = evaluation_due_on(signed, number)
    interview = due + timedelta(days=30)
    if status != S.DRAFT and interview + timedelta(days=100) > today:
        return None
    submitted = _moment(interview + timedelta(days=10)) if status != S.DRAFT else None
    reviewed = (
        _moment(interview + timedelta(days=40)) if status in (S.REVIEWED, S.ANSWERED) else None
    )
    answered = _moment(interview + timedelta(days=60)) if status == S.ANSWERED else None
    return SelfEvaluation(
        triangle=triangle,
        year=number,
        due_on=due,
        interview_on=interview if status != S.DRAFT and interview <= today else None,
        participants="",
        status=status,
        submitted_at=submitted,
        overall_feedback=FEEDBACK[language][0] if reviewed else "",
        reviewed_at=reviewed,
        response=FEEDBACK[language][2] if answered else "",
        answered_at=answered,
    )


def _evaluation_events(triangle: Triangle, evaluation: SelfEvaluation) -> list[TimelineEvent]:
    events = []
    for at, kind in (
        (evaluation.submitted_at, TimelineKind.EVALUATION_SUBMITTED),
        (evaluation.reviewed_at, TimelineKind.FEEDBACK_GIVEN),
        (evaluation.answered_at, TimelineKind.FEEDBACK_ANSWERED),
    ):
        if at:
            events.append(
                TimelineEvent(triangle=triangle, at=at, kind=kind, detail=str(evaluation.year))
            )
    return events
