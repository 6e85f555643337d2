"""What the directory's commands share."""

from __future__ import annotations

from django.core.management.base import CommandError

from entraide.accounts.models import Organisation, OrganisationKind


def regional_centre(code: str) -> Organisation:
    """The regional centre of this short code; a CommandError when none has it."""
    centre = Organisation.objects.filter(code=code, kind=OrganisationKind.REGIONAL_CENTRE).first()
    if centre is None:
        raise CommandError(f"No regional centre has the code {code!r}.")
    return centre
