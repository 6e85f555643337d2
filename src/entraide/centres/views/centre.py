"""The regional centre's workspace: the way in, what needs attention today, the centre's settings.

Every page of the workspace takes the centre's code from the URL and answers
404 to anyone who is not on that centre's staff, and for any object of
another centre.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.centres.forms import CentreSettingsForm
from entraide.centres.models import (
    ContactRequest,
    ContactRequestStatus,
    FoundingProject,
    FoundingStatus,
    ListingProposal,
    ProposalStatus,
    settings_of,
)
from entraide.centres.rules import centres_of, get_centre_for_staff
from entraide.centres.services.centre import centre_settings_save
from entraide.centres.services.listings import awaiting_confirmation
from entraide.centres.services.requests import waiting_since_cutoff
from entraide.core.lib.forms import submit
from entraide.directory.models import Group

Status = ContactRequestStatus


@login_required
def workspace(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The entry point: straight to the person's centre, or a choice if they work for several."""
    centres = list(centres_of(request.user).only("code", "name"))
    if not centres:
        raise Http404
    if len(centres) == 1:
        return redirect("centres:home", centres[0].code)
    return render(request, "centres/choose.html", {"centres": centres})


@login_required
def home(request: AuthenticatedHttpRequest, centre: str) -> HttpResponse:
    """What needs attention today."""
    current = get_centre_for_staff(request.user, centre)
    now = timezone.now()
    requests = ContactRequest.objects.filter(centre=current)
    cutoff = waiting_since_cutoff(now, current.canton_id)
    counts = {
        "new": requests.filter(status=Status.NEW).count(),
        "waiting": requests.filter(status=Status.NEW, created_at__lte=cutoff).count(),
        "counselling": requests.filter(status=Status.COUNSELLING).count(),
        "forwarded": requests.filter(status=Status.FORWARDED).count(),
        "stale": Group.objects.filter(centre=current).stale().count(),
        "founding_ready": FoundingProject.objects.filter(
            centre=current, status=FoundingStatus.GATHERING, threshold_reached_at__isnull=False
        ).count(),
        "proposals": ListingProposal.objects.filter(
            centre=current, status=ProposalStatus.PENDING
        ).count(),
        "awaiting": awaiting_confirmation().filter(group__centre=current).count(),
    }
    return render(request, "centres/home.html", {"centre": current, "counts": counts})


@login_required
def centre_settings(request: AuthenticatedHttpRequest, centre: str) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    form = CentreSettingsForm(request.POST or None, instance=settings_of(current))
    if (
        request.method == "POST"
        and submit(
            form,
            lambda data: centre_settings_save(
                by=request.user,
                centre=current,
                retention_months=data["retention_months"],
                contact_edits_reviewed=data["contact_edits_reviewed"],
            ),
        )
        is not None
    ):
        messages.success(request, _("The settings have been saved."))
        return redirect("centres:settings", current.code)
    return render(request, "centres/settings.html", {"centre": current, "form": form})
