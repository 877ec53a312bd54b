"""Fetching one object for a view: outside the user's scope it does not exist (404)."""

from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404


def get_visible_or_404(queryset: QuerySet, user, permission: str, **lookup) -> Model:
    """Return the object from a scoped ``queryset`` if ``user`` has ``permission`` on it.

    Both an object missing from the scoped queryset and one the rule refuses answer 404, so
    nobody can learn what exists outside their part of the tree.
    """
    obj = get_object_or_404(queryset, **lookup)
    if not user.has_perm(permission, obj):
        raise Http404
    return obj


def private_file_response(field_file, *, filename: str, content_type: str) -> FileResponse:
    """Stream a file of the private storage as a download only: never cached, never sniffed.
    A file missing from the storage answers 404."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
