"""Fictional contact requests and log entries, so that the Vaud centre has a day's work in the demo."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from entraide.accounts.models import Organisation
from entraide.centres.consent import CONTACT_CONSENT, FOUNDING_CONSENT, PROPOSAL_CONSENT
from entraide.centres.fields import raw_of_group
from entraide.centres.models import (
    CentreActivity,
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
    # The demo group contact looks after "Groupe d'entraide Deuil – Lausanne" (demo.directory).
    group = Group.objects.filter(organisation__code="group-deuil-lausanne").first() or groups[0]
    if group.organisation_id is None:
        Group.objects.filter(pk=group.pk).update(
            organisation=Organisation.objects.get(code="group-deuil-lausanne")
        )
    # A correction proposed by the public, waiting for the centre's review.
    ListingProposal.objects.create(
        centre=centre,
        group=group,
        # Only the field changed, with the listing's value when the sender started.
        data={"start_time": "18:30"},
        base={"start_time": raw_of_group(group)["start_time"]},
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
    _load_demo_log(centre, group, now)
    return len(REQUESTS)


# (days ago, kind, group?, professional's field, minutes, note): the centre's log.
LOG = [
    (3, "group_support", True, "", 90, "Médiation après un désaccord sur l'animation."),
    (
        5,
        "professional_enquiry",
        False,
        "nursing",
        20,
        "Quels groupes pour les proches en oncologie ?",
    ),
    (9, "professional_enquiry", False, "social_work", 15, "Groupes en allemand dans la région."),
    (16, "professional_enquiry", False, "medicine", None, "Demande de dépliants pour le cabinet."),
    (38, "group_support", True, "", 60, "Aide pour trouver une nouvelle salle."),
]


def _load_demo_log(centre: Organisation, group: Group, now: datetime) -> None:
    """A few lines of the centre's log of support to groups and professionals' enquiries."""
    CentreActivity.objects.bulk_create(
        CentreActivity(
            centre=centre,
            kind=kind,
            on=timezone.localdate(now - timedelta(days=days)),
            group=group if with_group else None,
            professional_field=field,
            minutes=minutes,
            note=note,
        )
        for days, kind, with_group, field, minutes, note in LOG
    )
