"""Errors of the API as problem details (RFC 9457): ``type``, ``title``, ``status``, ``detail``
and, for bad input, ``errors`` by field. Titles and details are translated: Vietnamese unless
the client asks for English (``Accept-Language: en``, see ``api.language``)."""

import json
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from accounts.errors import ApplicationError

PROBLEM_MEDIA_TYPE = "application/problem+json"

# The kinds of problem, each with its status and title. ``type`` is the address of its
# explanation on the docs page.
PROBLEM_TITLES = {
    "bad-request": (400, gettext_lazy("The request is not valid")),
    "unauthorized": (401, gettext_lazy("A valid access token is required")),
    "forbidden": (403, gettext_lazy("This is not allowed")),
    "not-found": (404, gettext_lazy("Not found")),
    "precondition-failed": (412, gettext_lazy("The resource has changed")),
    "invalid-input": (422, gettext_lazy("The input is not valid")),
    "rule-broken": (422, gettext_lazy("The request breaks a rule of the registry")),
    "too-many-requests": (429, gettext_lazy("Too many requests")),
}


def problem_type(slug: str) -> str:
    return f"/api/v1/docs#problem-{slug}"


class Problem(Schema):
    """An error, as RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    errors: dict[str, list[str]] = {}


class ApiProblem(Exception):
    """A problem the API answers with: one of ``PROBLEM_TITLES``, a translated detail, the
    errors by field and headers to add (``Retry-After``, ``WWW-Authenticate``)."""

    def __init__(
        self,
        slug: str,
        detail: str = "",
        *,
        errors: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail or slug)
        self.slug = slug
        self.detail = detail
        self.errors = errors or {}
        self.headers = headers or {}


def problem_response(
    slug: str,
    detail: str = "",
    *,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    status, title = PROBLEM_TITLES[slug]
    body: dict[str, Any] = {
        "type": problem_type(slug),
        "title": str(title),
        "status": status,
        "detail": str(detail or title),
        "errors": {field: [str(m) for m in messages] for field, messages in (errors or {}).items()},
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=f"{PROBLEM_MEDIA_TYPE}; charset=utf-8",
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# --- validation messages -----------------------------------------------------------------

VALIDATION_MESSAGES = {
    "missing": gettext_lazy("This field is required."),
    "string_too_long": gettext_lazy("This text is too long."),
    "string_too_short": gettext_lazy("This text is too short."),
    "string_type": gettext_lazy("Enter a text."),
    "int_parsing": gettext_lazy("Enter a whole number."),
    "int_type": gettext_lazy("Enter a whole number."),
    "int_from_float": gettext_lazy("Enter a whole number."),
    "decimal_parsing": gettext_lazy("Enter a number."),
    "decimal_type": gettext_lazy("Enter a number."),
    "float_parsing": gettext_lazy("Enter a number."),
    "bool_parsing": gettext_lazy("Enter true or false."),
    "bool_type": gettext_lazy("Enter true or false."),
    "date_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "date_type": gettext_lazy("Enter a date as YYYY-MM-DD."),
    "enum": gettext_lazy("Choose one of the allowed values."),
    "literal_error": gettext_lazy("Choose one of the allowed values."),
    "greater_than": gettext_lazy("This number is too small."),
    "greater_than_equal": gettext_lazy("This number is too small."),
    "less_than": gettext_lazy("This number is too large."),
    "less_than_equal": gettext_lazy("This number is too large."),
    "json_invalid": gettext_lazy("The body is not valid JSON."),
    "model_attributes_type": gettext_lazy("The body must be a JSON object."),
    "dict_type": gettext_lazy("The body must be a JSON object."),
    "list_type": gettext_lazy("Enter a list."),
    "too_long": gettext_lazy("This list is too long."),
    "too_short": gettext_lazy("This list is too short."),
    "extra_forbidden": gettext_lazy("This field is not known."),
}


def _field_name(location) -> str:
    # ("body", "payload", "authors", 0, "full_name") → "authors.0.full_name";
    # ("query", "year") → "year".
    parts = [str(part) for part in location if part not in ("body", "query", "path", "form")]
    if parts and parts[0] in ("payload", "filters", "data"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_errors(errors: list[dict]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in errors:
        message = VALIDATION_MESSAGES.get(
            error.get("type", ""), gettext_lazy("Enter a valid value.")
        )
        found.setdefault(_field_name(error.get("loc", ())), []).append(str(message))
    return found


# --- the handlers ------------------------------------------------------------------------


def _on_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(exc.slug, exc.detail, errors=exc.errors, headers=exc.headers)


def _on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem_response(
        "invalid-input",
        _("Correct the fields listed in “errors”."),
        errors=validation_errors(exc.errors),
    )


def _on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response("not-found", _("Nothing here, or nothing you may see."))


def _on_forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response("forbidden", _("You may not do this."))


def _on_unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(
        "unauthorized",
        _("Send a valid personal access token: “Authorization: Bearer <token>”."),
        headers={"WWW-Authenticate": "Bearer"},
    )


def _on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    errors = {exc.field: [str(exc.message)]} if exc.field else {}
    return problem_response("rule-broken", str(exc.message), errors=errors)


def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    slug = {401: "unauthorized", 403: "forbidden", 404: "not-found", 429: "too-many-requests"}
    return problem_response(slug.get(exc.status_code, "bad-request"))


def install_handlers(api) -> None:
    """Answer every error of ``api`` with problem details."""
    api.add_exception_handler(ApiProblem, _on_problem)
    api.add_exception_handler(ValidationError, _on_validation)
    api.add_exception_handler(Http404, _on_not_found)
    api.add_exception_handler(ObjectDoesNotExist, _on_not_found)
    api.add_exception_handler(PermissionDenied, _on_forbidden)
    api.add_exception_handler(AuthorizationError, _on_forbidden)
    api.add_exception_handler(AuthenticationError, _on_unauthenticated)
    api.add_exception_handler(ApplicationError, _on_application_error)
    api.add_exception_handler(HttpError, _on_http_error)
