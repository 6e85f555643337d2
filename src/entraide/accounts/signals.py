from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import password_reset
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from entraide.accounts.middleware import AUTH_STARTED_KEY
from entraide.core.lib.audit import audit_record
from entraide.core.models import AuditEntry


@receiver(user_logged_in)
def start_absolute_session_clock(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[AUTH_STARTED_KEY] = timezone.now().timestamp()


@receiver(password_reset)
def verify_address_on_password_reset(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """A password chosen through the emailed link proves the address, when it is the only one.

    Invited people thus need one email, not two, before they can sign in.
    """
    addresses = list(EmailAddress.objects.filter(user=user))
    if len(addresses) == 1 and not addresses[0].verified:
        address = addresses[0]
        address.verified = True
        address.save(update_fields=["verified"])
        audit_record(
            actor=user,
            action=AuditEntry.Action.UPDATE,
            obj=address,
            before={"verified": False},
            after={"verified": True},
            label="",
        )
