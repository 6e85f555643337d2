"""The convention's versions: drafted (its PDF generated), signed (the signed copy uploaded)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.cooperation import services
from entraide.cooperation.forms import ConventionDraftForm, ConventionSignForm
from entraide.cooperation.models import ConventionVersion, Triangle
from entraide.cooperation.uploads import document_response
from entraide.cooperation.views._pages import (
    WORK,
    form_page,
    small_form,
    triangle_for,
    triangle_url,
)
from entraide.core.lib.pdf import pdf_download
from entraide.core.permissions import first_or_404


def _version(triangle: Triangle, version_id: int) -> ConventionVersion:
    return first_or_404(ConventionVersion.objects.filter(triangle=triangle, pk=version_id))


@login_required
def convention_new(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, WORK)
    form = ConventionDraftForm(request.POST or None, initial={"drafted_on": timezone.localdate()})
    return form_page(
        request,
        form,
        lambda data: services.convention_draft(by=request.user, triangle=triangle, data=data),
        success=_("The version was recorded. Download its draft, have it signed, then upload it."),
        next_url=triangle_url(triangle, "#convention"),
        context=small_form(
            form,
            _("Draft a new version of the convention"),
            _("Record the version"),
            triangle=triangle,
            intro=_(
                "The draft is generated as a PDF from the cooperation's data, in the language of "
                "the convention. Once signed, upload the signed copy."
            ),
        ),
    )


@login_required
def convention_draft_pdf(
    request: AuthenticatedHttpRequest, triangle_id: int, version_id: int
) -> HttpResponse:
    from entraide.cooperation.documents import convention_pdf

    triangle = triangle_for(request, triangle_id)
    version = _version(triangle, version_id)
    return pdf_download(convention_pdf(version), f"convention-{triangle.pk}-v{version.number}")


@login_required
def convention_sign(
    request: AuthenticatedHttpRequest, triangle_id: int, version_id: int
) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, WORK)
    version = _version(triangle, version_id)
    if version.signed_copy_id:
        raise Http404
    form = ConventionSignForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form,
        lambda data: services.convention_sign(
            by=request.user,
            version=version,
            signed_on=data["signed_on"],
            upload=data["signed_copy"],
        ),
        success=_("The signed convention was uploaded."),
        next_url=triangle_url(triangle, "#convention"),
        context=small_form(
            form,
            _("Upload the signed convention (version %(number)s)") % {"number": version.number},
            _("Upload the signed copy"),
            triangle=triangle,
            intro=_("Only the parties of the cooperation and the national office can read it."),
            multipart=True,
        ),
    )


@login_required
def convention_signed_pdf(
    request: AuthenticatedHttpRequest, triangle_id: int, version_id: int
) -> HttpResponse:
    triangle = triangle_for(request, triangle_id)
    version = _version(triangle, version_id)
    if version.signed_copy is None:
        raise Http404
    return document_response(version.signed_copy)
