"""The e-mail inviting a member registered with a sign-in account to set a password.

The link is Django's password-reset link (``default_token_generator``): it works once, expires
after ``PASSWORD_RESET_TIMEOUT`` and is invalidated when the password is set. The task runs in
the task queue after the registration commits.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.models import User


def set_password_link(user: User) -> str:
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def email_member_invitation(user_id: int) -> int:
    """Send the invitation to the member's e-mail address. Returns the number sent (0 when the
    account has no address or cannot sign in)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            subject=_("Your account on the Emulation and Innovation Registry"),
            message=render_to_string(
                "unions/email/member_invitation.txt",
                {"person": user, "link": set_password_link(user)},
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    return 1
