import json

from django.core.management.base import BaseCommand, CommandError

from emulation.statistics import registry_figures
from unions.models import Unit


def _rows(prefix: str, value) -> list[tuple[str, str]]:
    """Flatten nested figures into (dotted name, value) rows."""
    if isinstance(value, dict):
        rows = []
        for key, inner in value.items():
            rows.extend(_rows(f"{prefix}.{key}" if prefix else str(key), inner))
        return rows
    if isinstance(value, int) and not isinstance(value, bool):
        return [(prefix, f"{value:,}".replace(",", "."))]
    return [(prefix, "" if value is None else str(value))]


class Command(BaseCommand):
    help = (
        "Figures of the registry for a unit's subtree (the whole registry without --unit), "
        "one section per app: employers (active employers with a grassroots union in the "
        "subtree), emulation (movements running and by status, registrations by "
        "state, pledges and their average year-end score, individual titles), initiatives (in "
        "total, submitted, by status, by year of submission, by field, benefit claimed in VND), "
        "reviews and awards. JSON keys are stable English names."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--unit", metavar="CODE", help="Code of the unit whose subtree to count."
        )
        parser.add_argument(
            "--year",
            type=int,
            metavar="YYYY",
            help=(
                "Only this year: dossiers first submitted in it (drafts have no year), "
                "movements whose period covers it, its registrations, pledges and titles."
            ),
        )
        parser.add_argument(
            "--format", dest="output_format", choices=["json", "table"], default="table"
        )

    def handle(self, *args, unit: str | None, year: int | None, output_format: str, **options):
        scope_unit = None
        if unit:
            scope_unit = Unit.objects.filter(code=unit.strip()).first()
            if scope_unit is None:
                raise CommandError(
                    f"No unit has the code {unit!r}. Codes are shown on each unit's page "
                    "(e.g. TLD for the national federation)."
                )
        if year is not None and not 1900 <= year <= 9999:
            raise CommandError(f"{year} is not a year (use four digits, e.g. 2025).")
        figures = registry_figures(unit=scope_unit, year=year)
        if output_format == "json":
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        title = f"{scope_unit.code} – {scope_unit.name}" if scope_unit else "Whole registry"
        self.stdout.write(self.style.MIGRATE_HEADING(title + (f", {year}" if year else "")))
        for section, values in figures.items():
            if section in ("unit", "year"):
                continue
            if not isinstance(values, dict):
                # A section of one figure (the employers' count) takes one line.
                self.stdout.write("")
                self.stdout.write(
                    f"{self.style.MIGRATE_LABEL(section)}  {_rows(section, values)[0][1]}"
                )
                continue
            rows = _rows("", values)
            width = max((len(name) for name, _value in rows), default=0)
            self.stdout.write("")
            self.stdout.write(self.style.MIGRATE_LABEL(section))
            for name, value in rows:
                self.stdout.write(f"  {name.ljust(width)}  {value.rjust(16)}")
