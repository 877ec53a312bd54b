"""The load balancer's health check: the database, the cache and the task backlog."""

import datetime

from django.db import OperationalError, connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

# A Redis nobody listens on: the connection is refused at once.
REFUSED_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
}


def queued_task(*, status: str = "READY", age: datetime.timedelta | None = None, **fields):
    task = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="awards.certificates.generate_certificates",
        backend_name="default",
        run_after=fields.pop("run_after", get_date_max()),
        **fields,
    )
    if age is not None:
        DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - age)
    return task


def test_healthz_reports_ok_when_the_database_and_the_cache_answer(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "tasks": {"ready": 0, "oldest_ready_seconds": None},
    }
    assert "no-cache" in response["Cache-Control"]


def test_healthz_counts_the_ready_tasks_and_the_age_of_the_oldest(client, db):
    queued_task(age=datetime.timedelta(hours=2))
    queued_task(age=datetime.timedelta(minutes=5))
    # Not in the backlog: finished, running, or due later.
    queued_task(status="SUCCESSFUL", age=datetime.timedelta(days=3))
    queued_task(status="RUNNING", age=datetime.timedelta(days=2))
    queued_task(run_after=timezone.now() + datetime.timedelta(days=1))

    tasks = client.get("/healthz").json()["tasks"]

    assert tasks["ready"] == 2
    assert 2 * 3600 <= tasks["oldest_ready_seconds"] < 3 * 3600


def test_healthz_reports_the_database_when_it_fails(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    # Undone before the test database rolls back, which needs a working cursor.
    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "error: OperationalError",
        "cache": "ok",
        "tasks": None,
    }


@override_settings(CACHES=REFUSED_REDIS)
def test_healthz_reports_the_cache_when_redis_is_down(client, db):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["cache"] == "error: ConnectionError"
    assert body["tasks"] == {"ready": 0, "oldest_ready_seconds": None}


def test_healthz_accepts_only_get(client, db):
    response = client.post("/healthz")

    assert response.status_code == 405
