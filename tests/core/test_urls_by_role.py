"""Every URL of the project, requested as anonymous and as each demo role.

The expectation table below must name every URL pattern: a pattern missing
from it fails ``test_every_url_is_in_the_table``, so each new page must say
who may see it. 302 for anonymous means "sent to the sign-in page"; 404 for
a signed-in person means "not yours" (no existence leak).
"""

from __future__ import annotations

import re
from collections.abc import Set
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from entraide.accounts.models import Membership, Organisation, Role
from entraide.centres.models import ContactRequest, FoundingProject, GroupImport, ListingProposal
from entraide.directory.models import Group, Theme
from tests.conftest import (
    INSTITUTION,
    OFFICE,
    ROLES,
    SIGNED_IN,
    TRIANGLE_LEADS,
    TRIANGLE_PARTIES,
    TRIANGLE_STARTERS,
    make_group,
)
from tests.urlwalk import walk

R = Role
STAFF = OFFICE | {
    R.CENTRE_STAFF,
    R.SELF_HELP_OFFICER,
    R.HEALTH_PROFESSIONAL,
    R.MANAGEMENT,
    R.PLATFORM_COORDINATOR,
}

PARTIES = TRIANGLE_PARTIES
LEADS = TRIANGLE_LEADS
STARTERS = TRIANGLE_STARTERS


def everyone(code: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, code)


def signed_in(code: int, *, anonymous: int = 302) -> dict[str, int]:
    return {"anonymous": anonymous, **dict.fromkeys(SIGNED_IN, code)}


def only(roles: Set[str], code: int = 200, *, others: int = 404) -> dict[str, int]:
    return {"anonymous": 302, **{r: (code if r in roles else others) for r in SIGNED_IN}}


def admin_only(code: int) -> dict[str, int]:
    """Admin pages: non-operators are sent to the sign-in page."""
    return {
        "anonymous": 302,
        **{r: (code if r == R.NATIONAL_COORDINATOR else 302) for r in SIGNED_IN},
    }


