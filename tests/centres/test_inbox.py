"""The counselling inbox: scope, statuses, notes, forwarding, reminders, retention, statistics."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from entraide.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from entraide.centres.models import CentreSettings, ContactRequest, CounsellingNote
from entraide.centres.services import requests
from entraide.centres.services.statistics import month_statistics
from entraide.core.models import AuditEntry, OutboxMessage
from entraide.directory.indexing import group_save
from entraide.directory.models import Group, Theme
from tests.conftest import make_group

SECRET_NAME = "Marie Secrète"
SECRET_MESSAGE = "Mon mari est décédé en mars."


@pytest.fixture
def staff(demo_users) -> User:  # type: ignore[no-untyped-def]
    return demo_users[Role.CENTRE_STAFF]


@pytest.fixture
def other_centre(db) -> Organisation:  # type: ignore[no-untyped-def]
    return Organisation.objects.get(code="centre-ge")


@pytest.fixture
def other_staff(other_centre) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user("geneve@example.org", "pw-long-enough-123", language="fr")
    Membership.objects.create(user=user, organisation=other_centre, role=Role.CENTRE_STAFF)
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")  # staff roles need a second factor
    return user


@pytest.fixture
def group(centre_vd) -> Group:  # type: ignore[no-untyped-def]
    group = make_group(
        name="Deuil Lausanne",
        canton_id="VD",
        municipality="Lausanne",
        postal_code="1003",
        centre=centre_vd,
        contact_email="groupe-deuil@example.org",
    )
    group.languages.set(["fr"])
    return group


def make_request(of: Group, **fields) -> ContactRequest:  # type: ignore[no-untyped-def]
    values = {
        "group": of,
        "centre": of.centre,
        "name": SECRET_NAME,
        "email": "marie@example.org",
        "language": "fr",
        "message": SECRET_MESSAGE,
        "consent_text": "…",
        "consent_version": "2026-11",
        "consented_at": timezone.now(),
        **fields,
    }
    return ContactRequest.objects.create(**values)


def url(request: ContactRequest, action: str = "") -> str:
    return (
        f"/fr/centre/{request.centre.code}/requests/{request.pk}/{action + '/' if action else ''}"
    )


# --- scope -------------------------------------------------------------------------------


def test_the_workspace_leads_staff_to_their_centre_and_nobody_else_in(
    client_for, demo_users
) -> None:  # type: ignore[no-untyped-def]
    response = client_for(Role.CENTRE_STAFF).get("/fr/centre/")
    assert response.status_code == 302 and response["Location"] == "/fr/centre/centre-vd/"
    for role in (Role.NATIONAL_COORDINATOR, Role.GROUP_CONTACT, Role.SELF_HELP_OFFICER):
        assert client_for(role).get("/fr/centre/").status_code == 404
        assert client_for(role).get("/fr/centre/centre-vd/requests/").status_code == 404


def test_staff_of_another_centre_get_404_for_every_page_and_action(
    client, group, other_staff
) -> None:  # type: ignore[no-untyped-def]
    request = make_request(group)
    client.force_login(other_staff)
    for path in ("", "status", "notes", "forward"):
        answer = client.get(url(request, path)) if not path else client.post(url(request, path))
        assert answer.status_code == 404, path
    # Their own centre's code with a request of Vaud is a 404 too.
    assert client.get(f"/fr/centre/centre-ge/requests/{request.pk}/").status_code == 404
    assert client.get("/fr/centre/centre-vd/").status_code == 404
    request.refresh_from_db()
    assert request.status == "new" and not request.notes.exists()
    with pytest.raises(PermissionDenied):
        requests.request_set_status(by=other_staff, request=request, status="counselling")


def test_the_inbox_lists_only_the_centres_open_requests(client_for, group, other_centre) -> None:  # type: ignore[no-untyped-def]
    mine = make_request(group)
    closed = make_request(group, status="closed", outcome="joined", name="Fermée")
    geneva_group = make_group(
        name="Deuil Genève",
        canton_id="GE",
        municipality="Genève",
        postal_code="1204",
        centre=other_centre,
    )
    make_request(geneva_group, name="Personne de Genève")
    html = client_for(Role.CENTRE_STAFF).get("/fr/centre/centre-vd/requests/").content.decode()
    assert SECRET_NAME in html and f"requests/{mine.pk}/" in html
    assert "Fermée" not in html and "Personne de Genève" not in html
    html = client_for(Role.CENTRE_STAFF).get("/fr/centre/centre-vd/requests/?status=closed")
    assert "Fermée" in html.content.decode()
    assert closed.pk


# --- statuses, notes, audit ------------------------------------------------------------------


def test_a_request_moves_through_its_statuses_and_closing_needs_an_outcome(
    client_for, group
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)
    request = make_request(group)
    assert client.post(url(request, "status"), {"status": "counselling"}).status_code == 302
    response = client.post(url(request, "status"), {"status": "closed", "outcome": ""})
    assert response.status_code == 400
    assert (
        "Veuillez choisir" in response.content.decode()
        or response.context["status_form"].errors["outcome"]
    )
    request.refresh_from_db()
    assert request.status == "counselling"
    client.post(url(request, "status"), {"status": "closed", "outcome": "joined"})
    request.refresh_from_db()
    assert (request.status, request.outcome) == ("closed", "joined")
    assert request.closed_at is not None
    # A move the workflow does not allow is refused with a message.
    response = client.post(url(request, "status"), {"status": "forwarded"})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == "closed"


def test_opening_and_changing_a_request_are_audited_without_personal_data(
    client_for, group
) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)
    request = make_request(group)
    client.get(url(request))
    client.post(url(request, "notes"), {"text": "Elle a peur de venir seule."})
    client.post(url(request, "status"), {"status": "counselling"})
    entries = AuditEntry.objects.filter(object_id__in=[str(request.pk)])
    actions = set(entries.values_list("action", flat=True))
    assert {"read", "update"} <= actions
    note_entry = AuditEntry.objects.get(object_type="centres.counsellingnote")
    everything = " ".join(f"{e.object_label} {e.changes}" for e in [*entries, note_entry])
    assert SECRET_NAME not in everything and "peur" not in everything
    assert "décédé" not in everything


def test_notes_are_kept_and_shown_to_the_centre(client_for, group) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)
    request = make_request(group)
    response = client.post(url(request, "notes"), {"text": ""})
    assert response.status_code == 400
    client.post(url(request, "notes"), {"text": "Rappeler jeudi."})
    assert "Rappeler jeudi." in client.get(url(request)).content.decode()


def test_staff_record_a_request_received_by_phone(client_for, group, staff) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)
    data = {
        "channel": "phone",
        "group": group.pk,
        "name": "Paul",
        "phone": "079 123 45 67",
        "language": "de",
        "message": "",
        "share_contact": "on",
    }
    response = client.post("/fr/centre/centre-vd/requests/new/", data)
    assert response.status_code == 200  # the consent was not confirmed
    assert response.context["form"].errors["consent"]
    assert 'value="Paul"' in response.content.decode()
    response = client.post("/fr/centre/centre-vd/requests/new/", {**data, "consent": "on"})
    assert response.status_code == 302
    recorded = ContactRequest.objects.get(name="Paul")
    assert (recorded.channel, recorded.status, recorded.share_contact) == (
        "phone",
        "counselling",
        True,
    )
    assert recorded.consent_version and recorded.consent_text


# --- forwarding ------------------------------------------------------------------------------


def test_forwarding_sends_only_what_the_person_agreed_to_share(client_for, group) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)
    request = make_request(group, share_contact=False, share_message=False)
    response = client.post(url(request, "forward"), {"note": "Une personne de Morges."})
    assert response.status_code == 302
    email = OutboxMessage.objects.get(kind="contact_request_forwarded")
    assert email.to_email == "groupe-deuil@example.org"
    assert SECRET_NAME not in email.body and "marie@example.org" not in email.body
    assert "décédé" not in email.body and "Une personne de Morges." in email.body
    request.refresh_from_db()
    assert request.status == "forwarded" and request.forwarded_at


def test_forwarding_with_consent_passes_on_name_contact_and_message(client_for, group) -> None:  # type: ignore[no-untyped-def]
    request = make_request(group, share_contact=True, share_message=True)
    client_for(Role.CENTRE_STAFF).post(url(request, "forward"), {"note": ""})
    email = OutboxMessage.objects.get(kind="contact_request_forwarded")
    assert SECRET_NAME in email.body and "marie@example.org" in email.body
    assert SECRET_MESSAGE in email.body


def test_forwarding_goes_to_the_groups_contacts_in_their_language(client_for, group) -> None:  # type: ignore[no-untyped-def]
    organisation = Organisation.objects.create(
        kind=OrganisationKind.SELF_HELP_GROUP, name="Deuil", code="g-deuil", canton_id="VD"
    )
    group.organisation = organisation
    group_save(group)
    contact = User.objects.create_user("contact@example.org", "pw-long-enough-123", language="de")
    Membership.objects.create(user=contact, organisation=organisation, role=Role.GROUP_CONTACT)
    address = EmailAddress.objects.create(
        user=contact, email=contact.email, primary=True, verified=False
    )
    request = make_request(group, share_contact=True)
    staff = client_for(Role.CENTRE_STAFF)
    # An invitation nobody has taken up yet (the address may be mistyped): the group's own
    # address receives the request, not the unconfirmed account.
    staff.post(url(request, "forward"), {"note": ""})
    first = OutboxMessage.objects.get(kind="contact_request_forwarded")
    assert first.to_email == "groupe-deuil@example.org"
    address.verified = True
    address.save()
    second = make_request(group, share_contact=True)
    staff.post(url(second, "forward"), {"note": ""})
    email = (
        OutboxMessage.objects.filter(kind="contact_request_forwarded").exclude(pk=first.pk).get()
    )
    assert (email.to_email, email.language) == ("contact@example.org", "de")
    assert "möchte" in email.subject or "Gruppe" in email.body


def test_a_group_without_an_email_cannot_be_forwarded_to_and_says_so(client_for, group) -> None:  # type: ignore[no-untyped-def]
    group.contact_email = ""
    group_save(group)
    request = make_request(group)
    response = client_for(Role.CENTRE_STAFF).post(url(request, "forward"), {"note": "x"})
    assert response.status_code == 400
    assert not OutboxMessage.objects.filter(kind="contact_request_forwarded").exists()
    request.refresh_from_db()
    assert request.status == "new"


# --- reminders and retention -------------------------------------------------------------


def test_a_request_waiting_three_working_days_is_reminded_once(group, staff) -> None:  # type: ignore[no-untyped-def]
    friday = datetime(2026, 11, 20, 9, tzinfo=UTC)
    request = make_request(group)
    ContactRequest.objects.filter(pk=request.pk).update(created_at=friday)
    # Monday and Tuesday: two working days only (the weekend does not count).
    assert requests.remind_waiting_requests(now=friday + timedelta(days=4, hours=1)) == 0
    assert requests.remind_waiting_requests(now=friday + timedelta(days=5, hours=1)) == 1
    email = OutboxMessage.objects.get(kind="contact_requests_waiting")
    assert email.to_email == staff.email and SECRET_NAME not in email.body
    assert "/centre/centre-vd/requests/" in email.body
    assert requests.remind_waiting_requests(now=friday + timedelta(days=6)) == 0
    assert OutboxMessage.objects.filter(kind="contact_requests_waiting").count() == 1


def test_a_request_taken_up_is_not_reminded(group) -> None:  # type: ignore[no-untyped-def]
    request = make_request(group, status="counselling")
    ContactRequest.objects.filter(pk=request.pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    assert requests.remind_waiting_requests(now=timezone.now()) == 0


def test_closed_requests_are_anonymised_after_the_centres_period(group, staff, centre_vd) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    old = make_request(
        group, status="closed", outcome="joined", closed_at=now - timedelta(days=200)
    )
    recent = make_request(
        group, status="closed", outcome="joined", closed_at=now - timedelta(days=100)
    )
    still_open = make_request(group, status="counselling")
    CounsellingNote.objects.create(request=old, author=staff, text="note privée")
    OutboxMessage.objects.create(
        to_email="marie@example.org",
        kind="contact_request_confirmation",
        subject="s",
        body="Marie",
        language="fr",
        status="sent",
    )
    assert requests.anonymise_closed_requests(now=now) == 1
    old.refresh_from_db()
    assert (old.name, old.email, old.phone, old.message) == ("", "", "", "")
    assert old.anonymised_at and old.outcome == "joined" and old.group == group
    assert not CounsellingNote.objects.filter(request=old).exists()
    assert not OutboxMessage.objects.filter(to_email="marie@example.org").exists()
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.name == SECRET_NAME and still_open.name == SECRET_NAME
    # A centre that keeps requests for twelve months: nothing more is erased at 7 months.
    CentreSettings.objects.create(centre=centre_vd, retention_months=12)
    recent.closed_at = now - timedelta(days=210)
    recent.save()
    assert requests.anonymise_closed_requests(now=now) == 0
    assert requests.anonymise_closed_requests(now=now + timedelta(days=200)) == 1


def test_the_retention_period_is_checked_next_to_the_field(client_for, centre_vd) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)
    response = client.post("/fr/centre/centre-vd/settings/", {"retention_months": "13"})
    assert response.status_code == 200
    assert response.context["form"].errors["retention_months"]
    assert 'value="13"' in response.content.decode()
    assert (
        client.post("/fr/centre/centre-vd/settings/", {"retention_months": "3"}).status_code == 302
    )
    assert CentreSettings.objects.get(centre=centre_vd).retention_months == 3


# --- statistics, home page and query counts --------------------------------------------


def test_monthly_statistics_count_by_theme_channel_and_outcome(group, centre_vd) -> None:  # type: ignore[no-untyped-def]
    grief = Theme.objects.create(code="grief-t", category="social", label="Deuil-t")
    group.themes.set([grief])
    november = datetime(2026, 11, 10, 12, tzinfo=UTC)
    for fields in (
        {"channel": "web"},
        {"channel": "phone", "status": "closed", "outcome": "joined"},
        {"channel": "phone", "status": "closed", "outcome": "not_reached"},
    ):
        request = make_request(group, **fields)
        ContactRequest.objects.filter(pk=request.pk).update(created_at=november)
    without_group = make_request(group, group=None, theme=grief, channel="email")
    ContactRequest.objects.filter(pk=without_group.pk).update(created_at=november)
    october = make_request(group)
    ContactRequest.objects.filter(pk=october.pk).update(
        created_at=datetime(2026, 10, 5, tzinfo=UTC)
    )
    stats = month_statistics(centre_vd, date(2026, 11, 1))
    assert stats.total == 4 and stats.still_open == 2
    assert stats.by_theme == [("Deuil-t", 4)]
    assert dict(stats.by_channel) == {"formulaire du site": 1, "téléphone": 2, "e-mail": 1} or (
        dict(stats.by_channel).values() and sorted(dict(stats.by_channel).values()) == [1, 1, 2]
    )
    assert sorted(n for _, n in stats.by_outcome) == [1, 1]


def count_queries(client, path: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_inbox_home_and_statistics_run_a_constant_number_of_queries(client_for, group) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)
    paths = [
        "/fr/centre/centre-vd/",
        "/fr/centre/centre-vd/requests/",
        "/fr/centre/centre-vd/statistics/",
    ]
    theme = Theme.objects.create(code="t-x", category="social", label="X")
    group.themes.set([theme])
    make_request(group)
    few = [count_queries(client, path) for path in paths]
    for n in range(30):
        make_request(group, group=None if n % 2 else group, theme=theme)
    assert [count_queries(client, path) for path in paths] == few


def test_the_home_page_counts_what_needs_attention(client_for, group) -> None:  # type: ignore[no-untyped-def]
    waiting = make_request(group)
    ContactRequest.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(days=15)
    )
    make_request(group)
    make_request(group, status="counselling")
    counts = client_for(Role.CENTRE_STAFF).get("/fr/centre/centre-vd/").context["counts"]
    assert counts == {
        "new": 2,
        "waiting": 1,
        "counselling": 1,
        "forwarded": 0,
        "stale": 0,
        "awaiting": 0,
        "founding_ready": 0,
        "proposals": 0,
    }


def test_a_forged_status_is_refused_by_the_service(group, staff) -> None:  # type: ignore[no-untyped-def]
    request = make_request(group)
    with pytest.raises(ValidationError):
        requests.request_set_status(by=staff, request=request, status="forwarded")


def test_a_request_left_open_for_a_year_is_closed_then_anonymised(group) -> None:  # type: ignore[no-untyped-def]
    forwarded = make_request(group, status="forwarded")
    ContactRequest.objects.filter(pk=forwarded.pk).update(
        status_changed_at=timezone.now() - timedelta(days=370)
    )
    recent = make_request(group, status="forwarded", status_changed_at=timezone.now())
    assert requests.close_idle_requests(now=timezone.now()) == 1
    forwarded.refresh_from_db()
    recent.refresh_from_db()
    assert (forwarded.status, forwarded.outcome) == ("closed", "other")
    assert recent.status == "forwarded"
    assert requests.anonymise_closed_requests(now=timezone.now() + timedelta(days=200)) == 1


def test_an_anonymised_request_cannot_be_reopened(group, staff) -> None:  # type: ignore[no-untyped-def]
    request = make_request(
        group, status="closed", outcome="joined", closed_at=timezone.now() - timedelta(days=400)
    )
    requests.anonymise_closed_requests(now=timezone.now())
    request.refresh_from_db()
    with pytest.raises(ValidationError):
        requests.request_set_status(by=staff, request=request, status="counselling")


def test_without_staff_to_tell_the_reminder_waits(group, centre_vd) -> None:  # type: ignore[no-untyped-def]
    request = make_request(group)
    ContactRequest.objects.filter(pk=request.pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    User.objects.filter(memberships__organisation=centre_vd).update(is_active=False)
    requests.remind_waiting_requests(now=timezone.now())
    request.refresh_from_db()
    assert request.reminded_at is None
    User.objects.filter(memberships__organisation=centre_vd).update(is_active=True)
    assert requests.remind_waiting_requests(now=timezone.now()) == 1


def test_a_month_far_out_of_range_is_a_message_not_an_error(client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(Role.CENTRE_STAFF)
    for month in ("9999-12", "0001-01", "not-a-month"):
        response = client.get(f"/fr/centre/centre-vd/statistics/?month={month}")
        assert response.status_code == 200
        assert response.context["form"].errors["month"]
