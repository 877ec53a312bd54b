"""``vn_fold`` also turns punctuation into spaces (as ``accounts.search.fold`` does), so a word
after "(", "-" or "/" can be found by its beginning. Indexes built on the old definition are
rebuilt."""

from django.db import migrations

CREATE_FOLD = """
CREATE OR REPLACE FUNCTION vn_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT regexp_replace(
    lower(public.unaccent('public.unaccent'::regdictionary, value)), '[^a-z0-9\\s]', ' ', 'g'
) $$;
"""
PREVIOUS_FOLD = """
CREATE OR REPLACE FUNCTION vn_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$;
"""
INDEXES = ["unit_name_fold_trgm", "unit_short_name_fold_trgm", "unit_code_fold_trgm"]


def _apply(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(sql)
        for index in INDEXES:
            schema_editor.execute(f"REINDEX INDEX {index}")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_search_functions"),
        ("emulation", "0002_unit_search_indexes"),
    ]

    operations = [migrations.RunPython(_apply(CREATE_FOLD), _apply(PREVIOUS_FOLD))]
