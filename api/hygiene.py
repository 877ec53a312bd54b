"""Input no database accepts, refused before any view runs: NUL characters and unpaired
surrogates in the query string, the path or a JSON or form body, and ids past 64 bits. Each
answers a 400 problem instead of a server error from the database."""

import json

from django.http import HttpRequest
from django.utils.translation import gettext as _

from api.problems import ApiProblem

MAX_ID = 2**63 - 1


def _bad_text(value: str) -> bool:
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _too_large(value) -> bool:
    if isinstance(value, str):
        try:
            value = int(value.strip()[:40])
        except ValueError:
            return False
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ID


def _walk(value) -> bool:
    if isinstance(value, str):
        return _bad_text(value)
    if isinstance(value, dict):
        return any(_bad_text(str(key)) or _walk(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_walk(item) for item in value)
    return False


def check_input(request: HttpRequest, kwargs: dict) -> None:
    """Raise a 400 problem when the request holds what the database would refuse."""
    bad = any(_too_large(value) for value in kwargs.values())
    bad = bad or any(isinstance(value, str) and _bad_text(value) for value in kwargs.values())
    bad = bad or any(
        _bad_text(text) for key, values in request.GET.lists() for text in [key, *values]
    )
    content_type = request.content_type or ""
    if not bad and request.method in ("POST", "PUT", "PATCH"):
        if content_type == "application/json":
            try:
                bad = _walk(json.loads(request.body or b"null"))
            except (ValueError, UnicodeDecodeError):
                bad = False  # the API answers invalid JSON itself
        elif content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            bad = any(_bad_text(value) for _key, values in request.POST.lists() for value in values)
    if bad:
        raise ApiProblem(
            "bad-request",
            _("The request holds characters or numbers the registry cannot store."),
        )
