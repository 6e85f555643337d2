from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from entraide.core.forms import AuditFilterForm
from entraide.core.models import AuditEntry, OutboxMessage
from entraide.core.navigation import HOME_CARDS, capabilities_for, home_cards
from entraide.core.permissions import may
from entraide.core.warnings import warnings_for


def home(request: HttpRequest) -> HttpResponse:
    """The public welcome page with the public pages each app registers (and their figures
    today), or what this person's roles can do."""
    user: Any = request.user
    if user.is_authenticated:
        return render(
            request,
            "core/home.html",
            {
                "capabilities": capabilities_for(user),
                "memberships": list(user.memberships.select_related("organisation")),
                "warnings": warnings_for(user),
                # Signed in, the public pages are links only: their figures are for the public.
                "cards": HOME_CARDS,
            },
        )
    return render(
        request,
        "core/home.html",
        {"cards": home_cards(timezone.localdate()), "capabilities": capabilities_for(user)},
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database answers a query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure to reach the database means "not healthy"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.has_perm("core.view_auditentry"):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.all()
    if form.is_valid():
        entries = entries.filtered(**form.cleaned_data)
    page = Paginator(
        entries.only(
            "at",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "object_label",
            "changed_fields",
            "ip_address",
        ),
        50,
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "core/audit_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@login_required
def demo_outbox(request: HttpRequest) -> HttpResponse:
    """Demo mode only: the emails the platform sent, so a tester can follow the links."""
    user: Any = request.user
    if not settings.DEMO or not user.has_perm("core.view_demo_outbox"):
        raise Http404
    messages = OutboxMessage.objects.all()
    if not may(user, "core.view_every_demo_email"):
        # Their own mail: to their account, or to their address however it was typed.
        messages = messages.filter(Q(recipient=user) | Q(to_email__iexact=user.email))
    page = Paginator(messages, 20).get_page(request.GET.get("page"))
    return render(request, "core/demo_outbox.html", {"page": page})


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def bench_bare(request: HttpRequest) -> HttpResponse:
    """A constant answer (mounted only with BENCH=1): what the server costs by itself."""
    return HttpResponse(b"ok", content_type="text/plain")
