"""Backups of the whole registry: the database and the files of the ``default`` (public media)
and ``private`` storages, with a manifest to check a restore against.

A backup is a folder:

- ``database.dump``: PostgreSQL, ``pg_dump`` custom format (``-Fc``), taken in the same
  snapshot as the row counts of the manifest; or ``database.sqlite3``: SQLite's online backup
  API, the row counts read from the copy;
- ``files.tar``: every file of the storages, as ``<storage>/<name>``; read through Django's
  storages, so an object store is backed up like the disk;
- ``manifest.json``: every table's row count, every file's size and SHA-256.

A restore empties the database (PostgreSQL: the ``public`` schema is dropped and made again;
SQLite: the copy replaces every page) and the storages, restores both, then counts and hashes
again and fails with the differences if anything does not match the manifest.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connection, transaction
from django.utils import timezone

MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
FILES = "files.tar"
BACKED_UP_STORAGES = ("default", "private")
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be done or did not match its manifest."""


@dataclass
class Manifest:
    vendor: str
    tables: dict[str, int]
    files: dict[str, dict[str, dict]] = field(default_factory=dict)
    created_at: str = ""

    def as_json(self) -> dict:
        return {
            "format": FORMAT,
            "created_at": self.created_at,
            "database": {"vendor": self.vendor, "tables": self.tables},
            "files": self.files,
        }

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        try:
            data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BackupError(f"No {MANIFEST} in {folder}: not a backup folder.") from None
        if data.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {data.get('format')!r}.")
        return cls(
            vendor=data["database"]["vendor"],
            tables=data["database"]["tables"],
            files=data["files"],
            created_at=data["created_at"],
        )


# --- the database --------------------------------------------------------------------------


def table_counts(cursor) -> dict[str, int]:
    """Rows of every table of the database (the migrations' bookkeeping included)."""
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _postgres_arguments() -> tuple[list[str], dict[str, str]]:
    params = connection.settings_dict
    arguments = []
    if params.get("HOST"):
        arguments += ["--host", params["HOST"]]
    if params.get("PORT"):
        arguments += ["--port", str(params["PORT"])]
    if params.get("USER"):
        arguments += ["--username", params["USER"]]
    environment = dict(os.environ)
    if params.get("PASSWORD"):
        environment["PGPASSWORD"] = params["PASSWORD"]
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client).")
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _postgres_backup(folder: Path) -> dict[str, int]:
    arguments, environment = _postgres_arguments()
    with transaction.atomic(), connection.cursor() as cursor:
        # One snapshot for the counts and the dump: they describe the same state.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = table_counts(cursor)
        _run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={folder / POSTGRES_DUMP}",
                *arguments,
                connection.settings_dict["NAME"],
            ],
            environment,
        )
    return counts


def _postgres_restore(folder: Path) -> None:
    arguments, environment = _postgres_arguments()
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            *arguments,
            str(folder / POSTGRES_DUMP),
        ],
        environment,
    )
    # Types and functions were made again: start afresh.
    connection.close()


def _sqlite_backup(folder: Path) -> dict[str, int]:
    import sqlite3

    connection.ensure_connection()
    copy = sqlite3.connect(folder / SQLITE_COPY)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        counts = {}
        tables = cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        for (table,) in sorted(tables):
            counts[table] = cursor.execute(
                f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}"
            ).fetchone()[0]
    finally:
        copy.close()
    return counts


def _sqlite_restore(folder: Path) -> None:
    import sqlite3

    connection.ensure_connection()
    copy = sqlite3.connect(folder / SQLITE_COPY)
    try:
        copy.backup(connection.connection)
    finally:
        copy.close()


def current_table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            counts = {}
            for (table,) in sorted(cursor.fetchall()):
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                counts[table] = cursor.fetchone()[0]
            return counts
        return table_counts(cursor)


# --- the files ------------------------------------------------------------------------------


