"""The database-specific parts of the search.

SQLite: an FTS5 index of the groups' search text, kept in step by triggers.
PostgreSQL: trigram (pg_trgm) indexes on the search text and the vocabulary.
Both are filled from the existing rows.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE directory_group_fts USING fts5(
        search_text, content='directory_group', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0"
    )""",
    """CREATE TRIGGER directory_group_fts_insert AFTER INSERT ON directory_group BEGIN
        INSERT INTO directory_group_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER directory_group_fts_delete AFTER DELETE ON directory_group BEGIN
        INSERT INTO directory_group_fts(directory_group_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER directory_group_fts_update AFTER UPDATE OF search_text ON directory_group BEGIN
        INSERT INTO directory_group_fts(directory_group_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO directory_group_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    "INSERT INTO directory_group_fts(directory_group_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_group_fts_insert",
    "DROP TRIGGER IF EXISTS directory_group_fts_delete",
    "DROP TRIGGER IF EXISTS directory_group_fts_update",
    "DROP TABLE IF EXISTS directory_group_fts",
]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX directory_group_search_trgm ON directory_group USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX directory_searchword_trgm ON directory_searchword USING gin (word gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS directory_group_search_trgm",
    "DROP INDEX IF EXISTS directory_searchword_trgm",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


def fill_vocabulary(apps, schema_editor):
    from entraide.directory.search_backends import words_of

    Group = apps.get_model("directory", "Group")
    SearchWord = apps.get_model("directory", "SearchWord")
    words = set()
    for text in Group.objects.values_list("search_text", flat=True).iterator():
        words |= words_of(text)
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, length=len(w)) for w in sorted(words)], ignore_conflicts=True, batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_search_word")]
    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
        migrations.RunPython(fill_vocabulary, migrations.RunPython.noop),
    ]
