from django.urls import path

from entraide.cooperation.views import monitoring as views
from entraide.cooperation.views import targets

app_name = "monitoring"
urlpatterns = [
    path("monitoring/", views.dashboard, name="dashboard"),
    path("monitoring/export.<slug:fmt>/", views.export, name="export"),
    path("monitoring/targets/", targets.target_list, name="targets"),
    path("monitoring/targets/new/", targets.target_edit, name="target_new"),
    path("monitoring/targets/<int:target_id>/", targets.target_edit, name="target_edit"),
    path(
        "monitoring/institutions/<int:institution_id>/",
        views.institution,
        name="institution",
    ),
    path(
        "monitoring/institutions/<int:institution_id>/report/<int:year>/",
        views.institution_report,
        name="institution_report",
    ),
    path("cooperations/", views.public, name="public"),
]
