"""PostgreSQL side of ``accounts.search``: unaccent, pg_trgm and an IMMUTABLE ``vn_fold``.

SQLite gets ``vn_fold`` from Python on each connection (``accounts.search``), so this migration
does nothing there.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

CREATE_FOLD = """
CREATE OR REPLACE FUNCTION vn_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;
"""
DROP_FOLD = "DROP FUNCTION IF EXISTS vn_fold(text);"


def create_fold(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_FOLD)


def drop_fold(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_FOLD)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(create_fold, drop_fold),
    ]
