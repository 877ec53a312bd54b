"""PostgreSQL: the rows written so far reach the batch page while the import's transaction is
still open, through a second connection (the page runs in another connection and cannot see
into the import's transaction)."""

import pytest
from django.db import connection, connections, transaction

from imports import services
from imports.models import ImportBatch, ImportedRow


@pytest.mark.django_db(transaction=True)
def test_rows_written_are_seen_before_the_import_commits():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite locks the file while the import writes")
    batch = ImportBatch.objects.create(kind="members", file_name="a.xlsx")
    side = services._SideConnection()
    reader = connections.create_connection("default")
    try:
        with transaction.atomic():
            # As an import does: a row pointing at the batch, which locks it for key share.
            ImportedRow.objects.create(batch=batch, model="user", object_id=1, created=True)
            side.update(batch.pk, written_rows=5, rows_to_write=9)
            with reader.cursor() as cursor:
                cursor.execute(
                    "SELECT written_rows, rows_to_write FROM imports_importbatch WHERE id = %s",
                    [batch.pk],
                )
                assert cursor.fetchone() == (5, 9)
    finally:
        side.close()
        reader.close()
