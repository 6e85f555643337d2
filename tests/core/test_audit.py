"""The audit trail: written by services, append-only, browsable by the national coordinator."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from entraide.accounts import services
from entraide.core.lib.audit import audit_record
from entraide.core.models import AuditEntry


def test_a_service_write_leaves_an_entry_with_who_what_and_where(demo_users, centre_vd, rf) -> None:  # type: ignore[no-untyped-def]
    coordinator = demo_users["national_coordinator"]
    membership = services.membership_create(
        by=coordinator, organisation=centre_vd, email="new.staff@example.org", role="centre_staff"
    )
    entry = AuditEntry.objects.get(object_type="accounts.membership", object_id=str(membership.pk))
    assert entry.actor == coordinator
    assert entry.action == AuditEntry.Action.CREATE
    assert set(entry.changed_fields) == {"user", "organisation", "role"}


def test_the_client_address_is_recorded(client_for, demo_users) -> None:  # type: ignore[no-untyped-def]
    client = client_for("group_contact")
    client.post("/fr/me/", {"display_name": "G.", "language": "de"}, REMOTE_ADDR="203.0.113.7")
    entry = AuditEntry.objects.filter(object_type="accounts.user").latest("id")
    assert entry.ip_address == "203.0.113.7"
    assert entry.changes["language"] == ["fr", "de"]


def test_values_of_sensitive_fields_are_named_but_not_stored(db) -> None:  # type: ignore[no-untyped-def]
    entry = audit_record(
        actor=None,
        action=AuditEntry.Action.UPDATE,
        object_type="directory.contactrequest",
        object_id="1",
        before={"message": "I have cancer", "status": "new"},
        after={"message": "I have breast cancer", "status": "closed"},
        sensitive=["message"],
    )
    assert entry.changed_fields == ["message", "status"]
    assert entry.changes == {"status": ["new", "closed"]}
    assert "cancer" not in str(entry.changes)


def test_entries_cannot_be_changed_or_deleted_through_the_application(db) -> None:  # type: ignore[no-untyped-def]
    entry = audit_record(actor=None, action=AuditEntry.Action.READ, object_type="x", object_id="1")
    entry.object_id = "2"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(object_id="3")
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.parametrize(
    "sql", ["UPDATE core_auditentry SET object_id = 'x'", "DELETE FROM core_auditentry"]
)
def test_the_database_refuses_to_change_entries(db, sql) -> None:  # type: ignore[no-untyped-def]
    audit_record(actor=None, action=AuditEntry.Action.READ, object_type="x", object_id="1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEntry.objects.filter(object_id="1", object_type="x").count() == 1


def test_failed_sign_ins_are_recorded_without_the_password(client, db) -> None:  # type: ignore[no-untyped-def]
    client.post(
        "/fr/account/login/",
        {"login": "centre@demo.entraide.example", "password": "Wrong-p4ssword!"},
    )
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).latest("id")
    assert entry.object_label == "centre@demo.entraide.example"
    assert "Wrong-p4ssword" not in str(entry.__dict__)


def test_the_coordinator_filters_the_trail(
    client_for, demo_users, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for n in range(30):
        audit_record(
            actor=demo_users["centre_staff"],
            action=AuditEntry.Action.READ,
            object_type="t.read",
            object_id=str(n),
        )
    audit_record(
        actor=demo_users["group_contact"],
        action=AuditEntry.Action.UPDATE,
        object_type="t.other",
        object_id="1",
    )
    client = client_for("national_coordinator")
    with django_assert_max_num_queries(12):
        response = client.get("/fr/audit/", {"action": "read", "object_type": "t.read"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 30
    assert all(e.object_type == "t.read" for e in response.context["page"].object_list)


def test_the_audit_page_runs_the_same_number_of_queries_whatever_the_size(
    client_for, demo_users, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client = client_for("national_coordinator")
    client.get("/fr/audit/")  # warm caches (session, content types)
    from django.db import connection as conn
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(conn) as small:
        client.get("/fr/audit/")
    for n in range(120):
        audit_record(
            actor=demo_users["centre_staff"],
            action=AuditEntry.Action.READ,
            object_type="t",
            object_id=str(n),
        )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get("/fr/audit/")


def test_a_reversed_date_range_gets_a_message_next_to_the_field(client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("national_coordinator").get(
        "/fr/audit/", {"since": "2026-02-01", "until": "2026-01-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["until"]
    assert 'value="2026-02-01"' in response.content.decode()


def test_a_sensitive_read_is_recorded_without_describing_the_record(demo_users) -> None:  # type: ignore[no-untyped-def]
    from entraide.core.lib.audit import audit_read

    reviewer = demo_users["quality_reviewer"]
    entry = audit_read(actor=demo_users["centre_staff"], obj=reviewer)
    assert (entry.action, entry.object_type, entry.object_id) == (
        "read",
        "accounts.user",
        str(reviewer.pk),
    )
    assert entry.object_label == ""
    assert entry.actor_label == "centre@demo.entraide.example"
