from django.urls import path

from entraide.centres import contact_views

app_name = "mygroups"
urlpatterns = [
    path("my-groups/", contact_views.my_groups, name="list"),
    path("my-groups/<int:group_id>/", contact_views.my_group, name="edit"),
    path("my-groups/<int:group_id>/confirm/", contact_views.my_group_confirm, name="confirm"),
]
