"""No page shows text of another language than its own.

Every page of the project (the URL table of ``test_urls_by_role``) is rendered in the four
languages by one role that may see it, and its visible text is compared with the catalogues:
a translation of another language (say the French "- Choisir une option -" on a German page),
or the English source of a string the page's language translates, is a leak. Such leaks come
from strings translated once when a module loads (``gettext`` at import time, or a lazy string
formatted with ``%`` in a class body) instead of on each request.
"""

from __future__ import annotations

import ast
import html
import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import trans_real

from tests.conftest import ROLES
from tests.core.test_urls_by_role import EXPECTED, all_patterns, concrete_path, sample_args

__all__ = ["sample_args"]  # the fixture, used below by name

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SRC = Path(__file__).resolve().parents[2] / "src" / "entraide"

# Text of these kinds is the data's, in the language it was written in (proper names,
# group texts), or Django's admin, which is not translated by us.
SKIPPED_PREFIXES = ("admin:", "api-", "health")

# Strings the same in two languages, or that are proper names.
SHARED = frozenset({"Entraide"})


def _text(value: object) -> str:
    return " ".join(str(value).split())


@cache
def catalogue(language: str) -> dict[str, str]:
    """The merged catalogue (Django's, the apps', ours) of a language: source -> translation."""
    entries: dict[str, str] = {}
    for key, value in trans_real.translation(language)._catalog.items():
        if isinstance(key, tuple):  # a plural form: (msgid, index)
            continue
        source = key.split("\x04", 1)[-1]  # drop a context
        entries[_text(source)] = _text(value)
    return entries


def worth_checking(text: str) -> bool:
    """Long enough and in words, so that it is not a name or a word every language uses."""
    return len(text) >= 12 and " " in text and "%" not in text and "{" not in text


@cache
def foreign_texts(language: str) -> frozenset[str]:
    """Texts that must not appear on a page in ``language``."""
    own = catalogue(language)
    allowed = set(own.values()) | SHARED
    foreign: set[str] = set()
    for other in LANGUAGES:
        if other == language:
            continue
        for source, translated in catalogue(other).items():
            if translated != own.get(source, source) and translated != source:
                foreign.add(translated)
    if language != "en":
        # The English source of a string this language translates.
        foreign.update(source for source, translated in own.items() if translated != source)
    return frozenset(t for t in foreign - allowed if worth_checking(t))


ATTRIBUTES = re.compile(r'\b(?:placeholder|title|aria-label|alt)="([^"]*)"')
INVISIBLE = re.compile(r"<(script|style)\b.*?</\1>", re.S)
TAG = re.compile(r"<[^>]+>")


# A passage marked as written in a language (``lang="de"``, as WCAG 3.1.2 asks), such as the
# four languages of a convention template's clause, is the data's, not a leak.
MARKED_LANGUAGE = re.compile(r'<(?!html\b)(\w+)\b[^>]*\slang="[a-z-]+"[^>]*>.*?</\1\s*>', re.S)


def visible_text(page: str) -> str:
    """The words a person reads or hears on a page: its text and the labelling attributes."""
    page = MARKED_LANGUAGE.sub(" ", INVISIBLE.sub(" ", page))
    labels = " | ".join(ATTRIBUTES.findall(page))
    return _text(html.unescape(TAG.sub(" | ", page) + " | " + labels))


def leaks(text: str, language: str) -> list[str]:
    """The foreign texts found as whole words ("Menu principal" is not in "Menu principale")."""
    return sorted(
        t
        for t in foreign_texts(language)
        if t in text and re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text)
    )


def without_data(text: str) -> str:
    """The page's text less what people wrote: names and texts in the language they chose."""
    from entraide.accounts.models import Organisation
    from entraide.cooperation.models import Measure
    from entraide.directory.models import Group

    written = [
        *Organisation.objects.values_list("name", flat=True),
        *Group.objects.values_list("name", flat=True),
        *Measure.objects.values_list("title", flat=True),
    ]
    for value in sorted(filter(None, written), key=len, reverse=True):
        text = text.replace(_text(value), " ")
    return text


def one_role_that_sees(key: str) -> str | None:
    expected = EXPECTED[key]
    return next((role for role in ROLES if expected.get(role) == 200), None)


def pages_by_role() -> dict[str, list[tuple[str, str]]]:
    """Each page that answers 200 to somebody, with the first role it answers to."""
    pages: dict[str, list[tuple[str, str]]] = {}
    for key, route in all_patterns():
        if key.startswith(SKIPPED_PREFIXES) or key not in EXPECTED:
            continue
        role = one_role_that_sees(key)
        if role is not None:
            pages.setdefault(role, []).append((key, route))
    return pages


def test_the_check_sees_a_leak() -> None:
    text = visible_text('<p title="x">Montag</p><select><option>- Choisir une option -</option>')
    assert leaks(text, "de") == ["- Choisir une option -"]
    assert leaks(text, "fr") == []
    assert leaks(visible_text("<label>Skip to main content</label>"), "it") == [
        "Skip to main content"
    ]
    # A passage marked with its language is the data's; the same text unmarked is a leak.
    marked = '<dd lang="fr">- Choisir une option -</dd><p>- Choisir une option -</p>'
    assert visible_text(marked).count("- Choisir une option -") == 1


@pytest.mark.parametrize("role", sorted(pages_by_role()))
def test_no_page_shows_another_language(role, client_for, sample_args) -> None:  # type: ignore[no-untyped-def]
    client = client_for(role)
    found = []
    for _key, route in pages_by_role()[role]:
        path = concrete_path(route, sample_args)
        language_prefix = f"/{settings.LANGUAGE_CODE}/"
        for language in LANGUAGES:
            localised = (
                f"/{language}/" + path.removeprefix(language_prefix)
                if path.startswith(language_prefix)
                else path
            )
            response = client.get(localised)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for leak in leaks(without_data(visible_text(response.content.decode())), language):
                found.append(f"{localised}: {leak!r}")
            if not path.startswith(language_prefix):
                break  # a page outside the language prefix is the same in every language
    assert not found, "\n".join(found)


EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}
LAZY = {"gettext_lazy", "ngettext_lazy", "pgettext_lazy", "npgettext_lazy"}


def translated_at_import(path: Path) -> list[str]:
    """Calls that translate once, when the module loads: at module or class level."""
    tree = ast.parse(path.read_text())
    eager: set[str] = set()
    lazy: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.name in EAGER:
                    eager.add(alias.asname or alias.name)
                if alias.name in LAZY:
                    lazy.add(alias.asname or alias.name)
    found: list[str] = []

    def is_call_of(node: ast.AST, names: set[str]) -> bool:
        return (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names
        )

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            # Only what runs at import: decorators and default values.
            for part in [*getattr(node, "decorator_list", []), *node.args.defaults]:
                visit(part)
            return
        if is_call_of(node, eager):
            found.append(f"{path.relative_to(SRC)}:{node.lineno}: {ast.unparse(node)[:80]}")
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod | ast.Add)
            and (is_call_of(node.left, lazy) or is_call_of(node.right, lazy))
        ) or (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and is_call_of(node.func.value, lazy)
        ):
            found.append(f"{path.relative_to(SRC)}:{node.lineno}: {ast.unparse(node)[:80]}")
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_nothing_is_translated_when_a_module_loads() -> None:
    found = [
        problem
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts
        for problem in translated_at_import(path)
    ]
    assert not found, "use gettext_lazy (and format_lazy) here:\n" + "\n".join(found)
