"""A canton changes regional centre: its groups, open contact requests and founding projects follow.

The national coordinator moves a canton; the staff of the centre that takes it
over then read the open contact requests of its groups (they are the
responsible centre from now on). Contact requests that name no group stay
with the centre that received them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation, OrganisationKind, User
from entraide.centres.models import (
    OPEN_FOUNDING,
    ContactRequest,
    FoundingProject,
    ListingProposal,
    ProposalStatus,
)
from entraide.core.lib.audit import audit_record
from entraide.core.models import AuditEntry, Canton
from entraide.core.permissions import may
from entraide.directory.indexing import group_save
from entraide.directory.models import Group


@dataclass(frozen=True)
class CantonMove:
    groups: int
    requests: int
    projects: int
    proposals: int


@transaction.atomic
def canton_move(
    *, by: User, canton: Canton, source: Organisation, target: Organisation
) -> CantonMove:
    """Move a canton from the centre that covers it to another active regional centre.

    One audit entry, on the canton, names both centres and what moved.
    """
    if not may(by, "centres.move_canton"):
        raise PermissionDenied("centres.move_canton")
    source = Organisation.objects.select_for_update().get(pk=source.pk)
    target = Organisation.objects.select_for_update().get(pk=target.pk)
    if not source.cantons.filter(pk=canton.pk).exists():
        raise ValidationError(
            {
                "canton": _("%(centre)s does not cover the canton %(code)s.")
                % {"centre": source.name, "code": canton.code}
            }
        )
    if (
        target.pk == source.pk
        or target.kind != OrganisationKind.REGIONAL_CENTRE
        or not target.is_active
    ):
        raise ValidationError(
            {"target": _("Choose another active regional centre to take the canton over.")}
        )
    source.cantons.remove(canton)
    target.cantons.add(canton)
    groups = list(Group.objects.filter(centre=source, canton=canton))
    for group in groups:
        group.centre = target
        group_save(group, update_fields=["centre"])
    # The groups' own organisations (their contacts' accounts) follow their centre.
    Organisation.objects.filter(group__in=groups, parent=source).update(parent=target)
    requests = (
        ContactRequest.objects.open()
        .filter(centre=source, group__canton=canton)
        .update(centre=target)
    )
    projects = FoundingProject.objects.filter(
        centre=source, canton=canton, status__in=OPEN_FOUNDING
    ).update(centre=target)
    proposals = ListingProposal.objects.filter(
        centre=source, group__canton=canton, status=ProposalStatus.PENDING
    ).update(centre=target)
    moved = CantonMove(
        groups=len(groups), requests=requests, projects=projects, proposals=proposals
    )
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        object_type="core.canton",
        object_id=canton.code,
        label=str(canton),
        before={"centre": source.pk},
        after={
            "centre": target.pk,
            "groups": moved.groups,
            "contact_requests": moved.requests,
            "founding_projects": moved.projects,
            "proposals": moved.proposals,
        },
    )
    return moved
