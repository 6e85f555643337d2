"""Public pages of the centres: propose a new group, propose a correction of a listing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from entraide.centres.forms import ProposalForm, public_raw_of_group
from entraide.centres.proposals import centre_for_canton, proposal_submit
from entraide.core.lib.ratelimit import hit
from entraide.core.lib.request_context import client_ip
from entraide.directory.models import Group
from entraide.directory.views import get_public_group


def _proposal(request: HttpRequest, group: Group | None) -> HttpResponse:
    initial = public_raw_of_group(group) if group else {}
    form = ProposalForm(request.POST or None, initial=initial, instance=None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect("proposals:sent")  # a robot: say thanks, keep nothing
        centre = group.centre if group else centre_for_canton(form.cleaned_data["canton"])
        if centre is None:
            form.add_error("canton", _("No regional centre covers this canton yet."))
        elif not hit("proposal", client_ip(request) or "-", limit=10, period=3600):
            form.add_error(
                None,
                _(
                    "Too many proposals were sent from your connection. Please try again in an hour."
                ),
            )
        else:
            data = form.raw()
            # Contact details the public page does not show were not in the form: an
            # empty answer there means "unchanged", never "erase".
            for name, shown in initial.items():
                if shown == "" and data.get(name) == "" and group is not None:
                    data.pop(name)
            proposal_submit(
                group=group,
                data=data,
                comment=form.cleaned_data["comment"],
                sender_name=form.cleaned_data["sender_name"],
                sender_email=form.cleaned_data["sender_email"],
                language=(request.LANGUAGE_CODE or "fr")[:2],
                centre=centre,
            )
            return redirect("proposals:sent")
    return render(
        request,
        "centres/proposal_form.html",
        {"form": form, "group": group},
        status=400 if form.errors else 200,
    )


def propose_group(request: HttpRequest) -> HttpResponse:
    return _proposal(request, None)


def propose_correction(request: HttpRequest, group_id: int) -> HttpResponse:
    return _proposal(request, get_public_group(group_id))


def proposal_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "centres/proposal_sent.html")
