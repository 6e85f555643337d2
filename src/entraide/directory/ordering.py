"""The groups' order by name, as numbers with gaps (``Group.search_order``).

Search results are listed by relevance, then by name. Sorting thousands of
matches by name for every page is what made a broad search slow; instead each
group carries a number that follows the order of the folded names (accents and
case aside, ties by id). The search index is keyed by this number, so a page
of results is read in order and stops after twenty.

Numbers are spread ``GAP`` apart. A new or renamed group takes the number
halfway between its neighbours; when two neighbours have no number left
between them (after some thirty insertions at one spot), every group is
numbered again.
"""

from __future__ import annotations

import bisect

from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Collate

from entraide.core.lib.text import fold
from entraide.directory.models import Group

GAP = 2**32


def sort_name_of(name: str) -> str:
    """The key a name is ordered by: folded (accents, case), as long as the column allows."""
    return fold(name)[:200]


def place_in_name_order(group: Group) -> bool:
    """Give a group being saved its folded name and number; True when they are to be written.

    A group whose name has not changed keeps the number the database holds now,
    even if this instance was read before a renumbering.
    """
    sort_name = sort_name_of(group.name)
    if group.pk is not None and not group._state.adding:
        current = Group.objects.filter(pk=group.pk).values_list("sort_name", "search_order")
        held = current.first()
        if held is not None and held[0] == sort_name and held[1] is not None:
            stale = (group.sort_name, group.search_order) != held
            group.sort_name, group.search_order = held
            return stale
    group.sort_name = sort_name
    group.search_order = _number_between_neighbours(group)
    if group.search_order is None:
        renumber_all()
        group.search_order = _number_between_neighbours(group)
    return True


def _number_between_neighbours(group: Group) -> int | None:
    # Names compare by code point, as Python sorts them, whatever the database's collation.
    collation = "C" if connection.vendor == "postgresql" else "BINARY"
    others = Group.objects.filter(search_order__isnull=False).alias(
        name_key=Collate(F("sort_name"), collation)
    )
    if group.pk:
        others = others.exclude(pk=group.pk)
        before = Q(name_key__lt=group.sort_name) | Q(name_key=group.sort_name, pk__lt=group.pk)
    else:  # a new group comes after the existing ones of the same name, as its id will
        before = Q(name_key__lte=group.sort_name)
    previous = (
        others.filter(before).order_by("-name_key", "-pk").values_list("search_order", flat=True)
    ).first()
    following = (
        others.exclude(before).order_by("name_key", "pk").values_list("search_order", flat=True)
    ).first()
    low = previous if previous is not None else 0
    if following is None:
        return low + GAP
    if following - low < 2:
        return None
    return (low + following) // 2


@transaction.atomic
def renumber_all() -> int:
    """Number every group again, ``GAP`` apart in name order (also those without a number).

    Numbers are unique: the current ones are first made negative, so that no
    new number meets an old one on the way.
    """
    Group.objects.filter(search_order__gt=0).update(search_order=-F("search_order"))
    groups = list(Group.objects.only("pk", "name", "sort_name", "search_order"))
    for group in groups:
        group.sort_name = sort_name_of(group.name)
    groups.sort(key=lambda g: (g.sort_name, g.pk))
    for number, group in enumerate(groups, start=1):
        group.search_order = number * GAP
    Group.objects.bulk_update(groups, ["sort_name", "search_order"], batch_size=1000)
    return len(groups)


def place_many_in_name_order(groups: list[Group]) -> int:
    """Give new, unsaved groups their folded name and a number between their neighbours; how many.

    For an import of thousands of groups: ``number_unnumbered`` would renumber
    every group of the directory (a write per group, and per row of the search
    index). Here the numbers in use are read once and the new groups are spread
    evenly in the gaps between them, in the order of the list for equal names
    (as their ids will be). A group left without a number (its gap is full)
    is numbered by ``indexing.groups_bulk_create`` as before. Call it in the
    transaction that creates the groups.
    """
    existing = list(
        Group.objects.filter(search_order__isnull=False)
        .order_by("search_order")
        .values_list("sort_name", "search_order")
    )
    names = [name for name, _ in existing]
    numbers = [number or 0 for _, number in existing]  # never None: filtered above
    gaps: dict[int, list[Group]] = {}
    for group in groups:
        group.sort_name = sort_name_of(group.name)
        group.search_order = None
    ordered = sorted(enumerate(groups), key=lambda item: (item[1].sort_name, item[0]))
    for _, group in ordered:
        # After the existing groups of the same name, as in _number_between_neighbours.
        gaps.setdefault(bisect.bisect_right(names, group.sort_name), []).append(group)
    placed = 0
    for gap, members in gaps.items():
        low = numbers[gap - 1] if gap > 0 else 0
        high = numbers[gap] if gap < len(numbers) else None
        step = GAP if high is None else (high - low) // (len(members) + 1)
        if step < 1:
            continue
        for position, group in enumerate(members, start=1):
            group.search_order = low + step * position
        placed += len(members)
    return placed


# Up to this many groups without a number are placed one by one; more are numbered afresh.
FEW = 200


def number_unnumbered() -> int:
    """Number the groups created without one (``bulk_create`` skips ``save``); how many."""
    pending = list(
        Group.objects.filter(search_order__isnull=True).only(
            "pk", "name", "sort_name", "search_order"
        )[: FEW + 1]
    )
    if len(pending) > FEW:
        return renumber_all()
    for group in pending:
        place_in_name_order(group)
        Group.objects.filter(pk=group.pk).update(
            sort_name=group.sort_name, search_order=group.search_order
        )
    return len(pending)
