"""Every page of the centres: the workspace under ``centre/``, a group contact's ``my-groups/``,
and the public pages (contact a group, propose, groups being founded, the yearly confirmation).
"""

from django.urls import include, path

from entraide.centres.views import (
    activities,
    centre,
    contacts,
    founding,
    imports,
    listings,
    office,
    proposals,
    public,
    regions,
    requests,
    statistics,
)

app_name = "centres"

# The regional centre's workspace, its staff only (under centre/).
workspace = [
    path("", centre.workspace, name="workspace"),
    path("<slug:centre>/", centre.home, name="home"),
    path("<slug:centre>/requests/", requests.inbox, name="inbox"),
    path("<slug:centre>/requests/new/", requests.request_new, name="request_new"),
    path(
        "<slug:centre>/requests/<int:request_id>/", requests.request_detail, name="request_detail"
    ),
    path(
        "<slug:centre>/requests/<int:request_id>/status/",
        requests.request_status,
        name="request_status",
    ),
    path(
        "<slug:centre>/requests/<int:request_id>/notes/", requests.request_note, name="request_note"
    ),
    path(
        "<slug:centre>/requests/<int:request_id>/forward/",
        requests.request_forward,
        name="request_forward",
    ),
    path("<slug:centre>/groups/", listings.group_list, name="group_list"),
    path("<slug:centre>/groups/new/", listings.group_new, name="group_new"),
    path("<slug:centre>/groups/<int:group_id>/", listings.group_edit, name="group_edit"),
    path("<slug:centre>/groups/<int:group_id>/status/", listings.group_status, name="group_status"),
    path(
        "<slug:centre>/groups/<int:group_id>/confirm/",
        listings.group_confirm,
        name="group_confirm",
    ),
    path("<slug:centre>/proposals/", proposals.review_list, name="review_list"),
    path(
        "<slug:centre>/proposals/<int:proposal_id>/",
        proposals.review_detail,
        name="review_detail",
    ),
    path(
        "<slug:centre>/proposals/<int:proposal_id>/approve/",
        proposals.review_approve,
        name="review_approve",
    ),
    path(
        "<slug:centre>/proposals/<int:proposal_id>/reject/",
        proposals.review_reject,
        name="review_reject",
    ),
    path("<slug:centre>/founding/", founding.staff_list, name="founding_list"),
    path("<slug:centre>/founding/new/", founding.staff_new, name="founding_new"),
    path("<slug:centre>/founding/<int:project_id>/", founding.staff_edit, name="founding_edit"),
    path(
        "<slug:centre>/founding/<int:project_id>/meeting/",
        founding.staff_plan,
        name="founding_plan",
    ),
    path(
        "<slug:centre>/founding/<int:project_id>/start/",
        founding.staff_start,
        name="founding_start",
    ),
    path(
        "<slug:centre>/founding/<int:project_id>/called/<int:interest_id>/",
        founding.staff_called,
        name="founding_called",
    ),
    path(
        "<slug:centre>/founding/<int:project_id>/abandon/",
        founding.staff_abandon,
        name="founding_abandon",
    ),
    path("<slug:centre>/import/", imports.import_page, name="import"),
    path(
        "<slug:centre>/import/template/",
        imports.import_template_download,
        name="import_template",
    ),
    path("<slug:centre>/import/<int:import_id>/", imports.import_report, name="import_report"),
    path("<slug:centre>/import/<int:import_id>/run/", imports.import_run, name="import_run"),
    path("<slug:centre>/exports/", listings.exports, name="exports"),
    path("<slug:centre>/groups/<int:group_id>/invite/", listings.group_invite, name="group_invite"),
    path("<slug:centre>/statistics/", statistics.statistics, name="statistics"),
    path("<slug:centre>/activities/", activities.activities, name="activities"),
    path(
        "<slug:centre>/statistics/export.<slug:fmt>/",
        statistics.export,
        name="statistics_export",
    ),
    path("<slug:centre>/settings/", centre.centre_settings, name="settings"),
]

urlpatterns = [
    path("centre/", include(workspace)),
    # The national coordinator moves a canton from one centre to another.
    path("regions/move-canton/", regions.move, name="canton_move"),
    # What no active regional centre could take waits at the national office.
    path("regions/without-centre/", office.office_inbox, name="office_inbox"),
    # A group's contacts keep their own listings.
    path("my-groups/", contacts.my_groups, name="my_groups"),
    path("my-groups/<int:group_id>/", contacts.my_group, name="my_group"),
    path("my-groups/<int:group_id>/confirm/", contacts.my_group_confirm, name="my_group_confirm"),
    # The public.
    path("groups/<int:group_id>/contact/", public.contact_request, name="contact_request"),
    path("groups/contact/sent/", public.contact_request_sent, name="contact_request_sent"),
    path("groups/propose/", public.propose_group, name="propose_group"),
    path("groups/propose/sent/", public.proposal_sent, name="proposal_sent"),
    path(
        "groups/<int:group_id>/correction/",
        public.propose_correction,
        name="propose_correction",
    ),
    path("groups/founding/", public.founding_public, name="founding_public"),
    path("groups/founding/<int:project_id>/", public.founding_detail, name="founding_detail"),
    path("groups/founding/registered/", public.founding_registered, name="founding_registered"),
    path("confirm/<str:token>/", public.confirm_listing, name="confirm_listing"),
]
