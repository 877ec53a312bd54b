"""``manage.py import_data KIND PATH [--unit CODE] [--dry-run] [--valid-only] [--format json]``
``manage.py import_data --template KIND OUT.xlsx`` and, for the kinds the register has no
export of (past initiatives and awards), ``manage.py import_data --export KIND OUT.xlsx
[--unit CODE]``."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.errors import ApplicationError
from imports.services import EXPORTS, IMPORTERS, export_workbook, import_file, template_workbook
from unions.models import Unit


class Command(BaseCommand):
    help = (
        "Import units, members, past initiatives or past awards from an Excel workbook, or "
        "write the template of a kind, or export past initiatives or awards."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("path")
        parser.add_argument("--template", action="store_true", help="Write the template to PATH.")
        parser.add_argument(
            "--export",
            action="store_true",
            help=f"Write the records of the kind ({', '.join(sorted(EXPORTS))}) to PATH.",
        )
        parser.add_argument("--unit", help="Accept only units under the unit with this code.")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--valid-only", action="store_true")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(
        self, *args, kind, path, template, export, unit, dry_run, valid_only, format, **options
    ):
        if template:
            Path(path).write_bytes(template_workbook(kind))
            self.stdout.write(f"{path}")
            return
        scope = None
        if unit:
            scope = Unit.objects.filter(code__iexact=unit).first()
            if scope is None:
                raise CommandError(f"No unit has the code {unit}.")
        if export:
            try:
                Path(path).write_bytes(export_workbook(kind, scope))
            except ApplicationError as error:
                raise CommandError(error.message) from error
            self.stdout.write(f"{path}")
            return
        try:
            handle = open(path, "rb")  # noqa: SIM115 (closed below)
        except OSError as error:
            raise CommandError(str(error)) from error
        with handle:
            report = import_file(
                kind=kind,
                handle=handle,
                file_name=Path(path).name,
                scope=scope,
                dry_run=dry_run,
                valid_only=valid_only,
            )
        if format == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
        else:
            for problem in report.errors:
                self.stdout.write(f"{problem.row}\t{problem.column}\t{problem.message}")
            self.stdout.write(
                f"rows={report.rows} created={report.created} updated={report.updated} "
                f"unchanged={report.unchanged} errors={len(report.errors)}"
            )
        if report.errors and not report.batch_id:
            raise SystemExit(1)
