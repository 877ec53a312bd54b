"""Decision deadlines: which accepted dossiers are near or past the date by which their unit
must decide, and reminding the officers who look after those units.

``manage.py check_deadlines`` runs this once a day. A reminder is an in-app notification now
and an e-mail through the task queue (django-tasks; ``manage.py db_worker`` sends it).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext
from django_tasks import task

from accounts.models import Notification, User
from accounts.services import notification_create
from initiatives.enums import AWAITING_DECISION_STATUSES
from initiatives.models import Initiative
from unions.enums import Capability
from unions.models import Unit
from unions.selectors import nearest_holders


@dataclass(frozen=True)
class DueDossier:
    initiative: Initiative
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass
class UnitDeadlines:
    unit: Unit
    dossiers: list[DueDossier] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for dossier in self.dossiers if dossier.overdue)


@dataclass(frozen=True)
class Reminder:
    officer: User
    message: str
    initiative_ids: list[int]
    created: bool


def dossiers_due(*, within_days: int, on: date | None = None) -> QuerySet[Initiative]:
    """Dossiers waiting for a decision whose due date is at most ``within_days`` after ``on``
    (today by default) or already past, by unit and due date."""
    on = on or timezone.localdate()
    return (
        Initiative.objects.filter(
            status__in=AWAITING_DECISION_STATUSES,
            decision_due__isnull=False,
            decision_due__lte=on + timedelta(days=within_days),
        )
        .select_related("unit")
        .order_by("unit__path", "decision_due", "pk")
    )


def deadlines_by_unit(*, within_days: int, on: date | None = None) -> list[UnitDeadlines]:
    """``dossiers_due`` grouped by unit, in tree order."""
    on = on or timezone.localdate()
    groups: dict[int, UnitDeadlines] = {}
    for initiative in dossiers_due(within_days=within_days, on=on):
        group = groups.setdefault(initiative.unit_id, UnitDeadlines(unit=initiative.unit))
        group.dossiers.append(DueDossier(initiative, (initiative.decision_due - on).days))
    return list(groups.values())


def inbox_link(overdue: int) -> str:
    """The officer's inbox showing the dossiers a reminder is about, soonest due first."""
    query = "?overdue=true&sort=due" if overdue else "?status=accepted&sort=due"
    return reverse("initiatives:inbox") + query


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _message(count: int, overdue: int, within_days: int) -> str:
    message = ngettext(
        "%(count)d dossier in your units must be decided within %(days)d days.",
        "%(count)d dossiers in your units must be decided within %(days)d days.",
        count,
    ) % {"count": count, "days": within_days}
    if overdue:
        message += " " + ngettext(
            "%(overdue)d of them is already overdue.",
            "%(overdue)d of them are already overdue.",
            overdue,
        ) % {"overdue": overdue}
    return message


def deadline_reminders_send(
    groups: list[UnitDeadlines], *, within_days: int, on: date | None = None
) -> list[Reminder]:
    """Remind the nearest officers of each unit in ``groups``: one in-app notification and one
    e-mail per officer, covering all their units. An officer who already received the same
    reminder today is skipped, so running twice a day notifies nobody twice. E-mails are queued
    after commit."""
    on = on or timezone.localdate()
    dossiers_of: dict[User, list[DueDossier]] = defaultdict(list)
    for group in groups:
        for officer in nearest_holders(group.unit, Capability.RECEIVE_INITIATIVES):
            dossiers_of[officer].extend(group.dossiers)
    if not dossiers_of:
        return []
    already = set(
        Notification.objects.filter(
            user__in=list(dossiers_of), created_at__gte=_start_of(on)
        ).values_list("user_id", "message")
    )
    reminders = []
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        for officer, dossiers in sorted(dossiers_of.items(), key=lambda item: item[0].pk):
            overdue = sum(1 for dossier in dossiers if dossier.overdue)
            message = _message(len(dossiers), overdue, within_days)
            created = (officer.pk, message) not in already
            ids = [dossier.initiative.pk for dossier in dossiers]
            if created:
                notification_create(users=[officer], message=message, url=inbox_link(overdue))
                if officer.email:
                    transaction.on_commit(
                        lambda user_id=officer.pk, ids=ids: email_deadline_reminder.enqueue(
                            user_id, ids, within_days
                        )
                    )
            reminders.append(Reminder(officer, message, ids, created))
    return reminders


@task()
def email_deadline_reminder(user_id: int, initiative_ids: list[int], within_days: int) -> int:
    """E-mail one officer the list of dossiers near or past their decision date, by unit.
    Returns the number of messages sent (0 or 1)."""
    officer = User.objects.filter(pk=user_id, is_active=True).first()
    if officer is None or not officer.email:
        return 0
    today = timezone.localdate()
    initiatives = (
        Initiative.objects.filter(pk__in=initiative_ids)
        .select_related("unit")
        .order_by("unit__path", "decision_due", "pk")
    )
    groups: dict[int, UnitDeadlines] = {}
    for initiative in initiatives:
        group = groups.setdefault(initiative.unit_id, UnitDeadlines(unit=initiative.unit))
        group.dossiers.append(DueDossier(initiative, (initiative.decision_due - today).days))
    dossiers = [dossier for group in groups.values() for dossier in group.dossiers]
    if not dossiers:
        return 0
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        overdue = sum(1 for dossier in dossiers if dossier.overdue)
        context = {
            "person": officer,
            "days": within_days,
            "units": [
                {
                    "unit": group.unit,
                    "rows": [
                        {
                            "initiative": dossier.initiative,
                            "days_left": dossier.days_left,
                            "days_late": -dossier.days_left,
                            "overdue": dossier.overdue,
                            "link": base
                            + reverse("initiatives:detail", args=[dossier.initiative.pk]),
                        }
                        for dossier in group.dossiers
                    ],
                }
                for group in groups.values()
            ],
            "inbox": base + inbox_link(overdue),
        }
        send_mail(
            subject=_message(len(dossiers), overdue, within_days),
            message=render_to_string("initiatives/email/deadlines.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[officer.email],
        )
    return 1
