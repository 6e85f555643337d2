"""PDFs rendered by WeasyPrint from self-contained HTML, and sent as downloads."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, NoReturn

from django.http import HttpResponse

from entraide.core.lib.http import file_download


def _refuse_to_fetch(url: str) -> NoReturn:
    # Documents carry their styles inline and have no images: nothing is ever
    # fetched, so a URL slipped into a group's or a triangle's text cannot reach
    # the network or the file system (WeasyPrint's request-forgery hole of 2025).
    raise ValueError(f"The document fetches no resources ({url[:80]}).")


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML document, without any network or file access."""
    from weasyprint import HTML, URLFetcher  # slow to import; only PDFs need it

    class NoFetching(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            _refuse_to_fetch(url)

    pdf: bytes = HTML(string=html, base_url=None, url_fetcher=NoFetching()).write_pdf()
    return pdf


def safe_filename(name: str) -> str:
    """A plain ASCII file name ending in .pdf: no folders, no control or shell characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = re.sub(r"\.pdf$", "", base, flags=re.IGNORECASE)
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip(".-_")[:80]
    return f"{base or 'document'}.pdf"


def pdf_download(content: bytes, filename: str) -> HttpResponse:
    """A PDF sent as a download, never displayed inline by the site's origin, never cached."""
    response = file_download(content, "application/pdf", safe_filename(filename))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
