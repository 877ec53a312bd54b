"""The similar-initiative check reads the nearest titles first (issue 14 §3): a GiST trigram
index on ``vn_fold(title)`` serves ``ORDER BY vn_fold(title) <-> query LIMIT n`` and stops after
``n`` matches. The GIN index it replaces had to fetch every title sharing a trigram with the
query (tens of thousands for a title of common words at national scale) before sorting them.
PostgreSQL only, like migration 0011.
"""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS initiative_title_fold_gist ON initiatives_initiative "
        "USING gist ((vn_fold(title)) gist_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS initiative_title_fold_trgm")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS initiative_title_fold_trgm ON initiatives_initiative "
        "USING gin ((vn_fold(title)) gin_trgm_ops)"
    )
    schema_editor.execute("DROP INDEX IF EXISTS initiative_title_fold_gist")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0011_search_indexes")]

    operations = [migrations.RunPython(forward, backward)]
