"""The directory's public API: themes, groups and cantons (public data only).

Every answer is built from the same search as the pages (``search.find_groups``)
and holds nothing that the public pages do not show.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, time
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from entraide.core.models import Canton
from entraide.directory.fallbacks import Fallbacks, find_fallbacks
from entraide.directory.models import Group, Theme
from entraide.directory.schedule import next_meetings
from entraide.directory.search import (
    attach_themes_and_languages,
    find_groups,
    rank_themes,
    result_page,
)

router = Router()
LanguageCode = Literal["fr", "de", "it", "en"]
LANGUAGES = ("fr", "de", "it", "en")


class ThemeOut(Schema):
    code: str
    label: str
    category: str


class ThemeList(Schema):
    results: list[ThemeOut]


class ThemeRef(Schema):
    code: str
    label: str


class GroupOut(Schema):
    id: int
    name: str
    themes: list[ThemeRef]
    canton: str
    municipality: str
    languages: list[str]
    type: str
    audience: str
    online: bool
    distance_km: float | None = Field(
        None, description="From the place given in `near`, when there is one."
    )
    url: str


class BroaderTheme(Schema):
    theme: str
    label: str
    count: int


class NeighbourCount(Schema):
    canton: str
    count: int


class CentreContact(Schema):
    code: str
    name: str
    phone: str
    email: str
    hours: str


class GroupPage(Schema):
    count: int
    page: int
    pages: int
    near: str | None = Field(None, description="The place the results are ordered from.")
    ignored: list[str] = Field(
        default_factory=list,
        description="Filters left out because their value is unknown (the results ignore them).",
    )
    results: list[GroupOut]
    broader: list[BroaderTheme] | None = Field(
        None, description="When fewer than 5 groups are found: groups of the wider themes."
    )
    online: int | None = Field(
        None, description="When few are found: how many groups of the same theme meet online."
    )
    neighbours: list[NeighbourCount] | None = Field(
        None, description="When few are found: groups of the same theme in neighbouring cantons."
    )
    centre: CentreContact | None = Field(
        None, description="When few are found: the regional centre of the canton or place asked."
    )
    founding: str | None = Field(
        None, description="When few are found: where to register interest in a new group."
    )


class CentreRef(Schema):
    name: str
    email: str


class GroupDetail(GroupOut):
    description: str
    easy_read_summary: str
    postal_code: str
    address: str = Field(description="Empty unless the group shows its address publicly.")
    rhythm: str
    weekday: int | None = Field(description="0 is Monday.")
    start_time: time | None
    end_time: time | None
    next_meetings: list[date]
    contact_mode: str
    centre: CentreRef
    last_confirmed: date | None


class CantonOut(Schema):
    code: str
    name: str
    languages: list[str]


class CantonList(Schema):
    results: list[CantonOut]


class Message(Schema):
    detail: str


class GroupFilters(Schema):
    q: str = Field("", max_length=1000, description="Words, in any of the four languages.")
    lang: str = Field(
        "fr",
        max_length=100,
        description="Language of the labels and links (fr, de, it, en); groups where it is "
        "spoken come first. Another value is answered with 400.",
        # Documented as the four codes; checked by the view, so that another is a clear 400.
        json_schema_extra={"enum": ["fr", "de", "it", "en"]},
    )
    sort: Literal["", "name", "distance"] = Field(
        "", description="Empty: most relevant first; or by name; or by distance from `near`."
    )
    canton: str = Field("", max_length=100)
    language: str = Field("", max_length=100, description="A language spoken in the group.")
    theme: str = Field("", max_length=100, description="A theme code.")
    type: str = Field("", max_length=100)
    audience: str = Field("", max_length=100)
    online: bool | None = None
    near: str = Field("", max_length=1000, description="A Swiss postal code or town.")
    page: int = Field(1, ge=1, le=100_000)


def _group_urls(request: HttpRequest, lang: str) -> Callable[[int], str]:
    """The absolute address of a group's page in ``lang``, reversed once per answer."""
    with translation.override(lang):
        marker = 999_999_999_999
        path = reverse("directory:group_detail", args=[marker])
    before, after = request.build_absolute_uri(path).split(str(marker))
    return lambda pk: f"{before}{pk}{after}"


def _theme_refs(themes: list[Theme], labels: dict[int, dict[str, str]]) -> list[dict[str, str]]:
    """Each theme's code and label in the active language, read once per answer."""
    refs = []
    for theme in themes:
        ref = labels.get(theme.pk)
        if ref is None:
            ref = labels[theme.pk] = {"code": theme.code, "label": theme.label}
        refs.append(ref)
    return refs


