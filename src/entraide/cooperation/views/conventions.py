"""The convention's versions: drafted from the template, its clauses changed or added by the
triangle, signed by each party's signatory in the application or by uploading the signed copy."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.cooperation import services
from entraide.cooperation.conventionparts import ConventionParts, convention_parts, load_version
from entraide.cooperation.forms import (
    ConventionClauseForm,
    ConventionDraftForm,
    ConventionSignForm,
    ConventionUploadForm,
)
from entraide.cooperation.models import ConventionClause, ConventionVersion, Triangle
from entraide.cooperation.uploads import document_response
from entraide.cooperation.views._pages import (
    WORK,
    done,
    form_page,
    small_form,
    triangle_for,
)
from entraide.core.lib.forms import add_service_errors
from entraide.core.lib.pdf import pdf_download
from entraide.core.permissions import first_or_404, may


def _version(triangle: Triangle, version_id: int) -> ConventionVersion:
    return first_or_404(ConventionVersion.objects.filter(triangle=triangle, pk=version_id))


def _unsigned(triangle: Triangle, version_id: int) -> ConventionVersion:
    version = _version(triangle, version_id)
    if version.signed_on:
        raise Http404
    return version


def _editable(triangle: Triangle, version_id: int) -> ConventionVersion:
    """A version whose clauses may still change: nobody has signed it yet."""
    version = _unsigned(triangle, version_id)
    if version.signatures.exists():
        raise Http404
    return version


def version_url(triangle: Triangle, version: ConventionVersion, anchor: str = "") -> str:
    return reverse("cooperation:convention_detail", args=[triangle.pk, version.pk]) + anchor


@login_required
def convention_new(request: AuthenticatedHttpRequest, triangle_id: int) -> HttpResponse:
    triangle = triangle_for(request, triangle_id, WORK)
    form = ConventionDraftForm(request.POST or None, initial={"drafted_on": timezone.localdate()})
    return form_page(
        request,
        form,
        lambda data: services.convention_draft(by=request.user, triangle=triangle, data=data),
        success=_(
            "The version was drafted from the template. Change or add clauses if you need to, "
            "then each party signs it."
        ),
        next_url=lambda version: version_url(triangle, version),
        context=small_form(
            form,
            _("Draft a new version of the convention"),
            _("Draft the version"),
            triangle=triangle,
            intro=_(
                "The version takes the clauses of the national office's current template, in "
                "the language of the convention, and the changes your cooperation made in its "
                "previous version. The institution's management, the centre's staff and the "
                "groups' contacts then sign it."
            ),
        ),
    )


def _page_context(
    request: AuthenticatedHttpRequest, triangle: Triangle, version: ConventionVersion
) -> dict[str, Any]:
    parts = convention_parts(load_version(version), triangle, first_number=2)
    editable = (
        may(request.user, WORK, triangle)
        and not triangle.ended_on
        and triangle.status != "ended"
        and not version.signed_on
        and not any(p.signature for p in parts.parties)
    )
    newest = not triangle.conventions.filter(number__gt=version.number).exists()
    mine = {p.corner for p in parts.parties if request.user in p.signatories}
    open_to_me = [p for p in parts.parties if p.corner in mine and p.signature is None]
    return {
        "triangle": triangle,
        "version": parts.version,
        "parts": parts,
        "editable": editable,
        "may_sign": bool(open_to_me)
        and newest
        and not version.signed_on
        and triangle.status != "ended"
        and not triangle.ended_on,
        "newest": newest,
        "mine": mine,
    }


@login_required
def convention_detail(
    request: AuthenticatedHttpRequest, triangle_id: int, version_id: int
) -> HttpResponse:
    triangle = triangle_for(request, triangle_id)
    version = _version(triangle, version_id)
    return render(
        request, "cooperation/convention_detail.html", _page_context(request, triangle, version)
    )


@login_required
def convention_clause_edit(
    request: AuthenticatedHttpRequest,
    triangle_id: int,
    version_id: int,
    clause_id: int | None = None,
) -> HttpResponse:
    """Change a clause's text (or add a clause); restore the template's text; remove an added one."""
    triangle = triangle_for(request, triangle_id, WORK)
    version = _editable(triangle, version_id)
    clause = None
    if clause_id is not None:
        clause = first_or_404(
            ConventionClause.objects.filter(convention=version, pk=clause_id).select_related(
                "template_clause"
            )
        )
    added = clause is None or clause.template_clause_id is None
    back = version_url(triangle, version, "#clauses")
    if request.method == "POST" and clause is not None and request.POST.get("action"):
        action = request.POST["action"]
        if action not in ("restore", "remove"):
            raise Http404
        try:
            if action == "restore":
                services.convention_clause_restore(by=request.user, clause=clause)
                return done(request, _("The clause has the template's text again."), back)
            services.convention_clause_remove(by=request.user, clause=clause)
            return done(request, _("The clause was removed."), back)
        except ValidationError as error:
            form = ConventionClauseForm(
                initial={"title": clause.title, "text": clause.text}, title_editable=added
            )
            add_service_errors(form, error)
            return _clause_page(request, triangle, version, clause, form)
    form = ConventionClauseForm(
        request.POST or None,
        initial={"title": clause.title, "text": clause.text} if clause else None,
        title_editable=added,
    )
    return form_page(
        request,
        form,
        lambda data: services.convention_clause_save(
            by=request.user, version=version, clause=clause, data=data
        ),
        success=_("The clause was saved."),
        next_url=back,
        template="cooperation/convention_clause_form.html",
        context=lambda: _clause_context(triangle, version, clause, form),
    )


def _clause_context(
    triangle: Triangle,
    version: ConventionVersion,
    clause: ConventionClause | None,
    form: forms.Form,
) -> dict[str, Any]:
    return {
        "triangle": triangle,
        "version": version,
        "clause": clause,
        "form": form,
        "template_text": clause.template_text(version.language) if clause else "",
    }


def _clause_page(
    request: AuthenticatedHttpRequest,
    triangle: Triangle,
    version: ConventionVersion,
    clause: ConventionClause,
    form: forms.Form,
) -> HttpResponse:
    return render(
        request,
        "cooperation/convention_clause_form.html",
        _clause_context(triangle, version, clause, form),
        status=400,
    )


def _open_corners(
    request: AuthenticatedHttpRequest, triangle: Triangle, version: ConventionVersion
) -> list[tuple[str, str]]:
    """The parties the person may still sign for: theirs, not signed yet."""
    parts: ConventionParts = convention_parts(load_version(version), triangle)
    mine = {p.corner for p in parts.parties if request.user in p.signatories}
    return [
        (p.corner, f"{p.label} – {services.party_label(p.corner, triangle)}")
        for p in parts.parties
        if p.corner in mine and p.signature is None
    ]


def _sign_context(
    triangle: Triangle, version: ConventionVersion, form: forms.Form | None, heading: str
) -> dict[str, Any]:
    return {
        "triangle": triangle,
        "version": version,
        "form": form,
        "heading": heading,
        "who_signs": _(
            "The institution's management signs for the health institution, the centre's "
            "staff for the regional centre and a contact of the participating groups for the "
            "self-help groups. You are not one of this convention's signatories, or your party "
            "has already signed."
        ),
    }


def _signing(
    request: AuthenticatedHttpRequest, triangle_id: int, version_id: int
) -> tuple[Triangle, ConventionVersion, list[tuple[str, str]]]:
    """The unsigned version and the parties the person may still sign it for."""
    triangle = triangle_for(request, triangle_id, WORK)
    version = _unsigned(triangle, version_id)
    return triangle, version, _open_corners(request, triangle, version)


def _no_signature_left(
    request: AuthenticatedHttpRequest, triangle: Triangle, version: ConventionVersion, heading: str
) -> HttpResponse:
    """The page says who signs; a signature posted by someone else is refused (403)."""
    return render(
        request,
        "cooperation/convention_sign.html",
        _sign_context(triangle, version, None, heading),
        status=403 if request.method == "POST" else 200,
    )


@login_required
def convention_sign(
    request: AuthenticatedHttpRequest, triangle_id: int, version_id: int
) -> HttpResponse:
    """Sign the version in the application, for one's party."""
    triangle, version, corners = _signing(request, triangle_id, version_id)
    heading = _("Sign version %(number)s of the convention") % {"number": version.number}
    if not corners:
        return _no_signature_left(request, triangle, version, heading)
    form = ConventionSignForm(request.POST or None, corners=corners)
    return form_page(
        request,
        form,
        lambda data: services.convention_sign(
            by=request.user, version=version, corner=data["corner"]
        ),
        success=_("Your signature was recorded."),
        next_url=version_url(triangle, version, "#signatures"),
        template="cooperation/convention_sign.html",
        context=_sign_context(triangle, version, form, heading),
    )


