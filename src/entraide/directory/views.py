from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.accounts.models import Organisation
from entraide.core.lib.forms import submit
from entraide.core.lib.http import file_download
from entraide.core.lib.text import fold
from entraide.core.models import Canton, Language
from entraide.core.permissions import first_or_404
from entraide.directory import services
from entraide.directory.exports import Export, centre_calendar_export, group_calendar_export
from entraide.directory.facets import facet_counts
from entraide.directory.fallbacks import find_fallbacks
from entraide.directory.forms import GroupSearchForm, ThemeForm
from entraide.directory.models import Audience, Group, GroupType, Theme, ThemeCategory
from entraide.directory.rules import may_edit_thesaurus
from entraide.directory.schedule import next_meetings
from entraide.directory.search import PAGE_SIZE, find_groups, result_page


def group_search(request: HttpRequest) -> HttpResponse:
    """The public search page: a query, facets with counts, results, pagination."""
    form = GroupSearchForm(request.GET)
    form.is_valid()
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    order = request.GET.get("sort", "")
    language = (request.LANGUAGE_CODE or "")[:2]
    search = find_groups(
        data.get("q", ""), data, data.get("near", ""), language=language, order=order
    )
    query, chosen, results = search.query, search.facets, search.groups
    cantons = {c.code: c for c in Canton.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    counts = facet_counts(results)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    found = result_page(search, number)
    # A Django page over the count, holding the groups of this page, for the pager.
    pager: Paginator[Any] = Paginator(range(found.count), PAGE_SIZE)
    page: Page[Any] = Page(found.groups, found.number, pager)
    top_theme_codes = sorted(counts["theme"], key=lambda code: -counts["theme"][code])[:12]
    themes = {t.code: t for t in Theme.objects.filter(code__in=top_theme_codes)}
    params = {key: value for key, value in chosen.items()}
    if query:
        params["q"] = query
    if search.place:
        params["near"] = data["near"]
    if search.order:
        params["sort"] = search.order
    return render(
        request,
        "directory/search.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "chosen": chosen,
            "params": params,
            "pager_query": urlencode(params),
            "ignored": search.ignored_facets,
            "place": search.place,
            "place_unknown": search.place_unknown,
            "near": data.get("near", ""),
            "order": search.order,
            "order_language": languages.get(language),
            "query_left_out": search.query_left_out,
            "fallbacks": find_fallbacks(search, found.count),
            "neighbour_names": cantons,
            "facets": {
                "canton": [
                    (code, cantons[code].name, n)
                    for code, n in sorted(counts["canton"].items())
                    if code in cantons
                ],
                "language": [
                    (code, languages[code].name, n)
                    for code, n in counts["language"].items()
                    if code in languages
                ],
                "theme": [
                    (code, themes[code].label, counts["theme"][code])
                    for code in top_theme_codes
                    if code in themes
                ],
                "type": [
                    (v, label, counts["type"][v])
                    for v, label in GroupType.choices
                    if v in counts["type"]
                ],
                "audience": [
                    (v, label, counts["audience"][v])
                    for v, label in Audience.choices
                    if v in counts["audience"]
                ],
                "online": counts["online"]["1"],
            },
        },
    )


def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    group = first_or_404(
        Group.objects.visible_to(request.user)
        .select_related("canton", "centre")
        .prefetch_related("themes", "languages")
        .filter(pk=group_id)
    )
    return render(
        request,
        "directory/group_detail.html",
        {"group": group, "next_meetings": next_meetings(group, timezone.localdate())},
    )


def _regional_centres() -> list[Organisation]:
    """The active regional centres with the cantons they cover: their public contact data."""
    return list(
        Organisation.objects.active_centres()
        .only("code", "name", "email", "phone", "website")
        .prefetch_related(Prefetch("cantons", queryset=Canton.objects.order_by("position")))
        .order_by("name")
    )


def self_help(request: HttpRequest) -> HttpResponse:
    """What a self-help group is and what it brings (seed 003), and the centres to ask."""
    return render(request, "directory/self_help.html", {"centres": _regional_centres()})


def self_help_easy_read(request: HttpRequest) -> HttpResponse:
    """The same page in easy language: short sentences, one idea each, large type."""
    return render(request, "directory/self_help_easy_read.html", {"centres": _regional_centres()})


def get_public_group(group_id: int) -> Group:
    """The public group of this number, else 404."""
    return first_or_404(Group.objects.public().select_related("centre").filter(pk=group_id))


THEMES_PAGE_SIZE = 50


def _require_thesaurus_editor(request: HttpRequest) -> None:
    if not may_edit_thesaurus(request.user):
        raise Http404


@login_required
def theme_list(request: HttpRequest) -> HttpResponse:
    """The thesaurus for its editor: every theme with its category and term count."""
    _require_thesaurus_editor(request)
    query = " ".join(request.GET.get("q", "")[:100].split())
    category = request.GET.get("category", "")
    themes = Theme.objects.select_related("broader").annotate(
        term_count=Count("terms", distinct=True)
    )
    if category in ThemeCategory.values:
        themes = themes.filter(category=category)
    else:
        category = ""
    if query:
        themes = themes.filter(
            Q(code__icontains=query) | Q(terms__folded__contains=fold(query))
        ).distinct()
    page = Paginator(themes.order_by("label"), THEMES_PAGE_SIZE).get_page(request.GET.get("page"))
    params = {key: value for key, value in (("q", query), ("category", category)) if value}
    return render(
        request,
        "directory/theme_list.html",
        {
            "page": page,
            "query": query,
            "category": category,
            "categories": ThemeCategory.choices,
            "pager_query": urlencode(params),
            "total": Theme.objects.count(),
        },
    )


def _theme_initial(theme: Theme) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "category": theme.category,
        "broader": theme.broader_id,
        "is_active": theme.is_active,
    }
    for code, synonyms in services.theme_synonyms(theme).items():
        initial[f"label_{code}"] = getattr(theme, f"label_{code}")
        initial[f"synonyms_{code}"] = "\n".join(synonyms)
    return initial


@login_required
def theme_edit(request: AuthenticatedHttpRequest, code: str | None = None) -> HttpResponse:
    """Create a theme (no code) or change one, with its terms in the four languages."""
    _require_thesaurus_editor(request)
    theme = get_object_or_404(Theme, code=code) if code else None
    initial = _theme_initial(theme) if theme else {"is_active": True}
    form = ThemeForm(request.POST or None, theme=theme, initial=initial)
    by = request.user
    if request.method == "POST" and (
        saved := submit(form, lambda data: services.theme_save(by=by, theme=theme, data=data))
    ):
        messages.success(
            request, _("The theme “%(theme)s” has been saved.") % {"theme": saved.label}
        )
        return redirect("directory:theme_list")
    return render(request, "directory/theme_form.html", {"form": form, "theme": theme})


def _download(export: Export, *, inline: bool = False) -> HttpResponse:
    return file_download(export.content, export.content_type, export.filename, inline=inline)


def group_calendar(request: HttpRequest, group_id: int) -> HttpResponse:
    """The meetings of a public group as an iCalendar file, to add to a calendar."""
    export = group_calendar_export(group_id=group_id, language=request.LANGUAGE_CODE)
    if export is None:
        raise Http404
    return _download(export)


def centre_calendar(request: HttpRequest, centre: str) -> HttpResponse:
    """The public calendar feed of a centre's groups (a calendar app subscribes to it)."""
    found = get_object_or_404(Organisation.objects.active_centres(), code=centre)
    export = centre_calendar_export(centre=found, language=request.LANGUAGE_CODE)
    return _download(export, inline=True)
