from django.urls import path

from entraide.cooperation import views

app_name = "cooperation"
T = "<int:triangle_id>/"
E = T + "evaluations/<int:evaluation_id>/"
urlpatterns = [
    path("", views.triangle_list, name="triangle_list"),
    path("new/", views.triangle_start, name="triangle_start"),
    path("new/<int:institution_id>/", views.triangle_new, name="triangle_new"),
    path("library/", views.library, name="library"),
    path("library/new/", views.library_measure_edit, name="library_new"),
    path("library/<int:library_id>/", views.library_measure_edit, name="library_edit"),
    path("reviews/", views.review_list, name="review_list"),
    path("institutions/new/", views.institution_new, name="institution_new"),
    path(
        "institutions/<int:institution_id>/edit/", views.institution_edit, name="institution_edit"
    ),
    path("institutions/<int:institution_id>/units/", views.unit_new, name="unit_new"),
    path(T, views.triangle_detail, name="triangle_detail"),
    path(T + "edit/", views.triangle_edit, name="triangle_edit"),
    path(T + "status/", views.triangle_status, name="triangle_status"),
    path(T + "convention/new/", views.convention_new, name="convention_new"),
    path(
        T + "convention/<int:version_id>/draft/",
        views.convention_draft_pdf,
        name="convention_draft_pdf",
    ),
    path(T + "convention/<int:version_id>/sign/", views.convention_sign, name="convention_sign"),
    path(
        T + "convention/<int:version_id>/signed/",
        views.convention_signed_pdf,
        name="convention_signed_pdf",
    ),
    path(T + "measures/new/", views.measure_new, name="measure_new"),
    path(T + "measures/<int:measure_id>/", views.measure_edit, name="measure_edit"),
    path(T + "library/", views.triangle_library, name="triangle_library"),
    path(T + "library/<int:library_id>/adopt/", views.measure_adopt, name="measure_adopt"),
    path(T + "comparison/", views.comparison, name="comparison"),
    path(T + "evaluations/start/", views.evaluation_start, name="evaluation_start"),
    path(E, views.evaluation_detail, name="evaluation_detail"),
    path(E + "submit/", views.evaluation_submit, name="evaluation_submit"),
    path(E + "attachments/", views.evaluation_attach, name="evaluation_attach"),
    path(
        E + "attachments/<int:document_id>/",
        views.evaluation_attachment,
        name="evaluation_attachment",
    ),
    path(E + "documentation/", views.evaluation_pdf, name="evaluation_pdf"),
    path(E + "feedback/", views.evaluation_feedback, name="evaluation_feedback"),
    path(E + "answer/", views.evaluation_answer, name="evaluation_answer"),
    path(T + "visits/new/", views.visit_new, name="visit_new"),
    path(T + "distinction/", views.distinction_new, name="distinction_new"),
]
