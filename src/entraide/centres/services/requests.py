"""Writes of a centre's workspace: every one checks the person's centre and is audited.

Contact requests hold health-related data: the audit trail records which
request changed and how its status moved, never the person's name, contact
details, message or notes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import Membership, Organisation, Role, User
from entraide.accounts.rules import may_manage_centre
from entraide.centres.models import (
    CentreSettings,
    CounsellingNote,
    Criterion,
    ListingAcceptance,
    settings_of,
)
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.lib.notify import notify, notify_user, render_message
from entraide.core.models import AuditEntry, OutboxMessage
from entraide.directory.consent import CONTACT_CONSENT_TEXT, CONTACT_CONSENT_VERSION
from entraide.directory.models import (
    PUBLIC_STATUSES,
    ContactOutcome,
    ContactRequest,
    ContactRequestStatus,
    Group,
    GroupStatus,
)
from entraide.directory.places import locate

Status = ContactRequestStatus
REQUEST_FIELDS = ("status", "outcome", "group", "channel")
# The order a request moves through; "closed" can be reached from any of them.
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    Status.NEW: (Status.COUNSELLING, Status.CLOSED),
    Status.COUNSELLING: (Status.FORWARDED, Status.CLOSED),
    Status.FORWARDED: (Status.COUNSELLING, Status.CLOSED),
    Status.CLOSED: (Status.COUNSELLING,),
}
WAITING_WORKING_DAYS = 3


def centre_staff(centre_id: int) -> list[User]:
    """The people working for a centre today: those its notices go to."""
    return [
        membership.user
        for membership in Membership.objects.filter(
            organisation_id=centre_id, role=Role.CENTRE_STAFF, user__is_active=True
        ).select_related("user")
    ]


def retention_cutoff(now: datetime) -> Callable[[int], datetime]:
    """For a centre's id, the moment before which closed or answered records are erased.

    Months count as 30 days; a centre that never chose keeps the default period.
    """
    months = dict(CentreSettings.objects.values_list("centre_id", "retention_months"))
    default = CentreSettings().retention_months
    return lambda centre_id: now - timedelta(days=30 * months.get(centre_id, default))


def _require_staff(by: Any, centre: Organisation) -> None:
    if not may_manage_centre(by, centre):
        raise PermissionDenied("Only the centre's staff work on its requests.")


def _locked(request: ContactRequest) -> ContactRequest:
    return ContactRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def request_record(
    *, by: User, centre: Organisation, data: dict[str, Any], now: datetime | None = None
) -> ContactRequest:
    """Record a request received by phone, email or in person.

    The staff member read the consent text to the person (the form makes them
    confirm it); the same text and version are stored as for the web form.
    """
    _require_staff(by, centre)
    group: Group | None = data.get("group")
    if group is not None and group.centre_id != centre.pk:
        raise PermissionDenied("A request is recorded for a group of the centre.")
    now = now or timezone.now()
    request = ContactRequest(
        centre=centre,
        group=group,
        theme=data.get("theme"),
        channel=data["channel"],
        name=data["name"],
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        language=data["language"],
        message=data.get("message", ""),
        share_contact=bool(data.get("share_contact")),
        share_message=bool(data.get("share_message")),
        consent_text=str(CONTACT_CONSENT_TEXT),
        consent_version=CONTACT_CONSENT_VERSION,
        consented_at=now,
        status=Status.COUNSELLING,
        status_changed_at=now,
    )
    request.full_clean()
    request.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=request,
        after=snapshot(request, REQUEST_FIELDS),
        label="",
    )
    return request


@transaction.atomic
def request_set_status(
    *, by: User, request: ContactRequest, status: str, outcome: str = ""
) -> ContactRequest:
    """Move a request to another status; closing it needs an outcome."""
    _require_staff(by, request.centre)
    request = _locked(request)
    if request.anonymised_at:
        raise ValidationError({"status": _("This request has been anonymised.")})
    if status not in NEXT_STATUSES.get(request.status, ()):
        raise ValidationError(
            {"status": _("A request cannot move from this status to the one chosen.")}
        )
    if status == Status.CLOSED and outcome not in ContactOutcome.values:
        raise ValidationError({"outcome": _("Please choose the outcome of the request.")})
    before = snapshot(request, REQUEST_FIELDS)
    now = timezone.now()
    request.status = status
    request.status_changed_at = now
    request.outcome = outcome if status == Status.CLOSED else ""
    request.closed_at = now if status == Status.CLOSED else None
    request.save(update_fields=["status", "status_changed_at", "outcome", "closed_at"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=request,
        before=before,
        after=snapshot(request, REQUEST_FIELDS),
        label="",
    )
    return request


@transaction.atomic
def request_add_note(*, by: User, request: ContactRequest, text: str) -> CounsellingNote:
    """A private note of the centre; the audit trail records that a note was added, not its text."""
    _require_staff(by, request.centre)
    if request.anonymised_at:
        raise ValidationError({"text": _("This request has been anonymised.")})
    note = CounsellingNote(request=request, author=by, text=text.strip())
    note.full_clean()
    note.save()
    audit_record(actor=by, action=AuditEntry.Action.CREATE, obj=note, label="")
    return note


def group_contact_addresses(group: Group) -> list[tuple[str, str, User | None]]:
    """Where to forward a request: the group's contacts with an account, else its own address.

    Each entry is (email, language, user or None).
    """
    if group.organisation_id:
        # Only addresses the person has confirmed (by signing in through the invitation):
        # a mistyped invitation must not receive anybody's request.
        contacts = (
            Membership.objects.filter(
                organisation_id=group.organisation_id,
                role=Role.GROUP_CONTACT,
                user__emailaddress__verified=True,
            )
            .select_related("user")
            .distinct()
        )
        found: list[tuple[str, str, User | None]] = [
            (m.user.email, m.user.language, m.user) for m in contacts if m.user.is_active
        ]
        if found:
            return found
    if group.contact_email:
        language = group.languages.order_by("position").values_list("code", flat=True).first()
        return [
            (group.contact_email, language if language in ("fr", "de", "it", "en") else "fr", None)
        ]
    return []


def forward_context(request: ContactRequest, note: str) -> dict[str, Any]:
    """What the group is told: only what the person agreed to share, and the centre's note."""
    return {
        "group": request.group,
        "centre": request.centre,
        "name": request.name if request.share_contact else "",
        "email": request.email if request.share_contact else "",
        "phone": request.phone if request.share_contact else "",
        "language": request.get_language_display(),
        "message": request.message if request.share_message else "",
        "note": note.strip(),
    }


