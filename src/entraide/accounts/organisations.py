"""Every write of organisations: the import (a CSV file, the demo), creation, changes, activation.

The import is all-or-nothing: every row is checked first, every error is
listed with its line, and nothing is written unless the whole file is right.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation, OrganisationKind, User
from entraide.core.lib.audit import audit_record, snapshot
from entraide.core.models import AuditEntry, Canton, Language
from entraide.core.permissions import may

CSV_COLUMNS = ("kind", "name", "cantons", "email", "phone", "website", "languages")
# Kinds a file may hold: the national office is created by ``manage.py setup``; a
# self-help group's organisation belongs to its regional centre.
IMPORTABLE_KINDS = frozenset(OrganisationKind.values) - {
    OrganisationKind.NATIONAL_OFFICE,
    OrganisationKind.SELF_HELP_GROUP,
}
AUDITED_FIELDS = [
    "kind",
    "name",
    "code",
    "canton",
    "email",
    "phone",
    "website",
    "hours",
    "institution_type",
    "parent",
]


@dataclass(frozen=True)
class OrganisationRow:
    """One organisation to create or update; ``line`` names it in error messages."""

    line: int
    kind: str
    name: str
    cantons: tuple[str, ...] = ()
    email: str = ""
    phone: str = ""
    website: str = ""
    languages: tuple[str, ...] = ()
    # Optional: a code (else one is made from the name), the home canton (else the
    # first canton), the parent organisation's code (in the file or already saved).
    code: str = ""
    home: str = ""
    parent: str = ""


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportResult:
    created: list[Organisation] = field(default_factory=list)
    updated: list[Organisation] = field(default_factory=list)
    unchanged: list[Organisation] = field(default_factory=list)
    dry_run: bool = False


class ImportRefused(ValidationError):
    """The file was refused; ``errors`` lists every problem with its line."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__([str(error) for error in errors])
        self.errors = errors


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split("|") if part.strip())


def rows_from_csv(text: str) -> list[OrganisationRow]:
    """The rows of a CSV file (header ``kind,name,cantons,email,phone,website,languages``).

    Raises ImportRefused for a file without the columns or with kinds a file may not hold.
    """
    text = text.removeprefix("\ufeff")
    try:
        dialect: Any = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in CSV_COLUMNS if name not in header]
    if missing:
        raise ImportRefused(
            [RowError(1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})]
        )
    reader.fieldnames = header
    rows: list[OrganisationRow] = []
    errors: list[RowError] = []
    for number, record in enumerate(reader, start=2):
        cells = {key: (value or "").strip() for key, value in record.items() if key}
        if not any(cells.values()):
            continue
        kind = cells["kind"]
        if kind in OrganisationKind.values and kind not in IMPORTABLE_KINDS:
            errors.append(
                RowError(
                    number,
                    _("Organisations of the kind %(kind)s are not imported from a file.")
                    % {"kind": kind},
                )
            )
        rows.append(
            OrganisationRow(
                line=number,
                kind=kind,
                name=cells["name"],
                cantons=tuple(code.upper() for code in _split(cells["cantons"])),
                email=cells["email"],
                phone=cells["phone"],
                website=cells["website"],
                languages=tuple(code.lower() for code in _split(cells["languages"])),
            )
        )
    if errors:
        raise ImportRefused(errors)
    return rows


def _find_existing(row: OrganisationRow) -> Organisation | None:
    if row.code:
        return Organisation.objects.filter(code=row.code).first()
    return Organisation.objects.filter(kind=row.kind, name__iexact=row.name).first()


def _check_row(
    row: OrganisationRow, cantons: set[str], languages: set[str], codes: set[str]
) -> list[str]:
    problems: list[str] = []
    if row.kind not in OrganisationKind.values:
        problems.append(_("Unknown kind: %(kind)s.") % {"kind": row.kind or "–"})
    if not row.name:
        problems.append(_("The name is missing."))
    if not row.cantons and not row.home:
        problems.append(_("At least one canton is needed."))
    for code in row.cantons + ((row.home,) if row.home else ()):
        if code not in cantons:
            problems.append(_("Unknown canton: %(code)s.") % {"code": code})
    if len(row.cantons) > 1 and row.kind != OrganisationKind.REGIONAL_CENTRE:
        problems.append(_("Only a regional centre covers several cantons."))
    for code in row.languages:
        if code not in languages:
            problems.append(_("Unknown language: %(code)s.") % {"code": code})
    if row.email:
        try:
            EmailValidator()(row.email)
        except ValidationError:
            problems.append(_("Invalid email address: %(value)s.") % {"value": row.email})
    if row.website:
        try:
            URLValidator(schemes=["http", "https"])(row.website)
        except ValidationError:
            problems.append(_("Invalid website address: %(value)s.") % {"value": row.website})
    if row.parent and row.parent not in codes:
        problems.append(_("Unknown parent organisation: %(code)s.") % {"code": row.parent})
    return problems


