"""The national office's page of what waits for a regional centre, and handing it over."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.accounts.models import Organisation, OrganisationKind
from entraide.centres.forms import OfficeHandOverForm
from entraide.centres.models import ContactRequest, ListingProposal, ProposalStatus
from entraide.centres.services.office import (
    office_proposal_hand_over,
    office_request_hand_over,
)
from entraide.core.lib.forms import submit
from entraide.core.models import Canton
from entraide.core.permissions import first_or_404, may

AT_OFFICE = {"centre__kind": OrganisationKind.NATIONAL_OFFICE}


def waiting_requests() -> Any:
    """Open contact requests at the office, without the person's details (not loaded)."""
    return (
        ContactRequest.objects.open()
        .filter(**AT_OFFICE)
        .select_related("group__canton")
        .only("pk", "created_at", "status", "group__name", "group__canton")
        .order_by("created_at", "pk")
    )


def waiting_proposals() -> Any:
    return (
        ListingProposal.objects.filter(status=ProposalStatus.PENDING, **AT_OFFICE)
        .select_related("group__canton")
        .only("pk", "created_at", "data", "group__name", "group__canton")
        .order_by("created_at", "pk")
    )


def _hand_over(request: AuthenticatedHttpRequest, data: dict[str, Any]) -> Any:
    kind, pk = str(data["item"]).split(":")
    if kind == "request":
        item = first_or_404(ContactRequest.objects.filter(pk=pk, **AT_OFFICE))
        return office_request_hand_over(by=request.user, request=item, centre=data["centre"])
    proposal = first_or_404(ListingProposal.objects.filter(pk=pk, **AT_OFFICE))
    return office_proposal_hand_over(by=request.user, proposal=proposal, centre=data["centre"])


@login_required
def office_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What no active regional centre could take: the coordinator hands each over to one."""
    if not may(request.user, "centres.hand_over_from_office"):
        raise Http404
    form = OfficeHandOverForm(request.POST if request.method == "POST" else None)
    handed = request.method == "POST" and submit(form, lambda data: _hand_over(request, data))
    if handed:
        messages.success(request, _("Handed over: the centre's staff have been told."))
        return redirect("centres:office_inbox")
    cantons = dict(Canton.objects.values_list("code", "name"))
    # The centre that covers each canton today (the first by name), suggested first.
    covering: dict[str, Organisation] = {}
    centres = Organisation.objects.active_centres().prefetch_related("cantons")
    for centre in centres.order_by("-name"):
        for canton in centre.cantons.all():
            covering[canton.code] = centre
    rows = []
    for contact in waiting_requests():
        code = contact.group.canton_id if contact.group else ""
        rows.append(
            {
                "item": f"request:{contact.pk}",
                "kind": _("Contact request"),
                "created_at": contact.created_at,
                "about": contact.group.name if contact.group else "",
                "canton": cantons.get(code, ""),
                "suggested": covering.get(code),
            }
        )
    for proposal in waiting_proposals():
        code = proposal.group.canton_id if proposal.group else str(proposal.data.get("canton", ""))
        rows.append(
            {
                "item": f"proposal:{proposal.pk}",
                "kind": _("Proposal of a new group")
                if proposal.group is None
                else _("Correction of a listing"),
                "created_at": proposal.created_at,
                "about": proposal.group.name
                if proposal.group
                else str(proposal.data.get("name", "")),
                "canton": cantons.get(code, ""),
                "suggested": covering.get(code),
            }
        )
    centre_choices = list(form.fields["centre"].queryset)  # type: ignore[attr-defined]
    return render(
        request,
        "centres/office_inbox.html",
        {
            "rows": rows,
            "form": form,
            "centres": centre_choices,
        },
        status=400 if form.errors else 200,
    )
