""" "Việc của tôi": the first page after sign-in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from emulation.workspace import work_lists


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "emulation/workspace.html",
        {"work_lists": work_lists(request.user), "today": timezone.localdate()},
    )
