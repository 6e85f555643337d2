"""The catalogues are complete in the four languages and Django uses them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation.reloader import translation_file_changed

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "i18n.py"


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues() -> None:
    """Compile the .mo files (they are not committed), then drop Django's cached catalogues."""
    subprocess.run([sys.executable, str(SCRIPT), "compile"], check=True)
    translation_file_changed(sender=None, file_path=SCRIPT.with_name("django.mo"))


def test_the_catalogues_are_complete_and_consistent() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Aller au contenu principal"),
        ("de", "Zum Hauptinhalt springen"),
        ("it", "Vai al contenuto principale"),
        ("en", "Skip to main content"),
    ],
)
def test_each_language_is_translated(language: str, expected: str) -> None:
    with translation.override(language):
        assert gettext("Skip to main content") == expected


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("fr", "1 entrée", "2 entrées"),
        ("de", "1 Eintrag", "2 Einträge"),
        ("it", "1 voce", "2 voci"),
    ],
)
def test_plural_forms_follow_the_language(language: str, one: str, many: str) -> None:
    with translation.override(language):
        forms = [
            ngettext("%(counter)s entry", "%(counter)s entries", n) % {"counter": n} for n in (1, 2)
        ]
    assert forms == [one, many]
