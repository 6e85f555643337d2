from django.urls import path

from entraide.centres import founding_views

app_name = "founding"
urlpatterns = [
    path("groups/founding/", founding_views.public_list, name="list"),
    path("groups/founding/<int:project_id>/", founding_views.public_detail, name="detail"),
    path("groups/founding/registered/", founding_views.registered, name="registered"),
]
