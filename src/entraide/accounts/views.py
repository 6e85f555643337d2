from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts import organisations, services
from entraide.accounts.forms import MembershipForm, OrganisationForm, ProfessionForm, ProfileForm
from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.accounts.models import (
    PROFESSION_ROLES,
    Membership,
    Organisation,
    cantons_without_centre,
)
from entraide.accounts.rules import get_organisation_for_user
from entraide.core.lib.forms import submit
from entraide.core.permissions import first_or_404, may


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST or None, initial={"display_name": user.display_name, "language": user.language}
    )
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(by=request.user, user=request.user, **form.cleaned_data)
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


def _set_profession(
    request: AuthenticatedHttpRequest, membership: Membership
) -> Callable[[dict[str, Any]], Membership]:
    return lambda data: services.membership_set_profession(
        by=request.user, membership=membership, profession=data["profession"]
    )


@login_required
def my_organisations(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's memberships; in a health institution, they state their profession there."""
    memberships = list(
        request.user.memberships.select_related("organisation", "organisation__canton")
    )
    posted = request.POST.get("membership") if request.method == "POST" else None
    rows = []
    for membership in memberships:
        form = None
        if membership.role in PROFESSION_ROLES:
            bound = posted == str(membership.pk)
            form = ProfessionForm(
                request.POST if bound else None,
                initial={"membership": membership.pk, "profession": membership.profession},
                auto_id=f"id_m{membership.pk}_%s",
            )
            if bound and submit(form, _set_profession(request, membership)) is not None:
                messages.success(request, _("Your profession has been saved."))
                return redirect("accounts:my_organisations")
        rows.append((membership, form))
    if posted is not None and not any(str(m.pk) == posted for m, f in rows if f is not None):
        raise Http404
    return render(request, "accounts/my_organisations.html", {"rows": rows})


@login_required
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.list_organisations"):
        raise Http404
    kind = request.GET.get("kind", "")
    organisations = Organisation.objects.visible_to(request.user).select_related("canton")
    if kind:
        organisations = organisations.filter(kind=kind)
    organisations = organisations.prefetch_related("cantons")
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "organisations": organisations,
            "kind": kind,
            "kinds": Organisation._meta.get_field("kind").choices,
            "can_manage_organisations": may(request.user, "accounts.manage_organisations"),
            "uncovered": list(cantons_without_centre()),
        },
    )


@login_required
def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    # Those who manage the memberships (the organisation's administrators) read the
    # members' email addresses; the other members see names and roles only.
    can_manage = may(request.user, "accounts.manage_memberships", organisation)
    form = MembershipForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        added = submit(
            form,
            lambda data: services.membership_create(
                by=request.user, organisation=organisation, **data
            ),
        )
        if added is not None:
            messages.success(request, _("The person has been added and informed by email."))
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    memberships = organisation.memberships.select_related("user").order_by(
        "user__display_name", "user__email"
    )
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "units": organisation.units.select_related("canton"),
            "cantons": organisation.cantons.all(),
            "languages": organisation.languages.all(),
            "form": form if can_manage else None,
            "show_emails": can_manage,
            "can_manage_organisations": may(request.user, "accounts.manage_organisations"),
        },
    )


@login_required
@require_POST
def membership_remove(
    request: AuthenticatedHttpRequest, pk: int, membership_pk: int
) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    if not may(request.user, "accounts.manage_memberships", organisation):
        raise Http404
    membership = first_or_404(organisation.memberships.filter(pk=membership_pk))
    services.membership_remove(by=request.user, membership=membership)
    messages.success(request, _("The role has been removed."))
    return redirect("accounts:organisation_detail", pk=organisation.pk)


def _require_manager(request: AuthenticatedHttpRequest) -> None:
    if not may(request.user, "accounts.manage_organisations"):
        raise Http404


@login_required
def organisation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_manager(request)
    form = OrganisationForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST":
        created = submit(
            form,
            lambda data: organisations.organisation_save(
                by=request.user, organisation=None, **data
            ),
        )
        if created is not None:
            messages.success(request, _("The organisation has been created."))
            return redirect("accounts:organisation_detail", pk=created.pk)
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": None})


@login_required
def organisation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    organisation = get_organisation_for_user(request.user, pk)
    form = OrganisationForm(
        request.POST or None, initial=OrganisationForm.initial_for(organisation)
    )
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: organisations.organisation_save(
                by=request.user, organisation=organisation, **data
            ),
        )
        if saved is not None:
            messages.success(request, _("The organisation has been saved."))
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    return render(
        request, "accounts/organisation_form.html", {"form": form, "organisation": organisation}
    )


def _refusal(request: AuthenticatedHttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def organisation_activation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    organisation = get_organisation_for_user(request.user, pk)
    active = request.POST.get("active") == "1"
    try:
        organisations.organisation_set_active(
            by=request.user, organisation=organisation, active=active
        )
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(
            request,
            _("The organisation has been reactivated.")
            if active
            else _("The organisation has been deactivated."),
        )
    return redirect("accounts:organisation_detail", pk=organisation.pk)


@login_required
@require_POST
def person_activation(
    request: AuthenticatedHttpRequest, pk: int, membership_pk: int
) -> HttpResponse:
    _require_manager(request)
    organisation = get_organisation_for_user(request.user, pk)
    membership = first_or_404(
        organisation.memberships.select_related("user").filter(pk=membership_pk)
    )
    active = request.POST.get("active") == "1"
    try:
        services.person_set_active(by=request.user, user=membership.user, active=active)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(
            request,
            _("The person's account has been reactivated.")
            if active
            else _("The person's account has been deactivated: they can no longer sign in."),
        )
    return redirect("accounts:organisation_detail", pk=organisation.pk)
