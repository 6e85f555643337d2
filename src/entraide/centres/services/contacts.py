"""Group contacts: invited by their centre, they keep their own group's listing current.

A contact's change goes live at once or waits in the centre's proposals,
as the centre chose in its settings. The name, themes, kind of group and
canton stay with the centre (they decide where the group is found).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entraide.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from entraide.accounts.rules import may_manage_centre
from entraide.accounts.services import membership_create
from entraide.centres.fields import CONTACT_FIELDS, raw_of_group, starting_point
from entraide.centres.models import ListingProposal, SenderKind, settings_of
from entraide.centres.rules import is_contact_of
from entraide.centres.services.listings import audit_listing, listing_snapshot
from entraide.centres.services.proposals import tell_centre_of_proposal
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.models import AuditEntry
from entraide.directory import indexing
from entraide.directory.models import Group
from entraide.directory.places import locate


@transaction.atomic
def group_contact_invite(
    *, by: User, group: Group, email: str, display_name: str, language: str
) -> Membership:
    """Invite a person to look after a group; the group gets its own organisation if needed."""
    if not may_manage_centre(by, group.centre):
        raise PermissionDenied("Only the group's centre invites its contacts.")
    group = Group.objects.select_for_update().get(pk=group.pk)
    if group.organisation_id is None:
        organisation = Organisation.objects.create(
            kind=OrganisationKind.SELF_HELP_GROUP,
            name=group.name[:200],
            code=f"group-{group.pk}",
            canton_id=group.canton_id,
            parent=group.centre,
        )
        audit_record(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=organisation,
            after=snapshot(organisation, ["kind", "name", "code", "canton", "parent"]),
        )
        group.organisation = organisation
        indexing.group_save(group, update_fields=["organisation", "updated_at"])
    assert group.organisation is not None
    return membership_create(
        by=by,
        organisation=group.organisation,
        email=email,
        role=Role.GROUP_CONTACT,
        display_name=display_name,
        language=language,
    )


@transaction.atomic
def contact_listing_save(
    *, by: User, group: Group, data: dict[str, Any], raw: dict[str, Any], base_token: str = ""
) -> ListingProposal | Group:
    """A contact's change: a proposal for the centre to review, or live at once.

    ``data`` is a ContactListingForm's cleaned data and ``raw`` the same as a
    proposal stores it; ``base_token`` the form's signed record of the listing
    as the contact saw it. Only the fields the contact changed are kept; live,
    a field someone else changed meanwhile is refused rather than overwritten.
    """
    if not is_contact_of(by, group):
        raise PermissionDenied("Only the group's contacts change its listing.")
    group = Group.objects.select_for_update().select_related("centre").get(pk=group.pk)
    current = raw_of_group(group, CONTACT_FIELDS)
    changed, base = starting_point(group, base_token, CONTACT_FIELDS, current).changes(raw)
    if not changed:
        raise ValidationError(_("You have changed nothing: there is nothing to send."))
    if settings_of(group.centre).contact_edits_reviewed:
        proposal = ListingProposal.objects.create(
            centre=group.centre,
            group=group,
            data=changed,
            base=base,
            sender_kind=SenderKind.GROUP_CONTACT,
            submitted_by=by,
            sender_name=by.display_name or by.email,
            sender_email=by.email,
            language=by.language,
            consent_text="",
            consent_version="group-contact",
        )
        audit_record(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=proposal,
            after={"group": group.pk, "fields": sorted(changed)},
            label="",
        )
        tell_centre_of_proposal(proposal)
        return proposal
    meanwhile = {
        name: _(
            "Someone else has changed this since you opened the page. "
            "The form now shows your value: check it and save again."
        )
        for name, value in changed.items()
        if current[name] != base[name] and current[name] != value
    }
    if meanwhile:
        raise ValidationError(meanwhile)
    before = listing_snapshot(group)
    for name in changed:
        if name != "languages":
            setattr(group, name, data[name])
    group.latitude, group.longitude = locate(group.postal_code, group.municipality) or (None, None)
    group.full_clean(exclude=["centre"])
    indexing.group_save(group)
    if "languages" in changed:
        group.languages.set(data["languages"])
    audit_listing(by=by, group=group, before=before)
    return group