@transaction.atomic
def request_forward(*, by: User, request: ContactRequest, note: str = "") -> ContactRequest:
    """Forward the request to the group's contacts by email and mark it forwarded."""
    _require_staff(by, request.centre)
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
        if user is not None:
            notify_user(
                user=user,
                kind="contact_request_forwarded",
                template="centres/email/request_forwarded",
                context=context,
            )
        else:
            subject, body = render_message("centres/email/request_forwarded", context, language)
            notify(
                to_email=email,
                kind="contact_request_forwarded",
                subject=subject,
                body=body,
                language=language,
            )
    before = snapshot(request, REQUEST_FIELDS)
    now = timezone.now()
    request.status = Status.FORWARDED
    request.status_changed_at = now
    request.forwarded_at = now
    request.save(update_fields=["status", "status_changed_at", "forwarded_at"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=request,
        before=before,
        after={**snapshot(request, REQUEST_FIELDS), "forwarded_to": len(recipients)},
        label="",
    )
    return request


@transaction.atomic
def centre_settings_save(
    *, by: User, centre: Organisation, retention_months: int, contact_edits_reviewed: bool
) -> CentreSettings:
    _require_staff(by, centre)
    # Locked, so that two first saves at the same moment do not both insert.
    Organisation.objects.select_for_update().filter(pk=centre.pk).first()
    current = settings_of(centre)
    fields = ["retention_months", "contact_edits_reviewed"]
    before = snapshot(current, fields)
    current.retention_months = retention_months
    current.contact_edits_reviewed = contact_edits_reviewed
    current.full_clean()
    current.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=current,
        before=before,
        after=snapshot(current, fields),
    )
    return current


def add_working_days(start: datetime, days: int) -> datetime:
    """``start`` plus ``days`` working days (Monday to Friday; public holidays not counted).

    Public holidays differ from canton to canton; a reminder one day early
    around a holiday does less harm than a table of 26 calendars to maintain.
    """
    moment = start
    left = days
    while left > 0:
        moment += timedelta(days=1)
        if moment.weekday() < 5:
            left -= 1
    return moment


def waiting_since_cutoff(now: datetime) -> datetime:
    """Requests created before this moment have waited at least three working days."""
    moment = now
    left = WAITING_WORKING_DAYS
    while left > 0:
        moment -= timedelta(days=1)
        if moment.weekday() < 5:
            left -= 1
    return moment


def remind_waiting_requests(*, now: datetime) -> int:
    """Tell each centre's staff, once per request, that new requests have waited three working days.

    The message gives a number and a link, never a name: the details stay on
    the platform, behind sign-in.
    """
    cutoff = waiting_since_cutoff(now)
    waiting = ContactRequest.objects.filter(
        status=Status.NEW, reminded_at__isnull=True, created_at__lte=cutoff
    )
    by_centre: dict[int, list[int]] = {}
    for request_id, centre_id in waiting.values_list("pk", "centre_id"):
        by_centre.setdefault(centre_id, []).append(request_id)
    for centre in Organisation.objects.filter(pk__in=by_centre):
        ids = by_centre[centre.pk]
        with transaction.atomic():
            told = 0
            for user in centre_staff(centre.pk):
                notify_user(
                    user=user,
                    kind="contact_requests_waiting",
                    template="centres/email/requests_waiting",
                    context={"centre": centre, "count": len(ids)},
                )
                told += 1
            if not told:
                continue  # nobody to tell yet: try again at the next tick
            ContactRequest.objects.filter(pk__in=ids).update(reminded_at=now)
            audit_record(
                actor=None,
                action=AuditEntry.Action.UPDATE,
                obj=centre,
                object_type="directory.contactrequest.reminder",
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
            before = snapshot(request, REQUEST_FIELDS)
            request.status = Status.CLOSED
            request.outcome = ContactOutcome.OTHER
            request.status_changed_at = request.closed_at = now
            request.save(update_fields=["status", "outcome", "status_changed_at", "closed_at"])
            audit_record(
                actor=None,
                action=AuditEntry.Action.UPDATE,
                obj=request,
                before=before,
                after=snapshot(request, REQUEST_FIELDS),
                label="",
            )
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
                    kind="contact_request_confirmation",
                    status__in=[OutboxMessage.Status.SENT, OutboxMessage.Status.FAILED],
                ).update(to_email="anonymised@invalid", body="", html_body="")
            CounsellingNote.objects.filter(request=request).delete()
            ContactRequest.objects.filter(pk=request.pk).update(
                name="", email="", phone="", message="", anonymised_at=now
            )
            audit_record(
                actor=None,
                action=AuditEntry.Action.UPDATE,
                obj=request,
                after={"anonymised": True},
                label="",
            )
        done += 1
    return done


