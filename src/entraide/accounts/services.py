"""Every write on accounts, organisations and memberships."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entraide.accounts.models import Membership, Organisation, Role, User
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.lib.notify import notify_user
from entraide.core.models import AuditEntry
from entraide.core.permissions import may


def _require(user: Any, perm: str, obj: Any = None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


@transaction.atomic
def user_update_profile(*, by: User, user: User, display_name: str, language: str) -> User:
    """Change a person's own name and message language."""
    if by.pk != user.pk:
        raise PermissionDenied("Only the person can change their profile.")
    fields = ["display_name", "language"]
    before = snapshot(user, fields)
    user.display_name = display_name
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=fields)
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=user,
        before=before,
        after=snapshot(user, fields),
    )
    return user


@transaction.atomic
def membership_set_profession(*, by: User, membership: Membership, profession: str) -> Membership:
    """A member of a health institution states their profession there (or clears it)."""
    if not may(by, "accounts.set_profession", membership):
        raise PermissionDenied("accounts.set_profession")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    before = snapshot(membership, ["profession"])
    membership.profession = profession
    membership.full_clean(exclude=["user", "organisation"])
    membership.save(update_fields=["profession"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=membership,
        before=before,
        after=snapshot(membership, ["profession"]),
    )
    return membership


@transaction.atomic
def membership_create(
    *,
    by: User,
    organisation: Organisation,
    email: str,
    role: str,
    display_name: str = "",
    language: str = "fr",
) -> Membership:
    """Give a person a role in an organisation, creating and inviting the account if needed."""
    _require(by, "accounts.manage_memberships", organisation)
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    invited = user is None
    if user is None:
        user = User(email=email, display_name=display_name, language=language)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        # Verified when the person first uses a link sent to this address.
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        audit_record(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=user,
            after=snapshot(user, ["email", "language"]),
        )
    membership = Membership(user=user, organisation=organisation, role=role)
    membership.full_clean()
    membership.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=membership,
        after={"user": user.pk, "organisation": organisation.pk, "role": role},
    )
    notify_user(
        user=user,
        kind="membership_invitation" if invited else "membership_added",
        template="accounts/email/invitation" if invited else "accounts/email/membership_added",
        context={
            "organisation": organisation,
            "membership": membership,
        },
    )
    return membership


@transaction.atomic
def membership_remove(*, by: User, membership: Membership) -> None:
    """Take a role away; the account itself stays."""
    _require(by, "accounts.manage_memberships", membership.organisation)
    audit_record(
        actor=by,
        action=AuditEntry.Action.DELETE,
        obj=membership,
        before={
            "user": membership.user_id,
            "organisation": membership.organisation_id,
            "role": membership.role,
        },
    )
    membership.delete()


@transaction.atomic
def person_set_active(*, by: User, user: User, active: bool) -> User:
    """Deactivate (no more sign-in) or reactivate a person; their roles and history stay.

    The last active national coordinator cannot be deactivated: nobody could
    then manage the organisations.
    """
    if not may(by, "accounts.manage_organisations"):
        raise PermissionDenied("accounts.manage_organisations")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active == active:
        return user
    if not active and user.has_role(Role.NATIONAL_COORDINATOR):
        others = (
            User.objects.filter(
                is_active=True,
                memberships__role=Role.NATIONAL_COORDINATOR,
                memberships__organisation__is_active=True,
            )
            .exclude(pk=user.pk)
            .exists()
        )
        if not others:
            raise ValidationError(
                _(
                    "%(person)s is the last active national coordinator: invite another"
                    " coordinator before deactivating this account."
                )
                % {"person": user}
            )
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=user,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return user
