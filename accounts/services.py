import logging
from datetime import date

from axes.models import AccessAttempt
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ApplicationError
from accounts.models import Notification, User
from accounts.throttling import account_key

sign_in_log = logging.getLogger("accounts.sign_in")


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    last_name: str,
    first_name: str,
    email: str | None,
    phone: str | None,
    date_of_birth: date | None,
) -> User:
    """Change a person's own details. Raises ApplicationError when the e-mail or phone is taken
    or both are left empty."""
    email = email.strip().lower() if email else None
    phone = phone or None
    if not email and not phone:
        raise ApplicationError(_("Enter an e-mail address or a phone number."), field="email")
    locked = User.objects.select_for_update().get(pk=user.pk)
    if email and User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ApplicationError(
            _("Another account already uses this e-mail address."), field="email"
        )
    if phone and User.objects.filter(phone=phone).exclude(pk=user.pk).exists():
        raise ApplicationError(_("Another account already uses this phone number."), field="phone")
    locked.last_name = last_name.strip()
    locked.first_name = first_name.strip()
    locked.email = email
    locked.phone = phone
    locked.date_of_birth = date_of_birth
    try:
        locked.save(update_fields=["last_name", "first_name", "email", "phone", "date_of_birth"])
    except IntegrityError as error:  # a concurrent change took the address first
        raise ApplicationError(_("Another account already uses these details.")) from error
    return locked


def notification_create(*, users, message: str, url: str = "") -> int:
    """Put ``message`` in each user's notification list. Returns how many were created."""
    rows = [Notification(user=user, message=message[:500], url=url) for user in users]
    Notification.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def notifications_mark_read(*, user: User) -> int:
    """Mark all of ``user``'s unread notifications read."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def user_sign_in_unlock(*, user: User, actor: User) -> int:
    """Clear the failed sign-ins recorded against ``user``'s account (they also stop counting
    against the clients they came from), so the person may sign in at once. Logs who unlocked
    whom; returns the number of records removed. Who may do it is the caller's rule
    (``unions.unlock_sign_in``)."""
    removed, _by_model = AccessAttempt.objects.filter(username=account_key(user)).delete()
    sign_in_log.warning(
        "Sign-in unlocked for user %s by user %s (%s records removed)", user.pk, actor.pk, removed
    )
    return removed
