"""The centre's listings: its groups, one group's page (status, confirmation, contacts), exports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.accounts.models import Membership, Organisation, Role
from entraide.centres.forms import (
    ExportForm,
    GroupFilterForm,
    GroupForm,
    GroupStatusForm,
    InviteContactForm,
)
from entraide.centres.rules import get_centre_for_staff
from entraide.centres.services.contacts import group_contact_invite
from entraide.centres.services.listings import (
    awaiting_confirmation,
    confirm_listing,
    group_save,
    group_set_status,
)
from entraide.core.lib.forms import submit
from entraide.core.lib.http import file_download
from entraide.core.permissions import first_or_404
from entraide.directory.exports import groups_export
from entraide.directory.models import Group


def _group_of(centre: Organisation, group_id: int) -> Group:
    return first_or_404(Group.objects.filter(centre=centre, pk=group_id).select_related("centre"))


@login_required
def group_list(request: AuthenticatedHttpRequest, centre: str) -> HttpResponse:
    """Every listing of the centre, whatever its status, by name."""
    current = get_centre_for_staff(request.user, centre)
    form = GroupFilterForm(request.GET or None)
    groups = Group.objects.filter(centre=current)
    if form.is_valid():
        if form.cleaned_data["q"]:
            groups = groups.filter(name__icontains=form.cleaned_data["q"])
        if form.cleaned_data["status"]:
            groups = groups.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["listing"] == "stale":
            groups = groups.stale()
        elif form.cleaned_data["listing"] == "awaiting":
            groups = groups.filter(pk__in=awaiting_confirmation().values("group_id"))
    columns = ("pk", "name", "status", "is_listed", "municipality", "canton", "last_confirmed_at")
    page = Paginator(groups.only(*columns).order_by("sort_name", "pk"), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "centres/group_list.html",
        {"centre": current, "form": form, "page": page, "query": query.urlencode()},
    )


def _save_group(
    request: AuthenticatedHttpRequest, current: Organisation, group: Group | None
) -> HttpResponse:
    form = GroupForm(request.POST or None, instance=group, centre=current)
    if request.method == "POST" and (
        saved := submit(
            form, lambda data: group_save(by=request.user, centre=current, group=group, data=data)
        )
    ):
        messages.success(
            request,
            _("The listing of “%(group)s” has been saved.") % {"group": saved.name},
        )
        return redirect("centres:group_edit", current.code, saved.pk)
    return render(
        request,
        "centres/group_form.html",
        _group_page_context(current, group, form),
        status=400 if form.errors else 200,
    )


def _group_page_context(
    current: Organisation, group: Group | None, form: GroupForm, **forms: Any
) -> dict[str, Any]:
    contacts = (
        Membership.objects.filter(
            organisation_id=group.organisation_id, role=Role.GROUP_CONTACT
        ).select_related("user")
        if group and group.organisation_id
        else []
    )
    return {
        "centre": current,
        "form": form,
        "group": group,
        "status_form": forms.get("status_form")
        or (GroupStatusForm(group=group) if group else None),
        "invite_form": forms.get("invite_form") or InviteContactForm(),
        "contacts": contacts,
    }


def _act_on_group(
    request: AuthenticatedHttpRequest,
    current: Organisation,
    group: Group,
    *,
    form: BaseForm,
    form_name: str,
    action: Callable[[dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """A form posted from a group's page: done, back to the page; refused, the page with why."""
    if submit(form, action):
        messages.success(request, done)
        return redirect("centres:group_edit", current.code, group.pk)
    return render(
        request,
        "centres/group_form.html",
        _group_page_context(
            current, group, GroupForm(instance=group, centre=current), **{form_name: form}
        ),
        status=400,
    )


@login_required
def group_new(request: AuthenticatedHttpRequest, centre: str) -> HttpResponse:
    return _save_group(request, get_centre_for_staff(request.user, centre), None)


@login_required
def group_edit(request: AuthenticatedHttpRequest, centre: str, group_id: int) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    return _save_group(request, current, _group_of(current, group_id))


@login_required
@require_POST
def group_status(request: AuthenticatedHttpRequest, centre: str, group_id: int) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    group = _group_of(current, group_id)
    return _act_on_group(
        request,
        current,
        group,
        form=GroupStatusForm(request.POST, group=group),
        form_name="status_form",
        action=lambda data: group_set_status(
            by=request.user, group=group, status=data["status"], criteria=data["criteria"]
        ),
        done=_("The status of the listing has been changed."),
    )


@login_required
@require_POST
def group_invite(request: AuthenticatedHttpRequest, centre: str, group_id: int) -> HttpResponse:
    """Invite a person to look after the group's listing (an account is created if needed)."""
    current = get_centre_for_staff(request.user, centre)
    group = _group_of(current, group_id)
    return _act_on_group(
        request,
        current,
        group,
        form=InviteContactForm(request.POST),
        form_name="invite_form",
        action=lambda data: group_contact_invite(
            by=request.user,
            group=group,
            email=data["email"],
            display_name=data["display_name"],
            language=data["language"],
        ),
        done=_("The invitation has been sent."),
    )


@login_required
@require_POST
def group_confirm(request: AuthenticatedHttpRequest, centre: str, group_id: int) -> HttpResponse:
    """The centre confirms a listing itself (after a phone call, say); a stale one is listed again."""
    current = get_centre_for_staff(request.user, centre)
    group = _group_of(current, group_id)
    confirm_listing(group=group, by=request.user)
    messages.success(request, _("The listing is confirmed for another year."))
    return redirect("centres:group_edit", current.code, group.pk)


@login_required
def exports(request: AuthenticatedHttpRequest, centre: str) -> HttpResponse:
    """The centre's lists to download: a valid choice answers with the file itself."""
    current = get_centre_for_staff(request.user, centre)
    form = ExportForm(request.GET or None, initial={"language": request.LANGUAGE_CODE})
    export = submit(
        form,
        lambda data: groups_export(
            by=request.user, centre=current, fmt=data["format"], language=data["language"]
        ),
    )
    if export is not None:
        return file_download(export.content, export.content_type, export.filename)
    return render(
        request,
        "centres/exports.html",
        {"centre": current, "form": form},
        status=400 if form.errors else 200,
    )
