"""The production configuration under gunicorn, started as the Docker image starts it.

One server for the package (conftest.py): the release and build steps run first (migrate, collectstatic,
the demo content), then the Dockerfile's CMD. Every public page type, the admin sign-in and
the static files are fetched as a browser behind the TLS proxy would fetch them.
"""

import gzip
import json
import re
import time

import pytest

from tests.e2e.page_types import PAGE_TYPES, ids
from tests.production import server as smoke
from tests.production.browser import Browser, forms_in

pytestmark = pytest.mark.production

STRICT_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "frame-ancestors": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def csp_directives(value: str) -> dict[str, str]:
    directives = {}
    for part in value.split(";"):
        name, _, rest = part.strip().partition(" ")
        if name:
            directives[name] = rest.strip()
    return directives


def assert_secure_headers(response, *, static: bool = False) -> None:
    csp = csp_directives(response.header("Content-Security-Policy") or "")
    for name, value in STRICT_CSP.items():
        assert csp.get(name) == value, (name, csp)
    assert "unsafe" not in response.header("Content-Security-Policy")
    hsts = response.header("Strict-Transport-Security")
    assert hsts == "max-age=63072000; includeSubDomains; preload"
    assert response.header("X-Content-Type-Options") == "nosniff"
    assert response.header("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert response.header("Cross-Origin-Opener-Policy") == "same-origin"
    assert response.header("Cross-Origin-Resource-Policy") == "same-origin"
    assert "camera=()" in response.header("Permissions-Policy")
    assert "geolocation=()" in response.header("Permissions-Policy")
    if not static:  # WhiteNoise answers before the X-Frame-Options middleware
        assert response.header("X-Frame-Options") == "DENY"
    server_header = (response.header("Server") or "").lower()
    assert "gunicorn" not in server_header and "python" not in server_header
    assert not re.search(r"\d", server_header), "no version in the Server header"
    assert re.fullmatch(r"[0-9a-f]{32}", response.header("X-Request-ID") or "")


def test_readyz_passes(production):
    response = production.get("/readyz", https=False)
    assert response.status == 200
    assert json.loads(response.body) == {"status": "ok", "cache": "ok"}


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=ids(PAGE_TYPES))
def test_every_page_type_has_the_security_headers(production, page_type):
    response = production.get(page_type.path)
    # The thank-you page needs the session of a patient who just sent the form: without
    # it, it redirects to the form (with the same headers).
    expected = 302 if page_type.name == "thank-you" else page_type.status
    assert response.status == expected
    assert_secure_headers(response)
    for cookie in response.all("Set-Cookie"):
        assert "Secure" in cookie and "SameSite=Lax" in cookie, cookie


def test_admin_sign_in_runs_under_the_strict_policy_with_secure_cookies(production):
    response = production.get("/admin/login/")
    assert response.status == 200
    assert_secure_headers(response)  # as strict as the public site: no 'unsafe-inline'
    assert csp_directives(response.header("Content-Security-Policy"))["style-src"] == "'self'"
    cookies = response.all("Set-Cookie")
    csrf = [c for c in cookies if c.startswith("__Host-csrftoken=")]
    assert csrf, cookies
    for flag in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert flag in csrf[0]
    assert "Domain=" not in csrf[0]


def test_plain_http_is_redirected_to_https(production):
    response = production.get("/about/?x=1", https=False)
    assert response.status == 301
    assert response.header("Location") == "https://localhost/about/?x=1"


def test_home_page_uses_hashed_compressed_static_files(production):
    home = production.get("/")
    assert home.status == 200
    assets = smoke.HASHED_STATIC.findall(home.body)
    assert any(a.endswith(b".css") for a in assets), "a hashed stylesheet"
    css = production.get(assets[0].decode(), headers={"Accept-Encoding": "gzip"})
    assert css.status == 200
    assert css.header("Content-Encoding") == "gzip"
    assert b"{" in gzip.decompress(css.body)
    assert "immutable" in css.header("Cache-Control")
    assert_secure_headers(css, static=True)


