from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url

from entraide.core.navigation import navigation_for


def site(request: HttpRequest) -> dict[str, Any]:
    """Language links that stay on the same page, the role's navigation, the demo flag."""
    path = request.get_full_path()
    languages = [
        {"code": code, "name": name, "url": translate_url(path, code)}
        for code, name in (
            ("fr", "Français"),
            ("de", "Deutsch"),
            ("it", "Italiano"),
            ("en", "English"),
        )
    ]
    return {
        "DEMO": settings.DEMO,
        "language_links": languages,
        "navigation": navigation_for(request.user) if hasattr(request, "user") else [],
    }
