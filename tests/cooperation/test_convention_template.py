"""The national convention template: versioned in four languages, a published version never
changes, new conventions follow the current version."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from entraide.accounts.models import Role
from entraide.cooperation import services
from entraide.cooperation.models import ConventionTemplate, TemplateStatus
from entraide.cooperation.templateseed import CLAUSES

R = Role
FOUR = {
    "title_fr": "Rencontres",
    "title_de": "Treffen",
    "title_it": "Incontri",
    "title_en": "Meetings",
    "text_fr": "Les parties se rencontrent.",
    "text_de": "Die Parteien treffen sich.",
    "text_it": "Le parti si incontrano.",
    "text_en": "The parties meet.",
}


def test_the_first_version_holds_the_models_clauses_in_four_languages(db) -> None:  # type: ignore[no-untyped-def]
    current = ConventionTemplate.objects.current()
    assert current.number == 1 and current.status == TemplateStatus.PUBLISHED
    clauses = list(current.clauses.all())
    assert [c.key for c in clauses] == [key for key, _t, _x in CLAUSES]
    for clause in clauses:
        for language in ("fr", "de", "it", "en"):
            assert clause.title_in(language) and clause.text_in(language)
    everything = " ".join(c.text_fr + c.text_de + c.text_it + c.text_en for c in clauses)
    for not_in_the_model in ("deux fois par an", "twice a year", "six mois", "six months"):
        assert not_in_the_model not in everything


def test_publishing_creates_a_version_and_leaves_the_old_one_unchanged(
    demo_users, triangle
) -> None:
    coordinator = demo_users[R.NATIONAL_COORDINATOR]
    first = ConventionTemplate.objects.current()
    before = list(first.clauses.values())
    draft = services.template_draft_start(by=coordinator)
    assert draft.number == 2 and draft.clauses.count() == first.clauses.count()
    assert services.template_draft_start(by=coordinator) == draft  # one draft at a time
    changed = draft.clauses.get(key="exchange")
    services.template_clause_save(
        by=coordinator,
        template=draft,
        clause=changed,
        data={
            **{f: getattr(changed, f) for f in services.TEMPLATE_CLAUSE_FIELDS},
            "text_en": "New.",
        },
    )
    added = services.template_clause_save(
        by=coordinator, template=draft, data={**FOUR, "position": 1}
    )
    assert added.key == "meetings" and added.position == 1
    with pytest.raises(ValidationError) as error:  # every language is written
        services.template_clause_save(
            by=coordinator, template=draft, data={**FOUR, "text_it": " ", "position": 2}
        )
    assert "text_it" in error.value.message_dict
    # A convention drafted now still follows version 1.
    version = services.convention_draft(
        by=demo_users[R.SELF_HELP_OFFICER], triangle=triangle, data={"drafted_on": date(2025, 1, 2)}
    )
    assert version.template == first
    with pytest.raises(ValidationError):
        services.template_publish(by=coordinator, template=draft, notes="")
    services.template_publish(by=coordinator, template=draft, notes="A clause on meetings.")
    assert ConventionTemplate.objects.current() == draft
    assert list(first.clauses.values()) == before  # version 1 unchanged
    with pytest.raises(ValidationError):  # a published version never changes
        services.template_clause_save(by=coordinator, template=draft, clause=added, data=FOUR)
    with pytest.raises(PermissionDenied):  # the coordinator keeps it, nobody else
        services.template_draft_start(by=demo_users[R.QUALITY_REVIEWER])
    second = services.convention_draft(
        by=demo_users[R.SELF_HELP_OFFICER], triangle=triangle, data={"drafted_on": date(2025, 1, 3)}
    )
    assert second.template == draft
    assert second.clauses.order_by("position").first().title == "Rencontres"


def test_the_pages_of_the_template(demo_users, client_for) -> None:
    client = client_for(R.NATIONAL_COORDINATOR)
    response = client.post(reverse("cooperation:template_draft_new"))
    draft = ConventionTemplate.objects.get(status=TemplateStatus.DRAFT)
    assert response.status_code == 302
    url = reverse("cooperation:template_clause_new", args=[draft.pk])
    response = client.post(url, {**FOUR, "text_de": "", "position": "1"})
    assert response.status_code == 200 and "Treffen" in response.content.decode()
    assert client.post(url, {**FOUR, "position": "1"}).status_code == 302
    detail = reverse("cooperation:template_detail", args=[draft.pk])
    assert client.post(detail, {"notes": ""}).status_code == 400
    assert client.post(detail, {"notes": "Meetings."}).status_code == 302
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.PUBLISHED
    # A published version has no edit page any more.
    clause = draft.clauses.first()
    edit = reverse("cooperation:template_clause_edit", args=[draft.pk, clause.pk])
    assert client.get(edit).status_code == 404


def test_the_template_list_reads_in_a_fixed_number_of_queries(
    demo_users, client_for, django_assert_num_queries
) -> None:
    coordinator = demo_users[R.NATIONAL_COORDINATOR]
    client = client_for(R.NATIONAL_COORDINATOR)
    url = reverse("cooperation:template_list")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    for n in range(3):
        draft = services.template_draft_start(by=coordinator)
        services.template_publish(by=coordinator, template=draft, notes=f"Version {n}")
    with CaptureQueriesContext(connection) as later:
        page = client.get(url).content.decode()
    assert len(later) == len(first)
    assert "Version 2" in page
