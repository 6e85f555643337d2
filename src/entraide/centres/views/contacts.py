"""The pages of a group's contact: their groups, the listing they keep, the yearly confirmation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.centres.fields import CONTACT_FIELDS, raw_of_group, seen_token
from entraide.centres.forms import ContactListingForm, readable
from entraide.centres.models import ListingProposal, ProposalStatus, settings_of
from entraide.centres.rules import get_group_for_contact, groups_of_contact
from entraide.centres.services.contacts import contact_listing_save
from entraide.centres.services.listings import confirm_listing
from entraide.core.lib.forms import submit


@login_required
def my_groups(request: AuthenticatedHttpRequest) -> HttpResponse:
    groups = groups_of_contact(request.user).only(
        "pk", "name", "status", "is_listed", "last_confirmed_at", "municipality"
    )
    return render(request, "centres/my_groups.html", {"groups": list(groups)})


@login_required
def my_group(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    group = get_group_for_contact(request.user, group_id)
    reviewed = settings_of(group.centre).contact_edits_reviewed
    # The contact's own changes waiting for the centre, oldest first: the form shows them.
    pending = list(
        ListingProposal.objects.filter(
            group=group, submitted_by_id=request.user.pk, status=ProposalStatus.PENDING
        ).order_by("created_at", "pk")
    )
    waiting: dict[str, Any] = {}
    for proposal in pending:
        waiting.update(proposal.data)
    form = ContactListingForm(request.POST or None, instance=group, initial=waiting)
    posted = request.POST.get("base", "")
    if request.method == "POST" and (
        result := submit(
            form,
            lambda data: contact_listing_save(
                by=request.user, group=group, data=data, raw=form.raw(), base_token=posted
            ),
        )
    ):
        if isinstance(result, ListingProposal):
            messages.success(
                request,
                _("Thank you: your changes have been sent to your centre, which publishes them."),
            )
        else:
            messages.success(request, _("Your changes are online."))
        return redirect("centres:my_group", group.pk)
    # Refused by the form: the page keeps what the contact saw; by the service (someone
    # changed the listing meanwhile): it starts again from the listing now.
    fresh = not posted or (form.is_bound and form.is_valid())
    token = seen_token(group, raw_of_group(group, CONTACT_FIELDS)) if fresh else posted
    changes = [
        (form.fields[name].label, readable(form.fields[name], name, value))
        for name, value in waiting.items()
        if name in form.fields
    ]
    return render(
        request,
        "centres/my_group.html",
        {
            "group": group,
            "form": form,
            "reviewed": reviewed,
            "pending": len(pending),
            "waiting": changes,
            "base_token": token,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def my_group_confirm(request: AuthenticatedHttpRequest, group_id: int) -> HttpResponse:
    group = get_group_for_contact(request.user, group_id)
    confirm_listing(group=group, by=request.user)
    messages.success(request, _("The listing is confirmed for another year."))
    return redirect("centres:my_group", group.pk)
