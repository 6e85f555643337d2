"""The centres' database constraints said in words, each on its field (see core.lib.constraints)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

_CHOOSE_STATUS = _("Please choose one of the statuses in the list.")
CONSTRAINT_MESSAGES = {
    "contact_request_has_a_way_to_reach": (
        "email",
        _("Please give an email address or a phone number to reach the person."),
    ),
    "contact_request_status_valid": ("status", _CHOOSE_STATUS),
    "contact_request_outcome_valid": (
        "outcome",
        _("Please choose one of the outcomes in the list."),
    ),
    "centre_retention_within_consent": (
        "retention_months",
        _("Please choose between 1 and 12 months: the consent text promises no more."),
    ),
    "proposal_status_valid": ("status", _CHOOSE_STATUS),
    "proposal_sender_kind_valid": ("sender_kind", _("Please choose who sent the proposal.")),
    "founding_status_valid": ("status", _CHOOSE_STATUS),
    "founding_interest_has_a_way_to_reach": (
        "email",
        _("Please give an email address or a phone number, so that the centre can reach you."),
    ),
    "import_status_valid": ("status", _CHOOSE_STATUS),
    "centre_activity_kind_fields": (
        "professional_field",
        _(
            "Support to a group has no professional's field; an enquiry from a professional "
            "has their field and no group."
        ),
    ),
}