@login_required
def convention_upload(
    request: AuthenticatedHttpRequest, triangle_id: int, version_id: int
) -> HttpResponse:
    """Upload the copy signed on paper: it records the signature of the uploader's party."""
    triangle, version, corners = _signing(request, triangle_id, version_id)
    heading = _("Upload the signed convention (version %(number)s)") % {"number": version.number}
    if not corners:
        return _no_signature_left(request, triangle, version, heading)
    form = ConventionUploadForm(request.POST or None, request.FILES or None, corners=corners)
    return form_page(
        request,
        form,
        lambda data: services.convention_upload(
            by=request.user,
            version=version,
            corner=data["corner"],
            signed_on=data["signed_on"],
            upload=data["signed_copy"],
        ),
        success=_("The signed copy was uploaded and your party's signature recorded."),
        next_url=version_url(triangle, version, "#signatures"),
        template="cooperation/convention_sign.html",
        context={**_sign_context(triangle, version, form, heading), "multipart": True},
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
def convention_signed_pdf(
    request: AuthenticatedHttpRequest, triangle_id: int, version_id: int
) -> HttpResponse:
    triangle = triangle_for(request, triangle_id)
    version = _version(triangle, version_id)
    if version.signed_copy is None:
        raise Http404
    return document_response(version.signed_copy)