EXPECTED: dict[str, dict[str, int]] = {
    "health": everyone(200),
    "core:home": everyone(200),
    "core:accessibility": everyone(200),
    "core:privacy": everyone(200),
    "core:audit_list": only({R.NATIONAL_COORDINATOR}),
    # Demo mode is off in the test suite: the demo email page does not exist.
    "core:demo_outbox": only(set()),
    "directory:group_search": everyone(200),
    "directory:self_help": everyone(200),
    "directory:self_help_easy_read": everyone(200),
    "directory:group_detail": everyone(200),  # a public group
    "centres:contact_request": everyone(200),
    "directory:group_calendar": everyone(200),
    "directory:centre_calendar": everyone(200),
    "centres:contact_request_sent": everyone(200),
    "directory:api_docs": everyone(200),
    "directory:theme_list": only({R.NATIONAL_COORDINATOR}),
    "directory:theme_create": only({R.NATIONAL_COORDINATOR}),
    "directory:theme_edit": only({R.NATIONAL_COORDINATOR}),
    # The public API: the same answers for everyone (public data only).
    "api:openapi-json": everyone(200),
    "api:themes": everyone(200),
    "api:groups": everyone(200),
    "api:group": everyone(200),  # a public group
    "api:cantons": everyone(200),
    "api:centres": everyone(200),
    "api:api-root": everyone(404),  # no built-in docs: /<lang>/api/ documents the API
    # The centre workspace: the Vaud centre's staff only (the national office does not
    # read contact requests: health-related data stays with the responsible centre).
    "centres:workspace": only({R.CENTRE_STAFF}, 302),  # to the person's centre
    "centres:home": only({R.CENTRE_STAFF}),
    "centres:inbox": only({R.CENTRE_STAFF}),
    "centres:request_new": only({R.CENTRE_STAFF}),
    "centres:request_detail": only({R.CENTRE_STAFF}),
    "centres:request_status": signed_in(405),  # POST only (tested with POST in tests/centres)
    "centres:request_note": signed_in(405),
    "centres:request_forward": signed_in(405),
    "centres:group_list": only({R.CENTRE_STAFF}),
    "centres:group_new": only({R.CENTRE_STAFF}),
    "centres:group_edit": only({R.CENTRE_STAFF}),  # a group of the Vaud centre
    "centres:group_status": signed_in(405),  # POST only (tested with POST in tests/centres)
    "centres:group_confirm": signed_in(405),  # POST only (tested with POST in tests/centres)
    "centres:exports": only({R.CENTRE_STAFF}),
    "centres:import": only({R.CENTRE_STAFF}),
    "centres:import_template": only({R.CENTRE_STAFF}, 404),  # no format chosen: nothing to send
    "centres:import_report": only({R.CENTRE_STAFF}),
    "centres:import_run": signed_in(405),  # POST only (tested with POST in tests/centres)
    "centres:review_list": only({R.CENTRE_STAFF}),
    "centres:review_detail": only({R.CENTRE_STAFF}),
    "centres:review_approve": signed_in(405),  # POST only (tested with POST in tests/centres)
    "centres:review_reject": signed_in(405),
    # The public proposes new groups and corrections; the centre reviews them.
    "centres:propose_group": everyone(200),
    "centres:proposal_sent": everyone(200),
    "centres:propose_correction": everyone(200),
    "centres:my_groups": signed_in(200),
    "centres:my_group": only({R.GROUP_CONTACT}),  # the sample group is the demo contact's
    "centres:my_group_confirm": signed_in(405),  # POST only (tested with POST in tests/centres)
    "centres:group_invite": signed_in(405),
    "centres:founding_public": everyone(200),
    "centres:founding_detail": everyone(200),  # a project still gathering interest
    "centres:founding_registered": everyone(200),
    "centres:founding_list": only({R.CENTRE_STAFF}),
    "centres:founding_new": only({R.CENTRE_STAFF}),
    "centres:founding_edit": only({R.CENTRE_STAFF}),
    "centres:founding_start": only({R.CENTRE_STAFF}),
    "centres:founding_plan": signed_in(405),  # POST only (tested with POST in tests/centres)
    "centres:founding_abandon": signed_in(405),
    "centres:founding_called": signed_in(405),  # POST only (tested with POST in tests/centres)
    "centres:statistics": only({R.CENTRE_STAFF}),
    # The yearly confirmation link needs no sign-in; a forged one is "not found".
    "centres:confirm_listing": everyone(404),
    "centres:settings": only({R.CENTRE_STAFF}),
    "centres:statistics_export": only({R.CENTRE_STAFF}),  # CSV
    "centres:activities": only({R.CENTRE_STAFF}),
    # Cooperation triangles: the parties (the demo hospital's people, the Vaud centre's
    # staff, the contact of a participating group) work on them; the national office
    # reads, reviews and awards; nobody else learns they exist.
    "cooperation:triangle_list": signed_in(200),
    "cooperation:triangle_start": {
        **only({R.CENTRE_STAFF, R.NATIONAL_COORDINATOR}),
        R.SELF_HELP_OFFICER: 302,  # one institution: straight to its form
        R.MANAGEMENT: 302,
    },
    "cooperation:triangle_new": only(STARTERS),
    "cooperation:library": signed_in(200),
    "cooperation:library_new": only({R.NATIONAL_COORDINATOR}),
    "cooperation:library_edit": only({R.NATIONAL_COORDINATOR}),
    "cooperation:review_list": only(OFFICE),
    # The convention template (issue 14): the office reads it, the coordinator edits its draft.
    "cooperation:template_list": only(OFFICE),
    "cooperation:template_draft_new": signed_in(405),  # POST only
    "cooperation:template_detail": only(OFFICE),
    "cooperation:template_clause_new": only({R.NATIONAL_COORDINATOR}),
    "cooperation:template_clause_edit": only({R.NATIONAL_COORDINATOR}),
    "cooperation:unit_new": only({R.NATIONAL_COORDINATOR, R.SELF_HELP_OFFICER, R.MANAGEMENT}),
    "cooperation:institution_new": only({R.NATIONAL_COORDINATOR}),
    "cooperation:institution_edit": only(
        {R.NATIONAL_COORDINATOR, R.SELF_HELP_OFFICER, R.MANAGEMENT}
    ),
    "cooperation:triangle_detail": only(PARTIES | OFFICE),
    "cooperation:triangle_edit": only(LEADS),  # who takes part: the leads decide
    "cooperation:triangle_status": signed_in(405),  # POST only (tested in tests/cooperation)
    "cooperation:convention_new": only(PARTIES),
    "cooperation:convention_draft_pdf": only(PARTIES | OFFICE),
    "cooperation:convention_detail": only(PARTIES | OFFICE),
    # The sample version is signed already: its clauses no longer change, nobody signs it.
    "cooperation:convention_clause_new": only(set()),
    "cooperation:convention_clause_edit": only(set()),
    "cooperation:convention_sign": only(set()),
    "cooperation:convention_upload": only(set()),
    "cooperation:convention_signed_pdf": only(PARTIES | OFFICE),
    "cooperation:measure_new": only(PARTIES),
    "cooperation:measure_edit": only(PARTIES),
    "cooperation:measure_detail": only(PARTIES | OFFICE),
    "cooperation:committee_participation_new": only(PARTIES),
    "cooperation:committee_participation_remove": signed_in(405),  # POST only
    "cooperation:triangle_library": only(PARTIES),
    "cooperation:measure_adopt": signed_in(405),
    "cooperation:comparison": only(PARTIES | OFFICE),
    "cooperation:evaluation_start": signed_in(405),
    "cooperation:evaluation_detail": only(PARTIES | OFFICE),
    # The confirmation page: the sample is submitted already, so its parties go back to it.
    "cooperation:evaluation_submit": only(PARTIES, 302),
    "cooperation:evaluation_remind": signed_in(405),  # POST only
    "cooperation:evaluation_attach": signed_in(405),
    "cooperation:evaluation_attachment": only(PARTIES | OFFICE),
    "cooperation:evaluation_pdf": only(PARTIES | OFFICE),
    "cooperation:evaluation_feedback": only(OFFICE),  # the sample is submitted
    "cooperation:review_assign": only({R.NATIONAL_COORDINATOR}),  # issue 14
    "cooperation:evaluation_answer": signed_in(405),
    "cooperation:assurance_new": only(OFFICE),  # issue 14: QA per criterion
    "cooperation:distinction_new": only({R.NATIONAL_COORDINATOR}),  # of the institution
    "cooperation:consultation_request": only({R.SELF_HELP_OFFICER, R.MANAGEMENT}),
    "cooperation:consultation_schedule": only(OFFICE),
    "cooperation:consultation_report": only(OFFICE),
    "cooperation:consultation_cancel": only(OFFICE | {R.SELF_HELP_OFFICER, R.MANAGEMENT}),
    # National monitoring (issue 5): the dashboard and its export are the national office's;
    # an institution's page and yearly report (the demo "hospital-leman") are also its own
    # people's; the summary and the API's aggregates are public.
    "monitoring:dashboard": only(OFFICE),
    "monitoring:export": only(OFFICE),  # CSV
    # The national targets (issue 14): the office reads them, the coordinator sets them.
    "monitoring:targets": only(OFFICE),
    "monitoring:target_new": only({R.NATIONAL_COORDINATOR}),
    "monitoring:target_edit": only({R.NATIONAL_COORDINATOR}),
    "monitoring:institution": only(OFFICE | INSTITUTION),
    "monitoring:institution_report": only(OFFICE | INSTITUTION),  # a PDF
    "monitoring:public": everyone(200),
    "api:monitoring_cooperations": everyone(200),
    "accounts:profile": signed_in(200),
    "accounts:my_organisations": signed_in(200),
    "accounts:organisation_list": only(OFFICE),
    # The organisation used is the Vaud centre: its staff and the national office only.
    "accounts:organisation_detail": only(OFFICE | {R.CENTRE_STAFF}),
    # POST only (tested with POST in tests/accounts).
    "accounts:membership_remove": signed_in(405),
    # The national coordinator creates and edits organisations (the Vaud centre here).
    "accounts:organisation_create": only({R.NATIONAL_COORDINATOR}),
    "accounts:organisation_edit": only({R.NATIONAL_COORDINATOR}),
    # POST only (tested with POST in tests/accounts/test_organisation_management.py).
    "accounts:organisation_activation": signed_in(405),
    "accounts:person_activation": signed_in(405),
    "centres:canton_move": only({R.NATIONAL_COORDINATOR}),
    "centres:office_inbox": only({R.NATIONAL_COORDINATOR}),
    # allauth: sign-in pages send signed-in people home.
    "account_login": signed_in(302, anonymous=200),
    "account_logout": signed_in(200),
    "account_inactive": everyone(200),
    "account_signup": signed_in(302, anonymous=200),  # closed: accounts come by invitation
    "account_reauthenticate": signed_in(200),
    "account_email": signed_in(200),
    "account_email_verification_sent": everyone(200),
    "account_change_password": signed_in(200),
    "account_set_password": signed_in(302),  # demo accounts have a password already
    "account_reset_password": everyone(200),
    "account_confirm_login_code": everyone(302),  # no code was requested
    "account_confirm_email": everyone(200),  # an invalid key shows an explanation
    "account_reset_password_from_key_done": everyone(200),
    "account_reset_password_from_key": everyone(200),  # an invalid key shows an explanation
    "account_reset_password_done": everyone(200),
    "mfa_index": signed_in(200),
    "mfa_authenticate": everyone(302),  # only during a sign-in
    # Managing a second factor asks to confirm the password first (a fresh
    # sign-in): from a session without it, allauth sends people to re-authenticate.
    "mfa_reauthenticate": {**signed_in(302), **dict.fromkeys(STAFF, 200)},
    "mfa_activate_totp": signed_in(302),
    "mfa_deactivate_totp": {**signed_in(404), **dict.fromkeys(STAFF, 302)},
    "mfa_view_recovery_codes": {**signed_in(404), **dict.fromkeys(STAFF, 302)},
    "mfa_generate_recovery_codes": signed_in(302),
    "mfa_download_recovery_codes": {**signed_in(404), **dict.fromkeys(STAFF, 302)},
    # The admin: read-only, for the operator (the demo coordinator).
    "admin:index": admin_only(200),
    # Goes through allauth's sign-in; signed-in people who are not operators are refused.
    "admin:login": {**signed_in(403), "anonymous": 302, R.NATIONAL_COORDINATOR: 302},
    "admin:logout": admin_only(405),  # POST only
    "admin:password_change": admin_only(200),
    "admin:password_change_done": admin_only(200),
    "admin:autocomplete": admin_only(403),
    "admin:jsi18n": admin_only(200),
    "admin:view_on_site": admin_only(404),
    "admin:app_list": admin_only(200),
    "admin:<unnamed:catch-all>": admin_only(404),
}
ADMIN_MODELS = [
    "django_tasks_database_dbtaskresult",
    "accounts_user",
    "accounts_organisation",
    "accounts_unit",
    "accounts_membership",
    "core_auditentry",
    "core_canton",
    "core_language",
    "core_outboxmessage",
]
for model in ADMIN_MODELS:
    EXPECTED[f"admin:{model}_changelist"] = admin_only(200)
    EXPECTED[f"admin:{model}_add"] = admin_only(403)  # read-only admin
    # An object that does not exist: the admin goes back to its index.
    for view in ("history", "delete", "change", "object"):
        EXPECTED[f"admin:{model}_{view}"] = admin_only(403 if view == "delete" else 302)


