"""Proposals from the public: a new group or a correction, reviewed by the responsible centre.

Nothing a person proposes goes live by itself: it waits in the centre's
review queue, shown as a difference, and the centre approves it (through the
same form and checks as its own listings) or rejects it with a message.
Either way the sender gets an answer in their language.

A correction holds only the fields its sender changed, with the listing's
values of them when the sender started. Approving compares then, now and
proposed: where the listing changed since in a field the proposal touches,
the centre must choose explicitly which value the listing keeps, so an older
proposal never silently undoes a newer change.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation, OrganisationKind, Role, User
from entraide.accounts.rules import may_manage_centre
from entraide.centres.consent import PROPOSAL_CONSENT
from entraide.centres.fields import GROUP_FIELDS, field_changes, listing_version, raw_of_group
from entraide.centres.models import ListingProposal, ProposalStatus, SenderKind
from entraide.centres.rules import is_contact_of
from entraide.centres.services.centre import notify_centre_staff, retention_cutoff, tell_office
from entraide.centres.services.listings import group_save
from entraide.core.lib.audit import audit_record
from entraide.core.lib.notify import notify_person
from entraide.core.models import AuditEntry, Canton
from entraide.directory.models import Group


def centre_for_canton(canton: Canton) -> Organisation | None:
    """The regional centre that covers a canton (the first by name where two share one)."""
    return Organisation.objects.covering(canton).first()


def sender_kind_of(by: Any, group: Group | None) -> str:
    """Who sends a proposal: the public, the group's contact or a centre's staff (signed in)."""
    if by is None or not by.is_authenticated:
        return SenderKind.PUBLIC
    if group is not None and is_contact_of(by, group):
        return SenderKind.GROUP_CONTACT
    if by.has_role(Role.CENTRE_STAFF):
        return SenderKind.CENTRE_STAFF
    return SenderKind.PUBLIC


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
    base: dict[str, Any] | None = None,
    by: Any = None,
) -> ListingProposal:
    """Store a proposal from the public and tell the centre's staff that one waits.

    ``data`` holds the fields the sender changed and ``base`` the listing's
    values of them when they started (a new group has none). The public may
    do this (no permission); nothing is stored without the sender's
    ``consent``. The caller checked the honeypot and the rate limit.
    """
    if group is not None and not data and not comment.strip():
        raise ValidationError(
            _("You have changed nothing yet: please correct the listing or write a comment.")
        )
    authenticated = by is not None and by.is_authenticated
    proposal = ListingProposal.objects.create(
        centre=centre,
        group=group,
        data=data,
        base={name: (base or {}).get(name) for name in data} if group is not None else {},
        sender_kind=sender_kind_of(by, group),
        submitted_by=by if authenticated else None,
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


NOW, PROPOSED = "now", "proposed"


def _current_value(group: Group, name: str) -> Any:
    value = getattr(group, name)
    return list(value.all()) if hasattr(value, "all") else value


@transaction.atomic
def proposal_approve(
    *,
    by: User,
    proposal: ListingProposal,
    data: dict[str, Any],
    message: str = "",
    choices: dict[str, str] | None = None,
    version: str | None = None,
) -> Group:
    """Apply the proposal as the centre corrected it (a GroupForm's cleaned data).

    ``version`` is the listing's version the review page showed: a listing
    changed since is refused (the form would write back what the page showed).
    Every field the proposal touches where the listing changed since needs a
    choice in ``choices``: ``"now"`` keeps the listing's value, ``"proposed"``
    takes the one ``data`` holds; without one the approval is refused.
    """
    proposal = _pending(by, proposal)
    if proposal.group is not None:
        current = Group.objects.select_for_update().get(pk=proposal.group.pk)
        if version is not None and version != listing_version(current):
            raise ValidationError(
                _(
                    "The listing has changed while you were reviewing this proposal. "
                    "Please look at it again: the page now shows its current values."
                )
            )
        choices = choices or {}
        now = raw_of_group(current, GROUP_FIELDS)
        data = dict(data)
        unresolved = {}
        for change in field_changes(proposal.data, proposal.base, now):
            if not change.conflict:
                continue
            choice = choices.get(change.name)
            if choice == NOW:
                data[change.name] = _current_value(current, change.name)
            elif choice != PROPOSED:
                unresolved[f"choose_{change.name}"] = _(
                    "The listing has changed here since the proposal was sent: "
                    "please choose which value it keeps."
                )
        if unresolved:
            raise ValidationError(unresolved)
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
