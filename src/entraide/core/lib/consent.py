"""Consent texts with their version, and the stamp stored with what a person agreed to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ConsentText:
    """A consent text as shown to the person; a changed text gets a new version."""

    version: str
    text: str | Promise

    def stamp(self, *, consent: bool) -> dict[str, Any]:
        """The fields that record the consent (the text in the active language), or a refusal.

        Services take ``consent`` explicitly and call this, so that no caller can
        store personal data without the person's agreement.
        """
        if not consent:
            raise ValidationError({"consent": _("Please give your consent to continue.")})
        return {"consent_text": str(self.text), "consent_version": self.version}
