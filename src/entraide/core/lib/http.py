"""File downloads: every file the site sends is an attachment with a clean name."""

from __future__ import annotations

from django.http import HttpResponse


def file_download(
    content: bytes, content_type: str, filename: str, *, inline: bool = False
) -> HttpResponse:
    """``content`` sent as a file named ``filename`` (shown in the browser when ``inline``)."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
