"""The built site in headless Chromium: every page loads from the site alone,
without errors, with its mathematics typeset, its pictures described and its
links resolving.

The site is _build/html at the repository root, or the directory named by the
SITE_DIR environment variable; it is built first if it is missing. Every HTML
page is visited, search and genindex included (both are linked from every
page), here at desktop width (1280 x 800); tests/test_site_phone.py visits them
again at phone width (390 x 844). axe-core (from npm: `npm ci`) audits each
visit in light and in dark mode. A full-page screenshot of each chapter at each
width goes to _build/screenshots/ next to the html directory. tests/test_site_html.py
checks the HTML itself (Nu checker) and tests/test_site_deploy.py the workflow
and the links back to the repository.
"""

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

import chromium

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import site_audit  # noqa: E402

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}
SOLUTION_TOGGLE = re.compile(r'^- button "Solution to ?Exercise \d+\b[^"]*"')
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


# Runs in the page: axe-core's critical and serious violations, as "rule (n elements): targets".
# MathJax's visual rendering (mjx-math) is aria-hidden, its MathML copy is audited; in dark mode
# only the rules that depend on colour run again (nothing else changes with the colour mode).
RUN_AXE = """async rules => {
  const options = {resultTypes: ['violations']};
  if (rules) options.runOnly = rules;
  const results = await axe.run({exclude: [['mjx-math']]}, options);
  return results.violations.filter(v => ['critical', 'serious'].includes(v.impact)).map(v => {
    const where = v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ');
    return `${v.id} [${v.impact}] (${v.nodes.length}): ${where}`;
  });
}"""
COLOUR_RULES = ["color-contrast", "link-in-text-block"]

# The theme's buttons fade their colours (0.15 s): the audit waits for every transition to end,
# or axe may measure a colour halfway between the two modes.
SET_THEME = """async theme => {
  document.documentElement.dataset.mode = theme;
  document.documentElement.dataset.theme = theme;
  await new Promise(requestAnimationFrame);
  const ending = document.getAnimations().filter(a => a.effect.getComputedTiming().endTime !== Infinity);
  await Promise.all(ending.map(animation => animation.finished));
}"""

# Runs in the page: display equations, tables and formulas in the Tab order.
READ_LAYOUT = """() => {
  const width = document.documentElement.clientWidth;
  const equations = [...document.querySelectorAll('mjx-container[display="true"]')].map(math => {
    const block = math.closest('div.math') || math;
    const hint = block.nextElementSibling;
    const style = getComputedStyle(math);
    return {
      where: block.id || math.textContent.slice(0, 40),
      wide: math.scrollWidth > math.clientWidth + 1,
      inside: block.getBoundingClientRect().right <= width + 0.5,
      tabStop: math.tabIndex === 0, name: math.getAttribute('aria-label') || '',
      scrolls: ['auto', 'scroll'].includes(style.overflowX),
      shadows: style.backgroundImage !== 'none',
      hint: Boolean(hint && hint.classList.contains('course-scroll-hint') && hint.offsetWidth > 0),
    };
  });
  const tables = [...document.querySelectorAll('article table')].map(table => ({
    right: table.getBoundingClientRect().right, width,
    scrolls: table.parentElement.scrollWidth > table.parentElement.clientWidth + 1}));
  const formulaStops = [...document.querySelectorAll('mjx-container')].filter(math =>
    math.tabIndex >= 0 && !math.classList.contains('course-wide-math')).length;
  return {equations, tables, formulaStops};
}"""


def site_pages(html):
    """The site's HTML pages (relative paths), the theme's own files under _static left out."""
    return sorted(path.relative_to(html) for path in html.rglob("*.html")
                  if not path.relative_to(html).parts[0].startswith("_"))


def new_context(browser, width):
    """A browser context at `width` ("phone": 390 x 844 with touch, or "desktop": 1280 x 800)."""
    w, h = WIDTHS[width]
    return browser.new_context(viewport={"width": w, "height": h},
                               has_touch=width == "phone", is_mobile=width == "phone")


