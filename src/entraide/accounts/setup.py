"""The first start of a real deployment: the national office and its first coordinator.

``manage.py setup`` calls ``national_office_setup``; the operator who runs the
command is the actor (no account exists yet), so the audit entries have none.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from entraide.accounts.models import (
    LANGUAGE_CHOICES,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.lib.notify import notify_user
from entraide.core.models import AuditEntry, Canton


@dataclass(frozen=True)
class SetupResult:
    office: Organisation
    coordinator: User
    office_created: bool
    coordinator_invited: bool
    # The single-use link to choose a password; empty once the coordinator has one.
    password_url: str

    @property
    def changed(self) -> bool:
        return self.office_created or self.coordinator_invited


def password_setting_url(user: User) -> str:
    """allauth's single-use link for this person to choose a password (in their language).

    The key is made from the password hash and the last sign-in: it stops
    working once used, and after ``PASSWORD_RESET_TIMEOUT``.
    """
    key = default_token_generator.make_token(user)
    with translation.override(user.language):
        path = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
        )
    return f"{settings.SITE_URL}{path}"


def _office_code(name: str) -> str:
    base = slugify(name)[:30] or "national-office"
    code, n = base, 1
    while Organisation.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


@transaction.atomic
def national_office_setup(
    *, office_name: str, coordinator_email: str, language: str = "fr", canton: str = "BE"
) -> SetupResult:
    """Create the national office and invite its first coordinator; a second run changes nothing.

    Refuses (ValidationError) when another national office exists, or when the
    office already has a coordinator other than this address: more coordinators
    are invited from the office's page.
    """
    office_name = office_name.strip()
    email = User.objects.normalize_email(coordinator_email.strip()).lower()
    errors: dict[str, str] = {}
    if not office_name:
        errors["office_name"] = _("The national office needs a name.")
    if language not in dict(LANGUAGE_CHOICES):
        errors["language"] = _("Unknown language: %(code)s.") % {"code": language}
    home = Canton.objects.filter(code=canton.upper()).first()
    if home is None:
        errors["canton"] = _("Unknown canton: %(code)s.") % {"code": canton}
    probe = User(email=email)
    try:
        probe.clean_fields(exclude=[f.name for f in User._meta.fields if f.name != "email"])
    except ValidationError:
        errors["coordinator_email"] = _("Enter a valid email address.")
    if errors:
        raise ValidationError(errors)

    office = Organisation.objects.filter(kind=OrganisationKind.NATIONAL_OFFICE).first()
    office_created = office is None
    if office is None:
        office = Organisation(
            kind=OrganisationKind.NATIONAL_OFFICE,
            name=office_name,
            code=_office_code(office_name),
            canton=home,
        )
        office.full_clean()
        office.save()
        audit_record(
            actor=None,
            action=AuditEntry.Action.CREATE,
            obj=office,
            after=snapshot(office, ["kind", "name", "code", "canton"]),
        )
    elif office.name != office_name:
        raise ValidationError(
            {
                "office_name": _(
                    "A national office already exists under another name: %(name)s."
                    " Nothing has been changed."
                )
                % {"name": office.name}
            }
        )

    coordinators = office.memberships.filter(role=Role.NATIONAL_COORDINATOR).select_related("user")
    mine = next((m for m in coordinators if m.user.email.lower() == email), None)
    if mine is not None:
        user = mine.user
        return SetupResult(
            office=office,
            coordinator=user,
            office_created=office_created,
            coordinator_invited=False,
            password_url="" if user.has_usable_password() else password_setting_url(user),
        )
    others = [m.user.email for m in coordinators]
    if others:
        raise ValidationError(
            {
                "coordinator_email": _(
                    "The national office already has a coordinator (%(emails)s): invite more"
                    " from the office's page. Nothing has been changed."
                )
                % {"emails": ", ".join(others)}
            }
        )

    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        user = existing
    else:
        user = User(email=email, language=language)
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        audit_record(
            actor=None,
            action=AuditEntry.Action.CREATE,
            obj=user,
            after=snapshot(user, ["email", "language"]),
        )
    membership = Membership(user=user, organisation=office, role=Role.NATIONAL_COORDINATOR)
    membership.full_clean()
    membership.save()
    audit_record(
        actor=None,
        action=AuditEntry.Action.CREATE,
        obj=membership,
        after={"user": user.pk, "organisation": office.pk, "role": membership.role},
    )
    url = "" if user.has_usable_password() else password_setting_url(user)
    notify_user(
        user=user,
        kind="setup_invitation",
        template="accounts/email/setup_invitation",
        context={"organisation": office, "membership": membership, "password_url": url},
    )
    return SetupResult(
        office=office,
        coordinator=user,
        office_created=office_created,
        coordinator_invited=True,
        password_url=url,
    )
