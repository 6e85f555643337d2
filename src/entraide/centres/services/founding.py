"""Groups being founded: a public page per project, interest registered with consent,
the centre told at its threshold, a first meeting announced, the project turned into a group.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation, User
from entraide.centres.consent import FOUNDING_CONSENT
from entraide.centres.fields import PROJECT_FORM_FIELDS
from entraide.centres.models import (
    OPEN_FOUNDING,
    FoundingInterest,
    FoundingProject,
    FoundingStatus,
    ToldBy,
)
from entraide.centres.services.centre import notify_centre_staff, require_staff, retention_cutoff
from entraide.centres.services.listings import group_save
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.lib.notify import notify_person
from entraide.core.models import AuditEntry, OutboxMessage
from entraide.directory.models import Group

# What the audit trail follows on a project: its form and its course.
PROJECT_FIELDS = (*PROJECT_FORM_FIELDS, "status", "first_meeting_at", "first_meeting_place")


@transaction.atomic
def project_save(
    *, by: User, centre: Organisation, project: FoundingProject | None, data: dict[str, Any]
) -> FoundingProject:
    require_staff(by, centre)
    creating = project is None
    if project is None:
        project = FoundingProject(centre=centre)
        before: dict[str, Any] = {}
    else:
        if project.centre_id != centre.pk:
            raise PermissionDenied("A centre changes only its own projects.")
        before = snapshot(project, PROJECT_FIELDS)
    if data["canton"] not in centre.cantons.all():
        raise ValidationError({"canton": _("This canton is outside the centre's region.")})
    for name in PROJECT_FORM_FIELDS:
        setattr(project, name, data[name])
    project.full_clean()
    project.save()
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
        obj=project,
        before=before,
        after=snapshot(project, PROJECT_FIELDS),
    )
    _check_threshold(project)
    return project


def _check_threshold(project: FoundingProject) -> None:
    """Tell the centre's staff once when enough people are interested to start."""
    if project.threshold_reached_at or project.status != FoundingStatus.GATHERING:
        return
    count = project.interests.count()
    if count < project.threshold:
        return
    FoundingProject.objects.filter(pk=project.pk).update(threshold_reached_at=timezone.now())
    notify_centre_staff(
        project.centre_id,
        kind="founding_threshold",
        template="centres/email/founding_threshold",
        context={"project": project, "centre": project.centre, "count": count},
    )


@transaction.atomic
def interest_register(
    *, project: FoundingProject, name: str, email: str, phone: str, language: str, consent: bool
) -> FoundingInterest:
    """A person registers interest in a group being founded (public; nothing kept without consent)."""
    stamp = FOUNDING_CONSENT.stamp(consent=consent)
    project = FoundingProject.objects.select_for_update().get(pk=project.pk)
    if project.status not in OPEN_FOUNDING:
        raise ValidationError(_("This group is no longer being founded."))
    # The same person registering twice (or a double click) counts once.
    same = FoundingInterest.objects.filter(project=project)
    already = (email and same.filter(email__iexact=email).first()) or (
        phone and same.filter(phone=phone).first()
    )
    if already:
        return already
    interest = FoundingInterest(
        project=project,
        name=name,
        email=email,
        phone=phone,
        language=language,
        **stamp,
    )
    interest.full_clean()
    interest.save()
    audit_record(
        actor=None,
        action=AuditEntry.Action.CREATE,
        obj=interest,
        after={"project": project.pk},
        label="",
    )
    if email:
        notify_person(
            email=email,
            language=language,
            kind="founding_registered",
            template="centres/email/founding_registered",
            context={"project": project, "name": name},
        )
    _check_threshold(project)
    return interest


