"""The convention: drafted from the template, its clauses changed or added as a difference,
signed by each party's signatory (signed only at the last), its copies PDFs only."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from entraide.accounts.models import Role
from entraide.cooperation import services
from entraide.cooperation.documents import convention_html
from entraide.cooperation.models import (
    ClauseState,
    ConventionSignature,
    ConventionTemplate,
    ConventionVersion,
    TimelineKind,
    Triangle,
    TriangleStatus,
)
from entraide.core.models import AuditEntry
from tests.cooperation.conftest import PDF, more_triangles, pdf_upload

R = Role


def draft(triangle, by, day: date = date(2025, 1, 20)) -> ConventionVersion:  # type: ignore[no-untyped-def]
    return services.convention_draft(by=by, triangle=triangle, data={"drafted_on": day})


def upload(by, version, corner: str = "institution", **kwargs):  # type: ignore[no-untyped-def]
    data = {"signed_on": date(2025, 2, 1), "upload": pdf_upload(), **kwargs}
    return services.convention_upload(by=by, version=version, corner=corner, **data)


def test_convention_dates_in_order_and_only_pdfs(triangle, demo_users) -> None:
    management = demo_users[R.MANAGEMENT]
    version = draft(triangle, demo_users[R.SELF_HELP_OFFICER])
    assert version.number == 1
    with pytest.raises(ValidationError) as error:
        upload(management, version, signed_on=date(2025, 1, 19))
    assert "signed_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        upload(management, version, upload=pdf_upload("scan.pdf", b"\x89PNG\r\n\x1a\n not a pdf"))
    assert "signed_copy" in error.value.message_dict
    too_big = PDF[:-7] + b" " * (10 * 1024 * 1024) + b"%%EOF\n"
    with pytest.raises(ValidationError):
        upload(management, version, upload=pdf_upload("big.pdf", too_big))
    with pytest.raises(ValidationError):
        upload(management, version, signed_on=timezone.localdate() + timedelta(days=1))
    assert not version.signatures.exists()
    # (Django already keeps only the last part of a path such as ../../etc/passwd.pdf.)
    for hostile in ("..\\..\\boot.pdf", "x<script>.pdf", ".hidden.pdf", "x\x00y.pdf", "scan.png"):
        with pytest.raises(ValidationError) as error:
            upload(management, version, upload=pdf_upload(hostile))
        assert "signed_copy" in error.value.message_dict, hostile
    upload(management, version, upload=pdf_upload("Convention signée (1).PDF"))
    version.refresh_from_db()
    assert version.signed_copy.filename == "Convention-signee-1.pdf"
    assert version.signed_on is None  # the institution only: not signed yet
    with pytest.raises(ValidationError):  # a party signs once
        upload(management, version)


def test_signed_only_when_the_last_party_signs(triangle, demo_users) -> None:
    version = draft(triangle, demo_users[R.SELF_HELP_OFFICER])
    services.convention_sign(by=demo_users[R.MANAGEMENT], version=version, corner="institution")
    upload(demo_users[R.CENTRE_STAFF], version, corner="centre", signed_on=date(2025, 2, 3))
    version.refresh_from_db()
    triangle.refresh_from_db()
    assert version.signed_on is None
    assert triangle.status == TriangleStatus.PREPARATION
    signature = services.convention_sign(
        by=demo_users[R.GROUP_CONTACT], version=version, corner="groups"
    )
    assert signature.method == "app" and signature.signed_on == timezone.localdate()
    version.refresh_from_db()
    triangle.refresh_from_db()
    assert version.signed_on == timezone.localdate()  # the last signature's date
    assert triangle.status == TriangleStatus.SIGNED
    kinds = list(triangle.events.values_list("kind", flat=True))
    assert kinds.count(TimelineKind.CONVENTION_PARTY_SIGNED) == 3
    assert kinds.count(TimelineKind.CONVENTION_SIGNED) == 1
    audited = AuditEntry.objects.filter(object_type__icontains="conventionsignature")
    assert audited.count() == 3
    assert {s.user for s in version.signatures.all()} == {
        demo_users[R.MANAGEMENT],
        demo_users[R.CENTRE_STAFF],
        demo_users[R.GROUP_CONTACT],
    }


def test_who_may_not_sign_is_refused(triangle, demo_users, client_for) -> None:
    version = draft(triangle, demo_users[R.SELF_HELP_OFFICER])
    # A group contact does not sign for the institution.
    with pytest.raises(ValidationError) as error:
        services.convention_sign(
            by=demo_users[R.GROUP_CONTACT], version=version, corner="institution"
        )
    assert "Only the management of" in str(error.value)
    # The self-help officer is a party but not a signatory: neither in the app nor by upload.
    with pytest.raises(ValidationError) as error:
        upload(demo_users[R.SELF_HELP_OFFICER], version)
    assert "You cannot sign this convention" in str(error.value)
    with pytest.raises(ValidationError):
        services.convention_sign(
            by=demo_users[R.HEALTH_PROFESSIONAL], version=version, corner="institution"
        )
    # Outside the triangle: refused outright, and the pages answer 404.
    with pytest.raises(PermissionDenied):
        services.convention_sign(
            by=demo_users[R.PLATFORM_COORDINATOR], version=version, corner="institution"
        )
    assert not ConventionSignature.objects.exists()
    sign_url = reverse("cooperation:convention_sign", args=[triangle.pk, version.pk])
    upload_url = reverse("cooperation:convention_upload", args=[triangle.pk, version.pk])
    assert client_for(R.PLATFORM_COORDINATOR).get(sign_url).status_code == 404
    assert client_for(R.QUALITY_REVIEWER).get(upload_url).status_code == 404  # the office reads
    # A party who does not sign sees why, and no form; a post is refused.
    officer = client_for(R.SELF_HELP_OFFICER)
    page = unescape(officer.get(sign_url).content.decode())
    assert "The institution's management signs for the health institution" in page
    assert 'name="corner"' not in page
    response = officer.post(
        upload_url,
        {"corner": "institution", "signed_on": "2025-02-01", "signed_copy": pdf_upload()},
    )
    assert response.status_code == 403
    assert not ConventionSignature.objects.exists()
    # The detail page offers signing only to signatories.
    detail = reverse("cooperation:convention_detail", args=[triangle.pk, version.pk])
    assert sign_url not in officer.get(detail).content.decode()
    assert sign_url in client_for(R.MANAGEMENT).get(detail).content.decode()


def test_signing_in_the_app_through_the_page(triangle, demo_users, client_for) -> None:
    version = draft(triangle, demo_users[R.SELF_HELP_OFFICER])
    url = reverse("cooperation:convention_sign", args=[triangle.pk, version.pk])
    client = client_for(R.MANAGEMENT)
    response = client.post(url, {"corner": "institution"})
    assert response.status_code == 200  # the confirmation is required
    assert not version.signatures.exists()
    response = client.post(url, {"corner": "institution", "confirm": "on"})
    assert response.status_code == 302
    assert version.signatures.get().corner == "institution"
    # The institution has signed: the management has nothing left to sign.
    assert 'name="corner"' not in client.get(url).content.decode()


def test_the_sign_page_shows_the_error_next_to_the_file_field(
    triangle, demo_users, client_for
) -> None:
    version = draft(triangle, demo_users[R.CENTRE_STAFF])
    url = reverse("cooperation:convention_upload", args=[triangle.pk, version.pk])
    response = client_for(R.CENTRE_STAFF).post(
        url,
        {
            "corner": "centre",
            "signed_on": "2025-02-01",
            "signed_copy": pdf_upload("x.pdf", b"GIF89a"),
        },
    )
    assert response.status_code == 200
    assert "This file is not a PDF" in response.content.decode()
    assert 'value="2025-02-01"' in response.content.decode()


def test_documents_of_a_version_belong_to_its_triangle(
    signed_triangle, hospital, contact_group, demo_users, client_for
) -> None:
    more_triangles(hospital, contact_group, demo_users, 1)
    other = Triangle.objects.exclude(pk=signed_triangle.pk).get()
    version = ConventionVersion.objects.get(triangle=other)
    url = reverse("cooperation:convention_signed_pdf", args=[signed_triangle.pk, version.pk])
    assert client_for(R.SELF_HELP_OFFICER).get(url).status_code == 404
    url = reverse("cooperation:convention_detail", args=[signed_triangle.pk, version.pk])
    assert client_for(R.SELF_HELP_OFFICER).get(url).status_code == 404


def test_a_drafted_version_follows_the_current_template_in_the_triangles_language(
    triangle, demo_users
) -> None:
    template = ConventionTemplate.objects.current()
    version = draft(triangle, demo_users[R.SELF_HELP_OFFICER])
    assert version.template == template and version.language == "fr"
    clauses = list(version.clauses.select_related("template_clause"))
    assert [c.template_clause.key for c in clauses] == list(
        template.clauses.values_list("key", flat=True)
    )
    assert clauses[0].text == template.clauses.first().text_fr
    text = " ".join(c.text for c in clauses)
    # Only the model's clauses: no meeting rhythm or notice period of the old template.
    assert "deux fois par an" not in text and "six mois" not in text


def test_a_changed_clause_is_shown_as_a_difference(triangle, demo_users, client_for) -> None:
    officer = demo_users[R.SELF_HELP_OFFICER]
    version = draft(triangle, officer)
    clause = version.clauses.get(template_clause__key="exchange")
    template_text = clause.text
    services.convention_clause_save(
        by=officer,
        version=version,
        clause=clause,
        data={"text": template_text + " Les parties se rencontrent deux fois par an."},
    )
    added = services.convention_clause_save(
        by=demo_users[R.CENTRE_STAFF],
        version=version,
        data={"title": "Préavis", "text": "Chaque partie peut résilier avec six mois de préavis."},
    )
    clause.refresh_from_db()
    assert clause.state("fr") == ClauseState.CHANGED and added.state("fr") == ClauseState.ADDED
    url = reverse("cooperation:convention_detail", args=[triangle.pk, version.pk])
    page = unescape(client_for(R.SELF_HELP_OFFICER).get(url).content.decode())
    assert "Changed by the cooperation" in page and "Added by the cooperation" in page
    assert '<ins><span class="visually-hidden">[added: </span>' in page
    assert "deux fois par an" in page.split("<ins>", 1)[1]
    assert "The template's text" in page
    assert "Clauses changed or added by the cooperation, compared with the template: 2." in page
    # The draft PDF shows the same marks, the template's text beside the changed clause.
    html = convention_html(version)
    assert "six mois de préavis" in html
    assert html.count('class="template-text"') == 1
    # The next version carries the cooperation's own clauses over.
    services.convention_sign(by=demo_users[R.MANAGEMENT], version=version, corner="institution")
    with pytest.raises(ValidationError):  # signed by a party: the clauses no longer change
        services.convention_clause_save(
            by=officer, version=version, clause=clause, data={"text": "x"}
        )
    second = draft(triangle, officer)
    texts = list(second.clauses.values_list("text", flat=True))
    assert clause.text in texts and added.text in texts
    # Restore the template's text; remove an added clause; template clauses stay.
    kept = second.clauses.get(template_clause__key="exchange")
    services.convention_clause_restore(by=officer, clause=kept)
    kept.refresh_from_db()
    assert kept.text == template_text
    with pytest.raises(ValidationError):
        services.convention_clause_remove(by=officer, clause=kept)
    services.convention_clause_remove(by=officer, clause=second.clauses.get(template_clause=None))
    assert second.clauses.count() == version.clauses.count() - 1


def test_the_convention_page_reads_in_a_fixed_number_of_queries(
    triangle, demo_users, client_for, contact_group
) -> None:
    officer = demo_users[R.SELF_HELP_OFFICER]
    version = draft(triangle, officer)
    url = reverse("cooperation:convention_detail", args=[triangle.pk, version.pk])
    client = client_for(R.SELF_HELP_OFFICER)
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    for n in range(3):
        services.convention_clause_save(
            by=officer, version=version, data={"title": f"Clause {n}", "text": f"Texte {n}"}
        )
    services.convention_sign(by=demo_users[R.MANAGEMENT], version=version, corner="institution")
    services.convention_sign(by=demo_users[R.CENTRE_STAFF], version=version, corner="centre")
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert len(second) == len(first)


def test_existing_signed_conventions_stay_signed(signed_triangle) -> None:
    version = signed_triangle.conventions.get()
    assert version.signed_on == date(2025, 3, 14)
    assert signed_triangle.status == TriangleStatus.SIGNED
    assert sorted(version.signatures.values_list("corner", flat=True)) == [
        "centre",
        "groups",
        "institution",
    ]


def test_the_demo_journey_is_signed_by_its_people(demo_users, contact_group) -> None:  # type: ignore[no-untyped-def]
    from entraide.demo.journey import ONCOLOGY, PSYCHIATRY, load_demo_journey

    load_demo_journey()
    oncology = Triangle.objects.get(name=ONCOLOGY)
    version = oncology.conventions.get()
    assert version.template is not None and version.clauses.exists()
    roles = {
        s.corner: set(s.user.memberships.values_list("role", flat=True))
        for s in version.signatures.select_related("user")
    }
    assert Role.MANAGEMENT in roles["institution"]
    psychiatry = Triangle.objects.get(name=PSYCHIATRY).conventions.get()
    assert psychiatry.signed_on is None
