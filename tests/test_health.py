"""The load balancer's health check."""

from django.db import OperationalError, connection


def test_healthz_reports_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_the_database_when_it_fails(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    # Undone before the test database rolls back, which needs a working cursor.
    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error: OperationalError"}


def test_healthz_accepts_only_get(client, db):
    response = client.post("/healthz")

    assert response.status_code == 405
