"""Keeping the SQLite search index through later migrations of the groups' table.

SQLite changes most columns by rebuilding a table: a new table is filled, the
old one dropped and the new one renamed. The index's view and triggers refer
to the groups' table, so the rename fails ("error in view ... no such table")
and the triggers on the table are dropped with it. Before migrations run, their
definitions are therefore read from the schema and set aside; after, whatever
is missing is created again from them, and the index refilled.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

INDEX = "directory_group_search"
_set_aside: dict[str, list[tuple[str, str, str]]] = {}


def _index_objects(cursor: Any) -> list[tuple[str, str, str]]:
    """The view and the triggers of the search index, views first: (type, name, sql)."""
    cursor.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'trigger') "
        "AND name LIKE 'directory_group%%search%%' ORDER BY type DESC, name"
    )
    return [(kind, name, sql) for kind, name, sql in cursor.fetchall()]


def set_aside_search_index(sender: Any, using: str = "default", plan: Any = None, **_: Any) -> None:
    """pre_migrate: drop the view and triggers of the index, keeping their definitions."""
    connection = connections[using]
    if connection.vendor != "sqlite" or not plan or using in _set_aside:
        return
    with connection.cursor() as cursor:
        objects = _index_objects(cursor)
        for kind, name, _sql in reversed(objects):
            cursor.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
    _set_aside[using] = objects


def restore_search_index(sender: Any, using: str = "default", **_: Any) -> None:
    """post_migrate: create again what the migrations did not, and refill the index."""
    objects = _set_aside.pop(using, [])
    connection = connections[using]
    if not objects:
        return
    with connection.cursor() as cursor:
        present = {name for _kind, name, _sql in _index_objects(cursor)}
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [INDEX])
        if cursor.fetchone() is None:
            return  # migrated back past the index: nothing to restore
        missing = [(kind, name, sql) for kind, name, sql in objects if name not in present]
        for _kind, _name, sql in missing:
            cursor.execute(sql)
        if missing:
            cursor.execute(f"DELETE FROM {INDEX}")  # noqa: S608 - constant
            cursor.execute(
                f"INSERT INTO {INDEX}(rowid, search_text, tags, group_id, latitude, longitude) "  # noqa: S608
                "SELECT search_order, search_text, tags, group_id, latitude, longitude "
                "FROM directory_group_search_row"
            )
