"""Public pages of the centres: ask to join a group, propose a group or a correction, register
interest in a group being founded, confirm a listing through the yearly link.

No sign-in: each form has a hidden field a robot fills in (it is thanked and
nothing is kept) and a limit of posts per connection and hour.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation
from entraide.centres.fields import (
    HIDDEN_CONTACT,
    PROPOSAL_FIELDS,
    public_raw_of_group,
    seen_token,
    starting_point,
)
from entraide.centres.forms import ContactRequestForm, InterestForm, ProposalForm
from entraide.centres.models import OPEN_FOUNDING, FoundingProject
from entraide.centres.services.founding import interest_register
from entraide.centres.services.listings import confirm_listing as confirm_listing_service
from entraide.centres.services.listings import read_token
from entraide.centres.services.office import responsible_for_canton, responsible_for_group
from entraide.centres.services.proposals import proposal_submit
from entraide.centres.services.requests import request_create
from entraide.core.lib.forms import submit
from entraide.core.lib.ratelimit import hit
from entraide.core.lib.request_context import client_ip
from entraide.core.permissions import first_or_404
from entraide.directory.models import Group
from entraide.directory.views import get_public_group


def _within_limit(request: HttpRequest, form: BaseForm, scope: str, too_many: str) -> bool:
    """Whether this connection may post once more (10 an hour); if not, the form says so."""
    if hit(scope, client_ip(request) or "-", limit=10, period=3600):
        return True
    form.add_error(None, too_many)
    return False


# --- contact requests ----------------------------------------------------------------------


def contact_request(request: HttpRequest, group_id: int) -> HttpResponse:
    """The public "I would like to join" form of a group."""
    group = get_public_group(group_id)
    language = (request.LANGUAGE_CODE or "fr")[:2]
    form = ContactRequestForm(request.POST or None, initial={"language": language})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect("centres:contact_request_sent")  # a robot: say thanks, keep nothing
        too_many = _(
            "Too many requests were sent from your connection. Please try again in an hour."
        )
        centre = responsible_for_group(group)
        if centre is None:
            form.add_error(None, _("Requests for this group cannot be received at the moment."))
        elif (
            _within_limit(request, form, "contact_request", too_many)
            and submit(
                form,
                lambda data: request_create(
                    by=None,
                    centre=centre,
                    group=group,
                    **{key: value for key, value in data.items() if key != "website"},
                ),
            )
            is not None
        ):
            return redirect("centres:contact_request_sent")
    return render(request, "centres/contact_request.html", {"group": group, "form": form})


def contact_request_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "centres/contact_request_sent.html")


# --- proposals -----------------------------------------------------------------------------


def _proposal(request: HttpRequest, group: Group | None) -> HttpResponse:
    initial = public_raw_of_group(group) if group else {}
    form = ProposalForm(request.POST or None, initial=initial, instance=None)
    # What the person saw, signed in the form: only what they change is kept (an empty
    # contact detail the page did not show means "unchanged", never "erase").
    token = request.POST.get("base", "") if request.method == "POST" else ""
    if group is not None and not token:
        hidden = tuple(name for name in HIDDEN_CONTACT if initial[name] == "")
        token = seen_token(group, initial, hidden if group.contact_mode != "direct" else ())

    def send(centre: Organisation, cleaned: dict[str, Any]) -> Any:
        data, base = form.raw(), None
        if group is not None:
            start = starting_point(group, token, PROPOSAL_FIELDS, initial)
            data, base = start.changes(data)
        return proposal_submit(
            group=group,
            data=data,
            base=base,
            by=request.user,
            comment=cleaned["comment"],
            sender_name=cleaned["sender_name"],
            sender_email=cleaned["sender_email"],
            language=(request.LANGUAGE_CODE or "fr")[:2],
            centre=centre,
            consent=cleaned["consent"],
        )

    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect("centres:proposal_sent")  # a robot: say thanks, keep nothing
        # No active centre: the national office receives it and hands it over.
        centre = (
            responsible_for_group(group)
            if group
            else responsible_for_canton(form.cleaned_data["canton"])
        )
        too_many = _(
            "Too many proposals were sent from your connection. Please try again in an hour."
        )
        if centre is None:
            form.add_error("canton", _("No regional centre covers this canton yet."))
        elif (
            _within_limit(request, form, "proposal", too_many)
            and submit(form, lambda cleaned: send(centre, cleaned)) is not None
        ):
            return redirect("centres:proposal_sent")
    return render(
        request,
        "centres/proposal_form.html",
        {"form": form, "group": group, "base_token": token},
        status=400 if form.errors else 200,
    )


def propose_group(request: HttpRequest) -> HttpResponse:
    return _proposal(request, None)


def propose_correction(request: HttpRequest, group_id: int) -> HttpResponse:
    return _proposal(request, get_public_group(group_id))


def proposal_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "centres/proposal_sent.html")


# --- groups being founded ------------------------------------------------------------------


def _open_projects() -> QuerySet[FoundingProject]:
    return FoundingProject.objects.filter(status__in=OPEN_FOUNDING).select_related(
        "theme", "canton", "centre"
    )


def founding_public(request: HttpRequest) -> HttpResponse:
    """Every group being founded, by canton: people may register their interest."""
    projects = _open_projects().order_by("canton__position", "title")
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    return render(request, "centres/founding_public_list.html", {"page": page})


def founding_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = first_or_404(_open_projects().filter(pk=project_id))
    language = (request.LANGUAGE_CODE or "fr")[:2]
    form = InterestForm(request.POST or None, initial={"language": language})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect("centres:founding_registered")
        too_many = _(
            "Too many requests were sent from your connection. Please try again in an hour."
        )
        if (
            _within_limit(request, form, "founding_interest", too_many)
            and submit(
                form,
                lambda data: interest_register(
                    project=project,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    language=data["language"],
                    consent=data["consent"],
                ),
            )
            is not None
        ):
            # How the centre will get in touch, as given (no personal data in the address).
            by = "email" if form.cleaned_data["email"] else "phone"
            return redirect(reverse("centres:founding_registered") + f"?by={by}")
    return render(
        request,
        "centres/founding_public_detail.html",
        {"project": project, "form": form},
        status=400 if form.errors else 200,
    )


def founding_registered(request: HttpRequest) -> HttpResponse:
    by = request.GET.get("by")
    return render(
        request,
        "centres/founding_registered.html",
        {"by": by if by in ("email", "phone") else ""},
    )


# --- the yearly confirmation of a listing --------------------------------------------------


def confirm_listing(request: HttpRequest, token: str) -> HttpResponse:
    """The page of the yearly confirmation link: no sign-in, the signed link is the key."""
    confirmation = read_token(token)
    if confirmation is None:
        return render(request, "centres/confirm_listing.html", {"group": None}, status=404)
    group = confirmation.group
    done = False
    if request.method == "POST":
        group = confirm_listing_service(confirmation=confirmation)
        done = True
    return render(request, "centres/confirm_listing.html", {"group": group, "done": done})
