from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from entraide.accounts.middleware import AUTH_STARTED_KEY


@receiver(user_logged_in)
def start_absolute_session_clock(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[AUTH_STARTED_KEY] = timezone.now().timestamp()
