"""The regional centre's workspace: what needs attention, the counselling inbox, statistics.

Every page takes the centre's code from the URL and answers 404 to anyone
who is not on that centre's staff, and for any object of another centre.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts.models import Membership, Organisation, Role
from entraide.centres import services
from entraide.centres.confirmation import awaiting_confirmation, read_token
from entraide.centres.confirmation import confirm_listing as confirm_listing_service
from entraide.centres.contacts import group_contact_invite
from entraide.centres.forms import (
    CentreSettingsForm,
    ExportForm,
    ForwardForm,
    GroupFilterForm,
    GroupForm,
    GroupStatusForm,
    InboxFilterForm,
    InviteContactForm,
    MonthForm,
    NoteForm,
    RecordRequestForm,
    StatusForm,
)
from entraide.centres.models import (
    FoundingProject,
    FoundingStatus,
    ListingProposal,
    ProposalStatus,
    settings_of,
)
from entraide.centres.rules import centres_of, get_centre_for_staff
from entraide.centres.statistics import month_statistics
from entraide.core.lib.audit import audit_read
from entraide.core.lib.forms import add_service_errors, submit
from entraide.directory.exports import groups_export
from entraide.directory.models import ContactRequest, ContactRequestStatus, Group

Status = ContactRequestStatus


def _request_of(centre: Organisation, request_id: int) -> ContactRequest:
    found = (
        ContactRequest.objects.filter(centre=centre, pk=request_id)
        .select_related("group", "theme", "centre")
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    """The entry point: straight to the person's centre, or a choice if they work for several."""
    centres = list(centres_of(request.user).only("code", "name"))
    if not centres:
        raise Http404
    if len(centres) == 1:
        return redirect("centres:home", centres[0].code)
    return render(request, "centres/choose.html", {"centres": centres})


@login_required
def home(request: HttpRequest, centre: str) -> HttpResponse:
    """What needs attention today."""
    current = get_centre_for_staff(request.user, centre)
    now = timezone.now()
    requests = ContactRequest.objects.filter(centre=current)
    cutoff = services.waiting_since_cutoff(now)
    counts = {
        "new": requests.filter(status=Status.NEW).count(),
        "waiting": requests.filter(status=Status.NEW, created_at__lte=cutoff).count(),
        "counselling": requests.filter(status=Status.COUNSELLING).count(),
        "forwarded": requests.filter(status=Status.FORWARDED).count(),
        "stale": Group.objects.filter(centre=current).stale().count(),
        "founding_ready": FoundingProject.objects.filter(
            centre=current, status=FoundingStatus.GATHERING, threshold_reached_at__isnull=False
        ).count(),
        "proposals": ListingProposal.objects.filter(
            centre=current, status=ProposalStatus.PENDING
        ).count(),
        "awaiting": awaiting_confirmation().filter(group__centre=current).count(),
    }
    return render(request, "centres/home.html", {"centre": current, "counts": counts})


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
def inbox(request: HttpRequest, centre: str) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    form = InboxFilterForm(request.GET or None)
    requests = ContactRequest.objects.filter(centre=current).select_related("group", "theme")
    status = form.cleaned_data["status"] if form.is_valid() else ""
    requests = requests.filter(status=status) if status else requests.open()
    cutoff = services.waiting_since_cutoff(timezone.now())
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
    request: HttpRequest,
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
        "recipients": (
            len(services.group_contact_addresses(contact.group)) if contact.group else 0
        ),
        "preview": services.forward_context(contact, ""),
        "next_statuses": services.NEXT_STATUSES[contact.status],
    }
    status = 400 if any(f.errors for f in forms.values()) else 200
    return render(request, "centres/request_detail.html", context, status=status)


@login_required
def request_detail(request: HttpRequest, centre: str, request_id: int) -> HttpResponse:
    """One request, its notes and what can be done with it (opening it is audited)."""
    current = get_centre_for_staff(request.user, centre)
    contact = _request_of(current, request_id)
    audit_read(actor=request.user, obj=contact)
    return _detail(request, current, contact)


@login_required
def request_new(request: HttpRequest, centre: str) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    form = RecordRequestForm(request.POST or None, centre=current)
    by: Any = request.user
    if request.method == "POST" and (
        recorded := submit(
            form, lambda data: services.request_record(by=by, centre=current, data=data)
        )
    ):
        messages.success(request, _("The request has been recorded."))
        return redirect("centres:request_detail", current.code, recorded.pk)
    return render(request, "centres/request_new.html", {"centre": current, "form": form})


@login_required
@require_POST
def request_status(request: HttpRequest, centre: str, request_id: int) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    contact = _request_of(current, request_id)
    form = StatusForm(request.POST)
    by: Any = request.user
    if submit(
        form,
        lambda data: services.request_set_status(
            by=by, request=contact, status=data["status"], outcome=data["outcome"]
        ),
    ):
        messages.success(request, _("The status of the request has been changed."))
        return redirect("centres:request_detail", current.code, contact.pk)
    return _detail(request, current, contact, status_form=form)


@login_required
@require_POST
def request_note(request: HttpRequest, centre: str, request_id: int) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    contact = _request_of(current, request_id)
    form = NoteForm(request.POST)
    by: Any = request.user
    if submit(
        form, lambda data: services.request_add_note(by=by, request=contact, text=data["text"])
    ):
        messages.success(request, _("The note has been added."))
        return redirect("centres:request_detail", current.code, contact.pk)
    return _detail(request, current, contact, note_form=form)


