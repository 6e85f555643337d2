from django.urls import path

from entraide.directory import views

app_name = "directory"
urlpatterns = [
    path("groups/", views.group_search, name="group_search"),
    path("groups/<int:group_id>/", views.group_detail, name="group_detail"),
]
