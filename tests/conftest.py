"""Shared fixtures: the demo data in every test database, one user and client per role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from entraide.accounts.demo import ACCOUNTS, load_demo
from entraide.accounts.models import Organisation, Role, User
from entraide.directory.indexing import group_save
from entraide.directory.models import Group

ROLES = ["anonymous", *Role.values]


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
