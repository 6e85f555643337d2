"""The generated PDFs: the draft convention and the documentation of a self-evaluation."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from entraide.accounts.models import Organisation, Role, Unit
from entraide.cooperation.documents import (
    convention_html,
    convention_pdf,
    evaluation_html,
    evaluation_pdf,
)
from entraide.cooperation.models import (
    ConventionClause,
    ConventionTemplate,
    ConventionVersion,
    Corner,
    CriterionFeedback,
    CriterionRating,
    Document,
    EvaluationStatus,
    Measure,
    MeasureStatus,
    Rating,
    SelfEvaluation,
    Triangle,
    TriangleStatus,
)
from entraide.cooperation.reference import CRITERIA
from tests.conftest import make_group

HOSTILE = '<script>alert("x")</script> & "Co"'


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


def long_date(language: str, day: date) -> str:
    with translation.override(language):
        return date_format(day)


@pytest.fixture
def triangle(centre_vd, demo_users) -> Triangle:  # type: ignore[no-untyped-def]
    institution = Organisation.objects.get(code="hospital-leman")
    triangle = Triangle.objects.create(
        name="Léman – oncologie",
        institution=institution,
        centre=centre_vd,
        officer=demo_users[Role.SELF_HELP_OFFICER],
        language="de",
        started_on=date(2026, 1, 5),
        status=TriangleStatus.IMPLEMENTING,
    )
    triangle.units.set(Unit.objects.filter(institution=institution))
    group = make_group(
        name=HOSTILE,
        canton_id="VD",
        municipality="Morges",
        postal_code="1110",
        centre=centre_vd,
        contact_email="secret-contact@example.org",
    )
    triangle.groups.add(group)
    return triangle


@pytest.fixture
def version(triangle) -> ConventionVersion:  # type: ignore[no-untyped-def]
    """Version 2, with the template's clauses in German (as ``convention_draft`` copies them)."""
    template = ConventionTemplate.objects.current()
    version = ConventionVersion.objects.create(
        triangle=triangle, number=2, drafted_on=date(2026, 2, 1), template=template, language="de"
    )
    ConventionClause.objects.bulk_create(
        ConventionClause(
            convention=version,
            position=c.position,
            template_clause=c,
            title=c.title_de,
            text=c.text_de,
        )
        for c in template.clauses.all()
    )
    return version


def test_the_draft_convention_is_a_pdf_in_the_triangles_language(version, demo_users) -> None:  # type: ignore[no-untyped-def]
    assert convention_pdf(version).startswith(b"%PDF")
    html = convention_html(version)
    assert '<html lang="de">' in html
    assert in_language("de", "Cooperation convention") in html
    # The six criteria come from the translated field, in German.
    for number, (fr, de, _it, _en) in CRITERIA.items():
        assert de in html, number
        assert fr not in html
    # The parties: units with their canton, the centre, the group's name and place only.
    assert "Service d'oncologie" in html.replace("&#x27;", "'")
    assert "Waadt" in html
    assert "Centre d&#x27;entraide Vaud" in html
    assert "Morges" in html and "secret-contact@example.org" not in html
    # The officer by name, never by address.
    officer = demo_users[Role.SELF_HELP_OFFICER]
    assert officer.display_name in html and officer.email not in html
    # A signature block for each party that signs: the institution, the centre (the group
    # has no contact account), each naming who may sign.
    assert html.count('class="signatory"') == 2
    assert demo_users[Role.MANAGEMENT].display_name in html
    assert demo_users[Role.CENTRE_STAFF].display_name in html
    # The model's clauses in German, none of the old template's extra ones.
    assert "Gegenstand" in html and "Strategisches Engagement" in html
    assert "sechs Monat" not in html and "zweimal" not in html
    assert (
        in_language("de", "DRAFT – this convention is valid only once signed by all parties.")
        in html
    )
    assert "Version 2" in html and long_date("de", date(2026, 2, 1)) in html


def test_a_french_triangle_gets_a_french_convention(version, triangle) -> None:  # type: ignore[no-untyped-def]
    Triangle.objects.filter(pk=triangle.pk).update(language="fr")
    for clause in version.clauses.select_related("template_clause"):
        clause.title, clause.text = clause.template_clause.title_fr, clause.template_clause.text_fr
        clause.save()
    ConventionVersion.objects.filter(pk=version.pk).update(language="fr")
    version.refresh_from_db()
    html = convention_html(version)
    assert '<html lang="fr">' in html
    assert all(fr in html.replace("&#x27;", "'") for fr, *_ in CRITERIA.values())
    assert long_date("fr", date(2026, 2, 1)) in html


