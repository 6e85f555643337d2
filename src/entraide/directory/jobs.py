"""Periodic jobs of the directory."""

from __future__ import annotations

from datetime import datetime, timedelta

from entraide.core.lib.periodic import periodic
from entraide.directory.ordering import number_unnumbered


@periodic("directory.name_order", every=timedelta(hours=1))
def place_new_groups_in_name_order(*, now: datetime) -> str:
    """Number groups that were created in bulk without a place in name order.

    ``indexing.groups_bulk_create`` numbers them at once; this catches any other
    path (raw SQL, a data fix), since a group without a number is missing from
    the search index.
    """
    return f"{number_unnumbered()} groups numbered"