def storage_files(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name of ``storage`` under ``directory``, depth first, sorted."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:  # a storage that has never held a file
        return
    for name in sorted(files):
        yield str(PurePosixPath(directory, name)) if directory else name
    for name in sorted(directories):
        yield from storage_files(storage, str(PurePosixPath(directory, name)))


class _HashingReader:
    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


def file_digests() -> dict[str, dict[str, dict]]:
    """Size and SHA-256 of every file of the backed-up storages."""
    digests: dict[str, dict[str, dict]] = {}
    for alias in BACKED_UP_STORAGES:
        storage = storages[alias]
        digests[alias] = {}
        for name in storage_files(storage):
            with storage.open(name, "rb") as handle:
                reader = _HashingReader(handle)
                size = 0
                while chunk := reader.read(1024 * 1024):
                    size += len(chunk)
            digests[alias][name] = {"size": size, "sha256": reader.digest.hexdigest()}
    return digests


def _files_backup(folder: Path) -> dict[str, dict[str, dict]]:
    digests: dict[str, dict[str, dict]] = {}
    with tarfile.open(folder / FILES, "w") as archive:
        for alias in BACKED_UP_STORAGES:
            storage = storages[alias]
            digests[alias] = {}
            for name in storage_files(storage):
                with storage.open(name, "rb") as handle:
                    size = storage.size(name)
                    member = tarfile.TarInfo(f"{alias}/{name}")
                    member.size = size
                    member.mtime = int(timezone.now().timestamp())
                    reader = _HashingReader(handle)
                    archive.addfile(member, reader)
                digests[alias][name] = {"size": size, "sha256": reader.digest.hexdigest()}
    return digests


def _files_restore(folder: Path) -> None:
    for alias in BACKED_UP_STORAGES:
        storage = storages[alias]
        for name in list(storage_files(storage)):
            storage.delete(name)
    with tarfile.open(folder / FILES, "r") as archive:
        for member in archive:
            if not member.isfile():
                continue
            alias, _, name = member.name.partition("/")
            if alias not in BACKED_UP_STORAGES or not name or ".." in PurePosixPath(name).parts:
                raise BackupError(f"Unexpected file in the archive: {member.name}")
            handle = archive.extractfile(member)
            saved = storages[alias].save(name, File(handle, name=PurePosixPath(name).name))
            if saved != name:
                raise BackupError(f"{alias}/{name} was restored as {saved}.")


# --- backup and restore ---------------------------------------------------------------------


def backup_write(folder: Path) -> Manifest:
    """Write a backup into ``folder`` (made if missing; it must hold no backup yet)."""
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / MANIFEST).exists():
        raise BackupError(f"{folder} already holds a backup.")
    if connection.vendor == "postgresql":
        tables = _postgres_backup(folder)
    elif connection.vendor == "sqlite":
        tables = _sqlite_backup(folder)
    else:
        raise BackupError(f"No backup for the {connection.vendor} database.")
    manifest = Manifest(
        vendor=connection.vendor,
        tables=tables,
        files=_files_backup(folder),
        created_at=timezone.now().isoformat(timespec="seconds"),
    )
    # Written last: a folder with a manifest is a complete backup.
    (folder / MANIFEST).write_text(
        json.dumps(manifest.as_json(), indent=1, ensure_ascii=False), encoding="utf-8"
    )
    return manifest


def differences(manifest: Manifest) -> list[str]:
    """What the database and the storages hold now that differs from ``manifest``."""
    problems = []
    counts = current_table_counts()
    for table in sorted(set(counts) | set(manifest.tables)):
        expected, found = manifest.tables.get(table), counts.get(table)
        if expected != found:
            problems.append(f"table {table}: {found} rows, the backup has {expected}")
    digests = file_digests()
    for alias in BACKED_UP_STORAGES:
        expected_files, found_files = manifest.files.get(alias, {}), digests.get(alias, {})
        for name in sorted(set(expected_files) | set(found_files)):
            if expected_files.get(name) != found_files.get(name):
                problems.append(f"file {alias}/{name} differs from the backup")
    return problems


def backup_restore(folder: Path) -> Manifest:
    """Replace the database and the files by the backup in ``folder``, then check them."""
    manifest = Manifest.read(folder)
    if manifest.vendor != connection.vendor:
        raise BackupError(
            f"The backup is of a {manifest.vendor} database, this one is {connection.vendor}."
        )
    if manifest.vendor == "postgresql":
        _postgres_restore(folder)
    else:
        _sqlite_restore(folder)
    _files_restore(folder)
    problems = differences(manifest)
    if problems:
        raise BackupError("The restore does not match the backup:\n" + "\n".join(problems))
    return manifest
