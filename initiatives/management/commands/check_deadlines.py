from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from initiatives.deadlines import deadline_reminders_send, deadlines_by_unit


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    line = "+" + "+".join("-" * (width + 2) for width in widths) + "+"

    def render(row):
        return "| " + " | ".join(str(v).ljust(widths[i]) for i, v in enumerate(row)) + " |"

    return [line, render(headers), line, *[render(row) for row in rows], line]


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Command(BaseCommand):
    help = (
        "List, per unit, the accepted or under-review dossiers whose decision is due within N days "
        "or already late, and remind each unit's nearest officers (one notification and one "
        "e-mail each; a second run on the same day reminds nobody twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.INITIATIVE_DEADLINE_WARNING_DAYS,
            help="Warn about decisions due within this many days "
            f"(default {settings.INITIATIVE_DEADLINE_WARNING_DAYS}).",
        )

    def handle(self, *args, days: int, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        today = timezone.localdate()
        groups = deadlines_by_unit(within_days=days, on=today)
        if not groups:
            self.stdout.write(f"No dossier is due for a decision within {days} days.")
            return
        headers = ("Receipt", "Due by", "Days left", "Status", "Title")
        for group in groups:
            self.stdout.write("")
            self.stdout.write(
                self.style.MIGRATE_HEADING(
                    f"{group.unit.code} – {group.unit.name}: {len(group.dossiers)} due, "
                    f"{group.overdue_count} overdue"
                )
            )
            rows = [
                (
                    dossier.initiative.receipt_number,
                    dossier.initiative.decision_due.strftime("%d/%m/%Y"),
                    "OVERDUE" if dossier.overdue else str(dossier.days_left),
                    dossier.initiative.status,
                    _shorten(dossier.initiative.title),
                )
                for dossier in group.dossiers
            ]
            for line in _table(headers, rows):
                self.stdout.write(line)
        reminders = deadline_reminders_send(groups, within_days=days, on=today)
        sent = [reminder for reminder in reminders if reminder.created]
        self.stdout.write("")
        total = sum(len(group.dossiers) for group in groups)
        overdue = sum(group.overdue_count for group in groups)
        self.stdout.write(
            f"{total} dossiers in {len(groups)} units ({overdue} overdue). "
            f"Reminded {len(sent)} officers; {len(reminders) - len(sent)} already reminded today."
        )
        if not reminders:
            self.stdout.write(
                self.style.WARNING(
                    "No officer holds the right to receive dossiers for these units."
                )
            )
