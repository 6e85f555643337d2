"""The printable directory of a centre's public groups, by theme, rendered by WeasyPrint."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from entraide.accounts.models import Organisation
from entraide.core.lib.text import fold
from entraide.directory.exports.common import (
    has_direct_contact,
    meeting_in_words,
    public_url_maker,
    theme_label,
)
from entraide.directory.models import Group


@dataclass
class DirectoryEntry:
    """The public facts of one group, in the directory's language."""

    name: str
    languages: str
    kind: str
    audience: str
    meetings: str
    place: str
    address: str
    is_online: bool
    direct_contact: bool
    email: str
    phone: str
    url: str


@dataclass
class DirectorySection:
    anchor: str
    label: str
    entries: list[DirectoryEntry] = field(default_factory=list)


def directory_sections(groups: Iterable[Group], language: str) -> list[DirectorySection]:
    """The groups under each of their themes, themes in the order of their labels.

    A group with several themes is listed under each: a reader looks for a
    theme, not for a group. Groups without a theme come last.
    """
    url_of = public_url_maker(language)
    sections: dict[str, DirectorySection] = {}
    with translation.override(language):
        unthemed = DirectorySection(anchor="theme--other", label=_("Other groups"))
        for group in groups:
            entry = DirectoryEntry(
                name=group.name,
                languages=", ".join(str(lang.name) for lang in group.languages.all()),
                kind=str(capfirst(group.get_group_type_display())),
                audience=str(capfirst(group.get_audience_display())),
                meetings=meeting_in_words(group),
                place=f"{group.postal_code} {group.municipality} ({group.canton.name})",
                address=group.public_address,
                is_online=group.is_online,
                direct_contact=has_direct_contact(group),
                email=group.contact_email,
                phone=group.contact_phone,
                url=url_of(group.pk),
            )
            themes = list(group.themes.all())
            for theme in themes:
                section = sections.get(theme.code)
                if section is None:
                    label = theme_label(theme, language)
                    section = sections[theme.code] = DirectorySection(f"theme-{theme.code}", label)
                section.entries.append(entry)
            if not themes:
                unthemed.entries.append(entry)
    ordered = sorted(sections.values(), key=lambda s: (fold(s.label), s.anchor))
    for section in [*ordered, unthemed]:
        section.entries.sort(key=lambda e: (fold(e.name), e.name))
    return [*ordered, unthemed] if unthemed.entries else ordered


def directory_html(
    *, centre: Organisation, groups: Iterable[Group], language: str, today: date | None = None
) -> str:
    """The HTML of a centre's printable directory, for WeasyPrint."""
    sections = directory_sections(groups, language)
    with translation.override(language):
        return render_to_string(
            "directory/exports/directory.html",
            {
                "centre": centre,
                "language": language,
                "today": today or timezone.localdate(),
                "sections": sections,
                "group_count": len({entry.url for s in sections for entry in s.entries}),
            },
        )
