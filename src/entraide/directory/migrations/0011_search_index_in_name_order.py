"""One full-text index of the public groups, keyed by their place in name order.

It replaces the search structures of 0006 on the groups' table (the vocabulary
keeps its trigram index). Each row holds a public group's search text and its
tags (themes, languages, canton, kind, audience, online, a cell of a tenth of a
degree around its meeting place), so that a whole search (words, themes and
facets) is one query on one table, and a page of results is read in name order
without sorting. Triggers keep it in step with the groups and their themes and
languages; a group that stops being public leaves it in the same transaction.
The tag spelling is shared with ``search_backends.facet_tags``.

SQLite: an FTS5 table. PostgreSQL: a table with two tsvector columns and GIN
indexes.
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


POSTGRES_TAGS = """
    'c' || lower(g.canton_id)
    || ' y' || replace(g.group_type, '_', '')
    || ' a' || g.audience
    || CASE WHEN g.is_online THEN ' online' ELSE '' END
    || CASE WHEN g.latitude IS NULL OR g.longitude IS NULL THEN ''
        ELSE ' g' || trunc((g.latitude + 90) * 10)::bigint
            || 'x' || trunc((g.longitude + 180) * 10)::bigint END
    || ' ' || coalesce((SELECT string_agg('t' || theme_id, ' ')
        FROM directory_group_themes WHERE group_id = g.id), '')
    || ' ' || coalesce((SELECT string_agg('l' || language_id, ' ')
        FROM directory_group_languages WHERE group_id = g.id), '')
"""
POSTGRES_ROWS = f"""
    INSERT INTO directory_group_search (search_order, group_id, words, tags, latitude, longitude)
    SELECT g.search_order, g.id, to_tsvector('simple', g.search_text),
        to_tsvector('simple', {POSTGRES_TAGS}), g.latitude, g.longitude
    FROM directory_group g
    WHERE g.is_listed AND g.status IN ('active', 'founding') AND g.search_order IS NOT NULL
"""
POSTGRES_FORWARD = [
    "DROP INDEX IF EXISTS directory_group_search_trgm",
    """CREATE TABLE directory_group_search (
        search_order bigint PRIMARY KEY,
        group_id bigint NOT NULL UNIQUE,
        words tsvector NOT NULL,
        tags tsvector NOT NULL,
        latitude double precision,
        longitude double precision
    )""",
    "CREATE INDEX directory_group_search_words ON directory_group_search USING gin (words)",
    "CREATE INDEX directory_group_search_tags ON directory_group_search USING gin (tags)",
    f"""CREATE FUNCTION directory_group_search_refresh(gid bigint) RETURNS void
    LANGUAGE sql AS $$
        DELETE FROM directory_group_search WHERE group_id = gid;
        {POSTGRES_ROWS} AND g.id = gid;
    $$""",
    """CREATE FUNCTION directory_group_search_on_group() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' THEN
            DELETE FROM directory_group_search;
        ELSIF TG_OP = 'DELETE' THEN
            DELETE FROM directory_group_search WHERE group_id = OLD.id;
        ELSE
            PERFORM directory_group_search_refresh(NEW.id);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION directory_group_search_on_link() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            PERFORM directory_group_search_refresh(OLD.group_id);
        ELSE
            PERFORM directory_group_search_refresh(NEW.group_id);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER directory_group_search_sync AFTER INSERT OR UPDATE OR DELETE
        ON directory_group FOR EACH ROW EXECUTE FUNCTION directory_group_search_on_group()""",
    # Emptying the groups' table (as the tests do between cases) empties the index.
    """CREATE TRIGGER directory_group_search_truncate AFTER TRUNCATE
        ON directory_group FOR EACH STATEMENT EXECUTE FUNCTION directory_group_search_on_group()""",
    """CREATE TRIGGER directory_group_themes_search_sync AFTER INSERT OR DELETE
        ON directory_group_themes FOR EACH ROW EXECUTE FUNCTION directory_group_search_on_link()""",
    """CREATE TRIGGER directory_group_languages_search_sync AFTER INSERT OR DELETE
        ON directory_group_languages FOR EACH ROW
        EXECUTE FUNCTION directory_group_search_on_link()""",
    POSTGRES_ROWS,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_group_search_sync ON directory_group",
    "DROP TRIGGER IF EXISTS directory_group_search_truncate ON directory_group",
    "DROP TRIGGER IF EXISTS directory_group_themes_search_sync ON directory_group_themes",
    "DROP TRIGGER IF EXISTS directory_group_languages_search_sync ON directory_group_languages",
    "DROP FUNCTION IF EXISTS directory_group_search_on_link()",
    "DROP FUNCTION IF EXISTS directory_group_search_on_group()",
    "DROP FUNCTION IF EXISTS directory_group_search_refresh(bigint)",
    "DROP TABLE IF EXISTS directory_group_search",
    "CREATE INDEX directory_group_search_trgm ON directory_group USING gin (search_text gin_trgm_ops)",
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


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("directory", "0010_group_name_order")]
    operations = [
        migrations.RunPython(number_groups, migrations.RunPython.noop),
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