def _group_out(
    group: Group,
    lang: str,
    url_of: Callable[[int], str],
    distance: float | None = None,
    labels: dict[int, dict[str, str]] | None = None,
) -> dict[str, object]:
    with translation.override(lang):
        themes = _theme_refs(group.listed_themes, {} if labels is None else labels)
    return {
        "id": group.pk,
        "name": group.name,
        "themes": themes,
        "canton": group.canton_id,
        "municipality": group.municipality,
        "languages": sorted(language.code for language in group.listed_languages),
        "type": group.group_type,
        "audience": group.audience,
        "online": group.is_online,
        "distance_km": distance,
        "url": url_of(group.pk),
    }


@router.get("/themes", response=ThemeList, summary="Themes of the thesaurus, best match first")
def themes(
    request: HttpRequest,
    q: Annotated[str, Query(max_length=1000)] = "",
    lang: LanguageCode = "fr",
) -> dict[str, object]:
    with translation.override(lang):
        found = rank_themes(q) if q.strip() else list(Theme.objects.active().order_by("label"))
        return {
            "results": [{"code": t.code, "label": t.label, "category": t.category} for t in found]
        }


def _fallbacks_out(request: HttpRequest, offers: Fallbacks) -> dict[str, object]:
    centre = offers.centre
    return {
        "broader": [
            {"theme": o.theme.code, "label": o.theme.label, "count": o.count}
            for o in offers.broader
        ],
        "online": offers.online,
        "neighbours": [{"canton": code, "count": n} for code, n, _params in offers.neighbours],
        "centre": {
            "code": centre.code,
            "name": centre.name,
            "phone": centre.phone,
            "email": centre.email,
            "hours": centre.hours,
        }
        if centre
        else None,
        "founding": request.build_absolute_uri(reverse("centres:founding_public")),
    }


@router.get(
    "/groups",
    response={200: GroupPage, 400: Message},
    summary="Search the public self-help groups",
)
def groups(request: HttpRequest, filters: Query[GroupFilters]) -> HttpResponse:
    """The answer is built as plain JSON values that match ``GroupPage``.

    It is sent as is rather than validated again against the schema (that took
    a third of the time of a search); schemathesis checks in the tests that
    every answer matches the schema.
    """
    if filters.lang not in LANGUAGES:
        return HttpResponse(
            json.dumps({"detail": "Unknown language in lang: use fr, de, it or en."}),
            status=400,
            content_type="application/json; charset=utf-8",
        )
    data = filters.dict()
    data["online"] = "1" if filters.online else ""
    search = find_groups(filters.q, data, filters.near, language=filters.lang, order=filters.sort)
    labels: dict[int, dict[str, str]] = {}
    with translation.override(filters.lang):
        # A page past the end is an empty page, not an error: the count says why.
        found = result_page(search, filters.page, clamp=False)
        url_of = _group_urls(request, filters.lang)
        answer: dict[str, object] = {
            "count": found.count,
            "page": filters.page,
            "pages": found.pages,
            "near": search.place.label if search.place else None,
            "ignored": search.ignored_facets,
            "results": [
                _group_out(group, filters.lang, url_of, getattr(group, "distance_km", None), labels)
                for group in found.groups
            ],
        }
        if search.query_left_out:
            answer["ignored"] = [*search.ignored_facets, "q"]
        offers = find_fallbacks(search, found.count)
        if offers is not None:
            answer.update(_fallbacks_out(request, offers))
    return HttpResponse(
        json.dumps(answer, ensure_ascii=False, separators=(",", ":")),
        content_type="application/json; charset=utf-8",
    )


@router.get(
    "/groups/{group_id}",
    response={200: GroupDetail, 404: Message},
    summary="One public self-help group",
)
def group(
    request: HttpRequest, group_id: int, lang: LanguageCode = "fr"
) -> Status[dict[str, object]]:
    found = Group.objects.public().select_related("centre").filter(pk=group_id).first()
    if found is None:
        return Status(404, {"detail": "There is no public group with this number."})
    attach_themes_and_languages([found])
    answer = _group_out(found, lang, _group_urls(request, lang))
    answer.update(
        description=found.description,
        easy_read_summary=found.easy_read_summary,
        postal_code=found.postal_code,
        address=found.public_address,
        rhythm=found.rhythm,
        weekday=found.weekday,
        start_time=found.start_time,
        end_time=found.end_time,
        next_meetings=next_meetings(found, timezone.localdate()),
        contact_mode=found.contact_mode,
        centre={"name": found.centre.name, "email": found.centre.email},
        last_confirmed=found.last_confirmed_at.date() if found.last_confirmed_at else None,
    )
    return Status(200, answer)


@router.get("/cantons", response=CantonList, summary="The 26 cantons")
def cantons(request: HttpRequest, lang: LanguageCode = "fr") -> dict[str, object]:
    with translation.override(lang):
        rows = Canton.objects.prefetch_related("languages").order_by("code")
        return {
            "results": [
                {
                    "code": canton.code,
                    "name": canton.name,
                    "languages": sorted(language.code for language in canton.languages.all()),
                }
                for canton in rows
            ]
        }
