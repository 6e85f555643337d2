"""The consents a person gives to a regional centre: to be put in contact with a group, to
propose a listing, to be told about a group being founded.

A changed text gets a new version; services store what the person agreed to
through ``ConsentText.stamp``, the forms show the same text.
"""

from django.utils.translation import gettext_lazy as _

from entraide.core.lib.consent import ConsentText

CONTACT_CONSENT_TEXT = _(
    "I agree that the regional self-help centre processes what I enter here, including the fact "
    "that I am interested in a group on this theme, to put me in contact with the group. The centre "
    "shares with the group only what is needed. My request is deleted when it is no longer needed, "
    "at the latest one year after it is closed. I can withdraw my consent at any time."
)
CONTACT_CONSENT = ConsentText(version="2026-11", text=CONTACT_CONSENT_TEXT)

PROPOSAL_CONSENT_TEXT = _(
    "I agree that the regional self-help centre uses my name and email address to review my "
    "proposal and to answer me. They are not published and are deleted at the latest one year "
    "after the centre's answer."
)
PROPOSAL_CONSENT = ConsentText(version="2026-11", text=PROPOSAL_CONSENT_TEXT)

FOUNDING_CONSENT_TEXT = _(
    "I agree that the regional self-help centre keeps what I enter here, including my interest in "
    "a group on this theme, to tell me about the group's first meeting. It is not passed on to "
    "anyone else and is deleted at the latest one year after the group has started or the "
    "project has been given up. I can withdraw my consent at any time."
)
FOUNDING_CONSENT = ConsentText(version="2026-11", text=FOUNDING_CONSENT_TEXT)
