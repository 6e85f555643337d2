"""The convention: its dates in order, signed copies that are PDFs only and belong to their triangle."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from entraide.accounts.models import Role
from entraide.cooperation import services
from entraide.cooperation.models import (
    ConventionVersion,
    Triangle,
    TriangleStatus,
)
from tests.cooperation.conftest import PDF, more_triangles, pdf_upload

R = Role


def test_convention_dates_in_order_and_only_pdfs(triangle, demo_users) -> None:
    officer = demo_users[R.SELF_HELP_OFFICER]
    version = services.convention_draft(
        by=officer,
        triangle=triangle,
        data={"drafted_on": date(2025, 1, 20), "signatories": "M. Direction", "notes": ""},
    )
    assert version.number == 1
    with pytest.raises(ValidationError) as error:
        services.convention_sign(
            by=officer, version=version, signed_on=date(2025, 1, 19), upload=pdf_upload()
        )
    assert "signed_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.convention_sign(
            by=officer,
            version=version,
            signed_on=date(2025, 2, 1),
            upload=pdf_upload("scan.pdf", b"\x89PNG\r\n\x1a\n not a pdf"),
        )
    assert "signed_copy" in error.value.message_dict
    too_big = PDF[:-7] + b" " * (10 * 1024 * 1024) + b"%%EOF\n"
    with pytest.raises(ValidationError):
        services.convention_sign(
            by=officer,
            version=version,
            signed_on=date(2025, 2, 1),
            upload=pdf_upload("big.pdf", too_big),
        )
    with pytest.raises(ValidationError):
        services.convention_sign(
            by=officer,
            version=version,
            signed_on=timezone.localdate() + timedelta(days=1),
            upload=pdf_upload(),
        )
    version.refresh_from_db()
    assert version.signed_on is None
    # (Django already keeps only the last part of a path such as ../../etc/passwd.pdf.)
    for hostile in ("..\\..\\boot.pdf", "x<script>.pdf", ".hidden.pdf", "x\x00y.pdf", "scan.png"):
        with pytest.raises(ValidationError) as error:
            services.convention_sign(
                by=officer, version=version, signed_on=date(2025, 2, 1), upload=pdf_upload(hostile)
            )
        assert "signed_copy" in error.value.message_dict, hostile
    services.convention_sign(
        by=officer,
        version=version,
        signed_on=date(2025, 2, 1),
        upload=pdf_upload("Convention signée (1).PDF"),
    )
    version.refresh_from_db()
    assert version.signed_copy.filename == "Convention-signee-1.pdf"
    triangle.refresh_from_db()
    assert triangle.status == TriangleStatus.SIGNED
    with pytest.raises(ValidationError):  # a signed version is not replaced
        services.convention_sign(
            by=officer, version=version, signed_on=date(2025, 2, 2), upload=pdf_upload()
        )


def test_the_sign_page_shows_the_error_next_to_the_file_field(
    triangle, demo_users, client_for
) -> None:
    version = services.convention_draft(
        by=demo_users[R.CENTRE_STAFF],
        triangle=triangle,
        data={"drafted_on": date(2025, 1, 20), "signatories": "M. Direction", "notes": ""},
    )
    url = reverse("cooperation:convention_sign", args=[triangle.pk, version.pk])
    response = client_for(R.CENTRE_STAFF).post(
        url, {"signed_on": "2025-02-01", "signed_copy": pdf_upload("x.pdf", b"GIF89a")}
    )
    assert response.status_code == 200
    assert "This file is not a PDF" in response.content.decode()
    assert 'value="2025-02-01"' in response.content.decode()
    assert client_for(R.QUALITY_REVIEWER).get(url).status_code == 404  # the office reads only


def test_documents_of_a_version_belong_to_its_triangle(
    signed_triangle, hospital, contact_group, demo_users, client_for
) -> None:
    more_triangles(hospital, contact_group, demo_users, 1)
    other = Triangle.objects.exclude(pk=signed_triangle.pk).get()
    version = ConventionVersion.objects.get(triangle=other)
    url = reverse("cooperation:convention_signed_pdf", args=[signed_triangle.pk, version.pk])
    assert client_for(R.SELF_HELP_OFFICER).get(url).status_code == 404
