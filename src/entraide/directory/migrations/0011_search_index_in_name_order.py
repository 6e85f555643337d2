"""SQLite: one full-text index of the public groups, keyed by their place in name order.

It replaces the index of 0006 (every group, keyed by id). Each row holds the
group's search text and its tags (themes, languages, canton, kind, audience,
online, a cell of a tenth of a degree around its meeting place), so that a
whole search (words, themes and facets) is one full-text query, and a page of
results is read in name order without sorting. Triggers keep it in step with
the groups and their themes and languages; a group that stops being public
leaves it in the same transaction. The tag spelling is shared with
``search_backends.SQLiteSearch``.

PostgreSQL keeps its trigram indexes (0006) and gains nothing here.
"""

from django.db import migrations

GAP = 2**32

ROW_VIEW = """
CREATE VIEW directory_group_search_row AS
SELECT g.search_order AS search_order, g.id AS group_id, g.search_text AS search_text,
    'c' || lower(g.canton_id)
    || ' y' || replace(g.group_type, '_', '')
    || ' a' || g.audience
    || CASE WHEN g.is_online THEN ' online' ELSE '' END
    || CASE WHEN g.latitude IS NULL OR g.longitude IS NULL THEN ''
        ELSE ' g' || CAST((g.latitude + 90) * 10 AS INTEGER)
            || 'x' || CAST((g.longitude + 180) * 10 AS INTEGER) END
    || coalesce((SELECT ' ' || group_concat('t' || theme_id, ' ')
        FROM directory_group_themes WHERE group_id = g.id), '')
    || coalesce((SELECT ' ' || group_concat('l' || language_id, ' ')
        FROM directory_group_languages WHERE group_id = g.id), '') AS tags,
    g.latitude AS latitude, g.longitude AS longitude
FROM directory_group g
WHERE g.is_listed AND g.status IN ('active', 'founding') AND g.search_order IS NOT NULL
"""

INSERT_ROW = """INSERT INTO directory_group_search(rowid, search_text, tags, group_id, latitude, longitude)
    SELECT search_order, search_text, tags, group_id, latitude, longitude
    FROM directory_group_search_row WHERE group_id = {id};"""
DELETE_ROW = "DELETE FROM directory_group_search WHERE rowid = {order};"
ORDER_OF = "(SELECT search_order FROM directory_group WHERE id = {id})"


def link_triggers(table: str) -> list[str]:
    """A theme or language added to or removed from a group changes the group's tags."""
    return [
        f"""CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN
            {DELETE_ROW.format(order=ORDER_OF.format(id="new.group_id"))}
            {INSERT_ROW.format(id="new.group_id")}
        END""",
        f"""CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN
            {DELETE_ROW.format(order=ORDER_OF.format(id="old.group_id"))}
            {INSERT_ROW.format(id="old.group_id")}
        END""",
    ]


SQLITE_FORWARD = [
    "DROP TRIGGER IF EXISTS directory_group_fts_insert",
    "DROP TRIGGER IF EXISTS directory_group_fts_delete",
    "DROP TRIGGER IF EXISTS directory_group_fts_update",
    "DROP TABLE IF EXISTS directory_group_fts",
    """CREATE VIRTUAL TABLE directory_group_search USING fts5(
        search_text, tags, group_id UNINDEXED, latitude UNINDEXED, longitude UNINDEXED,
        tokenize="unicode61 remove_diacritics 0"
    )""",
    ROW_VIEW,
    f"""CREATE TRIGGER directory_group_search_insert AFTER INSERT ON directory_group BEGIN
        {INSERT_ROW.format(id="new.id")}
    END""",
    f"""CREATE TRIGGER directory_group_search_update AFTER UPDATE ON directory_group BEGIN
        {DELETE_ROW.format(order="old.search_order")}
        {INSERT_ROW.format(id="new.id")}
    END""",
    f"""CREATE TRIGGER directory_group_search_delete AFTER DELETE ON directory_group BEGIN
        {DELETE_ROW.format(order="old.search_order")}
    END""",
    *link_triggers("directory_group_themes"),
    *link_triggers("directory_group_languages"),
    """INSERT INTO directory_group_search(rowid, search_text, tags, group_id, latitude, longitude)
        SELECT search_order, search_text, tags, group_id, latitude, longitude
        FROM directory_group_search_row""",
]
SQLITE_BACKWARD = [
    *(
        f"DROP TRIGGER IF EXISTS {name}"
        for name in (
            "directory_group_search_insert",
            "directory_group_search_update",
            "directory_group_search_delete",
            "directory_group_themes_search_insert",
            "directory_group_themes_search_delete",
            "directory_group_languages_search_insert",
            "directory_group_languages_search_delete",
        )
    ),
    "DROP VIEW IF EXISTS directory_group_search_row",
    "DROP TABLE IF EXISTS directory_group_search",
    # 0010 brings back the index of 0006 once it has rebuilt the table.
]


def number_groups(apps, schema_editor):
    """Number the existing groups in name order (see ``entraide.directory.ordering``)."""
    from entraide.core.lib.text import fold

    Group = apps.get_model("directory", "Group")
    groups = list(Group.objects.only("pk", "name"))
    for group in groups:
        group.sort_name = fold(group.name)[:200]
    groups.sort(key=lambda g: (g.sort_name, g.pk))
    for number, group in enumerate(groups, start=1):
        group.search_order = number * GAP
    Group.objects.bulk_update(groups, ["sort_name", "search_order"], batch_size=1000)


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("directory", "0010_group_name_order")]
    operations = [
        migrations.RunPython(number_groups, migrations.RunPython.noop),
        migrations.RunPython(run(SQLITE_FORWARD), run(SQLITE_BACKWARD)),
    ]
