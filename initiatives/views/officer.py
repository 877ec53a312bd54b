"""The officer's inbox, and the dossier page every reader shares: its sections, files, history
and exactly the actions the workflow table and the rules allow the user."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.access import private_file_response
from accounts.errors import ApplicationError
from accounts.pagination import COUNT_LIMIT, SEARCH_COUNT_LIMIT, BoundedPaginator
from initiatives import services
from initiatives.filters import InitiativeFilter
from initiatives.forms import RemunerationForm, TransitionForm
from initiatives.selectors import initiative_inbox, is_overdue
from initiatives.views import (
    PAGE_SIZE,
    apply_error,
    dossier_context,
    remuneration_context,
    visible_initiative,
)
from initiatives.workflow import DOSSIER_PAGE_ACTIONS, TRANSITIONS


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    # Without an object the rule asks whether the user may read dossiers anywhere.
    if not request.user.has_perm("initiatives.view_initiative"):
        raise PermissionDenied
    queryset = initiative_inbox(request.user).order_by(
        F("submitted_at").desc(nulls_last=True), "-pk"
    )
    inbox_filter = InitiativeFilter(request.GET or None, queryset=queryset)
    # A search counts at most ten pages: its matches are a share of the whole scope.
    limit = SEARCH_COUNT_LIMIT if (request.GET.get("q") or "").strip() else COUNT_LIMIT
    page = BoundedPaginator(inbox_filter.qs, PAGE_SIZE, limit=limit).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    today = timezone.localdate()
    for initiative in page.object_list:
        initiative.is_overdue = is_overdue(initiative, today)
    filtering = any(
        value for key, value in request.GET.items() if key not in ("page", "sort") and value
    )
    return render(
        request,
        "initiatives/inbox.html",
        {
            "filter": inbox_filter,
            "page": page,
            "filtering": filtering,
            "count_limit": formats.number_format(limit, force_grouping=True),
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = visible_initiative(request, pk)
    return render(request, "initiatives/detail.html", dossier_context(request, initiative))


SUCCESS_MESSAGES = {
    "submit": _("The dossier has been submitted. The unit will check it."),
    "resubmit": _("The completed dossier has been sent back to the unit."),
    "return": _("The dossier has been returned to its authors for completion."),
    "accept": _("The dossier has been accepted."),
    "refuse": _("The dossier has been refused."),
    "withdraw": _("The dossier has been withdrawn."),
}


@login_required
@require_POST
def transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Apply one action of the workflow table; on a broken rule, nothing changes and the page
    comes back with the message."""
    initiative = visible_initiative(request, pk)
    if action not in DOSSIER_PAGE_ACTIONS:
        raise Http404
    step = TRANSITIONS[action]
    if not request.user.has_perm(step.permission, initiative):
        raise PermissionDenied
    form = TransitionForm(request.POST, transition=step, auto_id=f"id_{action}_%s")
    if form.is_valid():
        try:
            services.initiative_transition(
                initiative=initiative,
                action=action,
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except ApplicationError as error:
            if error.field == "note":
                form.add_error("note", error.message)
            else:
                messages.error(request, error.message)
        else:
            messages.success(request, str(SUCCESS_MESSAGES[action]))
            return redirect("initiatives:detail", pk=initiative.pk)
    initiative = visible_initiative(request, pk)
    if request.POST.get("from") == "preview":
        context = dossier_context(
            request,
            initiative,
            action_forms={action: form},
            only_actions=("submit", "resubmit"),
        )
        return render(request, "initiatives/preview.html", context)
    context = dossier_context(request, initiative, action_forms={action: form})
    return render(request, "initiatives/detail.html", context)


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """Stream a file of the dossier from the private storage, as a download only."""
    initiative = visible_initiative(request, pk)
    attachment = get_object_or_404(initiative.attachments.all(), pk=attachment_pk)
    if not request.user.has_perm("initiatives.download_attachment", attachment):
        raise Http404
    return private_file_response(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@login_required
@require_POST
def remuneration_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record remuneration paid for a recognised dossier; on bad input nothing is saved and the
    page comes back with the errors."""
    initiative = visible_initiative(request, pk)
    if not request.user.has_perm("initiatives.record_remuneration", initiative):
        raise PermissionDenied
    form = RemunerationForm(request.POST, initiative=initiative)
    if form.is_valid():
        try:
            services.remuneration_record(
                initiative=initiative, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The payment has been recorded."))
            return redirect("initiatives:detail", pk=initiative.pk)
    context = dossier_context(request, initiative)
    context.update(remuneration_context(request, initiative, form=form))
    return render(request, "initiatives/detail.html", context, status=400)
