"""Page weight of the built site: what a reader's browser downloads for each page.

Each page is opened in headless Chromium (tests/chromium.py finds it) with an empty
cache, at 1280 x 800, and left until the network is idle and MathJax has typeset it.
Every response the page needed is counted: its bytes as served (uncompressed, as
the local server sends them) and gzipped (level 6, roughly what a web host such as
GitHub Pages sends).

    python tools/page_weight.py [SITE_DIR] [--json]

prints a table of pages (or JSON with every file of every page). SITE_DIR defaults
to _build/html. `measure(site_dir)` returns the same figures to other scripts.
"""

import argparse
import functools
import gzip
import http.server
import json
import threading
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from course_testing import chromium

ROOT = Path(__file__).resolve().parents[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site_dir):
    """(server, base URL) for the site in `site_dir` on 127.0.0.1."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
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
    page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
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


def _kilobytes(count):
    return f"{count / 1000:,.0f} kB"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", nargs="?", default=ROOT / "_build" / "html", type=Path)
    parser.add_argument("--json", action="store_true", help="every file of every page, as JSON")
    args = parser.parse_args(argv)
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
