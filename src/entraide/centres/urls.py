from django.urls import path

from entraide.centres import founding_views, import_views, review_views, views

app_name = "centres"
urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("<slug:centre>/", views.home, name="home"),
    path("<slug:centre>/requests/", views.inbox, name="inbox"),
    path("<slug:centre>/requests/new/", views.request_new, name="request_new"),
    path("<slug:centre>/requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path(
        "<slug:centre>/requests/<int:request_id>/status/",
        views.request_status,
        name="request_status",
    ),
    path("<slug:centre>/requests/<int:request_id>/notes/", views.request_note, name="request_note"),
    path(
        "<slug:centre>/requests/<int:request_id>/forward/",
        views.request_forward,
        name="request_forward",
    ),
    path("<slug:centre>/groups/", views.group_list, name="group_list"),
    path("<slug:centre>/groups/new/", views.group_new, name="group_new"),
    path("<slug:centre>/groups/<int:group_id>/", views.group_edit, name="group_edit"),
    path("<slug:centre>/groups/<int:group_id>/status/", views.group_status, name="group_status"),
    path("<slug:centre>/groups/<int:group_id>/confirm/", views.group_confirm, name="group_confirm"),
    path("<slug:centre>/proposals/", review_views.review_list, name="review_list"),
    path(
        "<slug:centre>/proposals/<int:proposal_id>/",
        review_views.review_detail,
        name="review_detail",
    ),
    path(
        "<slug:centre>/proposals/<int:proposal_id>/approve/",
        review_views.review_approve,
        name="review_approve",
    ),
    path(
        "<slug:centre>/proposals/<int:proposal_id>/reject/",
        review_views.review_reject,
        name="review_reject",
    ),
    path("<slug:centre>/founding/", founding_views.staff_list, name="founding_list"),
    path("<slug:centre>/founding/new/", founding_views.staff_new, name="founding_new"),
    path(
        "<slug:centre>/founding/<int:project_id>/", founding_views.staff_edit, name="founding_edit"
    ),
    path(
        "<slug:centre>/founding/<int:project_id>/meeting/",
        founding_views.staff_plan,
        name="founding_plan",
    ),
    path(
        "<slug:centre>/founding/<int:project_id>/start/",
        founding_views.staff_start,
        name="founding_start",
    ),
    path(
        "<slug:centre>/founding/<int:project_id>/abandon/",
        founding_views.staff_abandon,
        name="founding_abandon",
    ),
    path("<slug:centre>/import/", import_views.import_page, name="import"),
    path(
        "<slug:centre>/import/template/",
        import_views.import_template_download,
        name="import_template",
    ),
    path("<slug:centre>/import/<int:import_id>/", import_views.import_report, name="import_report"),
    path("<slug:centre>/import/<int:import_id>/run/", import_views.import_run, name="import_run"),
    path("<slug:centre>/exports/", views.exports, name="exports"),
    path("<slug:centre>/groups/<int:group_id>/invite/", views.group_invite, name="group_invite"),
    path("<slug:centre>/statistics/", views.statistics, name="statistics"),
    path("<slug:centre>/settings/", views.centre_settings, name="settings"),
]