def check_rows(rows: Sequence[OrganisationRow]) -> list[RowError]:
    """Every problem of the rows, with its line; an empty list when the import may go ahead."""
    cantons = set(Canton.objects.values_list("code", flat=True))
    languages = set(Language.objects.values_list("code", flat=True))
    codes = set(Organisation.objects.values_list("code", flat=True)) | {
        row.code for row in rows if row.code
    }
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    covered_in_file: dict[str, int] = {}
    replaced: set[int] = set()
    for row in rows:
        for problem in _check_row(row, cantons, languages, codes):
            errors.append(RowError(row.line, problem))
        key = (row.kind, row.code or row.name.casefold())
        if key in seen:
            errors.append(
                RowError(
                    row.line,
                    _("The same organisation is already on line %(line)s.") % {"line": seen[key]},
                )
            )
        seen[key] = row.line
        existing = _find_existing(row)
        if existing is not None:
            replaced.add(existing.pk)
    # A canton has one regional centre: in the file, and with the centres already saved.
    saved = (
        Organisation.objects.active_centres().exclude(pk__in=replaced).prefetch_related("cantons")
    )
    covered_saved = {
        canton.code: centre.name for centre in saved for canton in centre.cantons.all()
    }
    for row in rows:
        if row.kind != OrganisationKind.REGIONAL_CENTRE:
            continue
        for code in row.cantons:
            if code in covered_in_file:
                errors.append(
                    RowError(
                        row.line,
                        _("The canton %(code)s is already covered by the centre on line %(line)s.")
                        % {"code": code, "line": covered_in_file[code]},
                    )
                )
            elif code in covered_saved:
                errors.append(
                    RowError(
                        row.line,
                        _("The canton %(code)s is already covered by %(centre)s.")
                        % {"code": code, "centre": covered_saved[code]},
                    )
                )
            covered_in_file.setdefault(code, row.line)
    return sorted(errors, key=lambda error: error.line)


def _unique_code(name: str, taken: set[str]) -> str:
    base = slugify(name)[:34] or "organisation"
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    taken.add(code)
    return code


def _state(organisation: Organisation) -> dict[str, Any]:
    state = snapshot(organisation, AUDITED_FIELDS)
    state["cantons"] = " ".join(sorted(c.code for c in organisation.cantons.all()))
    state["languages"] = " ".join(sorted(lang.code for lang in organisation.languages.all()))
    return state


def _require_coordinator(by: User | None) -> None:
    # ``None`` is the operator's command line (``manage.py import_organisations``, the demo).
    if by is not None and not may(by, "accounts.manage_organisations"):
        raise PermissionDenied("accounts.manage_organisations")


@transaction.atomic
def organisations_import(
    *, by: User | None, rows: Sequence[OrganisationRow], dry_run: bool = False
) -> ImportResult:
    """Create or update the organisations of the rows, all or nothing.

    An organisation is the same when its code matches (rows that give one) or
    else its kind and name. Raises ImportRefused listing every error; with
    ``dry_run`` checks and counts, then writes nothing.
    """
    _require_coordinator(by)
    errors = check_rows(rows)
    if errors:
        raise ImportRefused(errors)
    cantons = {canton.code: canton for canton in Canton.objects.all()}
    languages = {language.code: language for language in Language.objects.all()}
    taken = set(Organisation.objects.values_list("code", flat=True))
    by_code: dict[str, Organisation] = {}
    result = ImportResult(dry_run=dry_run)
    for row in rows:
        organisation = _find_existing(row)
        before = _state(organisation) if organisation is not None else None
        if organisation is None:
            organisation = Organisation(code=row.code or _unique_code(row.name, taken))
        organisation.kind = row.kind
        organisation.name = row.name
        organisation.canton = cantons[row.home or row.cantons[0]]
        organisation.email = row.email
        organisation.phone = row.phone
        organisation.website = row.website
        organisation.parent = (
            (by_code.get(row.parent) or Organisation.objects.get(code=row.parent))
            if row.parent
            else None
        )
        organisation.full_clean(exclude=["cantons", "languages"])
        organisation.save()
        covered = row.cantons if row.kind == OrganisationKind.REGIONAL_CENTRE else ()
        organisation.cantons.set([cantons[code] for code in covered])
        organisation.languages.set([languages[code] for code in row.languages])
        by_code[organisation.code] = organisation
        after = _state(organisation)
        if before is None:
            result.created.append(organisation)
            audit_record(actor=by, action=AuditEntry.Action.CREATE, obj=organisation, after=after)
        elif before != after:
            result.updated.append(organisation)
            audit_record(
                actor=by,
                action=AuditEntry.Action.UPDATE,
                obj=organisation,
                before=before,
                after=after,
            )
        else:
            result.unchanged.append(organisation)
    if dry_run:
        transaction.set_rollback(True)
    return result


