from django.urls import path

from entraide.cooperation.views import (
    conventions,
    evaluations,
    institutions,
    measures,
    office,
    participation,
    quality,
    templates,
    triangles,
)

app_name = "cooperation"
T = "<int:triangle_id>/"
E = T + "evaluations/<int:evaluation_id>/"
V = T + "convention/<int:version_id>/"
CT = "convention-template/"
urlpatterns = [
    path("", triangles.triangle_list, name="triangle_list"),
    path("new/", triangles.triangle_start, name="triangle_start"),
    path("new/<int:institution_id>/", triangles.triangle_new, name="triangle_new"),
    path("library/", measures.library, name="library"),
    path("library/new/", measures.library_measure_edit, name="library_new"),
    path("library/<int:library_id>/", measures.library_measure_edit, name="library_edit"),
    path("reviews/", office.review_list, name="review_list"),
    path(CT, templates.template_list, name="template_list"),
    path(CT + "new/", templates.template_draft_new, name="template_draft_new"),
    path(CT + "<int:template_id>/", templates.template_detail, name="template_detail"),
    path(
        CT + "<int:template_id>/clauses/new/",
        templates.template_clause_edit,
        name="template_clause_new",
    ),
    path(
        CT + "<int:template_id>/clauses/<int:template_clause_id>/",
        templates.template_clause_edit,
        name="template_clause_edit",
    ),
    path("institutions/new/", institutions.institution_new, name="institution_new"),
    path(
        "institutions/<int:institution_id>/edit/",
        institutions.institution_edit,
        name="institution_edit",
    ),
    path("institutions/<int:institution_id>/units/", institutions.unit_new, name="unit_new"),
    path(
        "institutions/<int:institution_id>/consultation/",
        quality.consultation_request,
        name="consultation_request",
    ),
    path(
        "institutions/<int:institution_id>/distinction/",
        quality.distinction_new,
        name="distinction_new",
    ),
    path(
        "consultations/<int:consultation_id>/date/",
        quality.consultation_schedule,
        name="consultation_schedule",
    ),
    path(
        "consultations/<int:consultation_id>/report/",
        quality.consultation_report,
        name="consultation_report",
    ),
    path(
        "consultations/<int:consultation_id>/cancel/",
        quality.consultation_cancel,
        name="consultation_cancel",
    ),
    path(T, triangles.triangle_detail, name="triangle_detail"),
    path(
        T + "committees/new/",
        participation.committee_participation_new,
        name="committee_participation_new",
    ),
    path(
        T + "committees/<int:participation_id>/remove/",
        participation.committee_participation_remove,
        name="committee_participation_remove",
    ),
    path(T + "edit/", triangles.triangle_edit, name="triangle_edit"),
    path(T + "status/", triangles.triangle_status, name="triangle_status"),
    path(T + "convention/new/", conventions.convention_new, name="convention_new"),
    path(V, conventions.convention_detail, name="convention_detail"),
    path(V + "clauses/new/", conventions.convention_clause_edit, name="convention_clause_new"),
    path(
        V + "clauses/<int:clause_id>/",
        conventions.convention_clause_edit,
        name="convention_clause_edit",
    ),
    path(V + "draft/", conventions.convention_draft_pdf, name="convention_draft_pdf"),
    path(V + "sign/", conventions.convention_sign, name="convention_sign"),
    path(V + "upload/", conventions.convention_upload, name="convention_upload"),
    path(V + "signed/", conventions.convention_signed_pdf, name="convention_signed_pdf"),
    path(T + "measures/new/", measures.measure_new, name="measure_new"),
    path(T + "measures/<int:measure_id>/", measures.measure_edit, name="measure_edit"),
    path(
        T + "measures/<int:measure_id>/history/",
        measures.measure_detail,
        name="measure_detail",
    ),
    path(T + "library/", measures.triangle_library, name="triangle_library"),
    path(T + "library/<int:library_id>/adopt/", measures.measure_adopt, name="measure_adopt"),
    path(T + "comparison/", evaluations.comparison, name="comparison"),
    path(T + "evaluations/start/", evaluations.evaluation_start, name="evaluation_start"),
    path(E, evaluations.evaluation_detail, name="evaluation_detail"),
    path(E + "submit/", evaluations.evaluation_submit, name="evaluation_submit"),
    path(E + "remind/", evaluations.evaluation_remind, name="evaluation_remind"),
    path(E + "attachments/", evaluations.evaluation_attach, name="evaluation_attach"),
    path(
        E + "attachments/<int:document_id>/",
        evaluations.evaluation_attachment,
        name="evaluation_attachment",
    ),
    path(E + "documentation/", evaluations.evaluation_pdf, name="evaluation_pdf"),
    path(E + "feedback/", evaluations.evaluation_feedback, name="evaluation_feedback"),
    path(E + "assign/", office.review_assign, name="review_assign"),
    path(E + "answer/", evaluations.evaluation_answer, name="evaluation_answer"),
    path(T + "assurances/new/", office.assurance_new, name="assurance_new"),
]
