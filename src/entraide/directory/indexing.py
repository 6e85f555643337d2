"""Writing groups so that the search finds them: their place in name order and the vocabulary.

Every write of a group goes through ``group_save`` or ``groups_bulk_create``
(never ``Group.save()`` or ``Group.objects.bulk_create()`` alone): the model
keeps the search text, computed from the group's own fields
(``searchtext``); these keep what depends on the other groups, the place in
name order (``ordering``), and the vocabulary that typo tolerance reads
(``SearchWord``). The search index itself follows the groups through
database triggers (migration 0011).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from entraide.directory.models import Group, SearchWord
from entraide.directory.ordering import number_unnumbered, place_in_name_order
from entraide.directory.search_backends import words_of
from entraide.directory.searchtext import group_search_text, search_text_changes


def group_save(group: Group, *, update_fields: Iterable[str] | None = None) -> Group:
    """Save a group with its search text and place in name order, and add its words.

    ``update_fields`` as for ``Model.save``: the derived columns a change of
    those fields moves are written with them. A group whose name has not
    changed keeps the number the database holds now (see
    ``ordering.place_in_name_order``).
    """
    fields = None if update_fields is None else set(update_fields)
    derived: set[str] = set()
    if (fields is None or "name" in fields) and place_in_name_order(group):
        derived |= {"sort_name", "search_order"}
    for attempt in range(3):
        try:
            with transaction.atomic():
                group.save(update_fields=None if fields is None else {*fields, *derived})
            break
        except IntegrityError:
            # Another save took the same number between the same neighbours
            # at the same moment: take a new one (other errors raise again).
            if attempt == 2 or "search_order" not in derived:
                raise
            group.search_order = None
            place_in_name_order(group)
    if search_text_changes(fields):
        vocabulary_add([group.search_text])
    return group


def groups_bulk_create(groups: Iterable[Group], **options: Any) -> list[Group]:
    """Create groups in bulk with their search text and place in name order; the groups created.

    ``options`` go to ``bulk_create`` (``batch_size``). Groups still without a
    number (``ordering.place_many_in_name_order`` gives numbers beforehand) are
    numbered at once: without it they would be missing from the search index
    until the hourly job numbered them.
    """
    created: list[Group] = Group.objects.bulk_create(list(groups), **options)
    vocabulary_add(group.search_text for group in created)
    number_unnumbered()
    return created


def groups_refresh_search_text(groups: list[Group]) -> None:
    """Recompute the search text of these groups (after an import or a bulk change)."""
    for group in groups:
        group.search_text = group_search_text(group)
    Group.objects.bulk_update(groups, ["search_text"], batch_size=500)
    vocabulary_add(group.search_text for group in groups)


def vocabulary_add(search_texts: Iterable[str]) -> None:
    """Add the words of these search texts to the vocabulary that typo tolerance reads."""
    words: set[str] = set()
    for text in search_texts:
        words |= words_of(text)
    SearchWord.objects.bulk_create(
        [SearchWord(word=word, length=len(word)) for word in sorted(words)],
        ignore_conflicts=True,
        batch_size=1000,
    )
