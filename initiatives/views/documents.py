"""The dossier's printable documents: the application as the legal form lays it out, and the
receipt ("Giấy biên nhận") given when the unit accepts it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from accounts.access import get_visible_or_404
from initiatives.documents import (
    application_filename,
    receipt_filename,
    render_application_pdf,
    render_receipt_pdf,
)
from initiatives.models import Initiative
from initiatives.selectors import initiatives_visible_to


def _visible_initiative(request: HttpRequest, pk: int) -> Initiative:
    return get_visible_or_404(
        initiatives_visible_to(request.user),
        request.user,
        "initiatives.view_initiative",
        pk=pk,
    )


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def application_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    content = render_application_pdf(
        initiative,
        include_confidential=request.user.has_perm("initiatives.view_confidential", initiative),
    )
    return _pdf_response(content, application_filename(initiative))


@login_required
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    if not initiative.receipt_number:
        raise Http404
    return _pdf_response(render_receipt_pdf(initiative), receipt_filename(initiative))
