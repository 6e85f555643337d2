"""The public API, version 1: described by OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI

from entraide.centres.api import router as centres_router
from entraide.cooperation.api import router as cooperation_router
from entraide.directory.api import router as directory_router

api = NinjaAPI(
    title="Entraide public API",
    version="1",
    description=(
        "Public data of the Entraide self-help directory: themes, groups, cantons and the "
        "regional centres. "
        "Read-only, no authentication, nothing personal."
    ),
    urls_namespace="api",
    docs_url=None,
)
api.add_router("/", directory_router, tags=["directory"])
api.add_router("/", centres_router, tags=["centres"])
api.add_router("/", cooperation_router, tags=["cooperation"])
