"""What a search that finds few groups offers instead, so that no search is a dead end.

In this order: the groups of the broader themes (the thesaurus's hierarchy:
breast cancer → cancer), the groups that meet online, the groups of the
neighbouring cantons, the responsible regional centre, and registering
interest in a group being founded. Every count comes from the index of the
public groups (``search_backends``), so nothing unpublished is ever counted;
each offer is a search the visitor can open, which shows exactly that count.
A constant number of queries: one count per broader theme (one or two), one
for online groups, one for the neighbouring cantons and one for the centre.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from django.db.models import Count

from entraide.accounts.models import Organisation
from entraide.directory.models import Group, Theme
from entraide.directory.search import GroupSearch, current_thesaurus, find_groups
from entraide.directory.search_backends import backend, ids_in
from entraide.directory.stopwords import without_stop_words

FEW_RESULTS = 5
NEIGHBOURS_FILE = Path(__file__).resolve().parent / "data" / "canton_neighbours.json"


@lru_cache(maxsize=1)
def canton_neighbours() -> dict[str, tuple[str, ...]]:
    """The cantons that share a border with each canton (data/canton_neighbours.json)."""
    data = json.loads(NEIGHBOURS_FILE.read_text(encoding="utf-8"))
    return {code: tuple(found) for code, found in data.items() if not code.startswith("_")}


@dataclass(frozen=True)
class ThemeOffer:
    theme: Theme
    count: int
    params: str


@dataclass
class Fallbacks:
    broader: list[ThemeOffer] = field(default_factory=list)
    online: int = 0
    online_params: str = ""
    neighbours: list[tuple[str, int, str]] = field(default_factory=list)
    canton: str = ""  # the canton the visitor asked about (facet or place), if any
    centre: Organisation | None = None


def _named_themes(search: GroupSearch) -> list[int]:
    """The themes the query named (not their narrower themes), or else those its words suggest."""
    themes = current_thesaurus().themes
    named: list[int] = []
    for part in search.parts:
        for theme_id in sorted(part.theme_ids):
            theme = themes.get(theme_id)
            if theme is not None and theme.broader_id not in part.theme_ids:
                named.append(theme_id)
    if named or not search.parts:
        return named
    # "sein": the themes one of whose terms holds every word of the query as a whole word.
    words = set(without_stop_words(" ".join(p.text for p in search.parts)).split())
    suggested = {
        theme_id
        for term, theme_id in current_thesaurus().own_terms
        if words and words <= set(term.split())
    }
    return sorted(suggested)[:3]


def _broader(named: list[int]) -> list[Theme]:
    """Each named theme and its broader themes, nearest first, without repeats."""
    themes = current_thesaurus().themes
    found: list[Theme] = []
    for theme_id in named:
        theme = themes.get(theme_id)
        depth = 0
        while theme is not None and depth < 3:
            if theme not in found and theme.is_active:
                found.append(theme)
            theme = themes.get(theme.broader_id) if theme.broader_id else None
            depth += 1
    return found


def _params(search: GroupSearch, **changes: str) -> str:
    """The query string of the search that shows an offer (facets kept unless changed)."""
    params = {key: value for key, value in search.facets.items() if key not in changes}
    if search.place:
        params["near"] = search.place.postal_code
    params.update({key: value for key, value in changes.items() if value})
    return "?" + urlencode(sorted(params.items()))


def _count(search: GroupSearch) -> int:
    return (
        backend().counts(search)[0] if search.match.everything else Group.objects.public().count()
    )


def find_fallbacks(search: GroupSearch, count: int) -> Fallbacks | None:
    """What to offer when the search found fewer than FEW_RESULTS groups (else None)."""
    if count >= FEW_RESULTS or search.query_left_out:
        return None
    offers = Fallbacks()
    named = _named_themes(search)
    named_directly = {t for part in search.parts for t in part.theme_ids}
    near = search.place.postal_code if search.place else ""
    widened = search.query
    for theme in _broader(named):
        if theme.pk in named_directly and len(named_directly) == 1 and theme.pk in named:
            continue  # the theme searched for itself: its groups are the results
        label = theme.label
        found = find_groups(label, {k: v for k, v in search.facets.items() if k != "theme"}, near)
        total = _count(found)
        if total:
            offers.broader.append(ThemeOffer(theme, total, _params(search, q=label, theme="")))
            if widened == search.query:
                widened = label
    facets = {k: v for k, v in search.facets.items() if k not in ("canton", "online")}
    if not search.facets.get("online"):
        online = find_groups(widened, {**facets, "online": "1"})
        offers.online = _count(online)
        offers.online_params = _params(search, q=widened, canton="", online="1")
    offers.canton = search.facets.get("canton") or (search.place.canton if search.place else "")
    neighbours = canton_neighbours().get(offers.canton, ())
    if neighbours:
        around = find_groups(widened, facets)
        groups = Group.objects.public().filter(canton_id__in=neighbours)
        if around.match.everything is not None:
            groups = groups.filter(ids_in(*backend()._ids_sql(around.match.everything)))
        counts = dict(
            groups.order_by()
            .values_list("canton_id")
            .annotate(n=Count("pk"))
            .values_list("canton_id", "n")
        )
        offers.neighbours = [
            (code, counts[code], _params(search, q=widened, canton=code))
            for code in neighbours
            if counts.get(code)
        ]
    if offers.canton:
        offers.centre = (
            Organisation.objects.covering(offers.canton)
            .only("code", "name", "email", "phone", "website", "hours")
            .first()
        )
    return offers
