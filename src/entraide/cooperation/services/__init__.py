"""Every write of the cooperation: checked against the policy, audited, dated in the timeline.

The parties of a triangle (its institution's people, its centre's staff, its
groups' contacts) prepare the convention, plan measures and evaluate
themselves; the national office reviews, records quality assurances, dates the
institutions' quality consultations and awards distinctions, but never edits what a triangle rated.

One module per sub-domain (triangles, conventions, templates, measures, evaluations,
office, consultations, reviews, institutions, targets); every service is also importable from here.
"""

from entraide.cooperation.services._common import TRIANGLE_FIELDS
from entraide.cooperation.services.consultations import (
    consultation_cancel,
    consultation_report,
    consultation_request,
    consultation_schedule,
)
from entraide.cooperation.services.conventions import (
    convention_clause_remove,
    convention_clause_restore,
    convention_clause_save,
    convention_draft,
    convention_sign,
    convention_upload,
    party_label,
)
from entraide.cooperation.services.evaluation_corners import (
    evaluation_corners,
    evaluation_remind,
    submission_gaps,
)
from entraide.cooperation.services.evaluations import (
    evaluation_answer,
    evaluation_attach,
    evaluation_feedback,
    evaluation_save,
    evaluation_start,
    evaluation_submit,
    rating_corners,
)
from entraide.cooperation.services.institutions import (
    INSTITUTION_FIELDS,
    institution_save,
    unit_add,
)
from entraide.cooperation.services.measures import (
    LIBRARY_FIELDS,
    MEASURE_FIELDS,
    library_measure_save,
    measure_add,
    measure_adopt,
    measure_update,
)
from entraide.cooperation.services.office import (
    assurance_record,
    default_distinction_kind,
    distinction_award,
)
from entraide.cooperation.services.participation import (
    COMMITTEE_FIELDS,
    committee_participation_add,
    committee_participation_remove,
)
from entraide.cooperation.services.reviews import (
    evaluation_assign,
    least_loaded_reviewer,
    reviewers,
)
from entraide.cooperation.services.targets import TARGET_FIELDS, target_save
from entraide.cooperation.services.templates import (
    TEMPLATE_CLAUSE_FIELDS,
    template_clause_remove,
    template_clause_save,
    template_draft_start,
    template_publish,
)
from entraide.cooperation.services.triangles import (
    MANUAL_MOVES,
    triangle_create,
    triangle_move,
    triangle_update,
)

__all__ = [
    "COMMITTEE_FIELDS",
    "INSTITUTION_FIELDS",
    "LIBRARY_FIELDS",
    "MANUAL_MOVES",
    "MEASURE_FIELDS",
    "TARGET_FIELDS",
    "TEMPLATE_CLAUSE_FIELDS",
    "TRIANGLE_FIELDS",
    "assurance_record",
    "committee_participation_add",
    "committee_participation_remove",
    "consultation_cancel",
    "consultation_report",
    "consultation_request",
    "consultation_schedule",
    "convention_clause_remove",
    "convention_clause_restore",
    "convention_clause_save",
    "convention_draft",
    "convention_sign",
    "convention_upload",
    "default_distinction_kind",
    "distinction_award",
    "evaluation_answer",
    "evaluation_assign",
    "evaluation_attach",
    "evaluation_corners",
    "evaluation_feedback",
    "evaluation_remind",
    "evaluation_save",
    "evaluation_start",
    "evaluation_submit",
    "institution_save",
    "least_loaded_reviewer",
    "library_measure_save",
    "measure_add",
    "measure_adopt",
    "measure_update",
    "party_label",
    "rating_corners",
    "reviewers",
    "submission_gaps",
    "target_save",
    "template_clause_remove",
    "template_clause_save",
    "template_draft_start",
    "template_publish",
    "triangle_create",
    "triangle_move",
    "triangle_update",
    "unit_add",
]
