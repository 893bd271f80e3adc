"""The built site in headless Chromium: every page loads from the site alone,
without errors, with its mathematics typeset, its pictures described and its
links resolving.

The site is _build/html at the repository root, or the directory named by the
SITE_DIR environment variable; it is built first if it is missing. Every HTML
page is visited, search and genindex included (both are linked from every
page). A full-page screenshot of each chapter goes to _build/screenshots/ next
to the html directory.
"""

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

import chromium

ROOT = Path(__file__).resolve().parents[1]
EXPLORER_CALL = re.compile(r"\b\w+_explorer\(")
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\(frac|sum|partial|mathrm|ln)\b")

# Runs in the page: everything the checks below need, read from the live DOM.
READ_PAGE = """() => {
  const prose = document.querySelector('main') || document.body;
  const copy = prose.cloneNode(true);
  copy.querySelectorAll('pre, code, script, style, mjx-container, .cell_input')
      .forEach(element => element.remove());
  return {
    math: document.querySelectorAll('.math').length,
    typeset: document.querySelectorAll('mjx-container').length,
    text: document.title + ' ' + copy.textContent,
    images: [...document.images].map(img => ({
      src: img.getAttribute('src'), alt: (img.getAttribute('alt') || '').trim(),
      loaded: img.complete && img.naturalWidth > 0})),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    cells: [...document.querySelectorAll('div.cell')].map(cell =>
      [...cell.querySelectorAll('.cell_output img')].filter(img => img.naturalWidth > 0).length),
  };
}"""


class _IdCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)


@functools.cache
def element_ids(path):
    """The ids (and anchor names) of the elements in an HTML file."""
    collector = _IdCollector()
    collector.feed(Path(path).read_text(encoding="utf-8"))
    return frozenset(collector.ids)


def site_directory():
    return Path(os.environ.get("SITE_DIR", ROOT / "_build" / "html")).resolve()


