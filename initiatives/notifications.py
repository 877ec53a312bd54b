"""Who hears about a dossier's change of status, and how: an in-app notification at once and
an e-mail through the task queue (django-tasks; run ``manage.py db_worker``)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.models import User
from accounts.services import notification_create
from initiatives.models import Initiative, InitiativeTransition
from unions.enums import Capability
from unions.selectors import nearest_holders


def author_users(initiative: Initiative) -> list[User]:
    users = {a.user for a in initiative.authors.select_related("user") if a.user_id}
    users.add(initiative.created_by)
    return [user for user in users if user.is_active]


def recipients_of(record: InitiativeTransition) -> tuple[list[User], list[User]]:
    """(authors, officers) to tell about ``record``: authors on every change, the unit's
    nearest officers when a dossier arrives."""
    initiative = record.initiative
    authors = author_users(initiative)
    officers: list[User] = []
    if record.action in ("submit", "resubmit", "withdraw"):
        officers = [
            u
            for u in nearest_holders(initiative.unit, Capability.RECEIVE_INITIATIVES)
            if u not in authors
        ]
    return authors, officers


def _message(record: InitiativeTransition) -> str:
    return _("“%(title)s”: %(status)s") % {
        "title": record.initiative.title,
        "status": record.initiative.get_status_display(),
    }


def notify_transition(transition_id: int) -> None:
    """Called after commit: in-app notifications now, e-mails queued as a task."""
    record = InitiativeTransition.objects.select_related("initiative", "initiative__unit").get(
        pk=transition_id
    )
    with translation.override(settings.LANGUAGE_CODE):
        authors, officers = recipients_of(record)
        url = reverse("initiatives:detail", args=[record.initiative_id])
        notification_create(
            users=[u for u in authors + officers if u != record.actor],
            message=_message(record),
            url=url,
        )
    if any(user.email for user in authors + officers):
        email_transition.enqueue(transition_id)


@task()
def email_transition(transition_id: int) -> int:
    """E-mail the authors (and, for an arriving dossier, the unit's officers) about one change
    of status. Returns the number of messages sent."""
    record = InitiativeTransition.objects.select_related(
        "initiative", "initiative__unit", "actor"
    ).get(pk=transition_id)
    authors, officers = recipients_of(record)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "initiatives:detail", args=[record.initiative_id]
        )
        for audience, people in (("author", authors), ("officer", officers)):
            for person in people:
                if not person.email:
                    continue
                context = {
                    "record": record,
                    "initiative": record.initiative,
                    "person": person,
                    "link": link,
                    "audience": audience,
                }
                send_mail(
                    subject=_message(record),
                    message=render_to_string("initiatives/email/status_changed.txt", context),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[person.email],
                )
                sent += 1
    return sent
