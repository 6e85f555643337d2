"""The review queue: proposals from the public and from group contacts, as a difference."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.accounts.models import Organisation
from entraide.centres.fields import (
    GROUP_FIELDS,
    FieldChange,
    field_changes,
    listing_version,
    raw_of_group,
)
from entraide.centres.forms import GroupForm, RejectForm, ReviewForm, ReviewListForm, readable
from entraide.centres.models import ListingProposal, ProposalStatus
from entraide.centres.rules import get_centre_for_staff
from entraide.centres.services.proposals import proposal_approve, proposal_reject
from entraide.core.lib.forms import submit
from entraide.core.permissions import first_or_404


def _proposal_of(centre: Organisation, proposal_id: int) -> ListingProposal:
    return first_or_404(
        ListingProposal.objects.filter(centre=centre, pk=proposal_id)
        # A group moved to another centre since: its proposals went with it.
        .filter(Q(group__isnull=True) | Q(group__centre=centre))
        .select_related("group", "centre")
    )


@login_required
def review_list(request: AuthenticatedHttpRequest, centre: str) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    form = ReviewListForm(request.GET or None)
    status = (form.cleaned_data["status"] if form.is_valid() else "") or ProposalStatus.PENDING
    proposals = (
        ListingProposal.objects.filter(centre=current, status=status)
        .select_related("group")
        .only("pk", "created_at", "status", "data", "group__name", "sender_name", "sender_kind")
    )
    page = Paginator(proposals, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "centres/review_list.html",
        {"centre": current, "form": form, "page": page, "query": query.urlencode()},
    )


def _rows(form: GroupForm, changes: list[FieldChange]) -> list[dict[str, Any]]:
    """The fields a correction touches, readable: then, now, proposed, and whether they conflict."""
    fields = form.fields
    rows = []
    for change in changes:
        field = fields[change.name]
        rows.append(
            {
                "label": field.label,
                "then": readable(field, change.name, change.then),
                "now": readable(field, change.name, change.now),
                "proposed": readable(field, change.name, change.proposed),
                "conflict": change.conflict,
                "already": change.already,
            }
        )
    return rows


def _review(
    request: AuthenticatedHttpRequest,
    current: Organisation,
    proposal: ListingProposal,
    form: ReviewForm | None = None,
    reject_form: RejectForm | None = None,
) -> HttpResponse:
    group = proposal.group
    now = raw_of_group(group, GROUP_FIELDS) if group else {}
    changes = field_changes(proposal.data, proposal.base, now) if group else []
    pending = proposal.status == ProposalStatus.PENDING
    if form is None and pending:
        merged = {c.name: c.proposed for c in changes if not c.conflict}
        initial = {**now, **merged} if group else dict(proposal.data)
        form = ReviewForm(instance=group, centre=current, initial=initial, changes=changes)
    plain = GroupForm(instance=group, centre=current)
    new_rows = (
        []
        if group
        else [
            (plain.fields[name].label, readable(plain.fields[name], name, proposal.data[name]))
            for name in GROUP_FIELDS
            if proposal.data.get(name) not in (None, "", [])
        ]
    )
    return render(
        request,
        "centres/review_detail.html",
        {
            "centre": current,
            "proposal": proposal,
            "rows": _rows(plain, changes),
            "new_rows": new_rows,
            "conflicts": sum(1 for c in changes if c.conflict),
            "version": listing_version(group) if group else "",
            "form": form if pending else None,
            "reject_form": reject_form or RejectForm(),
        },
        status=400 if (form and form.errors) or (reject_form and reject_form.errors) else 200,
    )


@login_required
def review_detail(request: AuthenticatedHttpRequest, centre: str, proposal_id: int) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    return _review(request, current, _proposal_of(current, proposal_id))


@login_required
@require_POST
def review_approve(
    request: AuthenticatedHttpRequest, centre: str, proposal_id: int
) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    proposal = _proposal_of(current, proposal_id)
    now = raw_of_group(proposal.group, GROUP_FIELDS) if proposal.group else {}
    changes = field_changes(proposal.data, proposal.base, now) if proposal.group else []
    form = ReviewForm(request.POST, instance=proposal.group, centre=current, changes=changes)
    if group := submit(
        form,
        lambda data: proposal_approve(
            by=request.user,
            proposal=proposal,
            data=data,
            message=request.POST.get("message", "")[:2000],
            choices=form.choices(),
            version=request.POST.get("version"),
        ),
    ):
        messages.success(request, _("The proposal has been approved and the sender has been told."))
        return redirect("centres:group_edit", current.code, group.pk)
    return _review(request, current, proposal, form=form)


@login_required
@require_POST
def review_reject(request: AuthenticatedHttpRequest, centre: str, proposal_id: int) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    proposal = _proposal_of(current, proposal_id)
    reject_form = RejectForm(request.POST)
    if submit(
        reject_form,
        lambda data: proposal_reject(by=request.user, proposal=proposal, message=data["message"]),
    ):
        messages.success(request, _("The proposal has been rejected and the sender has been told."))
        return redirect("centres:review_list", current.code)
    return _review(request, current, proposal, reject_form=reject_form)
