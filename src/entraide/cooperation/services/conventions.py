"""The convention of a triangle: drafted from the national template, its clauses changed or
added by the triangle, then signed by each party's signatory, in the application or by
uploading the signed copy. It counts as signed once every party has signed."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.cooperation.models import (
    ConventionClause,
    ConventionSignature,
    ConventionTemplate,
    ConventionVersion,
    Corner,
    SignatureMethod,
    TimelineKind,
    Triangle,
    TriangleStatus,
)
from entraide.cooperation.rules import required_corners, signatories
from entraide.cooperation.services._common import (
    add_event,
    locked,
    require,
    require_open,
    set_status,
)
from entraide.cooperation.uploads import store_pdf
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.models import AuditEntry
from entraide.core.permissions import may

WORK = "cooperation.work_on_triangle"
CLAUSE_FIELDS = ("position", "title", "text")


@transaction.atomic
def convention_draft(*, by: User, triangle: Triangle, data: dict[str, Any]) -> ConventionVersion:
    """A new version of the convention from the current template, in the triangle's language.

    The clauses the triangle changed or added in its previous version are carried over.
    """
    require(by, WORK, triangle)
    triangle = locked(triangle)
    require_open(triangle)
    drafted_on: date = data["drafted_on"]
    if drafted_on > timezone.localdate():
        raise ValidationError({"drafted_on": _("The draft date cannot be in the future.")})
    template = ConventionTemplate.objects.current()
    if template is None:
        raise ValidationError(_("The national office has not published a convention template yet."))
    previous = triangle.conventions.order_by("-number").first()
    number = (triangle.conventions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ConventionVersion(
        triangle=triangle,
        number=number,
        drafted_on=drafted_on,
        template=template,
        language=triangle.language,
        notes=data.get("notes", ""),
    )
    version.full_clean()
    version.save()
    ConventionClause.objects.bulk_create(_clauses_for(version, template, previous))
    add_event(triangle, by, TimelineKind.CONVENTION_DRAFTED, str(number))
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=version,
        after={
            **snapshot(version, ("number", "drafted_on", "language")),
            "template": template.number,
        },
    )
    return version


def _clauses_for(
    version: ConventionVersion, template: ConventionTemplate, previous: ConventionVersion | None
) -> list[ConventionClause]:
    """The template's clauses in the version's language, with the previous version's own
    texts where the triangle had changed a clause (same key) and its added clauses after."""
    language = version.language
    changed: dict[str, str] = {}
    added: list[ConventionClause] = []
    if previous is not None and previous.language == language:
        for clause in previous.clauses.select_related("template_clause"):
            if clause.template_clause is None:
                added.append(clause)
            elif clause.text.strip() != clause.template_text(language).strip():
                changed[clause.template_clause.key] = clause.text
    clauses = [
        ConventionClause(
            convention=version,
            position=position,
            template_clause=source,
            title=source.title_in(language),
            text=changed.get(source.key, source.text_in(language)),
        )
        for position, source in enumerate(template.clauses.order_by("position", "pk"), 1)
    ]
    clauses += [
        ConventionClause(
            convention=version, position=len(clauses) + n, title=old.title, text=old.text
        )
        for n, old in enumerate(added, 1)
    ]
    return clauses


def _editable(by: User, version: ConventionVersion) -> Triangle:
    """The version's triangle, locked, when its clauses may still change."""
    triangle = version.triangle
    require(by, WORK, triangle)
    triangle = locked(triangle)
    require_open(triangle)
    if version.signed_on or version.signatures.exists():
        raise ValidationError(
            _("A party has already signed this version; draft a new version to change it.")
        )
    return triangle


