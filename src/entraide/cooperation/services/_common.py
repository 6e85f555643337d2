"""What every write of the cooperation shares: the permission check, the timeline, the lock,
the frozen record of an ended cooperation, a status move, and telling the triangle's people."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from entraide.accounts.models import Membership, User
from entraide.accounts.rules import INSTITUTION_LEADS
from entraide.cooperation.models import TimelineEvent, TimelineKind, Triangle, TriangleStatus
from entraide.cooperation.rules import triangle_parties
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.lib.notify import notify_user
from entraide.core.models import AuditEntry
from entraide.core.permissions import may

TRIANGLE_FIELDS = ("name", "centre", "officer", "language", "started_on", "status", "ended_on")


def require(user: Any, perm: str, obj: Any = None) -> None:
    if not may(user, perm, obj):
        raise PermissionDenied(perm)


def add_event(triangle: Triangle, by: Any, kind: str, detail: str = "") -> None:
    TimelineEvent.objects.create(
        triangle=triangle,
        actor=by if getattr(by, "is_authenticated", False) else None,
        kind=kind,
        detail=detail[:250],
    )


def locked(triangle: Triangle) -> Triangle:
    return Triangle.objects.select_for_update().get(pk=triangle.pk)


def require_open(triangle: Triangle) -> None:
    """An ended cooperation is kept as it was: its record no longer changes."""
    if triangle.status == TriangleStatus.ENDED or triangle.ended_on is not None:
        raise ValidationError(_("This cooperation has ended; its record no longer changes."))


def set_status(triangle: Triangle, by: Any, status: str, **extra: Any) -> None:
    before = snapshot(triangle, TRIANGLE_FIELDS)
    triangle.status = status
    for field, value in extra.items():
        setattr(triangle, field, value)
    triangle.save(update_fields=["status", *extra])
    add_event(triangle, by, TimelineKind.STATUS, triangle.status)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=triangle,
        before=before,
        after=snapshot(triangle, TRIANGLE_FIELDS),
    )


def parties(triangle: Triangle) -> list[User]:
    """The people of the triangle a change is told to: institution leads, centre staff, contacts."""
    memberships = Membership.objects.filter(
        triangle_parties(triangle, institution_roles=INSTITUTION_LEADS), user__is_active=True
    ).select_related("user")
    return list({m.user_id: m.user for m in memberships}.values())


def tell_parties(triangle: Triangle, kind: str, context: dict[str, Any]) -> None:
    """An email to each of the triangle's people, in their language (links only)."""
    for person in parties(triangle):
        notify_user(
            user=person,
            kind=f"cooperation.{kind}",
            template=f"cooperation/email/{kind}",
            context={"triangle": triangle, **context},
        )
