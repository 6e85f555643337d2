"""Groups being founded, as the centre sees them: its projects, the first meeting, the start."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.accounts.models import Organisation
from entraide.centres.forms import FoundingProjectForm, GroupForm, MeetingForm
from entraide.centres.models import OPEN_FOUNDING, FoundingProject
from entraide.centres.rules import get_centre_for_staff
from entraide.centres.services import founding
from entraide.core.lib.forms import submit
from entraide.core.permissions import first_or_404


def _project_of(centre: Organisation, project_id: int) -> FoundingProject:
    return first_or_404(
        FoundingProject.objects.filter(centre=centre, pk=project_id).select_related(
            "theme", "canton", "centre", "group"
        )
    )


@login_required
def staff_list(request: AuthenticatedHttpRequest, centre: str) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    projects = (
        FoundingProject.objects.filter(centre=current)
        .select_related("theme", "canton")
        .annotate(interested=Count("interests"))
        .order_by("status", "-created_at")
    )
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    return render(request, "centres/founding_list.html", {"centre": current, "page": page})


def _edit_page(
    request: AuthenticatedHttpRequest,
    current: Organisation,
    project: FoundingProject | None,
    form: FoundingProjectForm,
    meeting_form: MeetingForm | None = None,
) -> HttpResponse:
    context = {
        "centre": current,
        "project": project,
        "form": form,
        "meeting_form": meeting_form or MeetingForm(),
        "interests": project.interests.all() if project else [],
        "is_open": project is not None and project.status in OPEN_FOUNDING,
    }
    failed = form.errors or (meeting_form is not None and meeting_form.errors)
    return render(request, "centres/founding_form.html", context, status=400 if failed else 200)


def _save(
    request: AuthenticatedHttpRequest, current: Organisation, project: FoundingProject | None
) -> HttpResponse:
    form = FoundingProjectForm(request.POST or None, instance=project, centre=current)
    if request.method == "POST" and (
        saved := submit(
            form,
            lambda data: founding.project_save(
                by=request.user, centre=current, project=project, data=data
            ),
        )
    ):
        messages.success(request, _("The project has been saved."))
        return redirect("centres:founding_edit", current.code, saved.pk)
    return _edit_page(request, current, project, form)


@login_required
def staff_new(request: AuthenticatedHttpRequest, centre: str) -> HttpResponse:
    return _save(request, get_centre_for_staff(request.user, centre), None)


@login_required
def staff_edit(request: AuthenticatedHttpRequest, centre: str, project_id: int) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    return _save(request, current, _project_of(current, project_id))


@login_required
@require_POST
def staff_plan(request: AuthenticatedHttpRequest, centre: str, project_id: int) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    project = _project_of(current, project_id)
    meeting_form = MeetingForm(request.POST)
    if submit(
        meeting_form,
        lambda data: founding.first_meeting_plan(
            by=request.user,
            project=project,
            at=data["at"],
            place=data["place"],
            message=data["message"],
        ),
    ):
        messages.success(
            request, _("The first meeting is planned and the people interested have been told.")
        )
        return redirect("centres:founding_edit", current.code, project.pk)
    form = FoundingProjectForm(instance=project, centre=current)
    return _edit_page(request, current, project, form, meeting_form)


@login_required
@require_POST
def staff_called(
    request: AuthenticatedHttpRequest, centre: str, project_id: int, interest_id: int
) -> HttpResponse:
    """The centre called a person who gave only a phone number about the first meeting."""
    current = get_centre_for_staff(request.user, centre)
    project = _project_of(current, project_id)
    try:
        founding.interest_mark_called(by=request.user, project=project, interest_id=interest_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The call is recorded."))
    return redirect("centres:founding_edit", current.code, project.pk)


@login_required
@require_POST
def staff_abandon(request: AuthenticatedHttpRequest, centre: str, project_id: int) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    project = _project_of(current, project_id)
    founding.project_abandon(by=request.user, project=project)
    messages.success(request, _("The project has been given up."))
    return redirect("centres:founding_list", current.code)


@login_required
def staff_start(request: AuthenticatedHttpRequest, centre: str, project_id: int) -> HttpResponse:
    """Turn the project into a listed group: the listing form, filled in from the project."""
    current = get_centre_for_staff(request.user, centre)
    project = _project_of(current, project_id)
    if project.status not in OPEN_FOUNDING:
        raise Http404
    initial = {
        "name": project.title,
        "themes": [project.theme_id],
        "description": project.description,
        "canton": project.canton_id,
        "municipality": project.municipality,
        "languages": [project.language],
    }
    form = GroupForm(request.POST or None, centre=current, initial=initial)
    if request.method == "POST" and (
        group := submit(
            form, lambda data: founding.project_start(by=request.user, project=project, data=data)
        )
    ):
        messages.success(request, _("The group has started and is listed in the directory."))
        return redirect("centres:group_edit", current.code, group.pk)
    return render(
        request,
        "centres/founding_start.html",
        {"centre": current, "project": project, "form": form},
        status=400 if form.errors else 200,
    )
