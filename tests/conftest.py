"""Shared fixtures: the demo data in every test database, one user and client per role.

The role sets below are the ones the tests of several apps speak of; import them from here
(``from tests.conftest import OFFICE``) rather than writing them again.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from entraide.accounts.models import Organisation, Role, User
from entraide.demo.accounts import ACCOUNTS, load_demo
from entraide.directory.indexing import group_save
from entraide.directory.models import Group

R = Role
ROLES = ["anonymous", *Role.values]
SIGNED_IN = frozenset(Role.values)
# The national office: reads every triangle, reviews and awards.
OFFICE = frozenset({R.NATIONAL_COORDINATOR, R.QUALITY_REVIEWER})
# A health institution's people.
INSTITUTION = frozenset({R.SELF_HELP_OFFICER, R.HEALTH_PROFESSIONAL, R.MANAGEMENT})
# The parties of the demo triangle: its institution, its centre and its group's contact.
TRIANGLE_PARTIES = INSTITUTION | {R.CENTRE_STAFF, R.GROUP_CONTACT}
# Who changes who takes part in a triangle, or ends it.
TRIANGLE_LEADS = frozenset({R.SELF_HELP_OFFICER, R.MANAGEMENT, R.CENTRE_STAFF})
# Who may start a triangle.
TRIANGLE_STARTERS = TRIANGLE_LEADS | {R.NATIONAL_COORDINATOR}
# Roles with no part in the cooperation with health institutions.
OUTSIDERS = frozenset({R.PLATFORM_COORDINATOR, R.MEMBER, R.PATIENT_PARTNER})


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load the demo organisations and accounts once per test database."""
    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def demo_users(db) -> dict[str, User]:  # type: ignore[no-untyped-def]
    """The demo account of each role, keyed by role."""
    users = {u.email: u for u in User.objects.filter(email__in=[a.email for a in ACCOUNTS])}
    return {account.role: users[account.email] for account in ACCOUNTS}


@pytest.fixture
def client_for(demo_users) -> Callable[[str], Client]:  # type: ignore[no-untyped-def]
    """A test client signed in as the demo account of a role ("anonymous" for none)."""

    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(demo_users[role])
        return client

    return make


def make_group(**fields: Any) -> Group:
    """A new group, saved as the services save one: search text, place in name order, words."""
    return group_save(Group(**fields))


@pytest.fixture
def centre_vd(db) -> Organisation:  # type: ignore[no-untyped-def]
    return Organisation.objects.get(code="centre-vd")


@pytest.fixture(autouse=True)
def _default_language_after_each_test():  # type: ignore[no-untyped-def]
    """Requests served in-process (schemathesis, the test client) leave their language active."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


def _audit_triggers(up: bool) -> None:
    """Install or drop the audit trail's append-only triggers (those of migration core 0003)."""
    from django.db import connection

    migration = importlib.import_module("entraide.core.migrations.0003_audit_append_only_and_cache")
    with connection.cursor() as cursor:
        for sql in migration.statements(connection.vendor, up):
            cursor.execute(sql.replace("CREATE TRIGGER ", "CREATE TRIGGER IF NOT EXISTS ", 1))


@pytest.fixture(scope="module")
def _audit_triggers_back(django_db_blocker):  # type: ignore[no-untyped-def]
    from django.db import connection

    yield
    if connection.vendor == "sqlite":
        with django_db_blocker.unblock():
            _audit_triggers(up=True)


@pytest.fixture
def flushable_audit_trail(_audit_triggers_back):  # type: ignore[no-untyped-def]
    """For a transactional test: the flush that ends it may delete the audit trail.

    The demo data loaded for every test database writes audit entries; a transactional
    test ends by deleting every row (on SQLite), which the append-only triggers refuse.
    They are lifted once the test body is done and set back when the module ends.
    """
    from django.db import connection

    yield
    if connection.vendor == "sqlite":  # PostgreSQL's flush truncates, which fires no trigger
        _audit_triggers(up=False)
