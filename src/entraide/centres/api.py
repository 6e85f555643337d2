"""The regional centres in the public API: their public contact data only."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Router, Schema

from entraide.accounts.models import Organisation
from entraide.core.models import Canton

router = Router()


class CentreOut(Schema):
    code: str
    name: str
    cantons: list[str] = Field(description="The cantons the centre covers, as two-letter codes.")
    email: str | None
    phone: str | None
    url: str | None = Field(description="The centre's own website, when it has one.")


class CentreList(Schema):
    results: list[CentreOut]


@router.get("/centres", response=CentreList, summary="The regional self-help centres")
def centres(request: HttpRequest) -> dict[str, object]:
    rows = (
        Organisation.objects.active_centres()
        .only("code", "name", "email", "phone", "website")
        .prefetch_related(Prefetch("cantons", queryset=Canton.objects.only("code")))
        .order_by("name")
    )
    return {
        "results": [
            {
                "code": centre.code,
                "name": centre.name,
                "cantons": sorted(canton.code for canton in centre.cantons.all()),
                "email": centre.email or None,
                "phone": centre.phone or None,
                "url": centre.website or None,
            }
            for centre in rows
        ]
    }
