"""ETags of the API's detail reads and the ``If-Match`` check of its updates."""

import hashlib

from django.http import HttpRequest
from django.utils.translation import gettext as _

from api.problems import ApiProblem


def etag_of(*parts: object) -> str:
    """A strong ETag made of ``parts`` (an id and a change stamp)."""
    digest = hashlib.sha256(":".join(str(part) for part in parts).encode()).hexdigest()[:32]
    return f'"{digest}"'


def _tags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def not_modified(request: HttpRequest, etag: str) -> bool:
    """True when the client already holds this version (``If-None-Match``)."""
    header = request.headers.get("If-None-Match", "")
    return bool(header) and (header.strip() == "*" or etag in _tags(header))


def check_if_match(request: HttpRequest, etag: str) -> None:
    """Raise a 412 problem when ``If-Match`` names another version than ``etag`` (no header:
    the client takes the risk of overwriting)."""
    header = request.headers.get("If-Match", "")
    if header and header.strip() != "*" and etag not in _tags(header):
        raise ApiProblem(
            "precondition-failed",
            _("The dossier changed since you read it: read it again, then send your change."),
        )
