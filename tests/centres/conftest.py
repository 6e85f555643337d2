"""Fixtures of the centres tests: the directory's sample groups (the contact form asks to join one)."""

from tests.directory.conftest import directory  # noqa: F401
