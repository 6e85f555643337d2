from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts import services
from entraide.accounts.forms import MembershipForm, ProfileForm
from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.accounts.models import Organisation
from entraide.accounts.rules import get_organisation_for_user
from entraide.core.lib.forms import submit
from entraide.core.permissions import first_or_404


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


@login_required
def my_organisations(request: AuthenticatedHttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("organisation", "organisation__canton")
    return render(request, "accounts/my_organisations.html", {"memberships": memberships})


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
        },
    )


@login_required
def organisation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    can_manage = request.user.has_perm("accounts.manage_memberships", organisation)
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
    memberships = organisation.memberships.select_related("user").order_by("user__email")
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "units": organisation.units.select_related("canton"),
            "cantons": organisation.cantons.all(),
            "form": form if can_manage else None,
        },
    )


@login_required
@require_POST
def membership_remove(
    request: AuthenticatedHttpRequest, pk: int, membership_pk: int
) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    if not request.user.has_perm("accounts.manage_memberships", organisation):
        raise Http404
    membership = first_or_404(organisation.memberships.filter(pk=membership_pk))
    services.membership_remove(by=request.user, membership=membership)
    messages.success(request, _("The role has been removed."))
    return redirect("accounts:organisation_detail", pk=organisation.pk)
