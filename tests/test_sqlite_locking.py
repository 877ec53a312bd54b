"""The embedded SQLite under concurrent writers (a request saving a draft while the task
worker writes): transactions begin IMMEDIATE and wait on a busy timeout, so none fails with
"database is locked". Each writer has its own connection to a temporary database file."""

import threading
import time

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

WRITERS = 4
TRANSACTIONS = 5


def _wrapper(path, alias: str, options: dict) -> DatabaseWrapper:
    settings_dict = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": dict(options),
        "TIME_ZONE": None,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "AUTOCOMMIT": True,
        "ATOMIC_REQUESTS": False,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    return DatabaseWrapper(settings_dict, alias=alias)


def _write_concurrently(
    path, options: dict, *, transactions: int = TRANSACTIONS, meet_after_read: bool = False
) -> list[Exception]:
    """WRITERS threads, each running ``transactions`` transactions that read, pause, then
    write (the shape that fails on a deferred transaction: a reader turning into a writer).
    ``meet_after_read``: every thread has read before any writes (only possible when
    transactions do not take the write lock as they begin)."""
    setup = _wrapper(path, "sqlite_setup", options)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS draft (id INTEGER PRIMARY KEY, n INTEGER)")
    setup.close()
    errors: list[Exception] = []
    barrier = threading.Barrier(WRITERS)
    have_read = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        alias = f"sqlite_writer_{number}"
        connection = _wrapper(path, alias, options)
        connections[alias] = connection
        try:
            barrier.wait(timeout=30)
            for _ in range(transactions):
                with transaction.atomic(using=alias), connection.cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM draft")
                    (count,) = cursor.fetchone()
                    if meet_after_read:
                        have_read.wait(timeout=30)
                    else:
                        time.sleep(0.01)  # let the others start theirs
                    cursor.execute("INSERT INTO draft (n) VALUES (%s)", [count])
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    check = _wrapper(path, "sqlite_check", options)
    with check.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM draft")
        (rows,) = cursor.fetchone()
    check.close()
    if not errors:
        assert rows == WRITERS * transactions
    return errors


@pytest.mark.django_db
def test_concurrent_writers_on_a_sqlite_file_wait_their_turn(tmp_path):
    errors = _write_concurrently(tmp_path / "db.sqlite3", settings.SQLITE_OPTIONS)
    assert errors == []


@pytest.mark.django_db
def test_the_same_writers_fail_without_the_options(tmp_path):
    # What the options fix: deferred transactions and no busy wait answer "database is locked".
    errors = _write_concurrently(
        tmp_path / "db.sqlite3", {"timeout": 0}, transactions=1, meet_after_read=True
    )
    assert any("database is locked" in str(error) for error in errors), errors


def test_the_default_sqlite_database_takes_the_options():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the database here is not SQLite")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == 20
    assert "journal_mode=WAL" in options["init_command"]
