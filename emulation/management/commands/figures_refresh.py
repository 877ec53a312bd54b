from django.core.management.base import BaseCommand

from emulation.rollup import figures_refresh


class Command(BaseCommand):
    help = (
        "Bring the rollup of the registry's figures up to date with the log of changed units "
        "(what the queued task does after each change; for cron, should a task be lost)."
    )

    def handle(self, *args, **options):
        units = figures_refresh()
        if units < 0:
            self.stdout.write("The tree changed: every figure was recounted.")
        else:
            self.stdout.write(f"{units} units recounted.")
