"""Writes on the directory: every one checks what it must, keeps the search text and audits."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from entraide.accounts.models import Membership, Role
from entraide.core.lib.audit import audit_record
from entraide.core.lib.notify import notify, notify_user, render_message
from entraide.core.lib.text import fold
from entraide.core.models import AuditEntry
from entraide.directory.consent import CONTACT_CONSENT_TEXT, CONTACT_CONSENT_VERSION
from entraide.directory.models import ContactRequest, Group


def group_search_text(group: Group) -> str:
    """The folded text a group is found by: name, description and place (canton in all languages)."""
    canton = group.canton
    parts = [
        group.name,
        group.description,
        group.easy_read_summary,
        group.municipality,
        group.postal_code,
        canton.code,
        *(getattr(canton, f"name_{lang}") or "" for lang in ("fr", "de", "it", "en")),
    ]
    return f" {fold(' '.join(parts))} "


def groups_refresh_search_text(groups: list[Group]) -> None:
    """Recompute the search text of these groups (after an import or a bulk change)."""
    for group in groups:
        group.search_text = group_search_text(group)
    Group.objects.bulk_update(groups, ["search_text"], batch_size=500)


@transaction.atomic
def contact_request_submit(
    *, group: Group, name: str, email: str, phone: str, language: str, message: str
) -> ContactRequest:
    """Store a public contact request, route it to the group's centre and confirm it.

    The public may do this (no permission to check); the caller has checked the
    consent box, the honeypot and the rate limit. The request is stored first:
    if mail cannot be delivered, the outbox keeps trying and the centre still
    sees the request in its inbox.
    """
    request = ContactRequest(
        group=group,
        centre=group.centre,
        name=name,
        email=email,
        phone=phone,
        language=language,
        message=message,
        consent_text=str(CONTACT_CONSENT_TEXT),
        consent_version=CONTACT_CONSENT_VERSION,
        consented_at=timezone.now(),
    )
    request.full_clean()
    request.save()
    audit_record(
        actor=None,
        action=AuditEntry.Action.CREATE,
        obj=request,
        after={"group": group.pk, "centre": group.centre_id, "language": language},
        label="",
    )
    # The centre learns that a request arrived, not what it says: the details
    # stay on the platform, behind sign-in.
    staff = Membership.objects.filter(
        organisation=group.centre, role=Role.CENTRE_STAFF
    ).select_related("user")
    recipients = [m.user for m in staff]
    for user in recipients:
        notify_user(
            user=user,
            kind="contact_request_received",
            template="directory/email/contact_request_received",
            context={"group": group, "centre": group.centre},
        )
    if not recipients and group.centre.email:
        subject, body = render_message(
            "directory/email/contact_request_received",
            {"group": group, "centre": group.centre},
            "fr",
        )
        notify(
            to_email=group.centre.email,
            kind="contact_request_received",
            subject=subject,
            body=body,
            language="fr",
        )
    if email:
        context: dict[str, Any] = {"group": group, "centre": group.centre, "name": name}
        subject, body = render_message(
            "directory/email/contact_request_confirmation", context, language
        )
        notify(
            to_email=email,
            kind="contact_request_confirmation",
            subject=subject,
            body=body,
            language=language,
        )
    return request
