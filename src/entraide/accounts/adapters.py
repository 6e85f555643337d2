from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils import translation

from entraide.core.lib.notify import notify


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by invitation of an organisation; the public
        # needs none, and patient partners will register through their platform.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render allauth's message in the recipient's language and put it in the outbox."""
        from entraide.accounts.models import User
        from entraide.accounts.signup import national_office, signup_is_open

        user = User.objects.filter(email__iexact=email).first()
        language = user.language if user else (translation.get_language() or "fr")[:2]
        ctx: dict[str, Any] = {
            "email": email,
            "current_site": SimpleNamespace(
                name="Entraide", domain=urlsplit(settings.SITE_URL).netloc
            ),
        }
        for key, value in context.items():
            # Links were built in the language of the page the request came
            # from; point them at the recipient's language instead.
            if key.endswith("_url") and isinstance(value, str):
                value = translate_url(value, language)
            ctx[key] = value
        if "signup_url" in ctx:
            # allauth offers its sign-up page; say who gives accounts when it is closed.
            ctx["signup_open"] = signup_is_open(context.get("request"))
            ctx["office"] = None if ctx["signup_open"] else national_office()
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        notify(
            to_email=email,
            recipient=user,
            kind=template_prefix.rsplit("/", 1)[-1],
            subject=str(message.subject),
            body=str(message.body),
            html_body=html,
            language=language,
        )
