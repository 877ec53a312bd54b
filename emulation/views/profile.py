"""A person's profile page: their account, memberships and roles, and achievements."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from emulation.profile import profile_sections


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/profile.html",
        {"person": request.user, "sections": profile_sections(request.user)},
    )
