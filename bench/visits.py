"""What counting visits costs a cached page: `make bench-visits`.

The production setup of bench.py (gunicorn, PostgreSQL, the demo content, Redis when one
answers), served twice at once on 127.0.0.1: one gunicorn counts visits, the other has
VISITS_COUNTING=0. Both serve a cached service page, warmed first. The two are loaded in
turn (each after an untimed second of warm-up, the order swapped every round), ROUNDS
times each, so both meet the same load of a busy machine. It prints the medians of their
requests/s and the median of each round's ratio, the verdict: the target is counting at
0.9 of not counting or more (no more than 10 % of the requests/s). The client is wrk when
installed, else a small one in Python (several processes, keep-alive connections). Every
request says it is a browser, so each is counted.

    BENCH_DURATION  seconds per load (5)    BENCH_ROUNDS  loads of each server (5)
    BENCH_PORT      the first port (8765; the second is the next)
    BENCH_CONNECTIONS, BENCH_DATABASE_URL, BENCH_CACHE, WEB_CONCURRENCY: as for bench.py
"""

import http.client
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

import bench

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
TARGET = 0.9
HEADERS = bench.HEADERS | {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}


def serve(port: int, counting: bool) -> subprocess.Popen:
    env = bench.environment(mode="cached") | {"VISITS_COUNTING": "1" if counting else "0"}
    env.setdefault("WEB_CONCURRENCY", "2")
    command = [bench.PYTHON, "-m", "gunicorn", "healinghaven.wsgi:application"]
    command += ["-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
    log = bench.SERVER_LOG.open("a")
    server = subprocess.Popen(  # noqa: S603 - our own command line
        command, cwd=bench.ROOT, env=env, stdout=log, stderr=log, start_new_session=True
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):  # noqa: S310
                return server
        except OSError:
            if server.poll() is not None:
                bench.fail(f"gunicorn stopped: see {bench.SERVER_LOG}")
            time.sleep(0.3)
    bench.stop_server(server)
    bench.fail("gunicorn did not answer /healthz within 30 s")


def python_client(url: str, seconds: float) -> int:
    """Responses one client process got in `seconds`, over keep-alive connections."""
    host, _, rest = url.removeprefix("http://").partition("/")
    done = []

    def connection():
        client, count, until = http.client.HTTPConnection(host, timeout=10), 0, time.monotonic()
        until += seconds
        while time.monotonic() < until:
            client.request("GET", "/" + rest, headers=HEADERS)
            response = client.getresponse()
            response.read()
            count += response.status == 200
        done.append(count)

    threads = [threading.Thread(target=connection) for _ in range(bench.CONNECTIONS // 2 or 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done)


def load(url: str, seconds: int = bench.DURATION) -> float:
    """Requests/s of one load of `seconds`."""
    if shutil.which("wrk"):
        command = ["wrk", "-t1", f"-c{bench.CONNECTIONS}", f"-d{seconds}s", "--latency"]
        for name, value in HEADERS.items():
            command += ["-H", f"{name}: {value}"]
        result = subprocess.run([*command, url], capture_output=True, text=True, check=True)  # noqa: S603
        return bench.parse_wrk(result.stdout)["rps"]
    with multiprocessing.Pool(2) as pool:
        counts = pool.starmap(python_client, [(url, seconds)] * 2)
    return sum(counts) / seconds


def main() -> None:
    bench.check_tools(wrk=False)
    page = bench.prepare()["service"]
    ports = {"counting": bench.PORT, "not counting": bench.PORT + 1}
    servers = {}
    rates = {name: [] for name in ports}
    try:
        for name, port in ports.items():
            servers[name] = serve(port, counting=name == "counting")
            for _ in range(2):  # the page is cached now, as after any first visitor
                warm = urllib.request.Request(f"http://127.0.0.1:{port}{page}", headers=HEADERS)  # noqa: S310
                with urllib.request.urlopen(warm, timeout=10) as response:  # noqa: S310
                    if response.status != 200:
                        bench.fail(f"{page} answered {response.status}")
        for round_ in range(ROUNDS):
            for name in ports if round_ % 2 == 0 else reversed(ports):
                load(f"http://127.0.0.1:{ports[name]}{page}", seconds=1)  # untimed: warm up
                rates[name].append(load(f"http://127.0.0.1:{ports[name]}{page}"))
            print(
                f"  round {round_ + 1}: " + ", ".join(f"{n} {r[-1]:.0f}" for n, r in rates.items())
            )
    finally:
        for server in servers.values():
            bench.stop_server(server)
        bench.forget_cache()
    medians = {name: statistics.median(values) for name, values in rates.items()}
    # Each round's two loads met the same machine: the median of their ratios is the verdict.
    ratio = statistics.median(a / b for a, b in zip(*rates.values(), strict=True))
    print(
        f"\n{page} cached, {ROUNDS} loads of {bench.DURATION} s each, client "
        f"{'wrk' if shutil.which('wrk') else 'Python'}; cache "
        f"{'Redis' if bench.REDIS_URL else 'local memory'}; cores: {os.cpu_count()}"
    )
    for name, value in medians.items():
        print(f"{name:<13} {value:8.0f} req/s (median)")
    met = "met" if ratio >= TARGET else "NOT met"
    print(
        f"{met}: counting serves {ratio:.2f} of the requests/s without it, the median of "
        f"each round's ratio (target {TARGET}; ratio of the medians "
        f"{medians['counting'] / medians['not counting']:.2f})"
    )
    sys.exit(0 if ratio >= TARGET else 1)


if __name__ == "__main__":
    main()
