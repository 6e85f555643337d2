from django.urls import path

from entraide.directory import views

# The API's documentation page, "api/" (directory:api_docs), is added by entraide/urls.py.
app_name = "directory"
urlpatterns = [
    path("groups/", views.group_search, name="group_search"),
    path("groups/<int:group_id>/", views.group_detail, name="group_detail"),
    path("groups/<int:group_id>/calendar.ics", views.group_calendar, name="group_calendar"),
    path("centres/<slug:centre>/calendar.ics", views.centre_calendar, name="centre_calendar"),
    path("self-help/", views.self_help, name="self_help"),
    path("self-help/easy-read/", views.self_help_easy_read, name="self_help_easy_read"),
    path("themes/", views.theme_list, name="theme_list"),
    path("themes/new/", views.theme_edit, name="theme_create"),
    path("themes/<slug:code>/", views.theme_edit, name="theme_edit"),
]
