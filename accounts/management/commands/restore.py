from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the whole database and every public and private file by the backup in the "
        "folder PATH (made by `backup`), then check each table's row count and each file's "
        "SHA-256 against its manifest. Stop the app servers and task workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="a folder written by `backup`")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, path: Path, interactive: bool, **options):
        if interactive:
            answer = input(
                "This empties the database and the files and restores the backup. "
                "Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            manifest = backup_restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {path} (taken {manifest.created_at}): every table and file matches."
            )
        )
