"""A canton moves from one regional centre to another: what belongs to it follows."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from entraide.accounts.models import Organisation, Role
from entraide.centres.models import (
    ContactRequest,
    ContactRequestStatus,
    FoundingProject,
    FoundingStatus,
)
from entraide.centres.services.regions import canton_move
from entraide.core.models import AuditEntry, Canton
from entraide.directory.models import Theme
from tests.conftest import make_group


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """The messages these tests read, in English (the catalogues are checked apart)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def request_for(group, status=ContactRequestStatus.NEW) -> ContactRequest:  # type: ignore[no-untyped-def]
    return ContactRequest.objects.create(
        group=group,
        centre=group.centre,
        name="Sample",
        email="sample@example.org",
        language="fr",
        consent_text="…",
        consent_version="test",
        consented_at=timezone.now(),
        status=status,
    )


@pytest.fixture
def vaud(centre_vd):  # type: ignore[no-untyped-def]
    """The Vaud centre's things: a group in VD, one in GE (it stays), requests, projects."""
    in_vd = make_group(name="Groupe VD", canton_id="VD", municipality="Nyon", centre=centre_vd)
    elsewhere = make_group(
        name="Groupe GE", canton_id="GE", municipality="Genève", centre=centre_vd
    )
    theme = Theme.objects.create(code="regions-theme", category="social", label="T")

    def project(canton: str, status: str) -> FoundingProject:
        return FoundingProject.objects.create(
            centre=centre_vd,
            title="P",
            theme=theme,
            canton_id=canton,
            municipality="X",
            language="fr",
            status=status,
        )

    return {
        "group": in_vd,
        "elsewhere": elsewhere,
        "open": request_for(in_vd),
        "closed": request_for(in_vd, ContactRequestStatus.CLOSED),
        "other_canton": request_for(elsewhere),
        "project": project("VD", FoundingStatus.GATHERING),
        "abandoned": project("VD", FoundingStatus.ABANDONED),
    }


def test_the_canton_s_groups_open_requests_and_projects_follow(demo_users, centre_vd, vaud) -> None:  # type: ignore[no-untyped-def]
    geneva = Organisation.objects.get(code="centre-ge")
    canton = Canton.objects.get(code="VD")
    moved = canton_move(
        by=demo_users[Role.NATIONAL_COORDINATOR], canton=canton, source=centre_vd, target=geneva
    )
    assert (moved.groups, moved.requests, moved.projects) == (1, 1, 1)
    assert not centre_vd.cantons.filter(code="VD").exists()
    assert geneva.cantons.filter(code="VD").exists()
    for key, centre in [
        ("group", geneva),
        ("open", geneva),
        ("project", geneva),
        ("closed", centre_vd),  # closed requests stay with the centre that handled them
        ("abandoned", centre_vd),
        ("elsewhere", centre_vd),  # another canton
        ("other_canton", centre_vd),
    ]:
        vaud[key].refresh_from_db()
        assert vaud[key].centre == centre, key
    entries = AuditEntry.objects.filter(object_type="core.canton", object_id="VD")
    assert entries.count() == 1
    assert entries.get().changes["centre"] == [centre_vd.pk, geneva.pk]
    # Geneva's staff would now read the moved request; Vaud's no longer does.
    assert (
        not ContactRequest.objects.visible_to(demo_users[Role.CENTRE_STAFF])
        .filter(pk=vaud["open"].pk)
        .exists()
    )


def test_the_move_is_refused_for_a_canton_the_centre_does_not_cover(demo_users, centre_vd) -> None:  # type: ignore[no-untyped-def]
    geneva = Organisation.objects.get(code="centre-ge")
    with pytest.raises(ValidationError, match="does not cover"):
        canton_move(
            by=demo_users[Role.NATIONAL_COORDINATOR],
            canton=Canton.objects.get(code="ZH"),
            source=centre_vd,
            target=geneva,
        )
    with pytest.raises(ValidationError, match="another active regional centre"):
        canton_move(
            by=demo_users[Role.NATIONAL_COORDINATOR],
            canton=Canton.objects.get(code="VD"),
            source=centre_vd,
            target=centre_vd,
        )


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.NATIONAL_COORDINATOR])
def test_only_the_national_coordinator_moves_a_canton(role, demo_users, centre_vd) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        canton_move(
            by=demo_users[role],
            canton=Canton.objects.get(code="VD"),
            source=centre_vd,
            target=Organisation.objects.get(code="centre-ge"),
        )


def test_the_coordinator_moves_a_canton_with_the_form(client_for, centre_vd, vaud) -> None:  # type: ignore[no-untyped-def]
    geneva = Organisation.objects.get(code="centre-ge")
    client = client_for(Role.NATIONAL_COORDINATOR)
    page = client.get("/en/regions/move-canton/").content.decode()
    assert f'value="VD:{centre_vd.pk}"' in page
    response = client.post(
        "/en/regions/move-canton/",
        {"canton": f"VD:{centre_vd.pk}", "target": geneva.pk},
        follow=True,
    )
    assert (
        "The canton has moved to the new centre with groups: 1, open contact requests: 1"
        in response.content.decode()
    )
    vaud["group"].refresh_from_db()
    assert vaud["group"].centre == geneva
    # A stale choice (Vaud no longer covers VD) is refused next to the field, no 500.
    response = client.post(
        "/en/regions/move-canton/", {"canton": f"VD:{centre_vd.pk}", "target": geneva.pk}
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
