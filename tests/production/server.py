"""Start the production configuration under gunicorn, as the Docker image does.

The command is read from the Dockerfile's CMD, so the test runs exactly what the image
runs: same config file, same WSGI module, production settings. The database is a SQLite
file of the test's own (migrated, with the demo content), static files are collected with
the production storage (hashed, compressed), and the environment is what docs/deploy.md
asks for.
"""

import http.client
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def dockerfile_cmd() -> list[str]:
    text = (REPO / "Dockerfile").read_text()
    commands = [line for line in text.splitlines() if line.startswith("CMD ")]
    assert len(commands) == 1, "the Dockerfile has one CMD"
    return json.loads(commands[0][len("CMD ") :])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "SENTRY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="healinghaven.settings.production",
        SECRET_KEY="smoke-test-" + "k" * 50,
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        ALLOWED_HOSTS="localhost,127.0.0.1",
        CSRF_TRUSTED_ORIGINS="https://localhost",
        WAGTAILADMIN_BASE_URL="https://localhost",
        EMAIL_URL="smtp://127.0.0.1:1?timeout=1",
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        WEB_CONCURRENCY="2",
        GUNICORN_THREADS="2",
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    env.update(extra)
    return env


# The demo content, with smaller pictures (tests/factories.py: smaller_demo_pictures).
LOAD_DEMO_CONTENT = (
    "import pytest; from django.core.management import call_command; "
    "from tests.factories import smaller_demo_pictures; "
    "smaller_demo_pictures(pytest.MonkeyPatch()); call_command('load_demo_content')"
)
MADE_UP_PRACTITIONER = (
    "from team.models import Practitioner; Practitioner.objects.get_or_create("
    "slug='test-practitioner', defaults={'name': 'Test Practitioner', "
    "'designation': 'Registered Physiotherapist', 'registration_number': '10000'})"
)


def prepare(tmp: Path, env: dict[str, str]) -> None:
    """The build step (collectstatic) and the release step (migrate), then the demo content."""
    for args in (
        ["collectstatic", "--noinput", "--verbosity", "0"],
        ["migrate", "--noinput", "--verbosity", "0"],
        # The practitioner page type needs a profile: the demo content invents no people.
        ["shell", "--no-imports", "--command", f"{LOAD_DEMO_CONTENT}; {MADE_UP_PRACTITIONER}"],
    ):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=env,
            check=False,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, f"manage.py {args[0]}: {result.stderr[-4000:]}"


def manage_output(env: dict[str, str], *args: str) -> str:
    """What `manage.py ARGS` prints, with this environment."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def all(self, name: str) -> list[str]:
        return self.headers.get_all(name) or []


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    scheme: str = "http"

    def get(self, path: str, *, https: bool = True, headers: dict | None = None) -> Response:
        if self.scheme == "https":
            # The test's own certificate, on loopback: nothing to verify it against here.
            context = ssl._create_unverified_context()  # noqa: S323
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30, context=context)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": "localhost", **(headers or {})}
        if https and self.scheme == "http":
            sent.setdefault("X-Forwarded-Proto", "https")
        conn.request("GET", path, headers=sent)
        raw = conn.getresponse()
        response = Response(raw.status, raw.headers, raw.read())
        conn.close()
        return response

    def log_lines(self) -> list[str]:
        return self.log_path.read_text().splitlines()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(env: dict[str, str], log_path: Path, scheme: str = "http") -> Server:
    command = dockerfile_cmd()
    executable = shutil.which(command[0], path=env["PATH"])
    assert executable, f"{command[0]} is not installed"
    port = int(env.setdefault("PORT", str(free_port())))
    log = log_path.open("w")
    process = subprocess.Popen(  # noqa: S603
        [executable, *command[1:]],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Server(port, process, log_path, env, scheme)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log_path.read_text()[-4000:]}")
        try:
            if server.get("/healthz", https=False).status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer:\n{log_path.read_text()[-4000:]}")


HASHED_STATIC = re.compile(rb"/static/[\w/.-]+\.[0-9a-f]{12}\.(?:css|js)")
