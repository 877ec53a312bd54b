from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.backups import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Back up the database (PostgreSQL: pg_dump custom format; SQLite: its backup API) and "
        "the public and private files into the folder PATH, with a manifest of every table's "
        "row count and every file's SHA-256 (see accounts/backups.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="folder to write (made if missing)")

    def handle(self, *args, path: Path, **options):
        try:
            manifest = backup_write(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(len(names) for names in manifest.files.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{path}: {len(manifest.tables)} tables, "
                f"{sum(manifest.tables.values())} rows, {files} files"
            )
        )
