"""The centre's import pages: upload and check a file, read the report, import, the template."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.accounts.models import Organisation
from entraide.centres.forms import ImportForm, ImportStartForm, TemplateForm
from entraide.centres.models import GroupImport
from entraide.centres.rules import get_centre_for_staff
from entraide.centres.services import imports
from entraide.core.lib.forms import submit
from entraide.core.lib.http import file_download
from entraide.core.lib.spreadsheet import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE
from entraide.core.permissions import first_or_404
from entraide.directory.imports import import_template


def _upload_of(centre: Organisation, import_id: int) -> GroupImport:
    return first_or_404(GroupImport.objects.filter(centre=centre, pk=import_id).defer("content"))


@login_required
def import_page(request: AuthenticatedHttpRequest, centre: str) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and (
        checked := submit(
            form,
            lambda data: imports.import_check(
                by=request.user,
                centre=current,
                filename=data["file"].name,
                content=data["file"].read(),
            ),
        )
    ):
        return redirect("centres:import_report", current.code, checked.pk)
    recent = (
        GroupImport.objects.filter(centre=current)
        .defer("content")
        .select_related("uploaded_by")
        .order_by("-created_at")
    )
    page = Paginator(recent, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "centres/import.html",
        {"centre": current, "form": form, "page": page},
        status=400 if form.errors else 200,
    )


@login_required
def import_report(request: AuthenticatedHttpRequest, centre: str, import_id: int) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    upload = _upload_of(current, import_id)
    return render(request, "centres/import_report.html", {"centre": current, "upload": upload})


@login_required
@require_POST
def import_run(request: AuthenticatedHttpRequest, centre: str, import_id: int) -> HttpResponse:
    current = get_centre_for_staff(request.user, centre)
    upload = _upload_of(current, import_id)
    form = ImportStartForm(request.POST)
    if not submit(
        form,
        lambda data: imports.import_start(
            by=request.user, upload=upload, criteria_confirmed=data["criteria"]
        ),
    ):
        messages.error(request, " ".join(str(error) for error in form.non_field_errors()))
    else:
        messages.success(
            request,
            _(
                "The import has started. It takes up to a minute; refresh this page to see the result."
            ),
        )
    return redirect("centres:import_report", current.code, upload.pk)


@login_required
def import_template_download(request: AuthenticatedHttpRequest, centre: str) -> HttpResponse:
    """The template to fill in, with an example row in the centre's region and the column help."""
    current = get_centre_for_staff(request.user, centre)
    form = TemplateForm(request.GET)
    if not form.is_valid():
        raise Http404
    fmt = form.cleaned_data["format"]
    language = form.cleaned_data["language"] or request.LANGUAGE_CODE
    content = import_template(fmt, language, centre=current)
    content_type = CSV_CONTENT_TYPE if fmt == "csv" else XLSX_CONTENT_TYPE
    return file_download(content, content_type, f"entraide-groups-template.{fmt}")
