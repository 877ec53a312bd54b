"""``/healthz``: what a load balancer and the monitoring read.

JSON with the database, the cache and the task backlog (tasks ready to run in django-tasks'
database table and the age of the oldest, in seconds). 200 while the database and the cache
answer, 503 naming the failing part otherwise; a backlog is reported, never a failure (alert on
``oldest_ready_seconds`` growing: no worker is running).
"""

import uuid

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult

CACHE_PROBE_KEY = "healthz:probe"


def _error(error: Exception) -> str:
    return f"error: {error.__class__.__name__}"


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure of the database is reported, not raised
        return _error(error)
    return "ok"


def cache_status() -> str:
    """Write a fresh value and read it back: a cache that drops writes is down too."""
    value = uuid.uuid4().hex
    try:
        cache.set(CACHE_PROBE_KEY, value, timeout=10)
        if cache.get(CACHE_PROBE_KEY) != value:
            return "error: value not kept"
    except Exception as error:  # a refused connection to Redis, a timeout …
        return _error(error)
    return "ok"


def task_backlog() -> dict:
    """Tasks ready to run now and the age of the oldest, in whole seconds (null when none)."""
    figures = DBTaskResult.objects.ready().aggregate(ready=Count("pk"), oldest=Min("enqueued_at"))
    oldest = figures["oldest"]
    return {
        "ready": figures["ready"],
        "oldest_ready_seconds": (
            int((timezone.now() - oldest).total_seconds()) if oldest is not None else None
        ),
    }


@never_cache
@require_GET
def healthz(request):
    """200 when the database and the cache answer, 503 otherwise; the body says which."""
    body = {"status": "ok", "database": database_status(), "cache": cache_status()}
    if body["database"] == "ok":
        try:
            body["tasks"] = task_backlog()
        except Exception as error:  # the table missing before the first migrate
            body["tasks"] = {"error": _error(error)}
    else:
        body["tasks"] = None
    if body["database"] != "ok" or body["cache"] != "ok":
        body["status"] = "error"
        return JsonResponse(body, status=503)
    return JsonResponse(body)