def table_key(name: str, route: str) -> str:
    if name.startswith("admin:<unnamed:"):
        match = re.search(r"admin/([a-z_]+)/([a-z_]+)/<path:object_id>/$", route)
        return f"admin:{match[1]}_{match[2]}_object" if match else "admin:<unnamed:catch-all>"
    return name


def concrete_path(route: str, args: dict[str, str]) -> str:
    """Fill a route's converters and regex groups with the sample values."""
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: args[m[1]], route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: args[m[1]], path)
    return "/" + path.replace("^", "").replace("$", "")


def public_group(centre: Organisation) -> Group:
    """A public group of the Vaud centre, looked after by the demo group contact."""
    return make_group(
        name="Groupe public",
        canton_id="VD",
        municipality="Lausanne",
        postal_code="1003",
        centre=centre,
        organisation=Organisation.objects.get(code="group-deuil-lausanne"),
    )


def contact_request(group: Group) -> ContactRequest:
    return ContactRequest.objects.create(
        group=group,
        centre=group.centre,
        name="Sample",
        email="sample@example.org",
        language="fr",
        consent_text="…",
        consent_version="test",
        consented_at=timezone.now(),
    )


def sample_cooperation(group: Group, users: dict[str, Any]) -> dict[str, str]:
    """A triangle of the demo hospital, its centre and the group, signed and self-evaluated."""
    from datetime import date

    from django.core.files.uploadedfile import SimpleUploadedFile

    from entraide.cooperation import services
    from entraide.cooperation.models import Corner, LibraryMeasure

    officer = users[R.SELF_HELP_OFFICER]
    hospital = Organisation.objects.get(code="hospital-leman")
    pdf = b"%PDF-1.4\n%%EOF\n"
    triangle = services.triangle_create(
        by=officer,
        institution=hospital,
        data={
            "name": "Sample",
            "units": hospital.units.all()[:1],
            "centre": group.centre,
            "groups": [group],
            "language": "fr",
            "started_on": date(2024, 1, 1),
        },
    )
    version = services.convention_draft(
        by=officer, triangle=triangle, data={"drafted_on": date(2024, 1, 2)}
    )
    for corner, role in (
        ("institution", R.MANAGEMENT),
        ("centre", R.CENTRE_STAFF),
        ("groups", R.GROUP_CONTACT),
    ):
        services.convention_upload(
            by=users[role],
            version=version,
            corner=corner,
            signed_on=date(2024, 2, 1),
            upload=SimpleUploadedFile("s.pdf", pdf),
        )
    template = services.template_draft_start(by=users[R.NATIONAL_COORDINATOR])
    library = LibraryMeasure.objects.first()
    measure = services.measure_adopt(by=officer, triangle=triangle, source=library)
    participation = services.committee_participation_add(
        by=officer,
        triangle=triangle,
        data={"kind": "audit", "committee": "Audit", "started_on": date(2024, 3, 1), "members": 1},
    )
    evaluation = services.evaluation_start(by=officer, triangle=triangle)
    services.evaluation_attach(
        by=officer, evaluation=evaluation, upload=SimpleUploadedFile("a.pdf", pdf)
    )
    services.evaluation_save(
        by=users[R.CENTRE_STAFF],  # the centre records the self-help groups' ratings
        evaluation=evaluation,
        interview_on=date(2025, 3, 1),
        participants="",
        ratings={(c, Corner.GROUPS): {"rating": "partly"} for c in range(1, 7)},
    )
    services.evaluation_submit(by=officer, evaluation=evaluation, today=date(2025, 3, 2))
    consultation = services.consultation_request(by=officer, institution=hospital)
    return {
        "consultation_id": str(consultation.pk),
        "triangle_id": str(triangle.pk),
        "institution_id": str(hospital.pk),
        "version_id": str(version.pk),
        "clause_id": str(version.clauses.first().pk),
        "template_id": str(template.pk),
        "template_clause_id": str(template.clauses.first().pk),
        "measure_id": str(measure.pk),
        "participation_id": str(participation.pk),
        "library_id": str(library.pk),
        "evaluation_id": str(evaluation.pk),
        "document_id": str(evaluation.attachments.get().pk),
    }


