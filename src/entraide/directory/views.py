from __future__ import annotations

from datetime import date, timedelta

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.core.lib.ratelimit import hit
from entraide.core.lib.request_context import client_ip
from entraide.core.models import Canton, Language
from entraide.directory import services
from entraide.directory.forms import ContactRequestForm, GroupSearchForm
from entraide.directory.models import Audience, Group, GroupType, Rhythm, Theme
from entraide.directory.search import apply_facets, facet_counts, read_facets, search_groups

PAGE_SIZE = 20


def group_search(request: HttpRequest) -> HttpResponse:
    """The public search page: a query, facets with counts, results, pagination."""
    form = GroupSearchForm(request.GET)
    form.is_valid()
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    query = data.get("q", "")
    chosen, ignored = read_facets(data)
    cantons = {c.code: c for c in Canton.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    results = apply_facets(search_groups(query), chosen)
    counts = facet_counts(results)
    page = Paginator(
        results.select_related("canton").prefetch_related("themes", "languages"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    top_theme_codes = sorted(counts["theme"], key=lambda code: -counts["theme"][code])[:12]
    themes = {t.code: t for t in Theme.objects.filter(code__in=top_theme_codes)}
    params = {key: value for key, value in chosen.items()}
    if query:
        params["q"] = query
    return render(
        request,
        "directory/search.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "chosen": chosen,
            "params": params,
            "ignored": ignored,
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
    group = (
        Group.objects.visible_to(request.user)
        .select_related("canton", "centre")
        .prefetch_related("themes", "languages")
        .filter(pk=group_id)
        .first()
    )
    if group is None:
        raise Http404
    return render(
        request,
        "directory/group_detail.html",
        {"group": group, "next_meetings": next_meetings(group, timezone.localdate())},
    )


def next_meetings(group: Group, today: date, count: int = 3) -> list[date]:
    """The next meeting dates, where the rhythm says them (weekly groups); else none."""
    if group.rhythm != Rhythm.WEEKLY or group.weekday is None:
        return []
    first = today + timedelta(days=(group.weekday - today.weekday()) % 7)
    return [first + timedelta(weeks=n) for n in range(count)]


def contact_request(request: HttpRequest, group_id: int) -> HttpResponse:
    """The public "I would like to join" form of a group."""
    group = get_public_group(group_id)
    language = (request.LANGUAGE_CODE or "fr")[:2]
    form = ContactRequestForm(request.POST or None, initial={"language": language})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect("directory:contact_request_sent")  # a robot: say thanks, keep nothing
        if not hit("contact_request", client_ip(request) or "-", limit=10, period=3600):
            form.add_error(
                None,
                _("Too many requests were sent from your connection. Please try again in an hour."),
            )
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("consent", "website")}
            services.contact_request_submit(group=group, **data)
            return redirect("directory:contact_request_sent")
    return render(request, "directory/contact_request.html", {"group": group, "form": form})


def contact_request_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/contact_request_sent.html")


def get_public_group(group_id: int) -> Group:
    group = Group.objects.public().select_related("centre").filter(pk=group_id).first()
    if group is None:
        raise Http404
    return group
