from django.core.management.base import BaseCommand, CommandError

from emulation.rollup import figures_rebuild


class Command(BaseCommand):
    help = (
        "Recount the rollup of the registry's figures (statistics, movement pages, home page, "
        "registry_stats) from the records: every year, or one year with --year. Set-based; "
        "run it after an upgrade or a bulk load that bypassed the services."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, metavar="YYYY", help="Only this year.")

    def handle(self, *args, year: int | None, **options):
        if year is not None and not 1900 <= year <= 9999:
            raise CommandError(f"{year} is not a year (use four digits, e.g. 2025).")
        rows = figures_rebuild(year=year)
        self.stdout.write(f"{rows} figure rows stored.")
