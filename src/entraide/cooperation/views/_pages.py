"""What the cooperation's pages share: the triangle looked up for the person, the form page.

Every page looks the triangle up through ``get_triangle_for_user`` (404 for
anyone else) and each object inside that triangle; every form runs its
service through ``core.lib.forms.submit``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.cooperation.models import SelfEvaluation, Triangle
from entraide.cooperation.rules import get_triangle_for_user
from entraide.core.lib.forms import submit
from entraide.core.permissions import may

# The parties work on a triangle; the national office only reads it.
WORK = "cooperation.work_on_triangle"
LEAD = "cooperation.lead_triangle"


def triangle_for(request: AuthenticatedHttpRequest, triangle_id: int, *perms: str) -> Triangle:
    """The triangle if the person may read it and holds ``perms`` on it, else 404."""
    triangle = get_triangle_for_user(request.user, triangle_id)
    if not all(may(request.user, perm, triangle) for perm in perms):
        raise Http404
    return triangle


def triangle_url(triangle: Triangle, anchor: str = "") -> str:
    """The triangle's page, at ``anchor`` ("#measures") when given."""
    return reverse("cooperation:triangle_detail", args=[triangle.pk]) + anchor


def evaluation_url(triangle: Triangle, evaluation: SelfEvaluation) -> str:
    return reverse("cooperation:evaluation_detail", args=[triangle.pk, evaluation.pk])


def done(request: AuthenticatedHttpRequest, text: str, url: str) -> HttpResponse:
    """Back to ``url``, where ``text`` says what was done."""
    messages.success(request, text)
    return redirect(url)


def small_form(
    form: forms.BaseForm,
    heading: str,
    submit_label: str,
    *,
    triangle: Triangle | None = None,
    intro: str = "",
    multipart: bool = False,
    action: str = "",
) -> dict[str, Any]:
    """The context of the one page every small form uses (``cooperation/form.html``)."""
    return {
        "form": form,
        "triangle": triangle,
        "heading": heading,
        "submit_label": submit_label,
        "intro": intro,
        "multipart": multipart,
        "action": action,
    }


def form_page[T](
    request: AuthenticatedHttpRequest,
    form: forms.BaseForm,
    action: Callable[[dict[str, Any]], T],
    *,
    success: str,
    next_url: str | Callable[[T], str],
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    template: str = "cooperation/form.html",
    status: int = 200,
) -> HttpResponse:
    """A form's page; a POST runs ``action`` through ``submit`` and, once it succeeds,
    leads to ``next_url`` (or ``next_url(result)``) with ``success`` as its message.

    Otherwise the page shows again with the form's and the service's errors;
    ``context`` may be a function, so that a page read only on failure is built
    only then.
    """
    if request.method == "POST":
        result = submit(form, action)
        if result is not None:
            return done(request, success, next_url(result) if callable(next_url) else next_url)
    return render(
        request, template, dict(context() if callable(context) else context), status=status
    )
