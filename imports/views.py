"""Pages of the imports: the upload form with the templates, a batch's progress and report
(problems by row and column, counts, the rejected rows), and undoing a batch."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.access import private_file_response
from accounts.errors import ApplicationError
from accounts.spreadsheets import XLSX_CONTENT_TYPE
from imports.forms import ImportForm, ImportMode
from imports.models import ImportBatch, ImportKind, ImportStatus
from imports.rules import KIND_CAPABILITIES, may_import
from imports.services import (
    EXPORTS,
    batch_undo,
    export_workbook,
    import_queue,
    template_workbook,
)
from unions.selectors import scope_paths


def _require(request: HttpRequest, permission: str, obj=None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _kinds(user) -> list[str]:
    return [kind for kind in ImportKind.values if may_import(user, kind)]


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    _require(request, "imports.use")
    kinds = _kinds(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        mode = form.cleaned_data["mode"]
        try:
            batch = import_queue(
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                actor=request.user,
                dry_run=mode == ImportMode.CHECK,
                valid_only=mode == ImportMode.VALID_ONLY,
            )
        except ApplicationError as error:
            form.add_error("file", error.message)
        else:
            return redirect("imports:batch_detail", pk=batch.pk)
    batches = ImportBatch.objects.filter(created_by=request.user).order_by("-created_at")[:20]
    return render(
        request,
        "imports/import_start.html",
        {
            "form": form,
            "kinds": [(k, ImportKind(k).label) for k in kinds],
            "exports": [(k, ImportKind(k).label) for k in kinds if k in EXPORTS],
            "batches": batches,
        },
    )


@login_required
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ImportKind.values or not may_import(request.user, kind):
        raise Http404
    with translation.override(settings.LANGUAGE_CODE):
        content = template_workbook(kind)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="mau-{kind}.xlsx"'
    return response


@login_required
def export_download(request: HttpRequest, kind: str) -> HttpResponse:
    """The records of a kind the register has no export of (units, past initiatives, past awards) in
    the units where the user may import them, in the template's columns: the file imports
    back unchanged."""
    if kind not in EXPORTS or not may_import(request.user, kind):
        raise Http404
    user = request.user
    paths = None if user.is_superuser else scope_paths(user, KIND_CAPABILITIES[kind])
    with translation.override(settings.LANGUAGE_CODE):
        content = export_workbook(kind, paths=paths)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="xuat-{kind}.xlsx"'
    return response


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)
    if not request.user.has_perm("imports.view_batch", batch):
        raise Http404
    return batch


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    running = batch.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)
    return render(
        request,
        "imports/batch_detail.html",
        {
            "batch": batch,
            "running": running,
            "can_undo": batch.recorded and batch.undone_at is None,
        },
    )


@login_required
def batch_rejected(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    if not batch.rejected_file:
        raise Http404
    return private_file_response(
        batch.rejected_file,
        filename=f"tu-choi-{batch.file_name}",
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
def batch_undo_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    if request.method != "POST":
        return redirect("imports:batch_detail", pk=pk)
    try:
        batch_undo(batch=batch, actor=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The import has been undone."))
    return redirect("imports:batch_detail", pk=pk)
