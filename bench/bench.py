"""Load test of the production configuration: `make bench`.

Starts gunicorn on healinghaven.wsgi:application with the production settings, the demo
content on PostgreSQL and collected static files, then loads each page type with wrk for a
fixed time, in two modes, each with its own gunicorn:

    render  the page cache off (PAGE_CACHE_ENABLED=0): each request finds the page and
            renders all of it, every query included, as the first visitor after a change
    cached  the page cache on: pages come whole from the cache

Beside the pages, a static file served by the same gunicorn (through WhiteNoise) is the
reference limit. Prints requests/s, p50 and p99 latency and each page's ratio to the
static file measured by the same server in the same minutes, from the median of several
runs, then the issue's targets met or not.

The cache is Redis, as in production wherever more than one process serves the site (and
gunicorn runs several): REDIS_URL, else redis://127.0.0.1:6379/0 when it answers, with a
key prefix of this run's own that is deleted at the end. Local memory when no Redis
answers, or with BENCH_CACHE=local: each worker then has a cache of its own.

Needs wrk (`apt-get install -y wrk`) and a PostgreSQL server. Settings, all optional:

    BENCH_DATABASE_URL  postgres://postgres@127.0.0.1:5432/hh_bench (created if missing)
    BENCH_DURATION      seconds per run (5)       BENCH_RUNS     runs per URL (3)
    BENCH_CONNECTIONS   open connections (8)      BENCH_PORT     gunicorn's port (8765)
    BENCH_MODES         which modes, in order (render,cached)
    BENCH_CACHE         redis (when one answers) or local
    WEB_CONCURRENCY     gunicorn workers when there is no gunicorn.conf.py (2)
"""

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hh_bench")
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
# As the TLS proxy in front of production would send them.
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip, br"}
MODES = {
    "render": {"PAGE_CACHE_ENABLED": "0"},
    "cached": {"PAGE_CACHE_ENABLED": "1"},
}
CHOSEN_MODES = [
    mode.strip() for mode in os.environ.get("BENCH_MODES", ",".join(MODES)).split(",") if mode
]
# The target: a cached page at this share or more of the static file's requests/s.
CACHED_RATIO_TARGET = 0.8
STATIC_ROOT = Path(tempfile.gettempdir()) / "healinghaven-bench-static"
# This run's own cache keys in a shared Redis, deleted at the end.
KEY_PREFIX = f"hh-bench-{os.getpid()}"


def fail(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr)
    sys.exit(2)


# Set by lighthouse.py: a browser comes over plain HTTP and loads the uploaded images.
EXTRA_ENV: dict = {}


def redis_url() -> str | None:
    """The Redis to use as the cache, or None for local memory."""
    if os.environ.get("BENCH_CACHE", "redis").strip().lower() == "local":
        return None
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except Exception:  # noqa: BLE001 - any reason it cannot be used: local memory then
        return None
    return url


REDIS_URL = redis_url()


def forget_cache() -> None:
    """Delete this run's keys from Redis (they all carry its own prefix)."""
    if REDIS_URL:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(match=f"{KEY_PREFIX}:*", count=1000):
            client.delete(key)


def environment(*, mode: str = "render") -> dict:
    env = dict(os.environ) | EXTRA_ENV
    env.pop("REDIS_URL", None)
    if REDIS_URL:
        env.update({"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": KEY_PREFIX})
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "healinghaven.settings.production",
            "SECRET_KEY": env.get("SECRET_KEY") or "bench-only-" + "x" * 40,
            "DATABASE_URL": DATABASE_URL,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "LOG_LEVEL": "WARNING",
            "EMAIL_URL": "console://",
            # Collected outside the checkout: WhiteNoise in a local run or a test would
            # serve a stale staticfiles/ before static/.
            "STATIC_ROOT": env.get("STATIC_ROOT") or str(STATIC_ROOT),
        }
        | MODES[mode]
    )
    return env


