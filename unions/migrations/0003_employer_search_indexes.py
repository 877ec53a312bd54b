"""Trigram indexes so that the diacritic-free search of employers (name, code, tax code, head)
stays fast at national scale (PostgreSQL only; SQLite scans, which is fine at its sizes)."""

from django.db import migrations

INDEXES = {
    "employer_name_fold_trgm": "vn_fold(name)",
    "employer_code_fold_trgm": "vn_fold(code)",
    "employer_tax_code_fold_trgm": "vn_fold(tax_code)",
    "employer_head_name_fold_trgm": "vn_fold(head_name)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON unions_employer "
            f"USING gin (({expression}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("unions", "0002_employers"), ("accounts", "0003_fold_punctuation")]

    operations = [migrations.RunPython(create, drop)]
