"""The national coordinator keeps the thesaurus: create and change themes with their terms."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.accounts.models import Role
from entraide.core.models import AuditEntry
from entraide.directory import services
from entraide.directory.models import Theme
from entraide.directory.search import search_groups

COORDINATOR = Role.NATIONAL_COORDINATOR


def theme_post(**changes: str) -> dict[str, str]:
    data = {
        "code": "hoarding-relatives",
        "category": "relatives",
        "broader": "",
        "is_active": "on",
        "label_fr": "Proches de personnes qui accumulent",
        "label_de": "Angehörige von Menschen mit Messie-Syndrom",
        "label_it": "Familiari di accumulatori compulsivi",
        "label_en": "Relatives of people who hoard",
        "synonyms_fr": "",
        "synonyms_de": "Messie Angehörige\nMessie-Angehörige",
        "synonyms_it": "",
        "synonyms_en": "",
    }
    data.update(changes)
    return data


def test_the_coordinator_adds_a_theme_that_searches_find_at_once(client_for, directory) -> None:  # type: ignore[no-untyped-def]
    client = client_for(COORDINATOR)
    response = client.post("/fr/themes/new/", theme_post())
    assert response.status_code == 302
    theme = Theme.objects.get(code="hoarding-relatives")
    assert theme.label_de == "Angehörige von Menschen mit Messie-Syndrom"
    # Two lines that fold alike are one synonym.
    assert [t.term for t in theme.terms.filter(language="de", kind="synonym")] == [
        "Messie Angehörige"
    ]
    group = directory["mention"]
    group.themes.add(theme)
    assert list(search_groups("messie angehoerige")) == [group]
    entry = AuditEntry.objects.filter(object_type="directory.theme", object_id=str(theme.pk)).get()
    assert entry.action == AuditEntry.Action.CREATE


def test_a_changed_synonym_finds_at_once_and_is_audited(client_for, directory) -> None:  # type: ignore[no-untyped-def]
    client = client_for(COORDINATOR)
    assert not list(search_groups("chagrin"))
    theme = Theme.objects.get(code="bereavement")
    page = client.get("/en/themes/bereavement/")
    data = {key: page.context["form"].initial.get(key) or "" for key in theme_post()}
    data.pop("code")
    data["is_active"] = "on"
    data["synonyms_fr"] = (data["synonyms_fr"] + "\nchagrin").strip()
    assert client.post("/en/themes/bereavement/", data).status_code == 302
    assert directory["deuil"] in list(search_groups("chagrin"))
    entry = AuditEntry.objects.filter(object_type="directory.theme", object_id=str(theme.pk)).get()
    assert entry.action == AuditEntry.Action.UPDATE
    assert "terms_fr" in entry.changed_fields


def test_a_term_of_another_theme_is_refused_next_to_the_field(client_for, directory) -> None:  # type: ignore[no-untyped-def]
    client = client_for(COORDINATOR)
    response = client.post("/en/themes/new/", theme_post(synonyms_de="Trauer\nMessie"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "synonyms_de" in errors and "Trauer" in errors["synonyms_de"][0]
    html = response.content.decode()
    assert "Messie" in html  # what was typed is kept
    assert not Theme.objects.filter(code="hoarding-relatives").exists()


def test_a_theme_cannot_go_under_its_own_narrower_theme(client_for, directory) -> None:  # type: ignore[no-untyped-def]
    client = client_for(COORDINATOR)
    cancer = Theme.objects.get(code="cancer")
    breast = Theme.objects.get(code="breast-cancer")
    page = client.get("/en/themes/cancer/")
    data = {key: page.context["form"].initial.get(key) or "" for key in theme_post()}
    data.pop("code")
    data["broader"] = str(breast.pk)
    response = client.post("/en/themes/cancer/", data)
    assert response.status_code == 200
    assert "broader" in response.context["form"].errors
    cancer.refresh_from_db()
    assert cancer.broader is None


@pytest.mark.parametrize("role", [Role.CENTRE_STAFF, Role.QUALITY_REVIEWER, Role.GROUP_CONTACT])
def test_nobody_else_edits_the_thesaurus(client_for, demo_users, directory, role) -> None:  # type: ignore[no-untyped-def]
    assert client_for(role).post("/fr/themes/new/", theme_post()).status_code == 404
    with pytest.raises(PermissionDenied):
        services.theme_save(by=demo_users[role], theme=None, data={"code": "x"})
    assert not Theme.objects.filter(code="hoarding-relatives").exists()


def test_the_theme_list_runs_the_same_queries_whatever_the_page(client_for, directory) -> None:  # type: ignore[no-untyped-def]
    client = client_for(COORDINATOR)
    with CaptureQueriesContext(connection) as few:
        response = client.get("/fr/themes/", {"q": "cancer"})
    assert 1 <= response.context["page"].paginator.count < 50
    with CaptureQueriesContext(connection) as full:
        response = client.get("/fr/themes/")
    assert len(response.context["page"].object_list) == 50
    assert len(few) == len(full)


def test_load_themes_adds_only_new_codes(directory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.directory.conftest import entry

    path = tmp_path / "themes.json"
    import json

    path.write_text(
        json.dumps(
            [
                entry("bereavement", "social", "X", "X", "X", "X"),
                entry(
                    "stammering-new",
                    "somatic",
                    "Bégaiement B",
                    "Stottern B",
                    "Balbuzie B",
                    "Stammer B",
                ),
            ]
        )
    )
    call_command("load_themes", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Theme.objects.get(code="bereavement").label_de == "Trauer"
    assert Theme.objects.get(code="stammering-new").label_it == "Balbuzie B"


@pytest.mark.parametrize(("code", "message"), [("bereavement", "already"), ("new", "reserved")])
def test_a_code_in_use_or_reserved_is_refused(client_for, directory, code, message) -> None:  # type: ignore[no-untyped-def]
    response = client_for(COORDINATOR).post("/en/themes/new/", theme_post(code=code))
    assert response.status_code == 200
    assert message in response.context["form"].errors["code"][0]


def test_editing_in_another_language_keeps_every_label(client_for, directory) -> None:  # type: ignore[no-untyped-def]
    client = client_for(COORDINATOR)
    page = client.get("/de/themes/bereavement/")
    data = {key: page.context["form"].initial.get(key) or "" for key in theme_post()}
    data.pop("code")
    data["is_active"] = "on"
    assert client.post("/de/themes/bereavement/", data).status_code == 302
    theme = Theme.objects.get(code="bereavement")
    assert (theme.label_fr, theme.label_de, theme.label_it) == ("Deuil", "Trauer", "Lutto")


def test_a_term_too_long_once_folded_is_refused(client_for, directory) -> None:  # type: ignore[no-untyped-def]
    long_term = "ß" * 100  # 100 characters, 200 once folded ("ss")
    response = client_for(COORDINATOR).post("/en/themes/new/", theme_post(synonyms_de=long_term))
    assert response.status_code == 200
    assert "synonyms_de" in response.context["form"].errors


def test_a_superuser_who_is_not_the_coordinator_cannot_edit(demo_users, directory) -> None:  # type: ignore[no-untyped-def]
    user = demo_users[Role.CENTRE_STAFF]
    user.is_superuser = True
    with pytest.raises(PermissionDenied):
        services.theme_save(by=user, theme=None, data=theme_post())
    assert not Theme.objects.filter(code="hoarding-relatives").exists()