def manage(*args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own command line
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        fail(f"manage.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def check_tools(*, wrk: bool = True) -> None:
    """wrk (unless told it is not needed) and PostgreSQL, with the bench database."""
    missing = []
    if wrk and shutil.which("wrk") is None:
        missing.append("wrk (Debian/Ubuntu: sudo apt-get install -y wrk; macOS: brew install wrk)")
    try:
        import psycopg

        parts = urlsplit(DATABASE_URL)
        with psycopg.connect(
            host=parts.hostname,
            port=parts.port or 5432,
            user=parts.username,
            password=parts.password,
            dbname="postgres",
            autocommit=True,
            connect_timeout=5,
        ) as connection:
            name = parts.path.lstrip("/")
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:  # noqa: BLE001 - any reason the server cannot be used
        missing.append(f"PostgreSQL at {DATABASE_URL} ({error.__class__.__name__}: {error})")
    if missing:
        fail("missing:\n  - " + "\n  - ".join(missing))


def prepare() -> dict:
    print("Preparing: migrate, demo content, collectstatic ...", flush=True)
    manage("migrate", "--noinput", "-v0")
    manage("load_demo_content", "--renditions")
    manage("collectstatic", "--noinput", "-v0")
    script = (
        "import json;"
        "from django.templatetags.static import static;"
        "from services.models import ServicePage;"
        "from blog.models import BlogPage, BlogIndexPage;"
        "service = ServicePage.objects.live().order_by('path').first();"
        "post = BlogPage.objects.live().order_by('-date').first();"
        "blog = BlogIndexPage.objects.live().first();"
        "print(json.dumps({'home': '/', 'service': service.url, 'blog index': blog.url,"
        " 'post': post.url, 'static file': static('css/components.css')}))"
    )
    return json.loads(manage("shell", "-c", script).strip().splitlines()[-1])


def gunicorn_command() -> list[str]:
    command = [PYTHON, "-m", "gunicorn", "healinghaven.wsgi:application"]
    if (ROOT / "gunicorn.conf.py").exists():
        return [*command, "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{PORT}"]
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    return [
        *command,
        "--bind",
        f"127.0.0.1:{PORT}",
        "--workers",
        workers,
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--keep-alive",
        "5",
    ]


SERVER_LOG = Path(tempfile.gettempdir()) / "healinghaven-bench-gunicorn.log"


def port_in_use() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", PORT)) == 0


def start_server(*, mode: str) -> subprocess.Popen:
    if port_in_use():
        fail(f"port {PORT} is in use: stop what listens there or set BENCH_PORT")
    log = SERVER_LOG.open("a")
    server = subprocess.Popen(  # noqa: S603 - our own command line
        gunicorn_command(),
        cwd=ROOT,
        env=environment(mode=mode),
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{BASE}/healthz", timeout=2):  # noqa: S310
                return server
        except OSError:  # not listening yet (URLError, a timeout, a reset)
            if server.poll() is not None:
                fail(f"gunicorn stopped: see {SERVER_LOG}")
            time.sleep(0.3)
    stop_server(server)
    fail("gunicorn did not answer /healthz within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def fetch(path: str) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(BASE + path, headers=HEADERS)  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, response.read(), dict(response.headers)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> dict:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if not (rate and p50 and p99):
        fail("could not read wrk's output:\n" + output)
    return {
        "rps": float(rate.group(1)),
        "p50": float(p50.group(1)) * UNITS[p50.group(2)],
        "p99": float(p99.group(1)) * UNITS[p99.group(2)],
        "errors": int(errors.group(1)) if errors else 0,
    }


def load(path: str) -> dict:
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency"]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    runs = []
    for _ in range(RUNS):
        result = subprocess.run(  # noqa: S603
            [*command, BASE + path], capture_output=True, text=True, check=True
        )
        runs.append(parse_wrk(result.stdout))
    return {key: statistics.median(run[key] for run in runs) for key in ("rps", "p50", "p99")} | {
        "errors": sum(run["errors"] for run in runs)
    }


def measure(urls: dict, *, mode: str) -> dict:
    print(f"Measuring {mode} ({', '.join(f'{k}={v}' for k, v in MODES[mode].items())}) ...")
    server = start_server(mode=mode)
    results = {}
    try:
        for name, path in urls.items():
            status, body, headers = fetch(path)
            if status != 200:
                fail(f"{path} answered {status}")
            fetch(path)  # what a mode keeps is kept now, as after any first visitor
            results[name] = load(path) | {"bytes": len(body)}
            print(f"  {name:<12} {results[name]['rps']:8.0f} req/s", flush=True)
    finally:
        stop_server(server)
    return results


def report(urls: dict, measured: dict) -> None:
    print()
    print(
        f"wrk: {DURATION} s x {RUNS} runs per URL (median), {CONNECTIONS} connections; "
        f"gunicorn: {' '.join(gunicorn_command()[3:])}; cache: "
        f"{'Redis' if REDIS_URL else 'local memory'}; cores: {os.cpu_count()}"
    )
    header = f"{'page':<12} {'mode':<6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'x static':>9}"
    print(header)
    print("-" * len(header))
    for mode, results in measured.items():
        static = results["static file"]["rps"]
        for name in urls:
            row = results[name]
            ratio = row["rps"] / static if static else 0
            flag = f"  ({row['errors']} errors)" if row["errors"] else ""
            print(
                f"{name:<12} {mode:<6} {row['rps']:8.0f} {row['p50']:8.2f} {row['p99']:8.2f}"
                f" {ratio:9.2f}{flag}"
            )
    print()
    for line in verdicts(measured):
        print(line)


def verdicts(measured: dict) -> list[str]:
    """The issue's targets, each met or not, from this run's figures."""
    lines = []
    if "cached" in measured:
        cached = measured["cached"]
        static = cached["static file"]["rps"]
        for name, row in cached.items():
            if name == "static file":
                continue
            ratio = row["rps"] / static if static else 0
            met = "met" if ratio >= CACHED_RATIO_TARGET else "NOT met"
            lines.append(
                f"{met:>7}: {name} cached {ratio:.2f} of the static file "
                f"(target {CACHED_RATIO_TARGET})"
            )
    return lines


def main() -> None:
    unknown = [mode for mode in CHOSEN_MODES if mode not in MODES]
    if unknown:
        fail(f"unknown BENCH_MODES {unknown}: choose from {', '.join(MODES)}")
    check_tools()
    try:
        urls = prepare()
        measured = {mode: measure(urls, mode=mode) for mode in CHOSEN_MODES}
    finally:
        forget_cache()
    report(urls, measured)


if __name__ == "__main__":
    main()