# The fields of a listing that the centre keeps (its form, its review, its audit trail).
GROUP_FIELDS = [
    "name",
    "themes",
    "description",
    "easy_read_summary",
    "group_type",
    "audience",
    "languages",
    "rhythm",
    "weekday",
    "week_of_month",
    "rhythm_anchor",
    "start_time",
    "end_time",
    "is_online",
    "canton",
    "municipality",
    "postal_code",
    "address",
    "show_address",
    "venue_accessibility",
    "cost_note",
    "contact_mode",
    "contact_email",
    "contact_phone",
]
LINKS = ("themes", "languages")
LISTING_FIELDS = (*(name for name in GROUP_FIELDS if name not in LINKS), "status", "is_listed")


# The people behind a group (often the facilitator's own address and phone): named in the
# audit trail when they change, never written there, since the trail cannot be erased.
LISTING_SENSITIVE = ("contact_email", "contact_phone", "address")


def _listing_snapshot(group: Group) -> dict[str, Any]:
    values = snapshot(group, LISTING_FIELDS)
    if group.pk:
        values["themes"] = sorted(group.themes.values_list("code", flat=True))
        values["languages"] = sorted(group.languages.values_list("code", flat=True))
    return values


def _record_acceptance(by: User, group: Group, criteria: list[str]) -> None:
    if set(criteria) != set(Criterion.values):
        raise ValidationError({"criteria": _("Please check every criterion.")})
    ListingAcceptance.objects.create(group=group, criteria=sorted(criteria), accepted_by=by)


@transaction.atomic
def group_save(
    *, by: User, centre: Organisation, group: Group | None, data: dict[str, Any]
) -> Group:
    """Create (and publish) or change a listing of the centre.

    ``data`` is a GroupForm's cleaned data. A new group is published at once,
    so the acceptance criteria must all be checked; they are recorded with who
    checked them and when. Coordinates come from the postal code.
    """
    _require_staff(by, centre)
    creating = group is None
    if group is None:
        group = Group(centre=centre, status=GroupStatus.ACTIVE)
        before: dict[str, Any] = {}
    else:
        if group.centre_id != centre.pk:
            raise PermissionDenied("A centre changes only its own listings.")
        group = Group.objects.select_for_update().get(pk=group.pk)
        before = _listing_snapshot(group)
    if data["canton"] not in centre.cantons.all():
        raise ValidationError({"canton": _("This canton is outside the centre's region.")})
    for name in LISTING_FIELDS:
        if name in data:
            setattr(group, name, data[name])
    located = locate(group.postal_code, group.municipality)
    group.latitude, group.longitude = located or (None, None)
    group.full_clean(exclude=["centre"])
    group.save()
    group.themes.set(data["themes"])
    group.languages.set(data["languages"])
    if creating:
        _record_acceptance(by, group, data.get("criteria") or [])
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
        obj=group,
        before=before,
        after=_listing_snapshot(group),
        sensitive=LISTING_SENSITIVE,
    )
    return group


@transaction.atomic
def group_set_status(
    *, by: User, group: Group, status: str, criteria: list[str] | None = None
) -> Group:
    """Pause, close or (re)publish a listing; publishing again checks the criteria again."""
    _require_staff(by, group.centre)
    group = Group.objects.select_for_update().get(pk=group.pk)
    before = _listing_snapshot(group)
    if status in PUBLIC_STATUSES and group.status not in PUBLIC_STATUSES:
        _record_acceptance(by, group, criteria or [])
    group.status = status
    update = ["status", "is_listed", "updated_at"]
    if status in PUBLIC_STATUSES:
        group.is_listed = True
        if before["status"] not in PUBLIC_STATUSES:
            # Published again after the criteria were checked: confirmed as of today.
            group.last_confirmed_at = timezone.now()
            update.append("last_confirmed_at")
    group.save(update_fields=update)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=group,
        before=before,
        after=_listing_snapshot(group),
        sensitive=LISTING_SENSITIVE,
    )
    return group
