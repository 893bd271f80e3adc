"""Page weight of the built site: what a reader's browser downloads for each page.

Each page is opened in headless Chromium (tests/chromium.py finds it) with an empty
cache, at 1280 x 800, and left until the network is idle.
Every response the page needed is counted: its bytes as served (uncompressed, as
the local server sends them) and gzipped (level 6, roughly what a web host such as
GitHub Pages sends).

    python tools/page_weight.py [SITE_DIR] [--json]

prints a table of pages (or JSON with every file of every page). SITE_DIR defaults
to _build/html. `measure(site_dir)` returns the same figures to other scripts.

    python tools/page_weight.py [SITE_DIR] --lighthouse [--runs N]

runs Lighthouse (npm, package.json; Chromium as above, through CHROME_PATH) with its
mobile settings (a mid-range phone on a slow 4G network, simulated) on every page of
the book, served from 127.0.0.1 gzipped as a web host serves it, and prints each page's
Performance score, LCP, TBT and CLS (medians of N runs) and its Accessibility, Best
Practices and SEO scores, then every audit that cost one of those three a point.
"""

import argparse
import functools
import gzip
import http.server
import json
import mimetypes
import os
import statistics
import subprocess
import threading
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from course_testing import chromium

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@functools.cache
def _gzipped(path, modified):
    return gzip.compress(Path(path).read_bytes(), 6)


class _CompressingHandler(_QuietHandler):
    """Sends text files gzipped (level 6) to a browser that accepts it, as a web host does."""

    def do_GET(self):
        path = self.translate_path(self.path)
        kind = mimetypes.guess_type(path)[0] or ""
        if not (os.path.isfile(path) and kind.startswith(TEXT_TYPES)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = _gzipped(path, os.path.getmtime(path))
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)


def serve(site_dir, handler_class=_QuietHandler):
    """(server, base URL) for the site in `site_dir` on 127.0.0.1, answering with `handler_class`."""
    handler = functools.partial(handler_class, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def pages_of(site_dir):
    """The site's pages, theme files under _static and _sources left out."""
    return sorted(path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.html")
                  if not path.relative_to(site_dir).parts[0].startswith("_"))


def _weigh(context, base, page_path):
    files = {}

    def record(response):
        if not (response.url.startswith(base) and response.status == 200):
            return
        try:
            body = response.body()
        except PlaywrightError:  # a redirect page's download, abandoned when the browser moved on
            return
        files[response.url[len(base):]] = (len(body), len(gzip.compress(body, 6)))

    page = context.new_page()
    page.on("response", record)
    page.goto(base + page_path, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.close()
    return {"bytes": sum(raw for raw, _ in files.values()),
            "gzip": sum(packed for _, packed in files.values()),
            "requests": len(files),
            "files": dict(sorted(files.items(), key=lambda item: -item[1][0]))}


def measure(site_dir=ROOT / "_build" / "html"):
    """{page: {"bytes", "gzip", "requests", "files": {path: (bytes, gzip bytes)}}}."""

    site_dir = Path(site_dir).resolve()
    if not (site_dir / "index.html").exists():
        raise SystemExit(f"no site in {site_dir}: build it first (jupyter-book build -W --keep-going .)")
    server, base = serve(site_dir)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium.executable(),
                                                 args=chromium.ARGS)
            weights = {}
            for page_path in pages_of(site_dir):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                weights[page_path] = _weigh(context, base, page_path)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return weights


def _lighthouse(url, runs):
    """One page's Lighthouse figures (medians of `runs` runs for the performance metrics)."""
    reports = []
    for _ in range(runs):
        result = subprocess.run(
            ["node", str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
             "--only-categories=" + ",".join(CATEGORIES),
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
            capture_output=True, text=True, check=True,
            env={**os.environ, "CHROME_PATH": chromium.executable()})
        reports.append(json.loads(result.stdout))
    last = reports[-1]

    def median(read):
        return statistics.median(read(report) for report in reports)

    return {
        "performance": median(lambda r: r["categories"]["performance"]["score"] * 100),
        "lcp": median(lambda r: r["audits"]["largest-contentful-paint"]["numericValue"]),
        "tbt": median(lambda r: r["audits"]["total-blocking-time"]["numericValue"]),
        "cls": median(lambda r: r["audits"]["cumulative-layout-shift"]["numericValue"]),
        **{name: last["categories"][name]["score"] * 100 for name in CATEGORIES[1:]},
        "failed": sorted({audit for name in CATEGORIES[1:]
                          for audit in _failed_audits(last, name)}),
    }


def _failed_audits(report, category):
    return [ref["id"] for ref in report["categories"][category]["auditRefs"]
            if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1]


def lighthouse(site_dir=ROOT / "_build" / "html", runs=1):
    """{page: Lighthouse's mobile figures} for every page under book/, served gzipped."""
    site_dir = Path(site_dir).resolve()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `npm ci` at the repository root")
    server, base = serve(site_dir, _CompressingHandler)
    try:
        return {page: _lighthouse(base + page, runs)
                for page in pages_of(site_dir) if page.startswith("book/")}
    finally:
        server.shutdown()
        server.server_close()


def print_lighthouse(results):
    print(f"{'page':30} {'Perf.':>5} {'LCP':>7} {'TBT':>7} {'CLS':>5} {'A11y':>5} {'BP':>4} {'SEO':>4}")
    for page, r in results.items():
        print(f"{page:30} {r['performance']:>5.0f} {r['lcp'] / 1000:>6.1f}s {r['tbt']:>5.0f}ms "
              f"{r['cls']:>5.2f} {r['accessibility']:>5.0f} {r['best-practices']:>4.0f} {r['seo']:>4.0f}")
    for page, r in results.items():
        if r["failed"]:
            print(f"{page}: failed {', '.join(r['failed'])}")


def _kilobytes(count):
    return f"{count / 1000:,.0f} kB"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", nargs="?", default=ROOT / "_build" / "html", type=Path)
    parser.add_argument("--json", action="store_true", help="every file of every page, as JSON")
    parser.add_argument("--lighthouse", action="store_true",
                        help="Lighthouse's mobile scores of the book's pages, served gzipped")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (medians)")
    args = parser.parse_args(argv)
    if args.lighthouse:
        print_lighthouse(lighthouse(args.site_dir, args.runs))
        return
    weights = measure(args.site_dir)
    if args.json:
        print(json.dumps(weights, indent=1))
        return
    print(f"{'page':34} {'requests':>8} {'served':>10} {'gzipped':>10}  largest file")
    for page, weight in weights.items():
        largest, (size, _) = next(iter(weight["files"].items()))
        print(f"{page:34} {weight['requests']:>8} {_kilobytes(weight['bytes']):>10} "
              f"{_kilobytes(weight['gzip']):>10}  {largest} ({_kilobytes(size)})")


if __name__ == "__main__":
    main()
