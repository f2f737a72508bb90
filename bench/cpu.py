"""App time of one request, in each mode of `make bench`: `.venv/bin/python bench/cpu.py`.

wrk measures the whole server on a machine it shares; this measures what one request
costs the Django process alone: the CPU time (`time.process_time`) of requests through
Django's test client with the production settings, on the same database as `make bench`
(prepared the same way), and the SQL queries each asks. Prints the median and the fastest
of BENCH_REQUESTS (30) requests per page and mode, after one request that fills whatever
the mode keeps.

Needs PostgreSQL (BENCH_DATABASE_URL, as bench.py); not wrk.
"""

import os
import statistics
import sys
import time

import bench

MODES = {
    "render": {"PAGE_CACHE_ENABLED": False, "RENDER_CACHE_ENABLED": False},
    "cold": {"PAGE_CACHE_ENABLED": False, "RENDER_CACHE_ENABLED": True},
    "warm": {"PAGE_CACHE_ENABLED": True, "RENDER_CACHE_ENABLED": True},
}
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))


def main() -> None:
    bench.check_tools()
    try:
        urls = bench.prepare()
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
    print(f"{'page':<12} {'mode':<6} {'median ms':>10} {'min ms':>8} {'queries':>8}")
    for name, mode, median, fastest, queries in rows:
        print(f"{name:<12} {mode:<6} {median:10.2f} {fastest:8.2f} {queries:8}")


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
