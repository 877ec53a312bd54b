"""Error reports (Sentry, when ``SENTRY_DSN`` is set) and JSON log lines (``LOG_FORMAT=json``).

The registry holds personal data (members' identification numbers, phones, e-mail addresses,
dossiers). An error report carries the page address, the exception and the stack; it never
carries what the visitor sent: ``scrub_event`` removes the request body, the query string,
cookies and headers that identify a person, and the user's e-mail, name and address.
"""

import json
import logging
import traceback
from datetime import UTC, datetime
from typing import Any

# Request headers kept in a report; every other header (Cookie, Authorization, X-Forwarded-For,
# Referer with its query string …) is dropped.
KEPT_HEADERS = frozenset({"accept", "accept-language", "content-type", "host", "user-agent"})
FILTERED = "[Filtered]"


def _strip_query(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0]


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """``before_send`` for Sentry: the event without personal data (see the module)."""
    request = event.get("request")
    if isinstance(request, dict):
        for field in ("data", "cookies", "query_string", "env"):
            request.pop(field, None)
        if isinstance(request.get("url"), str):
            request["url"] = _strip_query(request["url"])
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value for name, value in headers.items() if name.lower() in KEPT_HEADERS
            }
    user = event.get("user")
    if isinstance(user, dict):
        # The id alone tells the administrators whom to ask; it is no personal data by itself.
        event["user"] = {"id": user["id"]} if "id" in user else {}
    # Breadcrumbs of HTTP calls and SQL may carry query strings and parameters.
    breadcrumbs = event.get("breadcrumbs")
    values = breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else None
    for crumb in values or ():
        data = crumb.get("data")
        if isinstance(data, dict):
            if isinstance(data.get("url"), str):
                data["url"] = _strip_query(data["url"])
            for field in ("http.query", "http.fragment", "params"):
                data.pop(field, None)
    # Local variables of the stack frames may hold a form's cleaned data.
    for exception in (event.get("exception") or {}).get("values") or ():
        for frame in (exception.get("stacktrace") or {}).get("frames") or ():
            if "vars" in frame:
                frame["vars"] = FILTERED
    return event


def sentry_options(
    *, dsn: str, environment: str, traces_sample_rate: float, release: str | None
) -> dict:
    """The options of ``sentry_sdk.init``: personal data off and scrubbed (see the module)."""
    from sentry_sdk.integrations.django import DjangoIntegration

    return {
        "dsn": dsn,
        "environment": environment,
        "release": release,
        "integrations": [DjangoIntegration()],
        "send_default_pii": False,
        "include_local_variables": False,
        "max_request_body_size": "never",
        "traces_sample_rate": traces_sample_rate,
        "before_send": scrub_event,
        "before_send_transaction": scrub_event,
    }


def sentry_init(**settings) -> None:
    """Send errors to Sentry (``SENTRY_DSN``); called by the production settings."""
    import sentry_sdk

    sentry_sdk.init(**sentry_options(**settings))


# Attributes every LogRecord has; anything else was passed through ``extra=`` and is kept.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", logging.INFO, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "taskName",
}


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)
    return value


class JsonLinesFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the place in the
    code, the exception's traceback if any, and the record's ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "module": record.module,
            "line": record.lineno,
            "process": record.process,
        }
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        for name, value in vars(record).items():
            if name in _RECORD_ATTRIBUTES or name in entry or name.startswith("_"):
                continue
            if name == "request":  # Django's request logs: the path, never the query string
                value = f"{getattr(value, 'method', '')} {getattr(value, 'path', '')}".strip()
            entry[name] = _jsonable(value)
        return json.dumps(entry, ensure_ascii=False)
