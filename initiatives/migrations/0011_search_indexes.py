"""Indexes that keep the dossier searches and sorts off full scans at national scale (issue 14),
PostgreSQL only (SQLite scans, which is fine at the sizes it serves):

- a GIN trigram index on the folded search text, for ``search_document LIKE '% word%'``;
- a GIN trigram index on ``vn_fold(title)``, for the similar-initiative check's ``%`` operator;
- one B-tree index per sort the inbox offers, in both directions, each with the newest dossier
  breaking ties as ``initiatives.filters.StableOrderingFilter`` orders (``NULLS LAST``, which
  SQLite cannot index), and the "my initiatives" order.
"""

from django.db import migrations

INDEXES = {
    "initiative_search_trgm": "USING gin (search_document gin_trgm_ops)",
    "initiative_title_fold_trgm": "USING gin ((vn_fold(title)) gin_trgm_ops)",
    "initiative_title_asc_idx": "((vn_fold(title)) ASC NULLS LAST, id DESC)",
    "initiative_title_desc_idx": "((vn_fold(title)) DESC NULLS LAST, id DESC)",
    "initiative_sub_desc_idx": "(submitted_at DESC NULLS LAST, id DESC)",
    "initiative_sub_asc_idx": "(submitted_at ASC NULLS LAST, id DESC)",
    "initiative_due_desc_idx": "(decision_due DESC NULLS LAST, id DESC)",
    "initiative_due_asc_idx": "(decision_due ASC NULLS LAST, id DESC)",
    "initiative_status_asc_idx": "(status ASC NULLS LAST, id DESC)",
    "initiative_status_desc_idx": "(status DESC NULLS LAST, id DESC)",
    "initiative_updated_idx": "(updated_at DESC, id DESC)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON initiatives_initiative {definition}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0010_fill_search_document"),
        ("accounts", "0003_fold_punctuation"),
    ]

    operations = [migrations.RunPython(create, drop)]
