from django.urls import path

from entraide.accounts import views

app_name = "accounts"
urlpatterns = [
    path("me/", views.profile, name="profile"),
    path("me/organisations/", views.my_organisations, name="my_organisations"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:pk>/active/",
        views.organisation_activation,
        name="organisation_activation",
    ),
    path(
        "organisations/<int:pk>/memberships/<int:membership_pk>/person-active/",
        views.person_activation,
        name="person_activation",
    ),
    path(
        "organisations/<int:pk>/memberships/<int:membership_pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
]