@pytest.fixture
def sample_args(demo_users) -> dict[str, str]:  # type: ignore[no-untyped-def]
    centre = Organisation.objects.get(code="centre-vd")
    membership = Membership.objects.get(user=demo_users[R.CENTRE_STAFF], organisation=centre)
    group = public_group(centre)
    return {
        **sample_cooperation(group, demo_users),
        "group_id": str(group.pk),
        "centre": centre.code,
        "request_id": str(contact_request(group).pk),
        "project_id": str(
            FoundingProject.objects.create(
                centre=centre,
                title="Projet",
                theme=Theme.objects.create(code="sample-theme", category="social", label="S"),
                canton_id="VD",
                municipality="Nyon",
                language="fr",
            ).pk
        ),
        "import_id": str(
            GroupImport.objects.create(centre=centre, filename="liste.csv", report={}).pk
        ),
        "proposal_id": str(
            ListingProposal.objects.create(
                centre=centre, group=group, data={}, sender_name="S", sender_email="s@example.org"
            ).pk
        ),
        "interest_id": "1",  # only a POST acts on it
        "pk": str(centre.pk),
        "membership_pk": str(membership.pk),
        "key": "not-a-real-key",
        "token": "not-a-real-token",
        "uidb36": "zz",
        "object_id": "0",
        "content_type_id": "0",
        "app_label": "accounts",
        "url": "no-such-page/",
        "code": "bereavement",
        "year": "2026",
        "fmt": "csv",
        "target_id": str(seed_target().pk),
    }


