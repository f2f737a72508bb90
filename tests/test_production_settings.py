"""Production settings: `check --deploy` is clean, logs are JSON without personal data,
Sentry starts only with a DSN and scrubs what it sends, client addresses behind proxies."""

import io
import json
import logging
import subprocess
import sys

import pytest
from django.test import RequestFactory

from healinghaven.ops import logs
from healinghaven.ops.error_reporting import scrub_event
from healinghaven.staff import security
from tests.production.server import REPO

DEPLOY_ENV = {
    "SECRET_KEY": "Pk3v9-QmZ1x_Lr8sT2wYb7Nc4Hd6Fj0Ge5Ua3Io9Ep1Kq8Xs2Vt7Bm4Cn6Dl0Rw",
    "ALLOWED_HOSTS": "www.healinghaven.example",
    "CSRF_TRUSTED_ORIGINS": "https://www.healinghaven.example",
    "WAGTAILADMIN_BASE_URL": "https://www.healinghaven.example",
    "EMAIL_URL": "smtp://mail.healinghaven.example:587?tls=True",
    "DATABASE_URL": "postgres://site:secret@db.internal:5432/healinghaven",
}


def check_deploy(**overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("DJANGO_")}
    env.update(DEPLOY_ENV, DJANGO_SETTINGS_MODULE="healinghaven.settings.production")
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "check_id"),
    [
        ({"WAGTAILADMIN_BASE_URL": "http://127.0.0.1:8000"}, "healinghaven.W001"),
        ({"ADMIN_REQUIRE_TWO_FACTOR": "0"}, "healinghaven.W002"),
        ({"SECURE_SSL_REDIRECT": "0"}, "security.W008"),
        ({"EMAIL_URL": "console://"}, "mail.E001"),
    ],
)
def test_check_deploy_catches_a_weakened_configuration(override, check_id):
    result = check_deploy(**override)
    assert result.returncode != 0
    assert check_id in result.stderr + result.stdout


# --- logs ----------------------------------------------------------------------------------


def run_middleware(request, view=None):
    from django.http import HttpResponse

    middleware = logs.RequestIDMiddleware(view or (lambda r: HttpResponse("ok")))
    return middleware(request)


def test_a_sane_incoming_request_id_is_kept_and_returned():
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="a1b2c3d4-trace")
    response = run_middleware(request)
    assert request.request_id == "a1b2c3d4-trace"
    assert response["X-Request-ID"] == "a1b2c3d4-trace"


@pytest.mark.parametrize("value", ["", "short", "has space in it", "x" * 200, "quote\"'<>"])
def test_an_unsafe_request_id_is_replaced(value):
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID=value)
    response = run_middleware(request)
    assert response["X-Request-ID"] != value
    assert len(response["X-Request-ID"]) == 32


@pytest.fixture
def log_output():
    """What the configured root handler writes (its formatter from LOGGING), as text."""
    (configured,) = logging.getLogger().handlers[:1]
    assert isinstance(configured.formatter, logs.JsonFormatter)
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(configured.formatter)
    logging.getLogger().addHandler(handler)
    yield buffer
    logging.getLogger().removeHandler(handler)


def test_log_lines_are_json_with_the_request_id(log_output):
    from django.http import HttpResponse

    logger = logging.getLogger("healinghaven.test")

    def view(request):
        logger.warning("Something to look at", extra={"fields": {"path": request.path}})
        email = request.GET["email"]
        try:
            raise ValueError(f"{email} typed this")
        except ValueError:
            logger.exception("It failed")
        return HttpResponse("ok")

    request = RequestFactory().get("/x?email=patient@example.com", HTTP_X_REQUEST_ID="trace-123456")
    run_middleware(request, view)
    lines = [json.loads(line) for line in log_output.getvalue().splitlines() if line]
    mine = [line for line in lines if line["logger"] == "healinghaven.test"]
    assert [line["message"] for line in mine] == ["Something to look at", "It failed"]
    assert all(line["request_id"] == "trace-123456" for line in mine)
    assert mine[0]["path"] == "/x"
    assert mine[1]["error"]["type"] == "ValueError"
    assert "patient@example" not in json.dumps(mine)


def test_django_error_records_do_not_carry_the_request_into_the_log(log_output):
    request = RequestFactory().post("/book/?email=patient@example.com", {"name": "Example Patient"})
    logging.getLogger("django.request").error(
        "Internal Server Error: %s", request.path, extra={"request": request, "status_code": 500}
    )
    out = log_output.getvalue()
    assert json.loads(out)["message"] == "Internal Server Error: /book/"
    assert "patient@example" not in out and "Example Patient" not in out


# --- Sentry ----------------------------------------------------------------------------------


def sentry_active(env: dict) -> str:
    code = (
        # Reading a setting imports the production settings, which start Sentry.
        "from django.conf import settings; settings.DEBUG; import sentry_sdk; "
        "c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options.get('send_default_pii'), c.options.get('before_send').__name__ if c.options.get('before_send') else None)"
    )
    base = {k: v for k, v in __import__("os").environ.items() if not k.startswith("DJANGO_")}
    base.update(DEPLOY_ENV, DJANGO_SETTINGS_MODULE="healinghaven.settings.production", **env)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=REPO,
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")[-2]


def test_sentry_is_off_without_a_dsn():
    assert sentry_active({"SENTRY_DSN": ""}).startswith("False")


def test_sentry_starts_with_a_dsn_and_no_personal_data():
    # A DSN on loopback: nothing is sent anywhere by starting the client.
    assert sentry_active({"SENTRY_DSN": "https://public@127.0.0.1:9/1"}) == "True False scrub_event"


def test_the_scrubber_removes_what_could_identify_a_patient():
    event = {
        "request": {
            "url": "https://www.example.com/book/?email=jane@example.com",
            "query_string": "email=jane@example.com",
            "data": {"name": "Example Patient", "message": "my back"},
            "cookies": {"__Host-sessionid": "abc"},
            "headers": {"User-Agent": "Firefox", "Cookie": "x", "X-Forwarded-For": "1.2.3.4"},
            "env": {"REMOTE_ADDR": "1.2.3.4"},
        },
        "user": {"ip_address": "1.2.3.4", "email": "jane@example.com"},
        "exception": {"values": [{"stacktrace": {"frames": [{"vars": {"email": "jane@x"}}]}}]},
        "breadcrumbs": {"values": [{"category": "query", "message": "SELECT 'jane'", "data": {}}]},
    }
    scrubbed = json.dumps(scrub_event(event))
    for secret in ("jane", "Jane", "1.2.3.4", "abc", "my back"):
        assert secret not in scrubbed
    assert event["request"]["url"] == "https://www.example.com/book/"
    assert event["request"]["headers"] == {"User-Agent": "Firefox"}


# --- client address behind proxies ------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.2"),  # no proxy trusted: the header is ignored
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "1.2.3.4, 198.51.100.7", "198.51.100.7"),  # the client forged the first one
        (2, "1.2.3.4, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.2"),  # too few: the request bypassed a proxy
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert security.client_ip(request) == expected
