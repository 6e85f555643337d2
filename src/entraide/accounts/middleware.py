from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone
from django.utils.translation import gettext as _

AUTH_STARTED_KEY = "entraide_auth_started_at"

# Pages a staff member without a second factor may still open: setting it up,
# signing out, and what works without an account.
MFA_SETUP_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "account_logout",
        "account_reauthenticate",
        "health",
        "core:accessibility",
        "core:privacy",
    }
)


class SessionTimeoutMiddleware:
    """Sign people out after an absolute time, whatever their activity.

    The idle timeout is the sliding session cookie (SESSION_COOKIE_AGE with
    SESSION_SAVE_EVERY_REQUEST).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            started = request.session.setdefault(AUTH_STARTED_KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class RequireMFAMiddleware:
    """A staff role reaches no page until the person has set up a second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_staff_role and not _has_totp(user):
            try:
                match = resolve(request.path_info)
                name = match.view_name
            except Resolver404:
                name = ""
            if name not in MFA_SETUP_URL_NAMES and not request.path_info.startswith(
                settings.STATIC_URL
            ):
                messages.warning(
                    request,
                    _(
                        "Your role gives access to other people's data: "
                        "set up two-factor authentication to continue."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_totp(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
