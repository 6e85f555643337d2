"""Security events into the audit trail: sign-ins, failed sign-ins, sign-outs."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from entraide.core.lib.audit import audit_record
from entraide.core.models import AuditEntry


@receiver(user_logged_in)
def record_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=AuditEntry.Action.LOGIN, obj=user, label=user.email)


@receiver(user_logged_out)
def record_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditEntry.Action.LOGOUT, obj=user, label=user.email)


@receiver(user_login_failed)
def record_login_failure(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # The attempted account name is kept so that an attack on one account shows;
    # the password never leaves the credentials dict Django already scrubbed.
    attempted = str(credentials.get("email") or credentials.get("username") or "")[:200]
    audit_record(
        actor=None,
        action=AuditEntry.Action.LOGIN_FAILED,
        object_type="accounts.user",
        label=attempted,
    )
