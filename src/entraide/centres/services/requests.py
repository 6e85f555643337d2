"""Contact requests: how one comes in, the counselling inbox's writes, reminders and retention.

Contact requests hold health-related data: the audit trail records which
request changed and how its status moved, never the person's name, contact
details, message or notes.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation, OrganisationKind, User
from entraide.centres.consent import CONTACT_CONSENT
from entraide.centres.models import (
    ContactChannel,
    ContactOutcome,
    ContactRequest,
    ContactRequestStatus,
    CounsellingNote,
)
from entraide.centres.services.centre import (
    centre_staff,
    group_contact_addresses,
    notify_centre_staff,
    require_staff,
    retention_cutoff,
    tell_office,
)
from entraide.core.lib.audit import audit_read, audit_record, snapshot
from entraide.core.lib.notify import notify_person, notify_user
from entraide.core.lib.workdays import add_working_days
from entraide.core.models import AuditEntry, OutboxMessage
from entraide.directory.models import Group, Theme

Status = ContactRequestStatus
REQUEST_FIELDS = ("status", "outcome", "group", "channel")
# The audit trail names requests as it did before the model moved from the directory,
# so that a request's history reads as one.
AUDIT_TYPE = "directory.contactrequest"
# The kind of the email that confirms a request to the person: retention erases it.
CONFIRMATION_KIND = "contact_request_confirmation"
# The order a request moves through; "closed" can be reached from any of them.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    Status.NEW: (Status.COUNSELLING, Status.CLOSED),
    Status.COUNSELLING: (Status.FORWARDED, Status.CLOSED),
    Status.FORWARDED: (Status.COUNSELLING, Status.CLOSED),
    Status.CLOSED: (Status.COUNSELLING,),
}
WAITING_WORKING_DAYS = 3


def _audit(
    request: ContactRequest,
    *,
    actor: Any,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """An audit entry for a request: which one and what moved, never who the person is."""
    audit_record(
        actor=actor,
        action=action,
        obj=request,
        object_type=AUDIT_TYPE,
        before=before,
        after=after,
        label="",
    )


def request_read(*, by: User, request: ContactRequest) -> None:
    """Record that someone of the centre opened a request (health-related data)."""
    require_staff(by, request.centre)
    audit_read(actor=by, obj=request, object_type=AUDIT_TYPE)


def _locked(request: ContactRequest) -> ContactRequest:
    return ContactRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def request_create(
    *,
    by: User | None,
    centre: Organisation,
    group: Group | None,
    consent: bool,
    name: str,
    email: str,
    phone: str,
    language: str,
    message: str = "",
    share_contact: bool = False,
    share_message: bool = False,
    channel: str = ContactChannel.WEB,
    theme: Theme | None = None,
) -> ContactRequest:
    """Store a request to be put in contact with a group, with the person's consent.

    Every way a request comes in goes through here, and nothing is stored
    without ``consent``. From the public form (``by`` is None) the request is
    new: the centre is told that it waits and the person gets a confirmation.
    The public may do this (no permission to check); the caller has checked
    the honeypot and the rate limit. The request is stored first: if mail
    cannot be delivered, the outbox keeps trying and the centre still sees the
    request in its inbox. Recorded by the centre's staff (received by phone,
    email or in person, after they read the consent text to the person) it is
    already in counselling.
    """
    if by is not None:
        require_staff(by, centre)
    at_office = (
        by is None
        and centre.kind == OrganisationKind.NATIONAL_OFFICE
        and group is not None
        and not group.centre.is_active
    )
    if group is not None and group.centre_id != centre.pk and not at_office:
        raise PermissionDenied("A request is recorded for a group of the centre.")
    stamp = CONTACT_CONSENT.stamp(consent=consent)
    now = timezone.now()
    request = ContactRequest(
        centre=centre,
        group=group,
        theme=theme,
        channel=channel,
        name=name,
        email=email,
        phone=phone,
        language=language,
        message=message,
        share_contact=share_contact,
        share_message=share_message,
        consented_at=now,
        **stamp,
    )
    if by is not None:
        request.status = Status.COUNSELLING
        request.status_changed_at = now
    request.full_clean()
    request.save()
    if by is not None:
        _audit(
            request,
            actor=by,
            action=AuditEntry.Action.CREATE,
            after=snapshot(request, REQUEST_FIELDS),
        )
    else:
        _audit(
            request,
            actor=None,
            action=AuditEntry.Action.CREATE,
            after={"group": group.pk if group else None, "centre": centre.pk, "language": language},
        )
        tell_centre_of_request(request)
        if email:
            notify_person(
                email=email,
                language=language,
                kind=CONFIRMATION_KIND,
                template="centres/email/contact_request_confirmation",
                context={"group": group, "centre": centre, "name": name},
            )
    return request


def tell_centre_of_request(request: ContactRequest) -> None:
    """The centre learns that a request arrived, not what it says.

    The details stay on the platform, behind sign-in. A centre with nobody on
    its staff yet is told at its own address. At the national office (the
    group's centre was deactivated), its coordinators are told.
    """
    if request.centre.kind == OrganisationKind.NATIONAL_OFFICE:
        tell_office(request.centre, proposal=False)
        return
    # The link leads to the request itself (its details still behind sign-in).
    context = {"group": request.group, "centre": request.centre, "request": request}
    template = "centres/email/contact_request_received"
    recipients = centre_staff(request.centre_id)
    for user in recipients:
        notify_user(user=user, kind="contact_request_received", template=template, context=context)
    if not recipients and request.centre.email:
        notify_person(
            email=request.centre.email,
            language="fr",
            kind="contact_request_received",
            template=template,
            context=context,
        )


@transaction.atomic
def request_set_status(
    *, by: User, request: ContactRequest, status: str, outcome: str = ""
) -> ContactRequest:
    """Move a request to another status; closing it needs an outcome."""
    require_staff(by, request.centre)
    request = _locked(request)
    if request.anonymised_at:
        raise ValidationError({"status": _("This request has been anonymised.")})
    if status not in NEXT_STATUSES.get(request.status, ()):
        raise ValidationError(
            {"status": _("A request cannot move from this status to the one chosen.")}
        )
    if status == Status.CLOSED and outcome not in ContactOutcome.values:
        raise ValidationError({"outcome": _("Please choose the outcome of the request.")})
    _move(request, actor=by, status=status, outcome=outcome, now=timezone.now())
    return request


def _move(request: ContactRequest, *, actor: Any, status: str, outcome: str, now: datetime) -> None:
    """Give a (locked) request its new status, with the outcome and date of closing, audited."""
    before = snapshot(request, REQUEST_FIELDS)
    request.status = status
    request.status_changed_at = now
    request.outcome = outcome if status == Status.CLOSED else ""
    request.closed_at = now if status == Status.CLOSED else None
    request.save(update_fields=["status", "status_changed_at", "outcome", "closed_at"])
    _audit(
        request,
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after=snapshot(request, REQUEST_FIELDS),
    )


@transaction.atomic
def request_add_note(*, by: User, request: ContactRequest, text: str) -> CounsellingNote:
    """A private note of the centre; the audit trail records that a note was added, not its text."""
    require_staff(by, request.centre)
    if request.anonymised_at:
        raise ValidationError({"text": _("This request has been anonymised.")})
    note = CounsellingNote(request=request, author=by, text=text.strip())
    note.full_clean()
    note.save()
    audit_record(actor=by, action=AuditEntry.Action.CREATE, obj=note, label="")
    return note


def forward_context(request: ContactRequest, note: str) -> dict[str, Any]:
    """What the group is told: only what the person agreed to share, and the centre's note."""
    return {
        "group": request.group,
        "centre": request.centre,
        "name": request.name if request.share_contact else "",
        "email": request.email if request.share_contact else "",
        "phone": request.phone if request.share_contact else "",
        # The label itself (lazy), so that each recipient reads it in their own language.
        "language": dict(ContactRequest._meta.get_field("language").choices or []).get(
            request.language, request.language
        ),
        "message": request.message if request.share_message else "",
        "note": note.strip(),
    }


@transaction.atomic
def request_forward(*, by: User, request: ContactRequest, note: str = "") -> ContactRequest:
    """Forward the request to the group's contacts by email and mark it forwarded."""
    require_staff(by, request.centre)
    request = _locked(request)
    if request.group is None or request.anonymised_at:
        raise ValidationError(_("This request names no group to forward it to."))
    if request.status not in (Status.NEW, Status.COUNSELLING):
        raise ValidationError(_("Only a new request or one in counselling can be forwarded."))
    recipients = group_contact_addresses(request.group)
    if not recipients:
        raise ValidationError(
            _(
                "The group has no contact with an email address. Add one to the listing, "
                "or get in touch with the group another way and close the request."
            )
        )
    context = forward_context(request, note)
    for email, language, user in recipients:
        notify_person(
            email=email,
            language=language,
            user=user,
            kind="contact_request_forwarded",
            template="centres/email/request_forwarded",
            context=context,
        )
    if request.email:
        # The person learns that the group now has what they agreed to share, and nothing else.
        notify_person(
            email=request.email,
            language=request.language,
            kind="contact_request_forwarded_to_person",
            template="centres/email/request_forwarded_person",
            context={**context, "note": ""},
        )
    before = snapshot(request, REQUEST_FIELDS)
    now = timezone.now()
    request.status = Status.FORWARDED
    request.status_changed_at = now
    request.forwarded_at = now
    request.save(update_fields=["status", "status_changed_at", "forwarded_at"])
    _audit(
        request,
        actor=by,
        action=AuditEntry.Action.UPDATE,
        before=before,
        after={**snapshot(request, REQUEST_FIELDS), "forwarded_to": len(recipients)},
    )
    return request


def waiting_since_cutoff(now: datetime, canton: str | None) -> datetime:
    """Requests created before this moment have waited at least three working days.

    Working days are those of the centre's canton: Monday to Friday without its
    public holidays (``core.lib.workdays``), counted in local time.
    """
    return add_working_days(timezone.localtime(now), -WAITING_WORKING_DAYS, canton)


def remind_waiting_requests(*, now: datetime) -> int:
    """Tell each centre's staff, once per request, that new requests have waited three working days.

    The message gives a number and a link, never a name: the details stay on
    the platform, behind sign-in.
    """
    # Each centre counts the working days of its canton (a holiday in Geneva
    # does not delay Zurich). Every canton keeps the federal holidays, so the
    # federal cutoff is the latest any canton can have: it bounds the query.
    # What waits at the national office is on its coordinator's home page instead.
    waiting = ContactRequest.objects.filter(
        centre__kind=OrganisationKind.REGIONAL_CENTRE,
        status=Status.NEW,
        reminded_at__isnull=True,
        created_at__lte=waiting_since_cutoff(now, None),
    )
    cutoffs: dict[str, datetime] = {}
    by_centre: dict[int, list[int]] = {}
    rows = waiting.values_list("pk", "centre_id", "centre__canton_id", "created_at")
    for request_id, centre_id, canton, created_at in rows:
        if canton not in cutoffs:
            cutoffs[canton] = waiting_since_cutoff(now, canton)
        if created_at <= cutoffs[canton]:
            by_centre.setdefault(centre_id, []).append(request_id)
    for centre in Organisation.objects.filter(pk__in=by_centre):
        ids = by_centre[centre.pk]
        with transaction.atomic():
            told = notify_centre_staff(
                centre.pk,
                kind="contact_requests_waiting",
                template="centres/email/requests_waiting",
                context={"centre": centre, "count": len(ids)},
            )
            if not told:
                continue  # nobody to tell yet: try again at the next tick
            ContactRequest.objects.filter(pk__in=ids).update(reminded_at=now)
            audit_record(
                actor=None,
                action=AuditEntry.Action.UPDATE,
                obj=centre,
                object_type=f"{AUDIT_TYPE}.reminder",
                after={"requests": len(ids)},
            )
    return sum(len(ids) for ids in by_centre.values())


IDLE_FOR = timedelta(days=365)


def close_idle_requests(*, now: datetime) -> int:
    """Close the requests nobody has touched for a year, so that their retention starts.

    The consent promises deletion at the latest a year after closing; a request
    left open (forwarded and never closed, say) would otherwise be kept forever.
    """
    idle = ContactRequest.objects.open().filter(
        Q(status_changed_at__lte=now - IDLE_FOR)
        | Q(status_changed_at__isnull=True, created_at__lte=now - IDLE_FOR)
    )
    closed = 0
    for request_id in list(idle.values_list("pk", flat=True)):
        with transaction.atomic():
            request = ContactRequest.objects.select_for_update().get(pk=request_id)
            _move(request, actor=None, status=Status.CLOSED, outcome=ContactOutcome.OTHER, now=now)
        closed += 1
    return closed


def anonymise_closed_requests(*, now: datetime) -> int:
    """Erase the personal data of requests closed longer ago than their centre's retention period.

    Kept: centre, group, theme, channel, language, outcome and dates (the
    statistics). Erased: name, contact details, message, notes, and the
    address in the confirmation emails that were sent to the person.
    """
    cutoff = retention_cutoff(now)
    closed = ContactRequest.objects.filter(
        status=Status.CLOSED, anonymised_at__isnull=True, closed_at__isnull=False
    )
    done = 0
    for request in closed.only("pk", "centre_id", "closed_at", "email").iterator():
        if request.closed_at and request.closed_at > cutoff(request.centre_id):
            continue
        with transaction.atomic():
            if request.email:
                OutboxMessage.objects.filter(
                    to_email=request.email,
                    kind=CONFIRMATION_KIND,
                    status__in=[OutboxMessage.Status.SENT, OutboxMessage.Status.FAILED],
                ).update(to_email="anonymised@invalid", body="", html_body="")
            CounsellingNote.objects.filter(request=request).delete()
            ContactRequest.objects.filter(pk=request.pk).update(
                name="", email="", phone="", message="", anonymised_at=now
            )
            _audit(
                request,
                actor=None,
                action=AuditEntry.Action.UPDATE,
                after={"anonymised": True},
            )
        done += 1
    return done
