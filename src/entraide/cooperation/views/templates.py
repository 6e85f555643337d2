"""The national office's convention template: its versions, and the draft of the next one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.cooperation import services
from entraide.cooperation.forms import TemplateClauseForm, TemplatePublishForm
from entraide.cooperation.models import ConventionTemplate, TemplateClause
from entraide.cooperation.views._pages import done, form_page
from entraide.core.lib.forms import add_service_errors
from entraide.core.permissions import first_or_404, may

VIEW = "cooperation.view_convention_template"
MANAGE = "cooperation.manage_convention_template"


def _require(request: AuthenticatedHttpRequest, perm: str) -> None:
    if not may(request.user, perm):
        raise Http404


def _template_url(template: ConventionTemplate) -> str:
    return reverse("cooperation:template_detail", args=[template.pk])


@login_required
def template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, VIEW)
    templates = list(
        ConventionTemplate.objects.select_related("published_by").annotate(
            clause_count=Count("clauses")
        )
    )
    current = next((t for t in templates if not t.is_draft), None)
    return render(
        request,
        "cooperation/template_list.html",
        {
            "templates": templates,
            "current": current,
            "draft": next((t for t in templates if t.is_draft), None),
            "may_manage": may(request.user, MANAGE),
        },
    )


@login_required
def template_detail(request: AuthenticatedHttpRequest, template_id: int) -> HttpResponse:
    _require(request, VIEW)
    template = first_or_404(
        ConventionTemplate.objects.filter(pk=template_id).select_related("published_by")
    )
    may_manage = may(request.user, MANAGE) and template.is_draft
    form = TemplatePublishForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.template_publish(
                    by=request.user, template=template, notes=form.cleaned_data["notes"]
                )
                return done(
                    request,
                    _("Version %(number)s of the template is published.")
                    % {"number": template.number},
                    reverse("cooperation:template_list"),
                )
            except ValidationError as error:
                add_service_errors(form, error)
    language = get_language() or "en"
    clauses = list(template.clauses.all())
    return render(
        request,
        "cooperation/template_detail.html",
        {
            "template": template,
            "clauses": [(c, c.title_in(language), c.text_in(language)) for c in clauses],
            "may_manage": may_manage,
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def template_draft_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require(request, MANAGE)
    template = services.template_draft_start(by=request.user)
    return done(
        request,
        _("Draft of version %(number)s: change its clauses, then publish it.")
        % {"number": template.number},
        _template_url(template),
    )


@login_required
def template_clause_edit(
    request: AuthenticatedHttpRequest, template_id: int, template_clause_id: int | None = None
) -> HttpResponse:
    """Write a clause of the draft in the four languages (or remove it)."""
    _require(request, MANAGE)
    template = first_or_404(ConventionTemplate.objects.filter(pk=template_id, status="draft"))
    clause = None
    if template_clause_id is not None:
        clause = first_or_404(
            TemplateClause.objects.filter(template=template, pk=template_clause_id)
        )
    back = _template_url(template) + "#clauses"
    if request.method == "POST" and clause is not None and request.POST.get("action") == "remove":
        services.template_clause_remove(by=request.user, clause=clause)
        return done(request, _("The clause was removed from the draft."), back)
    initial = (
        {f: getattr(clause, f) for f in services.TEMPLATE_CLAUSE_FIELDS}
        if clause
        else {"position": template.clauses.count() + 1}
    )
    form = TemplateClauseForm(request.POST or None, initial=initial)
    heading = (
        _("Change a clause of the template (draft of version %(number)s)")
        if clause
        else _("Add a clause to the template (draft of version %(number)s)")
    ) % {"number": template.number}
    return form_page(
        request,
        form,
        lambda data: services.template_clause_save(
            by=request.user, template=template, clause=clause, data=data
        ),
        success=_("The clause was saved in the draft."),
        next_url=back,
        template="cooperation/template_clause_form.html",
        context={"form": form, "template": template, "clause": clause, "heading": heading},
    )