def seed_target() -> Any:
    """Seed 000's target, which migration 0004 of the cooperation creates."""
    from datetime import date

    from entraide.cooperation.models import CooperationTarget

    return CooperationTarget.objects.get_or_create(
        counts="units", due_on=date(2025, 12, 31), defaults={"value": 80}
    )[0]


def all_patterns() -> list[tuple[str, str]]:
    return [(table_key(name, route), route) for name, route in walk()]


def test_every_url_is_in_the_table() -> None:
    missing = sorted({key for key, _ in all_patterns()} - set(EXPECTED))
    assert not missing, f"add these URLs to EXPECTED: {missing}"
    stale = sorted(set(EXPECTED) - {key for key, _ in all_patterns()})
    assert not stale, f"these entries match no URL any more: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_everywhere(role, client_for, sample_args) -> None:  # type: ignore[no-untyped-def]
    client = client_for(role)
    wrong = []
    for key, route in all_patterns():
        path = concrete_path(route, sample_args)
        status = client.get(path).status_code
        if status != EXPECTED[key][role]:
            wrong.append(f"{key} {path}: expected {EXPECTED[key][role]}, got {status}")
    assert not wrong, "\n".join(wrong)


def test_an_unknown_language_prefix_is_a_404(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/xx/")
    assert response.status_code == 404
    with translation.override("fr"):
        assert translation.gettext("Page not found") in response.content.decode()


def test_the_table_uses_real_reverse_names() -> None:
    assert reverse("core:home") == "/fr/"
