"""A cooperation of the demo hospital with the Vaud centre and the demo contact's group."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from entraide.accounts.models import Organisation, Role, Unit
from entraide.cooperation import services
from entraide.cooperation.models import LibraryMeasure, Triangle
from entraide.directory.models import Group
from tests.conftest import make_group

R = Role

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf_upload(name: str = "signed.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def hospital(db) -> Organisation:  # type: ignore[no-untyped-def]
    return Organisation.objects.get(code="hospital-leman")


@pytest.fixture
def contact_group(db) -> Group:  # type: ignore[no-untyped-def]
    return make_group(
        name="Deuil Lausanne",
        canton_id="VD",
        municipality="Lausanne",
        postal_code="1003",
        centre=Organisation.objects.get(code="centre-vd"),
        organisation=Organisation.objects.get(code="group-deuil-lausanne"),
    )


@pytest.fixture
def triangle(hospital, contact_group, demo_users) -> Triangle:  # type: ignore[no-untyped-def]
    return services.triangle_create(
        by=demo_users[Role.SELF_HELP_OFFICER],
        institution=hospital,
        data={
            "name": "Léman – oncologie",
            "units": Unit.objects.filter(institution=hospital, name="Service d'oncologie"),
            "centre": Organisation.objects.get(code="centre-vd"),
            "groups": [contact_group],
            "officer": demo_users[Role.SELF_HELP_OFFICER],
            "language": "fr",
            "started_on": date(2024, 11, 4),
        },
    )


# Who signs for each party in the demo: the hospital's management, the Vaud centre's
# staff, the contact of the Lausanne bereavement group.
SIGNERS = {
    "institution": Role.MANAGEMENT,
    "centre": Role.CENTRE_STAFF,
    "groups": Role.GROUP_CONTACT,
}


def sign_by_every_party(version, demo_users, signed_on: date) -> None:  # type: ignore[no-untyped-def]
    """Each party's signatory uploads the copy they signed on ``signed_on``."""
    for corner, role in SIGNERS.items():
        services.convention_upload(
            by=demo_users[role],
            version=version,
            corner=corner,
            signed_on=signed_on,
            upload=pdf_upload(),
        )


@pytest.fixture
def signed_triangle(triangle, demo_users) -> Triangle:  # type: ignore[no-untyped-def]
    """The cooperation with version 1 of its convention signed on 14 March 2025."""
    officer = demo_users[Role.SELF_HELP_OFFICER]
    version = services.convention_draft(
        by=officer, triangle=triangle, data={"drafted_on": date(2025, 1, 20), "notes": ""}
    )
    sign_by_every_party(version, demo_users, date(2025, 3, 14))
    triangle.refresh_from_db()
    return triangle


def more_triangles(hospital, contact_group, demo_users, count: int) -> None:  # type: ignore[no-untyped-def]
    """``count`` more signed triangles of the hospital, each with a measure and an evaluation."""
    officer = demo_users[R.SELF_HELP_OFFICER]
    for n in range(count):
        triangle = services.triangle_create(
            by=officer,
            institution=hospital,
            data={
                "name": f"Extra {n}",
                "units": Unit.objects.filter(institution=hospital),
                "centre": Organisation.objects.get(code="centre-vd"),
                "groups": [contact_group],
                "officer": officer,
                "language": "de",
                "started_on": date(2024, 1, 1),
            },
        )
        version = services.convention_draft(
            by=officer, triangle=triangle, data={"drafted_on": date(2024, 2, 1)}
        )
        sign_by_every_party(version, demo_users, date(2024, 3, 1))
        services.measure_add(
            by=officer,
            triangle=triangle,
            data={
                "criterion": LibraryMeasure.objects.first().criterion,
                "title": "M",
                "owner": "centre",
                "status": "planned",
            },
        )
        services.evaluation_start(by=officer, triangle=triangle)


@pytest.fixture(autouse=True)
def _english():  # type: ignore[no-untyped-def]
    """The pages and messages these tests read, in English (the catalogues are checked apart)."""
    from django.utils import translation

    with translation.override("en"):
        yield
