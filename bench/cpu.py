"""App time and queries of one request: `.venv/bin/python bench/cpu.py`.

wrk measures the whole server on a machine it shares; this measures what one request
costs the Django process alone: the CPU time (`time.process_time`) of requests through
Django's test client with the production settings, on the same database as `make bench`
(prepared the same way), and the SQL queries each asks. For each page:

- first: the queries of the very first request of a fresh process (a new Python that
  has just run django.setup(), its local caches empty: the Site, the clinic settings, the
  menus and Wagtail's site root paths all come from the database);
- render: the page cache off, the median and fastest of BENCH_REQUESTS (30) requests after
  one, and the queries of one more;
- cached: the page cache on, likewise (a cached page asks no query).

Needs PostgreSQL (BENCH_DATABASE_URL, as bench.py); not wrk.
"""

import json
import os
import statistics
import subprocess
import sys
import time

import bench

MODES = {"render": {"PAGE_CACHE_ENABLED": False}, "cached": {"PAGE_CACHE_ENABLED": True}}
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
FIRST_REQUEST = """
import json, sys
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.test.utils import override_settings
client = Client(headers={"x-forwarded-proto": "https"}, HTTP_HOST="127.0.0.1")
with override_settings(PAGE_CACHE_ENABLED=False), CaptureQueriesContext(connection) as c:
    status = client.get(sys.argv[1]).status_code
print(json.dumps([status, len(c)]))
"""


def first_request_queries(path: str) -> int:
    result = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-c", FIRST_REQUEST, path],
        cwd=bench.ROOT,
        env=bench.environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        bench.fail(f"the first request of {path} failed:\n{result.stderr[-2000:]}")
    status, queries = json.loads(result.stdout.strip().splitlines()[-1])
    if status != 200:
        bench.fail(f"{path} answered {status} to a fresh process")
    return queries


def main() -> None:
    bench.check_tools()
    try:
        urls = bench.prepare()
        first = {name: first_request_queries(path) for name, path in urls.items()}
        os.environ.update(bench.environment())
        sys.path.insert(0, str(bench.ROOT))
        import django

        django.setup()
        rows = measure(urls)
    finally:
        bench.forget_cache()
    print(
        f"\n{REQUESTS} requests per page and mode; cache: "
        f"{'Redis' if bench.REDIS_URL else 'local memory'}"
    )
    print(f"{'page':<12} {'mode':<7} {'median ms':>10} {'min ms':>8} {'queries':>8}")
    for name, mode, median, fastest, queries in rows:
        print(f"{name:<12} {mode:<7} {median:10.2f} {fastest:8.2f} {queries:8}")
    print("\nQueries of the first request of a fresh process (page cache off):")
    for name, queries in first.items():
        if name != "static file":
            print(f"  {name:<12} {queries}")


def measure(urls: dict) -> list[tuple]:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={k.lower(): v for k, v in bench.HEADERS.items()}, HTTP_HOST="127.0.0.1")
    rows = []
    for mode, values in MODES.items():
        with override_settings(**values):
            for name, path in urls.items():
                if name == "static file":
                    continue
                first = client.get(path)
                if first.status_code != 200:
                    bench.fail(f"{path} answered {first.status_code}")
                times = []
                for _ in range(REQUESTS):
                    start = time.process_time()
                    client.get(path)
                    times.append((time.process_time() - start) * 1000)
                with CaptureQueriesContext(connection) as captured:
                    client.get(path)
                rows.append((name, mode, statistics.median(times), min(times), len(captured)))
    return rows


if __name__ == "__main__":
    main()
