"""Load test of the production configuration: `make bench`.

Starts gunicorn on healinghaven.wsgi:application with the production settings, the demo
content on PostgreSQL and collected static files, then loads each page type with wrk for a
fixed time, twice: cold (PAGE_CACHE_ENABLED=0, every request renders the page) and warm
(the page cache on). Beside the pages, a static file served by the same gunicorn (through
WhiteNoise) is the reference limit. Prints requests/s, p50 and p99 latency and each
page's ratio to the static file, from the median of several runs.

Needs wrk (`apt-get install -y wrk`) and a PostgreSQL server. Settings, all optional:

    BENCH_DATABASE_URL  postgres://postgres@127.0.0.1:5432/hh_bench (created if missing)
    BENCH_DURATION      seconds per run (5)       BENCH_RUNS     runs per URL (3)
    BENCH_CONNECTIONS   open connections (8)      BENCH_PORT     gunicorn's port (8765)
    WEB_CONCURRENCY     gunicorn workers when there is no gunicorn.conf.py (2)
    REDIS_URL           use Redis for the cache, as several app servers would
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


def fail(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr)
    sys.exit(2)


# Set by lighthouse.py: a browser comes over plain HTTP and loads the uploaded images.
EXTRA_ENV: dict = {}


def environment(*, page_cache: bool) -> dict:
    env = dict(os.environ) | EXTRA_ENV
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "healinghaven.settings.production",
            "SECRET_KEY": env.get("SECRET_KEY") or "bench-only-" + "x" * 40,
            "DATABASE_URL": DATABASE_URL,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PAGE_CACHE_ENABLED": "1" if page_cache else "0",
            "LOG_LEVEL": "WARNING",
            "EMAIL_URL": "console://",
        }
    )
    return env


def manage(*args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own command line
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment(page_cache=False),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        fail(f"manage.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def check_tools() -> None:
    missing = []
    if shutil.which("wrk") is None:
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


def start_server(*, page_cache: bool) -> subprocess.Popen:
    if port_in_use():
        fail(f"port {PORT} is in use: stop what listens there or set BENCH_PORT")
    log = SERVER_LOG.open("a")
    server = subprocess.Popen(  # noqa: S603 - our own command line
        gunicorn_command(),
        cwd=ROOT,
        env=environment(page_cache=page_cache),
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


def measure(urls: dict, *, page_cache: bool) -> dict:
    mode = "warm" if page_cache else "cold"
    print(f"Measuring {mode} ({'page cache on' if page_cache else 'page cache off'}) ...")
    server = start_server(page_cache=page_cache)
    results = {}
    try:
        for name, path in urls.items():
            status, body, headers = fetch(path)
            if status != 200:
                fail(f"{path} answered {status}")
            if page_cache and name != "static file":
                fetch(path)  # now it is in the cache
            results[name] = load(path) | {"bytes": len(body)}
            print(f"  {name:<12} {results[name]['rps']:8.0f} req/s", flush=True)
    finally:
        stop_server(server)
    return results


def report(urls: dict, cold: dict, warm: dict) -> None:
    print()
    print(
        f"wrk: {DURATION} s x {RUNS} runs per URL (median), {CONNECTIONS} connections; "
        f"gunicorn: {' '.join(gunicorn_command()[3:])}; cache: "
        f"{'Redis' if os.environ.get('REDIS_URL') else 'local memory'}; cores: {os.cpu_count()}"
    )
    header = f"{'page':<12} {'mode':<5} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'x static':>9}"
    print(header)
    print("-" * len(header))
    for mode, results in (("cold", cold), ("warm", warm)):
        static = results["static file"]["rps"]
        for name in urls:
            row = results[name]
            ratio = row["rps"] / static if static else 0
            flag = f"  ({row['errors']} errors)" if row["errors"] else ""
            print(
                f"{name:<12} {mode:<5} {row['rps']:8.0f} {row['p50']:8.2f} {row['p99']:8.2f}"
                f" {ratio:9.2f}{flag}"
            )


def main() -> None:
    check_tools()
    urls = prepare()
    cold = measure(urls, page_cache=False)
    warm = measure(urls, page_cache=True)
    report(urls, cold, warm)


if __name__ == "__main__":
    main()
