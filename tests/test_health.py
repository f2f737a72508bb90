"""/healthz and /readyz: what a load balancer and a container platform ask."""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper

from healinghaven.ops import health


@pytest.fixture(autouse=True)
def _fresh_migration_state(monkeypatch):
    monkeypatch.setattr(health, "migration_state", health.MigrationState())


def test_healthz_answers_without_the_database(client):
    # No django_db mark: pytest-django fails any database access in this test.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_ready_with_database_and_migrations(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_readyz_is_unavailable_when_the_database_is_down(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused to db.internal:5432 as user secret")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "cache": "ok"}
    assert b"secret" not in response.content and b"5432" not in response.content


@pytest.mark.django_db
def test_readyz_is_unavailable_with_unapplied_migrations(client, monkeypatch):
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: [("app", "0001")]
    )
    assert client.get("/readyz").status_code == 503


@pytest.mark.django_db
def test_health_endpoints_ignore_the_host_header(client):
    # Probes call the container by its own address, which ALLOWED_HOSTS does not list.
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