def _covered_elsewhere(organisation: Organisation, cantons: Sequence[Canton]) -> list[str]:
    """The cantons another active regional centre already covers, named with that centre."""
    taken = (
        Organisation.objects.filter(
            kind=OrganisationKind.REGIONAL_CENTRE,
            is_active=True,
            cantons__in=[canton.pk for canton in cantons],
        )
        .exclude(pk=organisation.pk)
        .values_list("cantons__code", "name")
    )
    wanted = {canton.pk for canton in cantons}
    return [
        _("The canton %(code)s is already covered by %(centre)s.") % {"code": code, "centre": name}
        for code, name in taken
        if code in wanted
    ]


@transaction.atomic
def organisation_save(
    *,
    by: User,
    organisation: Organisation | None,
    kind: str,
    name: str,
    code: str,
    canton: Canton,
    cantons: Sequence[Canton] = (),
    email: str = "",
    phone: str = "",
    website: str = "",
    hours: str = "",
    languages: Sequence[Language] = (),
    institution_type: str = "",
) -> Organisation:
    """Create (``organisation=None``) or change an organisation; the national coordinator only.

    Only a regional centre covers cantons, and a canton has one active centre:
    a canton moves from a centre to another with ``centres.services.regions``.
    """
    if not may(by, "accounts.manage_organisations"):
        raise PermissionDenied("accounts.manage_organisations")
    creating = organisation is None
    if organisation is None:
        organisation = Organisation()
        before: dict[str, Any] = {}
    else:
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = _state(organisation)
    # There is one national office, created by ``manage.py setup``; it stays one.
    office = OrganisationKind.NATIONAL_OFFICE
    was_office = organisation.kind == office
    if (kind == office) != was_office and (
        was_office or Organisation.objects.filter(kind=office).exists()
    ):
        raise ValidationError({"kind": _("There is one national office; its kind stays.")})
    organisation.kind = kind
    organisation.name = name
    organisation.code = code
    organisation.canton = canton
    organisation.email = email
    organisation.phone = phone
    organisation.website = website
    is_centre = kind == OrganisationKind.REGIONAL_CENTRE
    organisation.hours = hours if is_centre else ""
    is_institution = kind == OrganisationKind.HEALTH_INSTITUTION
    organisation.institution_type = institution_type if is_institution else ""
    covered = list(cantons) if is_centre else []
    organisation.full_clean(exclude=["cantons", "languages", "parent"])
    if covered and organisation.is_active:
        problems = _covered_elsewhere(organisation, covered)
        if problems:
            raise ValidationError({"cantons": problems})
    organisation.save()
    organisation.cantons.set(covered)
    organisation.languages.set(list(languages) if is_centre else [])
    audit_record(
        actor=by,
        action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
        obj=organisation,
        before=before,
        after=_state(organisation),
    )
    return organisation


@transaction.atomic
def organisation_set_active(*, by: User, organisation: Organisation, active: bool) -> Organisation:
    """Deactivate or reactivate an organisation; its people keep their accounts.

    The national office cannot be deactivated, nor a regional centre that
    still covers cantons (they move to another centre first). A centre
    reactivated must not cover a canton another active centre has taken meanwhile.
    """
    if not may(by, "accounts.manage_organisations"):
        raise PermissionDenied("accounts.manage_organisations")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.is_active == active:
        return organisation
    if not active and organisation.kind == OrganisationKind.NATIONAL_OFFICE:
        raise ValidationError(_("The national office cannot be deactivated."))
    covered = [canton.code for canton in organisation.cantons.all()]
    if not active and organisation.kind == OrganisationKind.REGIONAL_CENTRE and covered:
        # Its staff would lose the workspace where its groups' contact requests arrive.
        raise ValidationError(
            _(
                "Move the cantons of this centre to another centre first (%(cantons)s): their"
                " groups and open contact requests need a centre to handle them."
            )
            % {"cantons": ", ".join(covered)}
        )
    if active and organisation.kind == OrganisationKind.REGIONAL_CENTRE:
        problems = _covered_elsewhere(organisation, list(organisation.cantons.all()))
        if problems:
            raise ValidationError(problems)
    organisation.is_active = active
    organisation.save(update_fields=["is_active"])
    audit_record(
        actor=by,
        action=AuditEntry.Action.UPDATE,
        obj=organisation,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return organisation
