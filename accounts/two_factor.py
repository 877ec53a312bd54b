"""Two-factor sign-in: a time-based code from an authenticator app (django-otp TOTP) and ten
single-use recovery codes (django-otp static tokens).

Who must use it is decided above this app (``config.two_factor``: administrators always,
officers when ``OTP_REQUIRED_FOR_OFFICERS``); this module keeps the devices. Errors are
``ApplicationError``; every change is logged without the codes.
"""

import logging
import time

import segno
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.errors import ApplicationError
from accounts.models import User

logger = logging.getLogger("accounts.sign_in")

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "app"
RECOVERY_DEVICE_NAME = "recovery"


# Session keys the sign-in writes and the middlewares of config read: the moment of the last
# request (idle sessions), and "this person has no app" (the second step is not asked again).
LAST_ACTIVITY_SESSION_KEY = "last_activity"
NO_APP_SESSION_KEY = "two_factor_absent"


def two_factor_enabled(user: User) -> bool:
    """True when ``user`` has confirmed an authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def remember_at_sign_in(sender, request, user, **kwargs) -> None:
    """At sign-in (Django's ``user_logged_in``) the session learns when it was last used and
    whether the person has an app, so the requests that follow ask neither the database nor
    write the session for it."""
    session = getattr(request, "session", None)
    if session is None:
        return
    session[LAST_ACTIVITY_SESSION_KEY] = int(time.time())
    if not two_factor_enabled(user):
        session[NO_APP_SESSION_KEY] = user.pk


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_app_device(user: User) -> TOTPDevice:
    """The authenticator app being set up (unconfirmed), made on first call."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def setup_qr_data_uri(device: TOTPDevice) -> str:
    """The device's ``otpauth://`` address as a QR code (an SVG ``data:`` URI)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def setup_secret(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps that cannot read the QR code."""
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def _clean(code: str) -> str:
    return "".join((code or "").split()).lower()


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_confirm(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator app with a ``code`` it shows. Replaces any earlier app
    and makes ten new recovery codes, returned to be shown once. Raises ApplicationError for a
    wrong code."""
    User.objects.select_for_update().get(pk=user.pk)
    device = pending_app_device(user)
    if not device.verify_token(_clean(code)):
        raise ApplicationError(
            _("The code is not correct. Enter the 6-digit code your app shows now."), field="code"
        )
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    logger.warning("Two-factor sign-in turned on for user %s", user.pk)
    return device, codes


@transaction.atomic
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """Replace the recovery codes with ten new ones (returned, to be shown once)."""
    User.objects.select_for_update().get(pk=user.pk)
    if not two_factor_enabled(user):
        raise ApplicationError(_("Two-factor sign-in is not turned on."))
    codes = _new_recovery_codes(user)
    logger.warning("Recovery codes replaced for user %s", user.pk)
    return codes


@transaction.atomic
def two_factor_disable(*, user: User, required: bool) -> None:
    """Remove the app and the recovery codes. Refused (ApplicationError) when ``required``."""
    if required:
        raise ApplicationError(
            _("Two-factor sign-in is required for your account and cannot be turned off.")
        )
    User.objects.select_for_update().get(pk=user.pk)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    logger.warning("Two-factor sign-in turned off for user %s", user.pk)


def two_factor_check(*, user: User, code: str) -> Device:
    """The device that accepts ``code``: the app's current code, or a recovery code, which is
    then used up. Raises ApplicationError otherwise (django-otp slows repeated failures)."""
    code = _clean(code)
    if code:
        for device in devices_for_user(user, confirmed=True):
            if device.verify_token(code):
                if isinstance(device, StaticDevice):
                    logger.warning("Recovery code used by user %s", user.pk)
                return device
    logger.warning("Wrong two-factor code for user %s", user.pk)
    raise ApplicationError(
        _(
            "The code is not correct. Enter the 6-digit code your app shows now, "
            "or a recovery code."
        ),
        field="code",
    )
