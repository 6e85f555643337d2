"""The public API, version 1: described by OpenAPI at /api/v1/openapi.json, and its docs page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
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


def api_docs(request: HttpRequest) -> HttpResponse:
    """How to use the public API: its operations and parameters, from the OpenAPI schema.

    Served at the directory's ``api/`` as ``directory:api_docs`` (see ``urls.py``);
    it lives on this layer because it describes every app's endpoints.
    """
    schema = api.get_openapi_schema()
    operations = []
    for path_, methods in schema["paths"].items():
        for method, operation in methods.items():
            parameters = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "required": p.get("required", False),
                    "help": API_PARAMETER_HELP.get(p["name"], ""),
                    "choices": p["schema"].get("enum", []),
                }
                for p in operation.get("parameters", [])
            ]
            operations.append(
                {
                    "method": method.upper(),
                    "path": path_,
                    "help": API_OPERATION_HELP.get(path_, ""),
                    "parameters": parameters,
                    "example": API_EXAMPLES.get(path_, ""),
                }
            )
    return render(request, "directory/api_docs.html", {"operations": operations})


API_OPERATION_HELP = {
    "/api/v1/themes": gettext_lazy(
        "The themes of the thesaurus, with their labels in the chosen language; "
        "with a query, the closest themes first."
    ),
    "/api/v1/groups": gettext_lazy(
        "Search the public self-help groups, twenty per page, with the same search as this site."
    ),
    "/api/v1/groups/{group_id}": gettext_lazy(
        "Everything public about one group, with its next meeting dates."
    ),
    "/api/v1/cantons": gettext_lazy("The 26 cantons with their names and official languages."),
    "/api/v1/centres": gettext_lazy(
        "The regional self-help centres with the cantons they cover and how to reach them."
    ),
    "/api/v1/monitoring/cooperations": gettext_lazy(
        "How many hospital units, institutions and cantons cooperate with self-help under a "
        "signed convention on a given day, against the national target, by canton."
    ),
}
API_PARAMETER_HELP = {
    "q": gettext_lazy("Words to look for, in any of the four national languages."),
    "lang": gettext_lazy("Language of the labels and links: fr, de, it or en."),
    "canton": gettext_lazy("Code of a canton, for example VD."),
    "language": gettext_lazy("A language spoken in the group: fr, de, it, en or rm."),
    "theme": gettext_lazy("Code of a theme, as given by /api/v1/themes."),
    "type": gettext_lazy(
        "Kind of group: self_managed, professionally_guided, online or one_to_one."
    ),
    "audience": gettext_lazy("For whom: affected, relatives or both."),
    "online": gettext_lazy("true for groups that meet online."),
    "near": gettext_lazy("A Swiss postal code or town: the nearest groups come first."),
    "page": gettext_lazy("Page number, from 1."),
    "group_id": gettext_lazy("Number of the group."),
    "at": gettext_lazy("A date, as YYYY-MM-DD; today when left out."),
}
API_EXAMPLES = {
    "/api/v1/themes": "/api/v1/themes?q=Trauer&lang=fr",
    "/api/v1/groups": "/api/v1/groups?q=cancro+al+seno&canton=TI&lang=it",
    "/api/v1/cantons": "/api/v1/cantons?lang=de",
    "/api/v1/monitoring/cooperations": "/api/v1/monitoring/cooperations?at=2025-04-30",
}
