"""GET /api/v1/centres: the regional centres with their public contact data only."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from entraide.accounts.models import Organisation, OrganisationKind


def test_the_centres_are_listed_with_their_cantons_and_public_contact(client, db) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/api/v1/centres").json()
    by_code = {centre["code"]: centre for centre in answer["results"]}
    centres = Organisation.objects.filter(kind=OrganisationKind.REGIONAL_CENTRE, is_active=True)
    assert set(by_code) == set(centres.values_list("code", flat=True))
    vaud = by_code["centre-vd"]
    assert vaud["cantons"] == ["VD"]
    assert vaud["name"] == "Centre d'entraide Vaud"
    assert set(vaud) == {"code", "name", "cantons", "email", "phone", "url"}
    # Other kinds of organisation (hospitals, groups, the national office) are not centres.
    assert not any(code.startswith(("hopital", "national")) for code in by_code)


def test_an_inactive_centre_is_left_out_and_the_query_count_is_constant(client, db) -> None:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as before:
        client.get("/api/v1/centres")
    Organisation.objects.filter(code="centre-ge").update(is_active=False)
    new = Organisation.objects.create(
        kind=OrganisationKind.REGIONAL_CENTRE,
        name="Centre test",
        code="centre-test",
        canton_id="JU",
    )
    new.cantons.set(["JU", "NE"])
    with CaptureQueriesContext(connection) as after:
        answer = client.get("/api/v1/centres").json()
    codes = {centre["code"]: centre["cantons"] for centre in answer["results"]}
    assert "centre-ge" not in codes and codes["centre-test"] == ["JU", "NE"]
    assert len(after) == len(before)