def build_site(html):
    """jupyter-book build -W --keep-going, into the _build that holds `html`."""
    command = ["jupyter-book", "build", "-W", "--keep-going", "."]
    output_root = html.parent.parent
    if output_root != ROOT:
        command += ["--path-output", str(output_root)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and (html / "index.html").exists(), (
        f"{' '.join(command)} failed (exit {result.returncode}):\n{result.stdout[-4000:]}"
        f"\n{result.stderr[-4000:]}")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site():
    """(html directory, base URL): the built site served on 127.0.0.1."""
    html = site_directory()
    if not (html / "index.html").exists():
        build_site(html)
    handler = functools.partial(_QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield html, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def chapter_source(page):
    """The book source of an html page (book/x.html -> book/x.ipynb or .md), or None."""
    for suffix in (".ipynb", ".md"):
        source = ROOT / page.with_suffix(suffix)
        if page.parts[0] == "book" and source.exists():
            return source
    return None


def shown_code_cells(notebook):
    """The code cells of a notebook that appear on its page, in order."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return [cell for cell in cells if cell["cell_type"] == "code"
            and "remove-cell" not in cell.get("metadata", {}).get("tags", [])]


@pytest.fixture(scope="session")
def visits(site):
    """Visit every page once in one browser; {page path: what was seen}."""
    html, base = site
    from playwright.sync_api import sync_playwright

    screenshots = html.parent / "screenshots"
    shutil.rmtree(screenshots, ignore_errors=True)
    screenshots.mkdir()
    pages = sorted(path.relative_to(html) for path in html.rglob("*.html")
                   if not path.relative_to(html).parts[0].startswith("_"))
    seen = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium.executable(), args=chromium.ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        for page_path in pages:
            record = {"outside": [], "failed": [], "console": []}
            page = context.new_page()
            page.route("**/*", functools.partial(_only_the_site, base, record["outside"]))
            page.on("requestfailed", lambda request, r=record: r["failed"].append(
                f"{request.url} ({request.failure})"))
            page.on("response", lambda response, r=record: response.status >= 400
                    and r["failed"].append(f"{response.url} (HTTP {response.status})"))
            page.on("console", lambda message, r=record: message.type == "error"
                    and r["console"].append(message.text))
            page.on("pageerror", lambda error, r=record: r["console"].append(str(error)))
            page.goto(base + page_path.as_posix(), wait_until="load")
            page.wait_for_load_state("networkidle")
            page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
            record.update(page.evaluate(READ_PAGE))
            if chapter_source(page_path):
                page.screenshot(path=screenshots / f"{page_path.stem}.png", full_page=True)
            page.close()
            seen[page_path] = record
        browser.close()
    return seen


def _only_the_site(base, outside, route):
    url = route.request.url
    if url.startswith(base) or url.split(":", 1)[0] in ("data", "blob", "about"):
        route.continue_()
    else:
        outside.append(url)
        route.abort()


def problems(visits, check):
    """'page: problem' for every problem `check(page, record)` yields, on every page."""
    return [f"{page}: {problem}" for page, record in visits.items()
            for problem in check(page, record)]


def report(found):
    return "\n".join(found[:40]) + (f"\n... and {len(found) - 40} more" if len(found) > 40 else "")


def test_every_chapter_is_in_the_site(site, visits):
    html, _ = site
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    chapters = re.findall(r"(?:root|file):\s*(\S+)", toc)
    missing = [chapter for chapter in chapters if Path(chapter + ".html") not in visits]
    assert chapters and not missing, f"chapters in _toc.yml without a page: {missing}"


def test_no_request_leaves_the_site(visits):
    found = problems(visits, lambda page, r: r["outside"])
    assert not found, "requests to other hosts (the site must work offline):\n" + report(found)


def test_no_request_fails(visits):
    found = problems(visits, lambda page, r: r["failed"])
    assert not found, "failed requests:\n" + report(found)


def test_no_console_errors(visits):
    found = problems(visits, lambda page, r: r["console"])
    assert not found, "console errors:\n" + report(found)


def test_math_is_typeset(visits):
    def check(page, r):
        if r["typeset"] < r["math"]:
            yield f"{r['math']} math elements but only {r['typeset']} typeset by MathJax"
        found = list(RAW_TEX.finditer(r["text"]))
        if found:
            start, end = found[0].span()
            yield (f"raw TeX left in the title or text ({len(found)} pieces), first: "
                   f"...{r['text'][max(0, start - 40):end + 40]!r}...")

    found = problems(visits, check)
    assert not found, "math not typeset:\n" + report(found)


def test_some_page_has_math(visits):
    assert any(r["math"] for r in visits.values()), "no page has any math: is the build right?"


def test_every_image_loads_and_has_alt_text(visits):
    def check(page, r):
        for image in r["images"]:
            if not image["loaded"]:
                yield f"image {image['src']} did not load"
            if not image["alt"] or Path(image["alt"]).name == Path(image["src"]).name:
                yield (f"image {image['src']} has no alt text (alt={image['alt']!r}); in a notebook "
                       "set the cell metadata mystnb: image: alt: '...'")

    found = problems(visits, check)
    assert not found, "images:\n" + report(found)


def test_internal_links_resolve(site, visits):
    html, base = site

    def check(page, r):
        for link in r["links"]:
            if not link.startswith(base):
                continue
            parts = urllib.parse.urlsplit(link)
            target = html / urllib.parse.unquote(parts.path.lstrip("/"))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                yield f"link to a missing file: {link}"
            elif parts.fragment and target.suffix == ".html" and \
                    urllib.parse.unquote(parts.fragment) not in element_ids(target):
                yield f"link to a missing anchor: {link}"

    found = problems(visits, check)
    assert not found, "broken internal links:\n" + report(found)


def test_explorer_pictures_are_on_chapter_pages(visits):
    def check(page, r):
        source = chapter_source(page)
        if source is None or source.suffix != ".ipynb":
            return
        cells = shown_code_cells(source)
        if len(cells) != len(r["cells"]):
            yield f"{len(cells)} code cells in {source.name} but {len(r['cells'])} on the page"
            return
        for number, (cell, images) in enumerate(zip(cells, r["cells"]), start=1):
            if EXPLORER_CALL.search("".join(cell["source"])) and images == 0:
                yield f"code cell {number} calls an explorer but shows no picture"

    found = problems(visits, check)
    assert not found, "explorer pictures missing:\n" + report(found)


def test_every_chapter_has_a_screenshot(site, visits):
    html, _ = site
    missing = [page for page in visits if chapter_source(page)
               and not (html.parent / "screenshots" / f"{page.stem}.png").exists()]
    assert not missing, f"no screenshot for {missing}"
