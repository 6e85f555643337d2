"""The national coordinator moves a canton from one regional centre to another."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.accounts.models import Organisation, OrganisationKind
from entraide.centres.forms import CantonMoveForm
from entraide.centres.services.regions import CantonMove, canton_move
from entraide.core.lib.forms import submit
from entraide.core.models import Canton
from entraide.core.permissions import may


def _move(request: AuthenticatedHttpRequest, data: dict[str, Any]) -> CantonMove:
    code, source_pk = str(data["canton"]).split(":")
    return canton_move(
        by=request.user,
        canton=Canton.objects.get(code=code),
        source=Organisation.objects.get(pk=source_pk, kind=OrganisationKind.REGIONAL_CENTRE),
        target=data["target"],
    )


@login_required
def move(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may(request.user, "centres.move_canton"):
        raise Http404
    form = CantonMoveForm(request.POST or None)
    if request.method == "POST":
        moved = submit(form, lambda data: _move(request, data))
        if moved is not None:
            messages.success(
                request,
                _(
                    "The canton has moved to the new centre with groups: %(groups)s, open"
                    " contact requests: %(requests)s, groups being founded: %(projects)s,"
                    " pending proposals: %(proposals)s."
                )
                % {
                    "groups": moved.groups,
                    "requests": moved.requests,
                    "projects": moved.projects,
                    "proposals": moved.proposals,
                },
            )
            return redirect("accounts:organisation_list")
    return render(request, "centres/canton_move.html", {"form": form})
