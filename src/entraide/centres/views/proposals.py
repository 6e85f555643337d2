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
from entraide.centres.fields import GROUP_FIELDS, raw_of_group
from entraide.centres.forms import GroupForm, RejectForm, ReviewListForm
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
        .only("pk", "created_at", "status", "data", "group__name", "sender_name")
    )
    page = Paginator(proposals, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "centres/review_list.html",
        {"centre": current, "form": form, "page": page, "query": query.urlencode()},
    )


def _difference(form: GroupForm, before: dict[str, Any], after: dict[str, Any]) -> list[Any]:
    """The fields whose proposed value differs, each as (label, current, proposed), readable."""

    def shown(name: str, raw: Any) -> str:
        field = form.fields[name]
        values = [v for v in (raw if isinstance(raw, list) else [raw]) if v not in ("", None)]
        choices = getattr(field, "choices", None)
        if choices is not None and name in ("themes", "languages", "canton"):
            labels = {str(c.pk): str(c) for c in field.queryset.filter(pk__in=values)}  # type: ignore[attr-defined]
            return ", ".join(labels.get(str(v), str(v)) for v in values)
        if choices is not None:
            labels = {str(k): str(v) for k, v in choices}
            return ", ".join(labels.get(str(v), str(v)) for v in values if v != "")
        if name == "is_online":
            return _("yes") if raw else _("no")
        return ", ".join(str(v) for v in values)

    rows = []
    for name in GROUP_FIELDS:
        old, new = before.get(name, ""), after.get(name, "")
        if old != new:
            rows.append((form.fields[name].label, shown(name, old), shown(name, new)))
    return rows


def _review(
    request: AuthenticatedHttpRequest,
    current: Organisation,
    proposal: ListingProposal,
    form: GroupForm | None = None,
    reject_form: RejectForm | None = None,
) -> HttpResponse:
    before = raw_of_group(proposal.group, GROUP_FIELDS) if proposal.group else {}
    proposed = {**before, **proposal.data}
    if form is None:
        form = (
            GroupForm(instance=proposal.group, centre=current, initial=proposed)
            if proposal.status == ProposalStatus.PENDING
            else None
        )
    shown_form = form or GroupForm(instance=proposal.group, centre=current)
    return render(
        request,
        "centres/review_detail.html",
        {
            "centre": current,
            "proposal": proposal,
            "rows": _difference(shown_form, before, proposed),
            "form": form,
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
    form = GroupForm(request.POST, instance=proposal.group, centre=current)
    if group := submit(
        form,
        lambda data: proposal_approve(
            by=request.user,
            proposal=proposal,
            data=data,
            message=request.POST.get("message", "")[:2000],
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
