"""What waits at the national office: proposals and contact requests no regional centre can take.

A proposal of a new group in a canton no active regional centre covers, and a
contact request for a group whose centre has been deactivated, go to the
national office instead; its coordinators are told, as a centre's staff would
be. They read neither the person's details nor the message (health-related
data stay with a regional centre): they hand each one over to an active
regional centre, and the centre's staff, told at once, work it as their own.
Nothing moves by itself when a canton later gets a centre: the coordinator
hands the waiting items over from the office's page, which suggests the centre
that now covers each one's canton; only a centre that covers the canton takes
an item over, and a group of a deactivated centre moves with its request or
proposal to the centre that takes it (audited), which can then work it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entraide.accounts.models import (
    Organisation,
    OrganisationKind,
    Role,
    User,
    cantons_without_centre,
)
from entraide.centres.models import ContactRequest, ListingProposal, ProposalStatus
from entraide.centres.services.proposals import centre_for_canton, tell_centre_of_proposal
from entraide.centres.services.requests import AUDIT_TYPE, tell_centre_of_request
from entraide.core.lib.audit import audit_record
from entraide.core.models import AuditEntry, Canton
from entraide.core.permissions import may
from entraide.directory.indexing import group_save
from entraide.directory.models import Group


def national_office() -> Organisation | None:
    """The (active) national office, the fallback of every routing."""
    return (
        Organisation.objects.filter(kind=OrganisationKind.NATIONAL_OFFICE, is_active=True)
        .order_by("pk")
        .first()
    )


def responsible_for_canton(canton: Canton) -> Organisation | None:
    """Who reviews a new group proposed in a canton: its centre, else the national office."""
    return centre_for_canton(canton) or national_office()


def responsible_for_group(group: Group) -> Organisation | None:
    """Who receives a contact request for a group: its centre while active, else the office."""
    centre = group.centre
    if centre.is_active and centre.kind == OrganisationKind.REGIONAL_CENTRE:
        return centre
    return national_office()


def _target(centre: Organisation) -> Organisation:
    target = Organisation.objects.select_for_update().get(pk=centre.pk)
    if target.kind != OrganisationKind.REGIONAL_CENTRE or not target.is_active:
        raise ValidationError({"centre": _("Choose an active regional centre.")})
    return target


def _covers(target: Organisation, canton: str | None) -> None:
    if not canton or not target.cantons.filter(pk=canton).exists():
        raise ValidationError(
            {
                "centre": _(
                    "%(centre)s does not cover this canton: add the canton to the centre first."
                )
                % {"centre": target.name}
            }
        )


def _adopt(by: User, group: Group | None, target: Organisation) -> None:
    """A group whose centre was deactivated goes to the centre that takes its request over."""
    if group is None or group.centre_id == target.pk:
        return
    _covers(target, group.canton_id)
    source = group.centre_id
    group.centre = target
    group_save(group, update_fields=["centre"])
    # The group's own organisation (its contacts' accounts) follows its centre.
    Organisation.objects.filter(group=group, parent_id=source).update(parent=target)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=group,
        before={"centre": source},
        after={"centre": target.pk},
    )


def _move_to(
    by: User, item: ContactRequest | ListingProposal, target: Organisation, object_type: str = ""
) -> None:
    """The item now belongs to ``target``; the audit trail says from which centre."""
    before = {"centre": item.centre_id}
    item.centre = target
    item.save(update_fields=["centre"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=item,
        object_type=object_type,
        before=before,
        after={"centre": target.pk},
        label="",
    )


def _check(by: User) -> None:
    if not may(by, "centres.hand_over_from_office"):
        raise PermissionDenied("centres.hand_over_from_office")


@transaction.atomic
def office_request_hand_over(
    *, by: User, request: ContactRequest, centre: Organisation
) -> ContactRequest:
    """Give an open contact request waiting at the national office to a regional centre."""
    _check(by)
    target = _target(centre)
    locked = ContactRequest.objects.select_for_update().get(pk=request.pk)
    if locked.centre.kind != OrganisationKind.NATIONAL_OFFICE or locked.status == "closed":
        raise ValidationError(_("This request no longer waits at the national office."))
    _adopt(by, locked.group, target)
    _move_to(by, locked, target, object_type=AUDIT_TYPE)
    tell_centre_of_request(locked)
    return locked


@transaction.atomic
def office_proposal_hand_over(
    *, by: User, proposal: ListingProposal, centre: Organisation
) -> ListingProposal:
    """Give a pending proposal waiting at the national office to a regional centre."""
    _check(by)
    target = _target(centre)
    locked = ListingProposal.objects.select_for_update().get(pk=proposal.pk)
    if (
        locked.centre.kind != OrganisationKind.NATIONAL_OFFICE
        or locked.status != ProposalStatus.PENDING
    ):
        raise ValidationError(_("This proposal no longer waits at the national office."))
    if locked.group is None:
        _covers(target, str(locked.data.get("canton", "")))
    else:
        _adopt(by, locked.group, target)
    _move_to(by, locked, target)
    tell_centre_of_proposal(locked)
    return locked


def office_warnings(user: Any) -> list[str]:
    """The national coordinator's home page: cantons without a centre, what waits (3 queries)."""
    if not user.has_role(Role.NATIONAL_COORDINATOR):
        return []
    found: list[str] = []
    uncovered = [f"{canton.name} ({canton.code})" for canton in cantons_without_centre()]
    if uncovered:
        found.append(
            _(
                "No active regional centre covers these cantons: %(cantons)s. Proposals of new"
                " groups there go to the national office."
            )
            % {"cantons": ", ".join(uncovered)}
        )
    waiting = (
        ContactRequest.objects.open().filter(centre__kind=OrganisationKind.NATIONAL_OFFICE).count()
        + ListingProposal.objects.filter(
            centre__kind=OrganisationKind.NATIONAL_OFFICE, status=ProposalStatus.PENDING
        ).count()
    )
    if waiting:
        found.append(
            _("Waiting at the national office for a regional centre: %(count)s.")
            % {"count": waiting}
        )
    return found
