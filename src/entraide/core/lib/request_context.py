"""Who is acting and from where, for the audit trail, without passing the request around."""

from __future__ import annotations

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def client_ip(request) -> str | None:  # type: ignore[no-untyped-def]
    """The client's address; the proxy's X-Forwarded-For is trusted only behind a proxy."""
    from django.conf import settings

    if settings.SECURE_PROXY_SSL_HEADER and (forwarded := request.META.get("HTTP_X_FORWARDED_FOR")):
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None
