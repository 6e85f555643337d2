"""Proposals from the public: a new group or a correction, reviewed by the responsible centre.

Nothing a person proposes goes live by itself: it waits in the centre's
review queue, shown as a difference, and the centre approves it (through the
same form and checks as its own listings) or rejects it with a message.
Either way the sender gets an answer in their language.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation, OrganisationKind, User
from entraide.accounts.rules import may_manage_centre
from entraide.centres.consent import PROPOSAL_CONSENT
from entraide.centres.models import ListingProposal, ProposalStatus
from entraide.centres.services.centre import notify_centre_staff, retention_cutoff, tell_office
from entraide.centres.services.listings import group_save
from entraide.core.lib.audit import audit_record
from entraide.core.lib.notify import notify_person
from entraide.core.models import AuditEntry, Canton
from entraide.directory.models import Group


def centre_for_canton(canton: Canton) -> Organisation | None:
    """The regional centre that covers a canton (the first by name where two share one)."""
    return Organisation.objects.active_centres().filter(cantons=canton).order_by("name").first()


@transaction.atomic
def proposal_submit(
    *,
    group: Group | None,
    data: dict[str, Any],
    comment: str,
    sender_name: str,
    sender_email: str,
    language: str,
    centre: Organisation,
    consent: bool,
) -> ListingProposal:
    """Store a proposal from the public and tell the centre's staff that one waits.

    The public may do this (no permission); nothing is stored without the
    sender's ``consent``. The caller checked the honeypot and the rate limit.
    """
    proposal = ListingProposal.objects.create(
        centre=centre,
        group=group,
        data=data,
        comment=comment,
        sender_name=sender_name,
        sender_email=sender_email,
        language=language,
        **PROPOSAL_CONSENT.stamp(consent=consent),
    )
    audit_record(
        actor=None,
        action=AuditEntry.Action.CREATE,
        obj=proposal,
        after={"centre": centre.pk, "group": group.pk if group else None},
        label="",
    )
    tell_centre_of_proposal(proposal)
    return proposal


def tell_centre_of_proposal(proposal: ListingProposal) -> None:
    """Tell the centre's staff that a proposal waits for their review.

    At the national office (no centre covers the canton), its coordinators.
    """
    if proposal.centre.kind == OrganisationKind.NATIONAL_OFFICE:
        tell_office(proposal.centre, proposal=True)
        return
    notify_centre_staff(
        proposal.centre_id,
        kind="proposal_received",
        template="centres/email/proposal_received",
        context={"centre": proposal.centre, "proposal": proposal},
    )


def _answer(proposal: ListingProposal) -> None:
    notify_person(
        email=proposal.sender_email,
        language=proposal.language,
        kind="proposal_answer",
        template="centres/email/proposal_answer",
        context={"proposal": proposal},
    )


def _decide(proposal: ListingProposal, by: User, status: str, message: str) -> None:
    proposal.status = status
    proposal.decision_message = message.strip()
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decision_message", "decided_by", "decided_at", "group"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=proposal,
        before={"status": ProposalStatus.PENDING},
        after={"status": status, "group": proposal.group_id},
        label="",
    )
    _answer(proposal)


def _pending(by: User, proposal: ListingProposal) -> ListingProposal:
    if not may_manage_centre(by, proposal.centre):
        raise PermissionDenied("Only the centre's staff review its proposals.")
    locked = ListingProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != ProposalStatus.PENDING:
        raise ValidationError(_("This proposal has already been answered."))
    return locked


@transaction.atomic
def proposal_approve(
    *, by: User, proposal: ListingProposal, data: dict[str, Any], message: str = ""
) -> Group:
    """Apply the proposal as the centre corrected it (a GroupForm's cleaned data)."""
    proposal = _pending(by, proposal)
    group = group_save(by=by, centre=proposal.centre, group=proposal.group, data=data)
    if proposal.group_id is None:
        proposal.group = group
    _decide(proposal, by, ProposalStatus.APPROVED, message)
    return group


@transaction.atomic
def proposal_reject(*, by: User, proposal: ListingProposal, message: str) -> ListingProposal:
    proposal = _pending(by, proposal)
    if not message.strip():
        raise ValidationError({"message": _("Please tell the sender why.")})
    _decide(proposal, by, ProposalStatus.REJECTED, message)
    return proposal


def delete_old_proposals(*, now: datetime) -> int:
    """Answered proposals hold a sender's name and address: deleted after the retention period."""
    cutoff = retention_cutoff(now)
    deleted = 0
    answered = ListingProposal.objects.exclude(status=ProposalStatus.PENDING)
    for proposal_id, centre_id, decided_at in answered.values_list("pk", "centre_id", "decided_at"):
        if decided_at and decided_at <= cutoff(centre_id):
            ListingProposal.objects.filter(pk=proposal_id).delete()
            audit_record(
                actor=None,
                action=AuditEntry.Action.DELETE,
                object_type="centres.listingproposal",
                object_id=str(proposal_id),
                label="retention",
            )
            deleted += 1
    return deleted
