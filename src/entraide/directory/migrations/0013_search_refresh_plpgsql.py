"""PostgreSQL: the search index's refresh function in PL/pgSQL, whose plans are cached.

As a SQL function it was planned again at every call, once per group and per
theme or language link written: an import of 10,000 groups spent half its
time there (36.5 s of writes before, 16.6 s after, measured by bench/imports.py).
"""

from importlib import import_module

from django.db import migrations

index = import_module("entraide.directory.migrations.0011_search_index_in_name_order")

PLPGSQL = f"""CREATE OR REPLACE FUNCTION directory_group_search_refresh(gid bigint) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM directory_group_search WHERE group_id = gid;
        {index.POSTGRES_ROWS} AND g.id = gid;
    END $$"""
SQL = f"""CREATE OR REPLACE FUNCTION directory_group_search_refresh(gid bigint) RETURNS void
    LANGUAGE sql AS $$
        DELETE FROM directory_group_search WHERE group_id = gid;
        {index.POSTGRES_ROWS} AND g.id = gid;
    $$"""


def run(statement):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("directory", "0012_contact_request_counselling")]
    operations = [migrations.RunPython(run(PLPGSQL), run(SQL))]