def test_logs_are_json_lines_with_the_request_id_and_no_personal_data(production):
    response = production.get(
        "/search/?q=jane.doe%40example.com",
        headers={"X-Request-ID": "proxy-trace-0001", "X-Forwarded-For": "203.0.113.9"},
    )
    assert response.status == 200
    assert response.header("X-Request-ID") == "proxy-trace-0001"

    # gunicorn writes the access line after the response has gone.
    access = []
    deadline = time.monotonic() + 10
    while not access and time.monotonic() < deadline:
        entries = [json.loads(line) for line in production.log_lines() if line.startswith("{")]
        access = [e for e in entries if e.get("request_id") == "proxy-trace-0001"]
        time.sleep(0.1)
    assert access and access[-1]["path"] == "/search/" and access[-1]["status"] == 200
    everything = "\n".join(production.log_lines())
    assert "jane.doe" not in everything and "example.com" not in everything
    assert "203.0.113.9" not in everything and "127.0.0.1 -" not in everything
    for line in production.log_lines():
        if line.strip():
            json.loads(line)  # nothing but JSON on stdout


def test_an_unsafe_request_id_is_replaced(production):
    response = production.get("/healthz", https=False, headers={"X-Request-ID": "a b<script>"})
    assert re.fullmatch(r"[0-9a-f]{32}", response.header("X-Request-ID"))


def test_with_the_database_down_the_process_is_alive_but_not_ready(production_site):
    tmp, env = production_site
    down = {**env, "PORT": str(smoke.free_port())}
    # Nothing listens on port 9 of loopback: connections are refused at once.
    down["DATABASE_URL"] = "postgres://site:secret@127.0.0.1:9/healinghaven"
    server = smoke.start(down, tmp / "database-down.log")
    try:
        assert server.get("/healthz", https=False).status == 200
        ready = server.get("/readyz", https=False)
        assert ready.status == 503
        assert json.loads(ready.body) == {"status": "unavailable", "cache": "ok"}
        assert b"secret" not in ready.body and b"127.0.0.1" not in ready.body
    finally:
        server.stop()


def test_with_redis_down_every_page_serves_and_requests_are_kept(production_site):
    """Redis as the shared cache, but nothing answers on its port: pages render without it,
    a patient's request is kept, /readyz stays 200 and says so, and the failure is logged
    once a minute per process, not once per request."""
    tmp, env = production_site
    down = {**env, "PORT": str(smoke.free_port())}
    down["REDIS_URL"] = f"redis://127.0.0.1:{smoke.free_port()}/0"  # nothing listens there
    server = smoke.start(down, tmp / "redis-down.log")
    try:
        for page_type in PAGE_TYPES:
            for _ in range(2):
                response = server.get(page_type.path)
                expected = 302 if page_type.name == "thank-you" else page_type.status
                assert response.status == expected, page_type.path
        ready = server.get("/readyz", https=False)
        assert ready.status == 200
        assert json.loads(ready.body) == {"status": "ok", "cache": "unavailable"}

        patient = Browser(client_ip="198.51.100.23")
        path = "/book-a-consultation/"
        form = next(
            f for f in forms_in(patient.get(server.port, path).body) if "full_name" in f.fields
        )
        time.sleep(3.1)  # the form's minimum fill time
        data = {
            **form.fields,
            "full_name": "Redis Down Test",
            "email": "redis.down@example.test",
            "phone": "780-555-0100",
            "service": next(value for value in form.selects["service"] if value),
            "contact_method": form.radios["contact_method"][0],
            "consent": "on",
        }
        assert patient.post(server.port, path, data).status == 303
        kept = smoke.manage_output(
            down,
            "shell",
            "-c",
            "from bookings.models import ConsultationRequest; "
            "print(ConsultationRequest.objects.filter(full_name='Redis Down Test').count())",
        )
        assert kept.strip().splitlines()[-1] == "1"
    finally:
        server.stop()
    warnings = [line for line in server.log_lines() if "Shared cache unavailable" in line]
    assert 1 <= len(warnings) <= int(env["WEB_CONCURRENCY"]), warnings
