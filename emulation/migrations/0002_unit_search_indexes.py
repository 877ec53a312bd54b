"""Trigram indexes so diacritic-free search of unit names stays fast at national scale
(PostgreSQL only; SQLite scans, which is fine at the sizes it serves)."""

from django.db import migrations

INDEXES = {
    "unit_name_fold_trgm": "vn_fold(name)",
    "unit_short_name_fold_trgm": "vn_fold(short_name)",
    "unit_code_fold_trgm": "vn_fold(code)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON emulation_unit "
            f"USING gin (({expression}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("emulation", "0001_initial"), ("accounts", "0002_search_functions")]

    operations = [migrations.RunPython(create, drop)]