@transaction.atomic
def convention_clause_save(
    *,
    by: User,
    version: ConventionVersion,
    clause: ConventionClause | None = None,
    data: dict[str, Any],
) -> ConventionClause:
    """Change a clause's text, or add a clause of the triangle's own (title and text)."""
    _editable(by, version)
    text = (data.get("text") or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the clause's text.")})
    if clause is None:
        title = (data.get("title") or "").strip()
        if not title:
            raise ValidationError({"title": _("Give the clause a title.")})
        last = version.clauses.aggregate(n=Max("position"))["n"] or 0
        clause = ConventionClause(convention=version, position=last + 1, title=title, text=text)
        clause.full_clean()
        clause.save()
        audit_record(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=clause,
            after=snapshot(clause, CLAUSE_FIELDS),
        )
        return clause
    before = snapshot(clause, CLAUSE_FIELDS)
    clause.text = text
    if clause.template_clause_id is None and (data.get("title") or "").strip():
        clause.title = data["title"].strip()
    clause.full_clean()
    clause.save(update_fields=["title", "text"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=clause,
        before=before,
        after=snapshot(clause, CLAUSE_FIELDS),
    )
    return clause


@transaction.atomic
def convention_clause_restore(*, by: User, clause: ConventionClause) -> ConventionClause:
    """Give a changed clause the template's text back."""
    version = clause.convention
    _editable(by, version)
    if clause.template_clause is None:
        raise ValidationError(
            _("This clause was added by the cooperation; it has no template text.")
        )
    before = snapshot(clause, CLAUSE_FIELDS)
    clause.text = clause.template_text(version.language)
    clause.save(update_fields=["text"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=clause,
        before=before,
        after=snapshot(clause, CLAUSE_FIELDS),
    )
    return clause


@transaction.atomic
def convention_clause_remove(*, by: User, clause: ConventionClause) -> None:
    """Take out a clause the triangle added (the template's clauses stay)."""
    _editable(by, clause.convention)
    if clause.template_clause_id is not None:
        raise ValidationError(
            _("The clauses of the template stay in the convention; you may change their text.")
        )
    audit_record(
        actor=by,
        action=AuditEntry.Action.DELETE,
        obj=clause,
        before=snapshot(clause, CLAUSE_FIELDS),
    )
    clause.delete()


def party_label(corner: str, triangle: Triangle) -> str:
    """The party as a sentence names it: the institution's or the centre's name, or the groups."""
    if corner == Corner.INSTITUTION:
        return triangle.institution.name
    if corner == Corner.CENTRE:
        return triangle.centre.name
    return _("the participating self-help groups")


def _refusal(corner: str, triangle: Triangle) -> str:
    if corner == Corner.INSTITUTION:
        return _("Only the management of %(institution)s signs for the health institution.") % {
            "institution": triangle.institution.name
        }
    if corner == Corner.CENTRE:
        return _("Only the staff of %(centre)s sign for the regional centre.") % {
            "centre": triangle.centre.name
        }
    return _("Only the contacts of the participating groups sign for the self-help groups.")


def _check_signatory(
    by: User, version: ConventionVersion, corner: str
) -> tuple[Triangle, ConventionVersion, dict[str, list[Any]]]:
    """The locked triangle and version when ``by`` may sign this version for ``corner``."""
    triangle = version.triangle
    # Outside the triangle: nothing to see (the view answers 404).
    require(by, WORK, triangle)
    triangle = locked(triangle)
    require_open(triangle)
    version = ConventionVersion.objects.select_for_update().get(pk=version.pk)
    if version.signed_on:
        raise ValidationError(
            _("This version is already signed; draft a new version to change it.")
        )
    if triangle.conventions.filter(number__gt=version.number).exists():
        raise ValidationError(_("A newer version of this convention exists; sign that one."))
    if not may(by, "cooperation.sign_convention", triangle):
        raise ValidationError(
            _(
                "You cannot sign this convention: the institution's management, the centre's "
                "staff and the contacts of the participating groups sign it."
            )
        )
    people = signatories(triangle)
    if corner not in Corner.values or by not in people[corner]:
        raise ValidationError({"corner": _refusal(corner, triangle)})
    if version.signatures.filter(corner=corner).exists():
        raise ValidationError(
            {
                "corner": _("%(party)s has already signed this version.")
                % {"party": party_label(corner, triangle)}
            }
        )
    return triangle, version, people


def _record(
    *,
    by: User,
    triangle: Triangle,
    version: ConventionVersion,
    people: dict[str, list[Any]],
    corner: str,
    signed_on: date,
    method: str,
    document: Any = None,
) -> ConventionSignature:
    signature = ConventionSignature.objects.create(
        convention=version,
        corner=corner,
        user=by,
        name=by.display_name or by.email,
        signed_on=signed_on,
        method=method,
        document=document,
    )
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=signature,
        after={
            "version": version.number,
            "corner": corner,
            "signed_on": str(signed_on),
            "method": method,
            **({"document": document.sha256} if document else {}),
        },
    )
    add_event(
        triangle,
        by,
        TimelineKind.CONVENTION_PARTY_SIGNED,
        f"{version.number}:{corner}",
    )
    signed = {s.corner: s.signed_on for s in version.signatures.all()}
    if all(c in signed for c in required_corners(people)):
        _complete(by=by, triangle=triangle, version=version, signed_on=max(signed.values()))
    return signature


def _complete(*, by: User, triangle: Triangle, version: ConventionVersion, signed_on: date) -> None:
    """Every party has signed: the version is signed on the last signature's date."""
    version.signed_on = signed_on
    version.save(update_fields=["signed_on"])
    add_event(triangle, by, TimelineKind.CONVENTION_SIGNED, str(version.number))
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=version,
        before={"signed_on": None},
        after={"signed_on": str(signed_on)},
    )
    if triangle.status == TriangleStatus.PREPARATION:
        set_status(triangle, by, TriangleStatus.SIGNED)


@transaction.atomic
def convention_sign(*, by: User, version: ConventionVersion, corner: str) -> ConventionSignature:
    """Sign the version in the application for one party, today."""
    triangle, version, people = _check_signatory(by, version, corner)
    return _record(
        by=by,
        triangle=triangle,
        version=version,
        people=people,
        corner=corner,
        signed_on=timezone.localdate(),
        method=SignatureMethod.APP,
    )


@transaction.atomic
def convention_upload(
    *, by: User, version: ConventionVersion, corner: str, signed_on: date, upload: Any
) -> ConventionSignature:
    """Upload the copy signed on paper; it records the signature of the uploader's party."""
    triangle, version, people = _check_signatory(by, version, corner)
    if signed_on < version.drafted_on:
        raise ValidationError(
            {
                "signed_on": _("The convention cannot be signed before it was drafted (%(date)s).")
                % {"date": version.drafted_on.strftime("%d.%m.%Y")}
            }
        )
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("The signature date cannot be in the future.")})
    try:
        document = store_pdf(upload=upload, by=by)
    except ValidationError as error:
        raise ValidationError({"signed_copy": error.messages}) from error
    version.signed_copy = document
    version.save(update_fields=["signed_copy"])
    return _record(
        by=by,
        triangle=triangle,
        version=version,
        people=people,
        corner=corner,
        signed_on=signed_on,
        method=SignatureMethod.UPLOAD,
        document=document,
    )
