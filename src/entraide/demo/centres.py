"""Fictional contact requests, so that the Vaud centre's inbox has a day's work in the demo."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from entraide.accounts.models import Organisation
from entraide.centres.consent import CONTACT_CONSENT, FOUNDING_CONSENT, PROPOSAL_CONSENT
from entraide.centres.fields import raw_of_group
from entraide.centres.models import (
    ContactRequest,
    FoundingInterest,
    FoundingProject,
    GroupImport,
    ListingProposal,
)
from entraide.centres.services.imports import report_data
from entraide.directory.imports import groups_import
from entraide.directory.models import Group, Theme

# (days ago, name, channel, status, outcome, language, share contact, share message, message)
REQUESTS = [
    (0, "Sophie", "web", "new", "", "fr", True, True, "J'aimerais venir à la prochaine rencontre."),
    (1, "Luca", "web", "new", "", "it", True, False, ""),
    (6, "A. (pseudonyme)", "web", "new", "", "fr", False, False, "Je préfère rester anonyme."),
    (4, "Jean-Marc", "phone", "counselling", "", "fr", True, True, ""),
    (12, "Brigitte", "email", "forwarded", "", "de", True, True, "Ich spreche wenig Französisch."),
    (40, "Nadia", "web", "closed", "joined", "fr", True, True, ""),
    (45, "Pierre", "phone", "closed", "referred", "fr", False, False, ""),
]


@transaction.atomic
def load_demo_requests() -> int:
    """Add the demo requests once (idempotent: nothing is added if the centre has requests)."""
    centre = Organisation.objects.get(code="centre-vd")
    if ContactRequest.objects.filter(centre=centre).exists():
        return 0
    groups = list(Group.objects.public().filter(centre=centre).order_by("pk")[:10])
    if not groups:
        return 0
    now = timezone.now()
    for index, row in enumerate(REQUESTS):
        days, name, channel, status, outcome, language, share_contact, share_message, text = row
        at = now - timedelta(days=days, hours=index)
        request = ContactRequest.objects.create(
            group=groups[index % len(groups)],
            centre=centre,
            channel=channel,
            name=name,
            email=f"{name.split()[0].lower().strip('.')}@example.org",
            language=language,
            message=text,
            share_contact=share_contact,
            share_message=share_message,
            **CONTACT_CONSENT.stamp(consent=True),
            consented_at=at,
            status=status,
            outcome=outcome,
            closed_at=at + timedelta(days=10) if status == "closed" else None,
        )
        ContactRequest.objects.filter(pk=request.pk).update(created_at=at)
    # The demo group contact looks after the first of these groups.
    group = groups[0]
    Group.objects.filter(pk=group.pk).update(
        organisation=Organisation.objects.get(code="group-deuil-lausanne")
    )
    # A correction proposed by the public, waiting for the centre's review.
    ListingProposal.objects.create(
        centre=centre,
        group=group,
        data={**raw_of_group(group), "start_time": "18:30"},
        comment="Nous commençons une demi-heure plus tôt depuis septembre.",
        sender_name="Martine",
        sender_email="martine@example.org",
        **PROPOSAL_CONSENT.stamp(consent=True),
    )
    # A list checked yesterday, one row of which needs a correction.
    content = (
        "name;themes;canton;municipality;postal_code;languages\n"
        "Cafe deuil Morges;bereavement;VD;Morges;1110;fr\n"
        "Parkinson Yverdon;parkinsons-disease;VD;Yverdon-les-Bains;1400;fr|de\n"
        "Groupe sans thème;;VD;Nyon;1260;fr\n"
    ).encode()
    report = groups_import(
        by=None, centre=centre, filename="liste-2026.csv", content=content, dry_run=True
    )
    GroupImport.objects.create(
        centre=centre,
        filename="liste-2026.csv",
        report=report_data(report),
        created_at=now - timedelta(days=1),
    )
    # A group being founded, nearly at its threshold.
    theme = Theme.objects.filter(code__in=["ocd", "obsessive-compulsive-disorder"]).first()
    theme = theme or group.themes.first() or Theme.objects.first()
    if theme is not None:
        project = FoundingProject.objects.create(
            centre=centre,
            title="Proches de personnes avec un TOC – Lausanne",
            theme=theme,
            canton_id="VD",
            municipality="Lausanne",
            language="fr",
            description="Un groupe pour les proches, accompagné au début par le centre.",
            threshold=5,
        )
        for n, name in enumerate(["Claude", "Inès", "Marc", "Yasmine"]):
            FoundingInterest.objects.create(
                project=project,
                name=name,
                email=f"{name.lower()}@example.org" if n % 2 == 0 else "",
                phone="" if n % 2 == 0 else "079 555 00 0" + str(n),
                **FOUNDING_CONSENT.stamp(consent=True),
            )
    return len(REQUESTS)
