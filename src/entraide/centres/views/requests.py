"""The counselling inbox: the centre's contact requests, one request and what is done with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.accounts.models import Organisation
from entraide.centres.forms import (
    ForwardForm,
    InboxFilterForm,
    NoteForm,
    RecordRequestForm,
    StatusForm,
)
from entraide.centres.models import ContactRequest, ContactRequestStatus
from entraide.centres.rules import get_centre_for_staff
from entraide.centres.services import requests as services
from entraide.centres.services.centre import group_contact_addresses
from entraide.core.lib.forms import submit
from entraide.core.permissions import first_or_404

Status = ContactRequestStatus


def _request_of(centre: Organisation, request_id: int) -> ContactRequest:
    return first_or_404(
        ContactRequest.objects.filter(centre=centre, pk=request_id).select_related(
            "group", "theme", "centre"
        )
    )


# What a line of the inbox shows (the group's long search text is not read).
INBOX_COLUMNS = (
    "pk",
    "name",
    "channel",
    "language",
    "status",
    "created_at",
    "anonymised_at",
    "group__name",
    "theme",
)


@login_required
def inbox(request: AuthenticatedHttpRequest, centre: str) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    form = InboxFilterForm(request.GET or None)
    requests = ContactRequest.objects.filter(centre=current).select_related("group", "theme")
    status = form.cleaned_data["status"] if form.is_valid() else ""
    requests = requests.filter(status=status) if status else requests.open()
    cutoff = services.waiting_since_cutoff(timezone.now(), current.canton_id)
    page = Paginator(requests.only(*INBOX_COLUMNS), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "centres/inbox.html",
        {
            "centre": current,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "cutoff": cutoff,
        },
    )


def _detail(
    request: AuthenticatedHttpRequest,
    current: Organisation,
    contact: ContactRequest,
    **forms: Any,
) -> HttpResponse:
    context = {
        "centre": current,
        "contact": contact,
        "notes": contact.notes.select_related("author"),
        "status_form": forms.get("status_form") or StatusForm(initial={"status": contact.status}),
        "note_form": forms.get("note_form") or NoteForm(),
        "forward_form": forms.get("forward_form") or ForwardForm(),
        "can_forward": contact.group_id is not None
        and contact.status in (Status.NEW, Status.COUNSELLING)
        and not contact.anonymised_at,
        "recipients": (len(group_contact_addresses(contact.group)) if contact.group else 0),
        "preview": services.forward_context(contact, ""),
        "next_statuses": services.NEXT_STATUSES[contact.status],
    }
    status = 400 if any(f.errors for f in forms.values()) else 200
    return render(request, "centres/request_detail.html", context, status=status)


@login_required
def request_detail(request: AuthenticatedHttpRequest, centre: str, request_id: int) -> HttpResponse:
    """One request, its notes and what can be done with it (opening it is audited)."""
    current = get_centre_for_staff(request.user, centre)
    contact = _request_of(current, request_id)
    services.request_read(by=request.user, request=contact)
    return _detail(request, current, contact)


@login_required
def request_new(request: AuthenticatedHttpRequest, centre: str) -> HttpResponse:
    """A request received by phone, email or in person, recorded with the person's consent."""
    current = get_centre_for_staff(request.user, centre)
    form = RecordRequestForm(request.POST or None, centre=current)
    if request.method == "POST" and (
        recorded := submit(
            form, lambda data: services.request_create(by=request.user, centre=current, **data)
        )
    ):
        messages.success(request, _("The request has been recorded."))
        return redirect("centres:request_detail", current.code, recorded.pk)
    return render(request, "centres/request_new.html", {"centre": current, "form": form})


def _act_on_request(
    request: AuthenticatedHttpRequest,
    centre: str,
    request_id: int,
    *,
    form_class: type[Form],
    form_name: str,
    action: Callable[[ContactRequest, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """A form posted from a request's page: done, back to the page; refused, the page with why."""
    current = get_centre_for_staff(request.user, centre)
    contact = _request_of(current, request_id)
    form = form_class(request.POST)
    if submit(form, lambda data: action(contact, data)):
        messages.success(request, done)
        return redirect("centres:request_detail", current.code, contact.pk)
    return _detail(request, current, contact, **{form_name: form})


@login_required
@require_POST
def request_status(request: AuthenticatedHttpRequest, centre: str, request_id: int) -> HttpResponse:
    return _act_on_request(
        request,
        centre,
        request_id,
        form_class=StatusForm,
        form_name="status_form",
        action=lambda contact, data: services.request_set_status(
            by=request.user, request=contact, status=data["status"], outcome=data["outcome"]
        ),
        done=_("The status of the request has been changed."),
    )


@login_required
@require_POST
def request_note(request: AuthenticatedHttpRequest, centre: str, request_id: int) -> HttpResponse:
    return _act_on_request(
        request,
        centre,
        request_id,
        form_class=NoteForm,
        form_name="note_form",
        action=lambda contact, data: services.request_add_note(
            by=request.user, request=contact, text=data["text"]
        ),
        done=_("The note has been added."),
    )


@login_required
@require_POST
def request_forward(
    request: AuthenticatedHttpRequest, centre: str, request_id: int
) -> HttpResponse:
    return _act_on_request(
        request,
        centre,
        request_id,
        form_class=ForwardForm,
        form_name="forward_form",
        action=lambda contact, data: services.request_forward(
            by=request.user, request=contact, note=data["note"]
        ),
        done=_("The request has been forwarded to the group."),
    )
