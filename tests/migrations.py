"""Moving the test database between migration states, for the tests that migrate a database made
at an earlier layout forward and compare its rows."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets) -> MigrationExecutor:
    """Migrate to ``targets`` (``[(app, name or None), …]``); the executor of the state reached."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(targets):
        executor.migrate(targets)
        executor = MigrationExecutor(connection)
    return executor


def head():
    """The last migration of every app."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def table_names() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def table_rows(table: str) -> list[tuple]:
    """Every row of ``table``, in a stable order."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return sorted(cursor.fetchall(), key=repr)
