"""The national targets: the national office reads them, the national coordinator sets them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.http import AuthenticatedHttpRequest
from entraide.cooperation import monitoring, services
from entraide.cooperation.forms import TargetForm
from entraide.cooperation.models import CooperationTarget
from entraide.cooperation.targets import active_target, load_targets
from entraide.cooperation.views._pages import form_page, small_form
from entraide.core.permissions import first_or_404, may


@login_required
def target_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every target with its figure: on its date when past (reached or missed), else today."""
    if not may(request.user, "cooperation.view_monitoring"):
        raise Http404
    today = timezone.localdate()
    targets = load_targets()
    return render(
        request,
        "cooperation/monitoring/targets.html",
        {
            "outcomes": monitoring.target_outcomes(targets, today),
            "active": active_target(targets, today),
            "today": today,
            "may_manage": may(request.user, "cooperation.manage_targets"),
        },
    )


@login_required
def target_edit(request: AuthenticatedHttpRequest, target_id: int | None = None) -> HttpResponse:
    """The national coordinator adds a target or changes one."""
    if not may(request.user, "cooperation.manage_targets"):
        raise Http404
    target = None
    if target_id is not None:
        target = first_or_404(CooperationTarget.objects.filter(pk=target_id))
    form = TargetForm(request.POST or None, instance=target)
    return form_page(
        request,
        form,
        lambda data: services.target_save(by=request.user, data=data, target=target),
        success=_("The national targets were updated."),
        next_url=reverse("monitoring:targets"),
        context=lambda: small_form(
            form,
            _("Change the national target") if target else _("Add a national target"),
            _("Save the target"),
            intro=_(
                "A target counts either cooperation triangles or units of health institutions "
                "in cooperation on its date. The monitoring measures progress towards the next "
                "target still to come, and shows past targets as reached or missed."
            ),
        ),
    )
