"""The public page on self-help groups (seed 003) and its easy-read variant."""

from __future__ import annotations

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from entraide.accounts.models import Organisation, OrganisationKind
from entraide.core.models import Canton

LANGUAGES = ["fr", "de", "it", "en"]
PAGES = ["directory:self_help", "directory:self_help_easy_read"]
# What the page says, paragraph by paragraph (one msgid each, as the template marks them).
FULL_PAGE = [
    "What is a self-help group?",
    "Who is it for?",
    "What a group brings to its members",
    "What it brings to relatives",
    "How the regional centres help",
    "How to find a group",
    "The regional self-help centres",
    "An illness, an addiction or a loss also weighs on the people around. When a person "
    "finds support in a group, things become easier for their relatives too.",
    "The regional self-help centres know the groups of their region. They listen to you, help "
    "you find a group that suits you and put you in touch with it. Your first contact stays "
    "confidential.",
]
EASY_READ = [
    "Self-help groups in easy language",
    "A self-help group is a group of people.",
    "A group can also be for their family and friends.",
    "They put you in touch with the group.",
    "In an emergency, call 144.",
]


def url(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name)


def page(client, name: str, language: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(url(name, language))
    assert response.status_code == 200
    # Read as a person reads it: the template escapes some apostrophes and not others.
    return html.unescape(response.content.decode())


def in_language(language: str, msgid: str) -> str:
    """The text as the page shows it in this language."""
    with translation.override(language):
        return gettext(msgid)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("name", "texts"), [(PAGES[0], FULL_PAGE), (PAGES[1], EASY_READ)])
def test_each_page_speaks_the_language_of_its_address(client, db, language, name, texts) -> None:  # type: ignore[no-untyped-def]
    html = page(client, name, language)
    assert f'<html lang="{language}"' in html
    for text in texts:
        assert in_language(language, text) in html


def test_the_full_page_covers_the_seeds_themes_and_where_to_turn(client, db) -> None:  # type: ignore[no-untyped-def]
    html = page(client, "directory:self_help", "en")
    text = re.sub(r"\s+", " ", html)
    for words in [
        "chronic illness",
        "rare disease",
        "psychological difficulties",
        "being a parent",
        "an addiction",
        "sexual orientation",
        "relatives",
    ]:
        assert words in text
    # One heading per part, in order, and a way on: the search, the founding page, the centres.
    headings = re.findall(r"<h[12][^>]*>([^<]+)</h[12]>", html)
    assert headings[:8] == [
        "What is a self-help group?",
        "Groups for many situations",
        "Who is it for?",
        "What a group brings to its members",
        "What it brings to relatives",
        "How the regional centres help",
        "How to find a group",
        "The regional self-help centres",
    ]
    assert f'href="{url("directory:group_search", "en")}"' in html
    assert f'href="{url("centres:founding_public", "en")}"' in html
    assert f'href="{url("directory:self_help_easy_read", "en")}"' in html
    assert "144" in text and "143" in text


def test_the_easy_read_page_uses_the_easy_read_look_and_short_sentences(client, db) -> None:  # type: ignore[no-untyped-def]
    html = page(client, "directory:self_help_easy_read", "en")
    assert html.count('class="easy-read"') == 6
    assert f'href="{url("directory:self_help", "en")}"' in html
    assert f'href="{url("directory:group_search", "en")}"' in html
    without_centres = re.sub(r'<ul class="cards">.*?</ul>\s*</li>\s*</ul>', "", html, flags=re.S)
    sentences = [
        re.sub(r"<[^>]+>", "", p).strip()
        for section in re.findall(r'<section class="easy-read".*?</section>', without_centres, re.S)
        for p in re.findall(r"<p>(.*?)</p>", section, re.S)
    ]
    assert len(sentences) >= 25
    # One idea a sentence: short, and at most one full stop inside.
    assert all(len(s.split()) <= 12 for s in sentences), sentences
    assert all(s.rstrip(".?").count(".") == 0 for s in sentences), sentences


@pytest.mark.parametrize("name", PAGES)
def test_both_pages_list_the_active_regional_centres_with_their_contact(client, db, name) -> None:  # type: ignore[no-untyped-def]
    bern = Organisation.objects.get(code="centre-be")
    bern.phone = "031 311 24 06"
    bern.website = "https://selbsthilfe-bern.example/"
    bern.save(update_fields=["phone", "website"])
    Organisation.objects.filter(code="centre-vs").update(is_active=False)
    html = page(client, name, "de")
    assert "Selbsthilfezentrum Bern" in html
    assert 'href="tel:0313112406"' in html
    assert 'href="mailto:bern@demo.entraide.example"' in html
    assert 'href="https://selbsthilfe-bern.example/"' in html
    assert "Selbsthilfe Wallis" not in html  # inactive
    assert "Office national" not in html  # not a regional centre
    assert "Basel-Landschaft" in html  # the cantons a centre covers, by name


@pytest.mark.parametrize("name", PAGES)
def test_the_centre_list_costs_the_same_queries_however_many_centres(client, db, name) -> None:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as few:
        client.get(url(name, "fr"))
    canton = Canton.objects.get(code="TI")
    for i in range(3):
        centre = Organisation.objects.create(
            kind=OrganisationKind.REGIONAL_CENTRE,
            name=f"Centro di autoaiuto {i}",
            code=f"centro-{i}",
            canton=canton,
        )
        centre.cantons.add(canton)
    with CaptureQueriesContext(connection) as more:
        html = client.get(url(name, "fr")).content.decode()
    assert "Centro di autoaiuto 2" in html
    assert len(more) == len(few)


def test_without_any_centre_the_page_says_so(client, db) -> None:  # type: ignore[no-untyped-def]
    Organisation.objects.filter(kind=OrganisationKind.REGIONAL_CENTRE).update(is_active=False)
    html = page(client, "directory:self_help", "en")
    assert "No regional centre is listed yet." in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_home_page_links_to_both_pages(client, db, language) -> None:  # type: ignore[no-untyped-def]
    html = page(client, "core:home", language)
    for name in PAGES:
        assert f'href="{url(name, language)}"' in html
    assert in_language(language, "What is a self-help group?") in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_search_page_links_to_both_pages(client, db, language) -> None:  # type: ignore[no-untyped-def]
    html = page(client, "directory:group_search", language)
    for name in PAGES:
        assert f'href="{url(name, language)}"' in html


def test_a_search_without_results_points_to_the_centres(client, db) -> None:  # type: ignore[no-untyped-def]
    response = client.get(url("directory:group_search", "en"), {"q": "zzzqqqxxx"})
    assert response.context["page"].paginator.count == 0
    assert f'href="{url("directory:self_help", "en")}#centres"' in response.content.decode()
