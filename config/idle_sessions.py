"""Officers' sessions end after ``OFFICER_IDLE_MINUTES`` without a request.

Officers (anyone holding a role on a unit today) and administrators hold power over other
people's records, so a session left open on a shared computer must not stay usable. The time
of the last request is kept in the session (written at most once a minute); a later request
after the idle time signs the person out and sends them to the sign-in page with a message.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.two_factor import LAST_ACTIVITY_SESSION_KEY
from unions.enums import Capability
from unions.selectors import scope_paths

SESSION_KEY = LAST_ACTIVITY_SESSION_KEY


def holds_a_role(user) -> bool:
    """True when ``user`` holds a role on a unit today (read from the grants the permission
    checks cache on the user for the request: no query of its own after the first)."""
    return any(scope_paths(user, capability) for capability in Capability)


def idle_limit_applies(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return holds_a_role(user)


class OfficerIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and idle_limit_applies(user):
            now = int(time.time())
            last = request.session.get(SESSION_KEY)
            limit = settings.OFFICER_IDLE_MINUTES * 60
            if last is not None and now - int(last) > limit:
                logout(request)
                messages.warning(
                    request,
                    _(
                        "You were signed out after %(minutes)s minutes without activity. "
                        "Sign in again to continue."
                    )
                    % {"minutes": settings.OFFICER_IDLE_MINUTES},
                )
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('accounts:login')}?{query}")
            if last is None or now - int(last) >= 60:
                request.session[SESSION_KEY] = now
        return self.get_response(request)
