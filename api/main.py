"""The open API, version 1, mounted at ``/api/v1/``: its routers, its errors as problem
details and its OpenAPI document (``/api/v1/openapi.json``), which lists every problem an
operation may answer."""

from typing import Any

from ninja import NinjaAPI

from api.endpoints import dossiers, officer, public
from api.problems import PROBLEM_MEDIA_TYPE, install_handlers

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_DESCRIPTIONS = {
    304: "Not modified (If-None-Match)",
    400: "Bad request",
    401: "Missing, unknown, expired or revoked token",
    403: "Not allowed (a read-only token writing)",
    404: "Not found, or outside the token owner's scope",
    412: "If-Match names another version",
    422: "Invalid input or a rule of the registry broken",
    429: "Too many requests (see Retry-After)",
}


class RegistryAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any):
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = {
            "title": "Problem",
            "type": "object",
            "description": "RFC 9457 problem details, in the language of Accept-Language.",
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "errors": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
            },
            "required": ["type", "title", "status", "detail", "errors"],
        }
        for path_item in schema.get("paths", {}).values():
            for method, operation in path_item.items():
                if not isinstance(operation, dict) or "responses" not in operation:
                    continue
                _document_problems(method, operation)
        return schema


def _document_problems(method: str, operation: dict) -> None:
    responses = operation["responses"]
    codes = [400, 404, 422, 429]
    if operation.get("security"):
        codes += [401, 403]
    if method in ("patch", "put") or operation.get("operationId", "").endswith("author_add"):
        codes.append(412)
    for code in codes:
        responses[code] = {
            "description": PROBLEM_DESCRIPTIONS[code],
            "content": {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}},
        }
    for code, response in responses.items():
        if str(code) == "200" and response.get("content") == {}:
            response.pop("content")


api = RegistryAPI(
    title="Emulation & Innovation Registry API",
    version="1",
    description=(
        "The open API of the registry. Public endpoints need no token; the others need a "
        "personal access token (Authorization: Bearer <token>) made on the profile page."
    ),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)
install_handlers(api)
api.add_router("/", public.router)
api.add_router("/", dossiers.router)
api.add_router("/", officer.router)