@login_required
@require_POST
def request_forward(request: HttpRequest, centre: str, request_id: int) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    contact = _request_of(current, request_id)
    form = ForwardForm(request.POST)
    by: Any = request.user
    if submit(
        form, lambda data: services.request_forward(by=by, request=contact, note=data["note"])
    ):
        messages.success(request, _("The request has been forwarded to the group."))
        return redirect("centres:request_detail", current.code, contact.pk)
    return _detail(request, current, contact, forward_form=form)


@login_required
def statistics(request: HttpRequest, centre: str) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    form = MonthForm(request.GET or None)
    today = timezone.localdate()
    month = (form.cleaned_data.get("month") if form.is_valid() else None) or date(
        today.year, today.month, 1
    )
    return render(
        request,
        "centres/statistics.html",
        {"centre": current, "form": form, "stats": month_statistics(current, month)},
    )


@login_required
def centre_settings(request: HttpRequest, centre: str) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    form = CentreSettingsForm(request.POST or None, instance=settings_of(current))
    if request.method == "POST" and form.is_valid():
        services.centre_settings_save(
            by=request.user,  # type: ignore[arg-type]
            centre=current,
            retention_months=form.cleaned_data["retention_months"],
            contact_edits_reviewed=form.cleaned_data["contact_edits_reviewed"],
        )
        messages.success(request, _("The settings have been saved."))
        return redirect("centres:settings", current.code)
    return render(request, "centres/settings.html", {"centre": current, "form": form})


def _group_of(centre: Organisation, group_id: int) -> Group:
    found = Group.objects.filter(centre=centre, pk=group_id).select_related("centre").first()
    if found is None:
        raise Http404
    return found


@login_required
def group_list(request: HttpRequest, centre: str) -> HttpResponse:
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


def _save_group(request: HttpRequest, current: Organisation, group: Group | None) -> HttpResponse:
    form = GroupForm(request.POST or None, instance=group, centre=current)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.group_save(
                by=request.user,  # type: ignore[arg-type]
                centre=current,
                group=group,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
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


@login_required
def group_new(request: HttpRequest, centre: str) -> HttpResponse:
    return _save_group(request, get_centre_for_staff(request.user, centre), None)


@login_required
def group_edit(request: HttpRequest, centre: str, group_id: int) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    return _save_group(request, current, _group_of(current, group_id))


@login_required
@require_POST
def group_status(request: HttpRequest, centre: str, group_id: int) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    group = _group_of(current, group_id)
    status_form = GroupStatusForm(request.POST, group=group)
    if status_form.is_valid():
        try:
            services.group_set_status(
                by=request.user,  # type: ignore[arg-type]
                group=group,
                status=status_form.cleaned_data["status"],
                criteria=status_form.cleaned_data["criteria"],
            )
        except ValidationError as error:
            add_service_errors(status_form, error)
        else:
            messages.success(request, _("The status of the listing has been changed."))
            return redirect("centres:group_edit", current.code, group.pk)
    return render(
        request,
        "centres/group_form.html",
        _group_page_context(
            current, group, GroupForm(instance=group, centre=current), status_form=status_form
        ),
        status=400,
    )


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


@login_required
@require_POST
def group_confirm(request: HttpRequest, centre: str, group_id: int) -> HttpResponse:
    """The centre confirms a listing itself (after a phone call, say); a stale one is listed again."""
    current = get_centre_for_staff(request.user, centre)
    group = _group_of(current, group_id)
    confirm_listing_service(group=group, by=request.user)
    messages.success(request, _("The listing is confirmed for another year."))
    return redirect("centres:group_edit", current.code, group.pk)


@login_required
def exports(request: HttpRequest, centre: str) -> HttpResponse:
    """The centre's lists to download: a valid choice answers with the file itself."""
    current = get_centre_for_staff(request.user, centre)
    form = ExportForm(request.GET or None, initial={"language": request.LANGUAGE_CODE})
    if form.is_valid():
        export = groups_export(
            by=request.user,
            centre=current,
            fmt=form.cleaned_data["format"],
            language=form.cleaned_data["language"],
        )
        response = HttpResponse(export.content, content_type=export.content_type)
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response
    return render(
        request,
        "centres/exports.html",
        {"centre": current, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def group_invite(request: HttpRequest, centre: str, group_id: int) -> HttpResponse:
    """Invite a person to look after the group's listing (an account is created if needed)."""
    current = get_centre_for_staff(request.user, centre)
    group = _group_of(current, group_id)
    invite_form = InviteContactForm(request.POST)
    if invite_form.is_valid():
        try:
            group_contact_invite(
                by=request.user,  # type: ignore[arg-type]
                group=group,
                email=invite_form.cleaned_data["email"],
                display_name=invite_form.cleaned_data["display_name"],
                language=invite_form.cleaned_data["language"],
            )
        except ValidationError as error:
            add_service_errors(invite_form, error)
        else:
            messages.success(request, _("The invitation has been sent."))
            return redirect("centres:group_edit", current.code, group.pk)
    return render(
        request,
        "centres/group_form.html",
        _group_page_context(
            current, group, GroupForm(instance=group, centre=current), invite_form=invite_form
        ),
        status=400,
    )