def test_a_signed_version_is_not_marked_as_a_draft(version) -> None:  # type: ignore[no-untyped-def]
    version.signed_on = date(2026, 3, 1)
    version.save()
    html = convention_html(version)
    assert 'class="draft"' not in html
    assert long_date("de", date(2026, 3, 1)) in html


def test_hostile_names_are_escaped(version, triangle) -> None:  # type: ignore[no-untyped-def]
    Organisation.objects.filter(pk=triangle.institution_id).update(name='<b>Hôpital</b> & "Léman"')
    html = convention_html(version)
    assert "<script>" not in html and "<b>Hôpital" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Co&quot;" in html
    assert "&lt;b&gt;Hôpital&lt;/b&gt; &amp; &quot;Léman&quot;" in html
    assert convention_pdf(version).startswith(b"%PDF")


def test_the_convention_reads_its_data_in_a_fixed_number_of_queries(
    version, triangle, centre_vd, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(8):
        convention_html(version)
    for n in range(3):
        triangle.groups.add(
            make_group(
                name=f"Groupe {n}",
                canton_id="VD",
                municipality="Nyon",
                postal_code="1260",
                centre=centre_vd,
            )
        )
    with django_assert_num_queries(8):
        convention_html(version)


@pytest.fixture
def evaluation(triangle, demo_users) -> SelfEvaluation:  # type: ignore[no-untyped-def]
    evaluation = SelfEvaluation.objects.create(
        triangle=triangle,
        year=1,
        due_on=date(2027, 1, 5),
        interview_on=date(2027, 1, 20),
        participants="Sophie Responsable (Spital)\nClaire Centre (Zentrum)",
        status=EvaluationStatus.SUBMITTED,
        submitted_at=datetime(2027, 1, 25, 10, tzinfo=UTC),
    )
    for corner, rating in (
        (Corner.INSTITUTION, Rating.FULFILLED),
        (Corner.CENTRE, Rating.PARTLY),
        (Corner.GROUPS, Rating.NOT_YET),
    ):
        CriterionRating.objects.create(
            evaluation=evaluation,
            criterion_id=3,
            corner=corner,
            rating=rating,
            evidence=f"Nachweis {corner.value} <i>",
            comment=f"Kommentar {corner.value}",
        )
    Measure.objects.create(
        triangle=triangle,
        criterion_id=3,
        title="Flyer in den Wartezimmern",
        owner=Corner.INSTITUTION,
        status=MeasureStatus.IN_PROGRESS,
    )
    evaluation.attachments.add(
        Document.objects.create(filename="protokoll.pdf", size=5, sha256="0" * 64, content=b"%PDF-")
    )
    return evaluation


def test_the_evaluation_is_documented_in_the_triangles_language(evaluation) -> None:  # type: ignore[no-untyped-def]
    assert evaluation_pdf(evaluation).startswith(b"%PDF")
    html = evaluation_html(evaluation)
    assert '<html lang="de">' in html
    assert in_language("de", "Documentation of the self-evaluation") in html
    assert all(de in html for _fr, de, _it, _en in CRITERIA.values())
    with translation.override("de"):
        for label in (*Rating.labels, *Corner.labels):
            assert str(label) in html
        assert str(MeasureStatus.IN_PROGRESS.label) in html
    assert "Nachweis groups &lt;i&gt;" in html and "Kommentar centre" in html
    assert "Flyer in den Wartezimmern" in html
    assert "protokoll.pdf" in html
    assert long_date("de", date(2027, 1, 20)) in html
    # No feedback yet: no feedback heading.
    assert in_language("de", "Overall feedback of the national office") not in html
    assert in_language("de", "Feedback of the national office") not in html


def test_the_feedback_and_the_answer_are_in_the_documentation(evaluation) -> None:  # type: ignore[no-untyped-def]
    CriterionFeedback.objects.create(evaluation=evaluation, criterion_id=3, text="Gut & weiter so")
    evaluation.overall_feedback = "Insgesamt <gut>"
    evaluation.response = "Danke"
    evaluation.status = EvaluationStatus.ANSWERED
    evaluation.save()
    html = evaluation_html(evaluation)
    assert "Gut &amp; weiter so" in html
    assert "Insgesamt &lt;gut&gt;" in html
    assert "Danke" in html
    assert evaluation_pdf(evaluation).startswith(b"%PDF")


def test_the_evaluation_reads_its_data_in_a_fixed_number_of_queries(
    evaluation, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(6):
        evaluation_html(evaluation)
    for criterion in range(1, 7):
        CriterionFeedback.objects.create(evaluation=evaluation, criterion_id=criterion, text="x")
        Measure.objects.create(
            triangle=evaluation.triangle,
            criterion_id=criterion,
            title=f"Massnahme {criterion}",
            owner=Corner.CENTRE,
        )
    with django_assert_num_queries(6):
        evaluation_html(evaluation)
