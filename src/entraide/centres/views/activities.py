"""The centre's log of support given to groups and of enquiries from professionals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.centres.forms import ActivityForm
from entraide.centres.models import CentreActivity
from entraide.centres.rules import get_centre_for_staff
from entraide.centres.services.activities import activity_record
from entraide.core.lib.forms import submit

COLUMNS = ("on", "kind", "group__name", "professional_field", "minutes", "note", "centre_id")


@login_required
def activities(request: AuthenticatedHttpRequest, centre: str) -> HttpResponse:
    """The log, newest first, with the form to add a line above it."""
    current = get_centre_for_staff(request.user, centre)
    form = ActivityForm(request.POST or None, centre=current, initial={"on": timezone.localdate()})
    if (
        request.method == "POST"
        and submit(form, lambda data: activity_record(by=request.user, centre=current, **data))
        is not None
    ):
        messages.success(request, _("The entry has been added to the log."))
        return redirect("centres:activities", current.code)
    entries = (
        CentreActivity.objects.visible_to(request.user)
        .filter(centre=current)
        .select_related("group")
        .only(*COLUMNS)
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "centres/activities.html",
        {"centre": current, "form": form, "page": page},
        status=400 if form.errors else 200,
    )