@transaction.atomic
def first_meeting_plan(
    *, by: User, project: FoundingProject, at: datetime, place: str, message: str = ""
) -> FoundingProject:
    """Set the first meeting and tell every interested person with an email address.

    Each one emailed is marked with the meeting they were told of; those who gave only a
    phone number show in the centre's list as needing a call (``FoundingInterest.needs_call``).
    """
    require_staff(by, project.centre)
    project = FoundingProject.objects.select_for_update().get(pk=project.pk)
    if project.status not in OPEN_FOUNDING:
        raise ValidationError(_("This project is closed."))
    if at <= timezone.now():
        raise ValidationError({"at": _("Please choose a date in the future.")})
    before = snapshot(project, PROJECT_FIELDS)
    project.first_meeting_at = at
    project.first_meeting_place = place.strip()
    project.status = FoundingStatus.MEETING_PLANNED
    project.save(update_fields=["first_meeting_at", "first_meeting_place", "status"])
    told = 0
    now = timezone.now()
    for interest in project.interests.exclude(email=""):
        notify_person(
            email=interest.email,
            language=interest.language,
            kind="founding_meeting",
            template="centres/email/founding_meeting",
            context={"project": project, "name": interest.name, "message": message.strip()},
        )
        told += 1
    project.interests.exclude(email="").update(
        told_meeting_at=at, told_by=ToldBy.EMAIL, told_on=now
    )
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=project,
        before=before,
        after={
            **snapshot(project, PROJECT_FIELDS),
            "told": told,
            "to_call": project.interests.filter(email="").count(),
        },
    )
    return project


@transaction.atomic
def interest_mark_called(
    *, by: User, project: FoundingProject, interest_id: int
) -> FoundingInterest:
    """The centre has called this person about the first meeting as it stands now."""
    require_staff(by, project.centre)
    project = FoundingProject.objects.select_for_update().get(pk=project.pk)
    interest = FoundingInterest.objects.filter(project=project, pk=interest_id).first()
    if interest is None or project.first_meeting_at is None:
        raise ValidationError(_("There is nobody to call about a first meeting here."))
    interest.told_meeting_at = project.first_meeting_at
    interest.told_by = ToldBy.PHONE
    interest.told_on = timezone.now()
    interest.save(update_fields=["told_meeting_at", "told_by", "told_on"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=interest,
        after={"told_by": ToldBy.PHONE, "told_meeting_at": str(project.first_meeting_at)},
        label="",
    )
    return interest


@transaction.atomic
def project_start(*, by: User, project: FoundingProject, data: dict[str, Any]) -> Group:
    """The group has started: it is listed (a GroupForm's data, criteria checked) and linked."""
    require_staff(by, project.centre)
    project = FoundingProject.objects.select_for_update().get(pk=project.pk)
    if project.status not in OPEN_FOUNDING:
        raise ValidationError(_("This project is closed."))
    group = group_save(by=by, centre=project.centre, group=None, data=data)
    before = snapshot(project, PROJECT_FIELDS)
    project.group = group
    project.status = FoundingStatus.STARTED
    project.closed_at = timezone.now()
    project.save(update_fields=["group", "status", "closed_at"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=project,
        before=before,
        after={**snapshot(project, PROJECT_FIELDS), "group": group.pk},
    )
    return group


@transaction.atomic
def project_abandon(*, by: User, project: FoundingProject) -> FoundingProject:
    require_staff(by, project.centre)
    project = FoundingProject.objects.select_for_update().get(pk=project.pk)
    if project.status not in OPEN_FOUNDING:
        raise ValidationError(_("This project is closed."))
    before = snapshot(project, PROJECT_FIELDS)
    project.status = FoundingStatus.ABANDONED
    project.closed_at = timezone.now()
    project.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=project,
        before=before,
        after=snapshot(project, PROJECT_FIELDS),
    )
    return project


def delete_old_interests(*, now: datetime) -> int:
    """The people interested in a closed project: deleted after the centre's retention period."""
    cutoff = retention_cutoff(now)
    deleted = 0
    closed = FoundingProject.objects.exclude(status__in=OPEN_FOUNDING).filter(
        closed_at__isnull=False, interests__isnull=False
    )
    for project_id, centre_id, closed_at in closed.values_list(
        "pk", "centre_id", "closed_at"
    ).distinct():
        if closed_at and closed_at <= cutoff(centre_id):
            interests = FoundingInterest.objects.filter(project_id=project_id)
            # The emails sent to them hold their address and their interest in the theme.
            OutboxMessage.objects.filter(
                kind__in=["founding_registered", "founding_meeting"],
                to_email__in=interests.exclude(email="").values("email"),
            ).update(to_email="anonymised@invalid", body="", html_body="")
            count = interests.delete()[0]
            audit_record(
                actor=None,
                action=AuditEntry.Action.DELETE,
                object_type="centres.foundinginterest",
                object_id=f"project {project_id}",
                after={"project": project_id, "deleted": count},
                label="retention",
            )
            deleted += count
    return deleted
