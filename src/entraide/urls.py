from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from entraide.api import api, api_docs
from entraide.core import views as core_views
from entraide.directory import urls as directory_urls

# The admin login goes through allauth, so it gets the rate limits and the
# second factor like every other sign-in.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Entraide"

urlpatterns: list[URLPattern | URLResolver] = [
    path("health/", core_views.health, name="health"),
    path("api/v1/", api.urls),
]

if settings.BENCH:  # `make bench`: the same server answering a constant, as a yardstick
    urlpatterns.append(path("bench/bare/", core_views.bench_bare))

urlpatterns += i18n_patterns(
    path("", include("entraide.core.urls")),
    path("", include("entraide.accounts.urls")),
    # The API's page describes every app's endpoints: served from this layer, in the
    # directory's namespace as before.
    path(
        "",
        include(
            (
                [*directory_urls.urlpatterns, path("api/", api_docs, name="api_docs")],
                directory_urls.app_name,
            )
        ),
    ),
    path("", include("entraide.centres.urls")),
    path("cooperation/", include("entraide.cooperation.urls")),
    path("", include("entraide.cooperation.monitoring_urls")),
    path("account/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler404 = "entraide.core.views.page_not_found"
