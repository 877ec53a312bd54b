"""Pages of the API app: the human-readable docs (``/api/v1/docs``, drawn on the server from
the OpenAPI document, no script, so it works under a strict CSP), the problem answer for
unknown API paths, and the profile page with its section of personal access tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.errors import ApplicationError
from api.forms import TokenForm
from api.main import api
from api.problems import PROBLEM_TITLES, problem_response, problem_type
from api.profile import tokens_section
from api.selectors import tokens_of
from api.services import token_create, token_revoke
from emulation.profile import profile_sections

METHODS = ("get", "post", "put", "patch", "delete")


def _schema_name(schema: dict | None) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"[{_schema_name(schema.get('items'))}]"
    if "anyOf" in schema:
        return " | ".join(_schema_name(part) for part in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    if "allOf" in schema:
        return " & ".join(_schema_name(part) for part in schema["allOf"])
    kind = schema.get("type", "")
    return f"{kind} ({schema['format']})" if schema.get("format") else kind


def _operations(document: dict) -> list[dict]:
    operations = []
    for route, item in document.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {})
            body_types = [
                {"media_type": media, "schema": _schema_name(content.get("schema"))}
                for media, content in body.items()
            ]
            operations.append(
                {
                    "anchor": operation.get("operationId", f"{method}-{route}"),
                    "method": method.upper(),
                    "path": route,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "tags": operation.get("tags", []),
                    "needs_token": bool(operation.get("security")),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "in": parameter["in"],
                            "required": parameter.get("required", False),
                            "type": _schema_name(parameter.get("schema")),
                            "description": parameter.get("description", ""),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "body": body_types,
                    "responses": [
                        {
                            "status": status,
                            "description": response.get("description", ""),
                            "schema": ", ".join(
                                _schema_name(content.get("schema"))
                                for content in response.get("content", {}).values()
                            ),
                        }
                        for status, response in sorted(
                            operation.get("responses", {}).items(), key=lambda item: str(item[0])
                        )
                    ],
                }
            )
    return operations


def _schemas(document: dict) -> list[dict]:
    schemas = []
    for name, schema in sorted(document.get("components", {}).get("schemas", {}).items()):
        required = set(schema.get("required", []))
        schemas.append(
            {
                "name": name,
                "description": schema.get("description", ""),
                "fields": [
                    {
                        "name": field,
                        "type": _schema_name(spec),
                        "required": field in required,
                        "description": spec.get("description", ""),
                    }
                    for field, spec in schema.get("properties", {}).items()
                ],
            }
        )
    return schemas


def docs(request: HttpRequest) -> HttpResponse:
    """The API's reference, read from its OpenAPI document."""
    document = api.get_openapi_schema()
    return render(
        request,
        "api/docs.html",
        {
            "document": document,
            "operations": _operations(document),
            "schemas": _schemas(document),
            "problems": [
                {"slug": slug, "status": status, "title": title, "type": problem_type(slug)}
                for slug, (status, title) in PROBLEM_TITLES.items()
            ],
            "openapi_url": request.build_absolute_uri("/api/v1/openapi.json"),
        },
    )


def not_found(request: HttpRequest) -> HttpResponse:
    return problem_response("not-found", _("There is no such address in the API."))


# --- the profile page and its tokens ---------------------------------------------------------


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The profile page: the sections of ``emulation.profile`` and the personal access
    tokens."""
    sections = [*profile_sections(request.user), tokens_section(request.user)]
    sections.sort(key=lambda section: section.order)
    return render(request, "accounts/profile.html", {"person": request.user, "sections": sections})


@login_required
@require_POST
def token_new(request: HttpRequest) -> HttpResponse:
    """Create a token; the page shows it once. On bad input nothing is saved and the profile
    page comes back with the errors."""
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            created = token_create(
                owner=request.user,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
                read_only=form.cleaned_data["access"] == "read",
            )
        except ApplicationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            response = render(
                request,
                "api/token_created.html",
                {"token": created.token, "secret": created.secret},
            )
            response["Cache-Control"] = "no-store"
            return response
    sections = [*profile_sections(request.user), tokens_section(request.user, form=form)]
    sections.sort(key=lambda section: section.order)
    return render(
        request,
        "accounts/profile.html",
        {"person": request.user, "sections": sections},
        status=400,
    )


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(tokens_of(request.user), pk=pk)
    try:
        token_revoke(token=token, actor=request.user)
    except ApplicationError:
        raise Http404 from None
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("profile")
