"""Lighthouse (mobile preset) on the home page, a service page, the blog index and a post:
`make lighthouse`.

Serves the production configuration as `make bench` does (gunicorn, PostgreSQL, the demo
content, page cache on), plus the uploaded images (SERVE_MEDIA) and without the HTTPS
redirect, as a browser reaches it over plain HTTP here. Needs Chromium (CHROME_PATH, else
/usr/bin/chromium) and Lighthouse from package-lock.json (`npm ci --ignore-scripts`).
Prints each page's four scores and bytes loaded; the JSON reports stay in the temp folder.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import bench

LIGHTHOUSE = bench.ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


ATTEMPTS = 3


def audit(chrome: str, out: Path) -> list[tuple]:
    """(page, performance, accessibility, best practices, SEO, KiB) for each page type."""
    urls = bench.prepare()
    urls.pop("static file")
    server = bench.start_server(mode="cached")
    rows = []
    try:
        for name, path in urls.items():
            bench.fetch(path)  # rendered and cached, as for any visitor after the first
            report = out / f"lighthouse-{name.replace(' ', '-')}.json"
            # Lighthouse sometimes loses its trace (NO_NAVSTART) and asks to be run again.
            for attempt in range(1, ATTEMPTS + 1):
                done = subprocess.run(  # noqa: S603 - our own command line
                    [
                        str(LIGHTHOUSE),
                        bench.BASE + path,
                        "--chrome-flags=--headless=new --no-sandbox",
                        "--only-categories=" + ",".join(CATEGORIES),
                        "--output=json",
                        f"--output-path={report}",
                        "--quiet",
                    ],
                    env=dict(os.environ, CHROME_PATH=chrome),
                    check=False,
                )
                if done.returncode == 0:
                    break
                if attempt == ATTEMPTS:
                    bench.fail(f"Lighthouse failed {ATTEMPTS} times on {path}")
            result = json.loads(report.read_text())
            scores = [round(result["categories"][key]["score"] * 100) for key in CATEGORIES]
            weight = result["audits"]["total-byte-weight"]["numericValue"] / 1024
            rows.append((name, *scores, weight))
    finally:
        bench.stop_server(server)
    return rows


def main() -> None:
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    missing = []
    if not LIGHTHOUSE.exists():
        missing.append("Lighthouse (npm ci --ignore-scripts)")
    if not Path(chrome).exists():
        missing.append("Chromium (apt-get install -y chromium, or set CHROME_PATH)")
    if missing:
        bench.fail("missing:\n  - " + "\n  - ".join(missing))
    bench.check_tools()
    bench.EXTRA_ENV.update({"SECURE_SSL_REDIRECT": "0", "SERVE_MEDIA": "1"})
    out = Path(tempfile.gettempdir())
    try:
        rows = audit(chrome, out)
    finally:
        bench.forget_cache()
    print(f"\n{'page':<12} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'KiB':>7}")
    for name, perf, a11y, best, seo, weight in rows:
        print(f"{name:<12} {perf:5} {a11y:5} {best:5} {seo:5} {weight:7.0f}")
    print(f"\nReports: {out}/lighthouse-*.json")
    if any(score < 100 for row in rows for score in row[1:5]):
        sys.exit(1)


if __name__ == "__main__":
    main()