def open_page(context, url, record):
    """Open a page, recording requests to other hosts, failed requests and console errors."""
    base = url.split("/", 3)[:3]
    page = context.new_page()
    page.route("**/*", functools.partial(_only_the_site, "/".join(base) + "/", record["outside"]))
    page.on("requestfailed", lambda request: record["failed"].append(
        (request.url, str(request.failure))))
    page.on("response", lambda response: response.status >= 400
            and record["failed"].append((response.url, f"HTTP {response.status}")))
    page.on("console", lambda message: message.type == "error"
            and record["console"].append(message.text))
    page.on("pageerror", lambda error: record["console"].append(str(error)))
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    if page.url != url:
        # A redirect page: what the browser abandoned when it moved on did not fail.
        record["failed"] = [(u, why) for u, why in record["failed"] if why != "net::ERR_ABORTED"]
    record["failed"] = [f"{u} ({why})" for u, why in record["failed"]]
    return page


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium for one test module, closed before the next module starts its own
    (playwright's sync API cannot run two at once in a process)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium.executable(), args=chromium.ARGS)
        yield launched
        launched.close()


def tour(site, browser, width):
    """Visit every page at `width`; {page path: what was seen}.

    Each visit is audited by axe-core in light and dark mode, and chapters are
    screenshotted (full page) into _build/screenshots/<chapter>-<pixels>.png.
    """
    html, base = site
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` at the repository root (package-lock.json)")
    pixels = WIDTHS[width][0]
    screenshots = html.parent / "screenshots"
    screenshots.mkdir(exist_ok=True)
    for old in screenshots.glob(f"*-{pixels}.png"):
        old.unlink()
    seen = {}
    context = new_context(browser, width)
    for page_path in site_pages(html):
        record = {"outside": [], "failed": [], "console": [], "axe": {}}
        page = open_page(context, base + page_path.as_posix(), record)
        page.evaluate(site_audit.SCROLL_THROUGH)
        record.update(page.evaluate(READ_PAGE))
        record.update(page.evaluate(READ_LAYOUT))
        toggles = page.locator(".solution .toggle-button")
        record["toggles"] = [toggles.nth(i).aria_snapshot() for i in range(toggles.count())]
        if chapter_source(page_path):
            page.screenshot(path=screenshots / f"{page_path.stem}-{pixels}.png", full_page=True)
        page.add_script_tag(path=str(AXE))
        for theme, rules in (("light", None), ("dark", COLOUR_RULES)):
            page.emulate_media(color_scheme=theme)
            page.evaluate(SET_THEME, theme)
            record["axe"][theme] = page.evaluate(RUN_AXE, rules)
        page.close()
        seen[page_path] = record
    context.close()
    return seen


@pytest.fixture(scope="module")
def visits(site, browser):
    """{page path: what was seen at desktop width (1280 x 800)}."""
    return tour(site, browser, "desktop")


def _only_the_site(base, outside, route):
    url = route.request.url
    if url.startswith(base) or url.split(":", 1)[0] in ("data", "blob", "about"):
        route.continue_()
    else:
        outside.append(url)
        route.abort()


def problems(visits, check):
    """'page: problem' for every problem `check(page, record)` yields, on every page (and width)."""
    return [f"{' at '.join(map(str, page)) if isinstance(page, tuple) else page}: {problem}"
            for page, record in visits.items() for problem in check(page, record)]


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


def axe_problems(visits):
    assert visits and all(set(r["axe"]) == {"light", "dark"} for r in visits.values()), "not audited"
    return problems(visits, lambda page, r: [f"{theme} mode: {violation}" for theme, violations
                                             in r["axe"].items() for violation in violations])


def test_no_serious_accessibility_violations(visits):
    """axe-core finds no critical or serious violation on any page, in light or dark mode."""
    found = axe_problems(visits)
    assert not found, "axe-core critical or serious violations:\n" + report(found)


def keyboard_problems(visits):
    def check(page, r):
        if r["formulaStops"]:
            yield f"{r['formulaStops']} formulas are Tab stops"
        for name in r["toggles"]:
            if not SOLUTION_TOGGLE.match(name):
                yield f"a solution toggle does not name its exercise: {name!r}"
        if len(set(r["toggles"])) != len(r["toggles"]):
            yield f"solution toggles share names: {r['toggles']}"

    return problems(visits, check)


def test_the_exercise_link_in_a_solutions_title_only_follows_the_link(site, browser):
    """Click "Exercise N.M" in the titles of two solutions in turn: each click moves to its
    exercise without an error and leaves every solution as it was; then the second title's
    button opens the second solution, and only it."""
    _, base = site
    record = {"outside": [], "failed": [], "console": []}
    context = new_context(browser, "desktop")
    page = open_page(context, base + "book/01_forward_pass.html", record)
    solutions = page.locator(".solution.toggle")
    assert solutions.count() >= 2
    hidden = "elements => elements.map(element => element.classList.contains('toggle-hidden'))"
    closed = solutions.evaluate_all(hidden)
    assert all(closed)
    for index in (0, 1):
        link = solutions.nth(index).locator(".admonition-title a[href]")
        target = link.get_attribute("href")
        link.click()
        assert page.url.endswith(target)
        assert solutions.evaluate_all(hidden) == closed
    solutions.nth(1).locator(".toggle-button").click()
    assert solutions.evaluate_all(hidden) == [True, False] + closed[2:]
    assert record["console"] == []
    context.close()


def test_keyboard_formulas_are_not_tab_stops_and_toggles_are_named(visits):
    assert any(r["toggles"] for r in visits.values()), "no solution toggle found on any page"
    found = keyboard_problems(visits)
    assert not found, "keyboard:\n" + report(found)


def test_every_page_has_a_favicon(site, visits):
    html, _ = site
    for page in visits:
        icons = re.findall(r'<link rel="icon" href="([^"]+)"', (html / page).read_text(encoding="utf-8"))
        assert icons, f"{page} names no favicon (<link rel=\"icon\">)"
        assert all((html / page).parent.joinpath(icon).resolve().is_file() for icon in icons), (
            f"{page}: favicon {icons} not in the site")


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
        for number, (cell, images) in enumerate(zip(cells, r["cells"], strict=True), start=1):
            if EXPLORER_CALL.search("".join(cell["source"])) and images == 0:
                yield f"code cell {number} calls an explorer but shows no picture"

    found = problems(visits, check)
    assert not found, "explorer pictures missing:\n" + report(found)


def test_every_chapter_has_a_screenshot(site, visits):
    html, _ = site
    missing = [page for page in visits if chapter_source(page) and not
               (html.parent / "screenshots" / f"{page.stem}-{WIDTHS['desktop'][0]}.png").exists()]
    assert not missing, f"no desktop screenshot for {missing}"
