"""Who must sign in with two factors, and the middleware that holds them to it.

Administrators (superusers and staff, who use the Wagtail admin) always, when
``OTP_REQUIRED_FOR_ADMINISTRATORS`` (on outside tests); officers (anyone holding a role grant
today) when ``OTP_REQUIRED_FOR_OFFICERS``; members never. Someone required who has not set it
up is sent to the setup page; anyone with an app (members who chose it too) whose session has
not passed the second step is sent there. The pages of the sign-in itself stay reachable.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from accounts.two_factor import NO_APP_SESSION_KEY, two_factor_enabled
from config.idle_sessions import holds_a_role


def two_factor_required(user) -> bool:
    if not user.is_authenticated:
        return False
    if (user.is_superuser or user.is_staff) and settings.OTP_REQUIRED_FOR_ADMINISTRATORS:
        return True
    if settings.OTP_REQUIRED_FOR_OFFICERS:
        return holds_a_role(user)
    return False


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def _open_paths(self) -> tuple[str, ...]:
        return (
            reverse("accounts:two_factor_setup"),
            reverse("accounts:two_factor_verify"),
            reverse("accounts:logout"),
            reverse("set_language"),
            settings.STATIC_URL,
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        required = bool(user is not None and two_factor_required(user))
        request.two_factor_required = required
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(self._open_paths())
        ):
            enabled = self._enabled(request, user)
            if required or enabled:
                target = "accounts:two_factor_verify" if enabled else "accounts:two_factor_setup"
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)

    @staticmethod
    def _enabled(request: HttpRequest, user) -> bool:
        """Whether ``user`` has an app; a session that found none does not ask again (turning
        it on in this session verifies the session at once)."""
        if request.session.get(NO_APP_SESSION_KEY) == user.pk:
            return False
        enabled = two_factor_enabled(user)
        if not enabled:
            request.session[NO_APP_SESSION_KEY] = user.pk
        return enabled
