"""Groups being founded: interest registered with consent, the threshold, the first meeting, the start."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from entraide.accounts.models import Role, User
from entraide.centres.models import Criterion, FoundingInterest, FoundingProject
from entraide.centres.services import founding
from entraide.centres.services.founding import delete_old_interests
from entraide.core.models import AuditEntry, OutboxMessage
from entraide.directory.models import Group, Theme
from entraide.directory.search import search_groups


@pytest.fixture
def theme(db) -> Theme:  # type: ignore[no-untyped-def]
    return Theme.objects.create(code="ocd-f", category="mental_health", label="TOC-f")


@pytest.fixture
def project(centre_vd, theme) -> FoundingProject:  # type: ignore[no-untyped-def]
    return FoundingProject.objects.create(
        centre=centre_vd,
        title="Proches de personnes avec un TOC, Lausanne",
        theme=theme,
        canton_id="VD",
        municipality="Lausanne",
        language="fr",
        threshold=3,
    )


def register(client, project, n: int, **changes):  # type: ignore[no-untyped-def]
    data = {
        "name": f"Personne {n}",
        "email": f"p{n}@example.org",
        "phone": "",
        "language": "fr",
        "consent": "on",
        "website": "",
        **changes,
    }
    return client.post(f"/fr/groups/founding/{project.pk}/", data)


def test_people_register_and_the_centre_is_told_once_at_the_threshold(client, project) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/fr/groups/founding/").status_code == 200
    assert project.title in client.get("/fr/groups/founding/").content.decode()
    for n in range(2):
        assert register(client, project, n).status_code == 302
    assert not OutboxMessage.objects.filter(kind="founding_threshold").exists()
    register(client, project, 2)
    register(client, project, 3)
    told = OutboxMessage.objects.filter(kind="founding_threshold")
    assert told.count() == 1 and told.get().to_email == "centre@demo.entraide.example"
    assert "Personne" not in told.get().body
    interest = FoundingInterest.objects.first()
    assert interest and interest.consent_version and interest.consent_text
    assert OutboxMessage.objects.filter(kind="founding_registered").count() == 4
    entry = AuditEntry.objects.filter(object_type="centres.foundinginterest").first()
    assert entry and "Personne" not in f"{entry.object_label}{entry.changes}"


def test_without_consent_or_a_way_to_reach_nothing_is_kept(client, project) -> None:  # type: ignore[no-untyped-def]
    response = register(client, project, 1, consent="")
    assert response.status_code == 400 and 'value="Personne 1"' in response.content.decode()
    response = register(client, project, 1, email="")
    assert response.status_code == 400 and response.context["form"].errors["email"]
    assert register(client, project, 1, website="spam").status_code == 302
    assert not FoundingInterest.objects.exists()


def test_the_first_meeting_is_announced_to_everyone_interested(client, client_for, project) -> None:  # type: ignore[no-untyped-def]
    register(client, project, 1)
    register(client, project, 2, email="", phone="079 000 00 00")
    staff = client_for(Role.CENTRE_STAFF)
    url = f"/fr/centre/centre-vd/founding/{project.pk}/meeting/"
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = staff.post(url, {"at": past, "place": "Salle 3"})
    assert response.status_code == 400 and response.context["meeting_form"].errors["at"]
    soon = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    assert staff.post(url, {"at": soon, "place": "Rue du Bugnon 4, salle 3"}).status_code == 302
    project.refresh_from_db()
    assert project.status == "meeting_planned"
    announced = OutboxMessage.objects.filter(kind="founding_meeting")
    assert [m.to_email for m in announced] == ["p1@example.org"]
    assert "Rue du Bugnon 4" in announced.get().body


def test_the_project_becomes_a_listed_group(client_for, project, theme) -> None:  # type: ignore[no-untyped-def]
    staff = client_for(Role.CENTRE_STAFF)
    url = f"/fr/centre/centre-vd/founding/{project.pk}/start/"
    form = staff.get(url).context["form"]
    assert form.initial["name"] == project.title
    data = {
        **{k: v for k, v in form.initial.items() if v not in ("", None, [])},
        "group_type": "self_managed",
        "audience": "relatives",
        "postal_code": "1005",
        "venue_accessibility": "unknown",
        "contact_mode": "centre",
        "criteria": list(Criterion.values),
    }
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    project.refresh_from_db()
    group = Group.objects.get(pk=project.group_id)
    assert project.status == "started" and list(group.themes.all()) == [theme]
    assert group in search_groups("TOC Lausanne") or group in search_groups("Lausanne")
    # A started project no longer takes registrations.
    assert staff.get(f"/fr/groups/founding/{project.pk}/").status_code == 404


def test_registrations_of_a_closed_project_are_deleted_after_the_retention_period(
    client, project, client_for
) -> None:  # type: ignore[no-untyped-def]
    register(client, project, 1)
    client_for(Role.CENTRE_STAFF).post(f"/fr/centre/centre-vd/founding/{project.pk}/abandon/")
    project.refresh_from_db()
    assert project.status == "abandoned"
    assert delete_old_interests(now=timezone.now()) == 0
    assert delete_old_interests(now=timezone.now() + timedelta(days=200)) == 1
    assert not FoundingInterest.objects.exists()


def test_another_centre_gets_404_and_lists_run_constant_queries(
    client, client_for, project, centre_vd, theme
) -> None:  # type: ignore[no-untyped-def]
    coordinator = client_for(Role.NATIONAL_COORDINATOR)
    assert coordinator.get(f"/fr/centre/centre-vd/founding/{project.pk}/").status_code == 404
    staff = client_for(Role.CENTRE_STAFF)

    def queries(c, path: str) -> int:  # type: ignore[no-untyped-def]
        with CaptureQueriesContext(connection) as captured:
            assert c.get(path).status_code == 200
        return len(captured)

    paths = [(staff, "/fr/centre/centre-vd/founding/"), (client, "/fr/groups/founding/")]
    few = [queries(c, p) for c, p in paths]
    FoundingProject.objects.bulk_create(
        FoundingProject(
            centre=centre_vd,
            title=f"P{n}",
            theme=theme,
            canton_id="VD",
            municipality="Nyon",
            language="fr",
        )
        for n in range(20)
    )
    assert [queries(c, p) for c, p in paths] == few


def test_registering_twice_counts_once_and_a_closed_project_cannot_be_given_up(
    client, client_for, project
) -> None:  # type: ignore[no-untyped-def]
    register(client, project, 1)
    register(client, project, 1, name="Encore moi")
    assert FoundingInterest.objects.filter(project=project).count() == 1
    staff = client_for(Role.CENTRE_STAFF)
    staff.post(f"/fr/centre/centre-vd/founding/{project.pk}/abandon/")
    project.refresh_from_db()
    closed_at = project.closed_at
    with pytest.raises(ValidationError):
        founding.project_abandon(by=staff_user(), project=project)
    project.refresh_from_db()
    assert project.closed_at == closed_at


def staff_user() -> User:
    return User.objects.get(email="centre@demo.entraide.example")


def test_someone_registered_by_phone_is_told_of_a_call_and_marked_for_one(
    client, client_for, project
) -> None:  # type: ignore[no-untyped-def]
    by_phone = register(client, project, 1, email="", phone="079 111 22 33", language="de")
    assert by_phone.status_code == 302 and by_phone["Location"].endswith("?by=phone")
    with translation.override("fr"):
        call = gettext(
            "Thank you. The regional centre will call you at the number you gave when the "
            "first meeting is planned."
        )
        needs_call = gettext("Needs a call")
    assert escape(call) in client.get(by_phone["Location"]).content.decode()
    assert not FoundingInterest.objects.get().email  # nothing said of an email
    by_email = register(client, project, 2)
    assert by_email["Location"].endswith("?by=email")
    staff = client_for(Role.CENTRE_STAFF)
    soon = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    staff.post(
        f"/fr/centre/centre-vd/founding/{project.pk}/meeting/", {"at": soon, "place": "Salle 3"}
    )
    interests = {i.name: i for i in FoundingInterest.objects.select_related("project")}
    assert interests["Personne 1"].needs_call and not interests["Personne 2"].needs_call
    assert interests["Personne 2"].told_by == "email" and interests["Personne 2"].told_on
    listing = staff.get(f"/fr/centre/centre-vd/founding/{project.pk}/")
    rows = listing.content.decode()
    assert "Deutsch" in rows  # the preferred language of the person called
    assert rows.count(f"<strong>{escape(needs_call)}</strong>") == 1
    # The centre records its call; the mark goes, and another centre cannot record one.
    called = interests["Personne 1"]
    url = f"/fr/centre/centre-vd/founding/{project.pk}/called/{called.pk}/"
    assert client_for(Role.NATIONAL_COORDINATOR).post(url).status_code == 404
    assert staff.post(url).status_code == 302
    called.refresh_from_db()
    assert called.told_by == "phone" and not called.needs_call
    assert AuditEntry.objects.filter(object_type="centres.foundinginterest", action="update")
