"""Uploaded PDFs: checked, named safely, stored in the database, served only as downloads."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _

from entraide.cooperation.models import Document
from entraide.core.lib.pdf import pdf_download, safe_filename

MAX_PDF_BYTES = 10 * 1024 * 1024
MAX_PDF_MEGABYTES = MAX_PDF_BYTES // (1024 * 1024)


# Characters no ordinary file name has: folders, control characters, shell and markup ones.
HOSTILE_NAME = re.compile(r"[/\\\x00-\x1f\x7f<>:\"|?*]|^\.|\.\.")


def check_pdf(upload: Any) -> bytes:
    """The file's bytes when it is a PDF of a reasonable size; a clear message otherwise."""
    if upload is None:
        raise ValidationError(_("Choose a PDF file."), code="required")
    name = getattr(upload, "name", "") or ""
    if len(name) > 200 or HOSTILE_NAME.search(name) or not name.lower().endswith(".pdf"):
        raise ValidationError(
            _(
                "The file name must end in .pdf and contain no folder or special characters. "
                "Rename the file, for example convention.pdf, and try again."
            ),
            code="bad_name",
        )
    if upload.size > MAX_PDF_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB. Save a smaller PDF and try again.")
            % {"size": MAX_PDF_MEGABYTES},
            code="too_large",
        )
    content = b"".join(upload.chunks())
    if len(content) > MAX_PDF_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s MB. Save a smaller PDF and try again.")
            % {"size": MAX_PDF_MEGABYTES},
            code="too_large",
        )
    # A PDF starts with its header and ends with an end-of-file marker; a renamed
    # image, a Word document or a truncated download does not.
    if not content.startswith(b"%PDF-") or b"%%EOF" not in content[-2048:]:
        raise ValidationError(
            _("This file is not a PDF. Scan or save the document as a PDF and try again."),
            code="not_pdf",
        )
    return content


def store_pdf(*, upload: Any, by: Any) -> Document:
    """Check the upload and keep it (inside the caller's transaction)."""
    return keep_pdf(check_pdf(upload), getattr(upload, "name", "") or "", by=by)


def keep_pdf(content: bytes, filename: str, *, by: Any = None) -> Document:
    """Keep a PDF already checked (or generated) under a safe name, with its checksum."""
    return Document.objects.create(
        filename=safe_filename(filename),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )


def document_response(document: Document) -> HttpResponse:
    return pdf_download(bytes(document.content), document.filename)
