from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import DatabaseError, InterfaceError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from entraide.core.lib.request_context import client_ip, current_ip

logger = logging.getLogger(__name__)


class RequestContextMiddleware:
    """Make the client's address available to the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)


class DatabaseUnavailableMiddleware:
    """Answer a plain 503 page when the database does not answer, instead of a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except (DatabaseError, InterfaceError) as exc:
            if not _is_connection_error(exc):
                raise
            return self.unavailable(exc)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DatabaseError | InterfaceError) and _is_connection_error(
            exception
        ):
            return self.unavailable(exception)
        return None

    @staticmethod
    def unavailable(exc: Exception) -> HttpResponse:
        logger.error("database unavailable: %s", type(exc).__name__)
        # Rendered without the request context: that would touch the database again.
        html = render_to_string("503.html")
        return HttpResponse(html, status=503, headers={"Retry-After": "60"})


def _is_connection_error(exc: Exception) -> bool:
    from django.db import OperationalError

    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    text = str(exc).lower()
    return any(
        marker in text
        for marker in (
            "connect",
            "unable to open database",
            "server closed",
            "terminating",
            "database is locked",
        )
    )
