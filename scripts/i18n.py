#!/usr/bin/env python3
"""Translation chores: compile the catalogues, fill the English one, check they are complete.

python scripts/i18n.py compile       # every django.po -> django.mo (no GNU gettext needed)
python scripts/i18n.py fill-english  # the English catalogue translates each msgid to itself
python scripts/i18n.py check         # fail on missing, untranslated, fuzzy, obsolete entries
                                     # or placeholders that differ (needs GNU gettext)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
APP_DIR = ROOT / "src" / "entraide"
LOCALE_DIR = APP_DIR / "locale"
LANGUAGES = ("fr", "de", "it", "en")
# Named placeholders: %(name)s as Python and blocktranslate write them, {name} for str.format.
PLACEHOLDER = re.compile(r"%\((\w+)\)|\{(\w+)\}")

Key = tuple[str | None, str]


def po_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / "django.po"


def compile_all() -> None:
    """Write django.mo beside every django.po (fuzzy and untranslated entries are left out)."""
    for path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po")):
        # Write aside then rename, so a process reading the catalogue never sees half a file.
        mo = path.with_suffix(".mo")
        partial = mo.with_name(f"{mo.name}.{os.getpid()}.tmp")
        polib.pofile(str(path)).save_as_mofile(str(partial))
        partial.replace(mo)


def fill_english() -> None:
    """Make the English catalogue translate every msgid to itself."""
    path = po_path("en")
    po = polib.pofile(str(path))
    po.metadata["Language"] = "en"
    po.metadata_is_fuzzy = False
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    po.save(str(path))


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text.replace("%%", ""))}


def placeholder_problem(entry: polib.POEntry) -> str | None:
    """Describe how the translation's named placeholders differ from the msgid's, if they do."""
    if entry.msgid_plural:
        # A plural form may follow either the singular or the plural msgid.
        allowed = [placeholders(entry.msgid), placeholders(entry.msgid_plural)]
        for index, text in sorted(entry.msgstr_plural.items()):
            if text and placeholders(text) not in allowed:
                names = sorted(placeholders(text))
                return f"msgstr[{index}] has {names}, expected {sorted(allowed[-1])}"
        return None
    expected, found = placeholders(entry.msgid), placeholders(entry.msgstr)
    if entry.msgstr and found != expected:
        return f"msgstr has {sorted(found)}, expected {sorted(expected)}"
    return None


def catalogue_problems(language: str, po: polib.POFile) -> list[str]:
    problems = []
    if po.metadata_is_fuzzy:
        problems.append("the header is marked fuzzy")
    if po.metadata.get("Language") != language:
        problems.append(f"the header says Language: {po.metadata.get('Language')!r}")
    for entry in po:
        label = repr(entry.msgid)
        if entry.obsolete:
            problems.append(f"obsolete: {label}")
        elif "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {label}")
        elif not entry.translated():
            problems.append(f"untranslated: {label}")
        elif problem := placeholder_problem(entry):
            problems.append(f"placeholders: {label}: {problem}")
    return problems


def keys(po: polib.POFile) -> set[Key]:
    return {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete}


def extracted_keys() -> set[Key]:
    """The messages of the code, extracted by makemessages from a throw-away copy of the app.

    The copy is imported instead of the real package, so its settings point LOCALE_PATHS
    into the temporary directory and the committed catalogues cannot be touched.
    """
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "entraide"
        shutil.copytree(APP_DIR, copy, ignore=shutil.ignore_patterns("locale", "__pycache__"))
        env = {
            **os.environ,
            "PYTHONPATH": tmp,
            "DJANGO_SETTINGS_MODULE": "entraide.settings",
            "SECRET_KEY": "i18n-check-" + "x" * 40,
        }
        command = [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-location"]
        subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
            [*command, "-i", "static/*", "-v", "0"], cwd=copy, env=env, check=True
        )
        return keys(polib.pofile(str(po_path("fr", copy / "locale"))))


def check() -> int:
    """Print every problem of the catalogues; return the number of problems found."""
    in_code = extracted_keys()
    count = 0
    for language in LANGUAGES:
        path = po_path(language)
        if not path.exists():
            print(f"{path.relative_to(ROOT)}: missing")
            count += 1
            continue
        po = polib.pofile(str(path))
        problems = catalogue_problems(language, po)
        missing = sorted(in_code - keys(po), key=str)
        stale = sorted(keys(po) - in_code, key=str)
        problems += [f"missing (in the code): {msgid!r}" for _, msgid in missing]
        problems += [f"not in the code any more: {msgid!r}" for _, msgid in stale]
        for problem in problems:
            print(f"{path.relative_to(ROOT)}: {problem}")
        count += len(problems)
    if count:
        print(f"\n{count} problem(s). Run `make messages`, translate, then check again.")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description="Compile, fill and check the translations.")
    parser.add_argument("command", choices=["compile", "fill-english", "check"])
    command = parser.parse_args().command
    if command == "compile":
        compile_all()
    elif command == "fill-english":
        fill_english()
    elif check():
        sys.exit(1)


if __name__ == "__main__":
    main()
