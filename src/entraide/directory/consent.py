"""The consent a person gives when asking to be put in contact with a group."""

from django.utils.translation import gettext_lazy as _

CONTACT_CONSENT_VERSION = "2026-11"
CONTACT_CONSENT_TEXT = _(
    "I agree that the regional self-help centre processes what I enter here, including the fact "
    "that I am interested in a group on this theme, to put me in contact with the group. The centre "
    "shares with the group only what is needed. My request is deleted when it is no longer needed, "
    "at the latest one year after it is closed. I can withdraw my consent at any time."
)
