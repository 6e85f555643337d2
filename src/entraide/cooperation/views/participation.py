"""Self-help members' participation in the institution's committees (quality criterion 6)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.cooperation import services
from entraide.cooperation.forms import CommitteeParticipationForm
from entraide.cooperation.models import CommitteeParticipation
from entraide.cooperation.views._pages import (
    done,
    form_page,
    small_form,
    triangle_for,
    triangle_url,
)
from entraide.core.permissions import first_or_404

RECORD = "cooperation.record_committee_participation"


@login_required
def committee_participation_new(
    request: AuthenticatedHttpRequest, triangle_id: int
) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, RECORD)
    form = CommitteeParticipationForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.committee_participation_add(
            by=request.user, triangle=triangle, data=data
        ),
        success=_("The participation in the committee was recorded."),
        next_url=triangle_url(triangle, "#committees"),
        context=small_form(
            form,
            _("Record a participation in a committee"),
            _("Record the participation"),
            triangle=triangle,
            intro=_(
                "Self-help members who take part in the institution's committees (quality "
                "circles, audits, ethics or patient committees) count under quality criterion 6. "
                "Record how many took part, never who."
            ),
        ),
    )


@login_required
@require_POST
def committee_participation_remove(
    request: AuthenticatedHttpRequest, triangle_id: int, participation_id: int
) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, RECORD)
    participation = first_or_404(
        CommitteeParticipation.objects.filter(triangle=triangle, pk=participation_id)
    )
    try:
        services.committee_participation_remove(by=request.user, participation=participation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(triangle_url(triangle, "#committees"))
    return done(
        request,
        _("The participation in the committee was removed."),
        triangle_url(triangle, "#committees"),
    )
