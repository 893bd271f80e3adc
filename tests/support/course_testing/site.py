"""The built site, served on 127.0.0.1, and what the site's browser tests (tests/test_site*.py)
read in its pages: each page visited with its requests, console errors, axe-core audit and layout.

The site is _build/html at the repository root, or the directory named by the SITE_DIR
environment variable; tests/conftest.py builds it first if it is missing.
"""

import contextlib
import functools
import http.server
import io
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PIL import Image

from course_testing import ROOT
from softmax_course.chapters import CHAPTERS

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


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that closes a page while a file is on its way is no error of the site's."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


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


# Runs in the page: axe-core's violations of every impact, as "rule [impact] (n elements): targets".
# MathJax's visual rendering (mjx-math) is aria-hidden, its MathML copy is audited; in dark mode
# only the rules that depend on colour run again (nothing else changes with the colour mode).
RUN_AXE = """async rules => {
  const options = {resultTypes: ['violations']};
  if (rules) options.runOnly = rules;
  const results = await axe.run({exclude: [['mjx-math']]}, options);
  return results.violations.map(v => {
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


# Runs in the page: code/output blocks cut at the right edge without a visible way to scroll,
# display equations that scroll sideways, and whether the page itself scrolls sideways.
READ_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const blocks = [...document.querySelectorAll(
      'article pre, article .output, article .cell_output > div, article .highlight')];
  const clipped = [];
  for (const block of blocks) {
    const style = getComputedStyle(block);
    if (block.offsetWidth === 0 || block.scrollWidth <= block.clientWidth + 1) continue;
    if (block.closest('mjx-container')) continue;
    // a block that scrolls and says so (course.js marks it) is not hidden content
    const marked = block.classList.contains('course-scrolls')
      || Boolean(block.closest('.course-scrolls'));
    if (!marked) clipped.push((block.closest('[id]') || {}).id + ' ' +
                              block.textContent.trim().slice(0, 40));
  }
  const displayed = [...document.querySelectorAll('mjx-container[display="true"]')];
  const wideEquations = displayed.filter(math => math.scrollWidth > math.clientWidth + 1).length;
  // an equation whose box runs past either edge of the screen is cut, whatever it scrolls
  const equationsPastTheEdge = displayed.filter(math => {
    const r = math.getBoundingClientRect();
    return r.width > 0 && (r.left < -0.5 || r.right > width + 0.5);
  }).map(math => (math.closest('div.math') || {}).id || math.textContent.slice(0, 30));
  const equationNumbersBeside = [...document.querySelectorAll('div.math .eqno')]
    .filter(eqno => {
      const math = eqno.closest('div.math').querySelector('mjx-container');
      if (!math) return false;
      const a = eqno.getBoundingClientRect(), b = math.getBoundingClientRect();
      return a.top < b.bottom - 2 && a.bottom > b.top + 2 && a.left >= b.right - 2;
    }).length;
  return {
    sideways: document.documentElement.scrollWidth > width + 1
      || document.body.scrollWidth > width + 1,
    widestElement: (() => {
      const inside = 'pre, .highlight, mjx-container, .bd-sidebar-primary, .bd-sidebar-secondary, '
        + 'dialog, .course-scrolls';
      let worst = null;
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > width + 1 && !el.closest(inside)) {
          if (!worst || r.right > worst.right) {
            worst = {tag: el.tagName, text: el.textContent.slice(0, 50), right: r.right};
          }
        }
      }
      return worst;
    })(),
    clipped, wideEquations, equationsPastTheEdge, equationNumbersBeside,
  };
}"""

# Runs on a flip-book: the background it shows (its own or the first one behind it that is not
# transparent) and its readout's text colour.
READ_BACKGROUND = """book => {
  let element = book;
  let colour = getComputedStyle(element).backgroundColor;
  while (element && ['rgba(0, 0, 0, 0)', 'transparent'].includes(colour)) {
    element = element.parentElement;
    colour = element ? getComputedStyle(element).backgroundColor : colour;
  }
  return {background: colour, text: getComputedStyle(book.querySelector('.flipbook-readout')).color};
}"""


# For screenshots of one element: the sticky headers would be drawn over its top.
HIDE_STICKY_HEADERS = "header.bd-header, .bd-header-article { visibility: hidden !important; }"


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


# Runs in the page: scroll from top to bottom a screen at a time, as a reader would, so that every
# section has been laid out (course.css lays a section out only near the screen) and every display
# equation checked for width (course.js); then back to the top.
SCROLL_THROUGH = """async () => {
  const frame = () => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
    scrollTo(0, y);
    await frame();
  }
  scrollTo(0, 0);
  await frame();
}"""


def tour(site, browser, width):
    """Visit every page at `width` once, reading it through a screen at a time as a reader does;
    {page path: what was seen}: requests, console errors, text, images, links, equations, tables,
    overflowing blocks, solution toggles, axe-core's violations of every impact in light mode
    and of the colour rules in dark mode, and the first flip-book in the dark theme. Chapters
    are screenshotted (full page) into _build/screenshots/<chapter>-<pixels>.png, their first
    flip-book in the dark theme into <chapter>-flipbook-dark-<pixels>.png.
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
        page.evaluate(SCROLL_THROUGH)
        record.update(page.evaluate(READ_PAGE))
        record.update(page.evaluate(READ_LAYOUT))
        record.update(page.evaluate(READ_OVERFLOW))
        toggles = page.locator(".solution .toggle-button")
        record["toggles"] = [toggles.nth(i).aria_snapshot() for i in range(toggles.count())]
        if chapter_source(page_path):
            page.screenshot(path=screenshots / f"{page_path.stem}-{pixels}.png", full_page=True)
        page.add_script_tag(path=str(AXE))
        for theme, rules in (("light", None), ("dark", COLOUR_RULES)):
            page.emulate_media(color_scheme=theme)
            page.evaluate(SET_THEME, theme)
            record["axe"][theme] = page.evaluate(RUN_AXE, rules)
        if page.locator("div.flipbook").count():
            record["dark_flipbook"] = dark_flipbook(page)
            (screenshots / f"{page_path.stem}-flipbook-dark-{pixels}.png").write_bytes(
                record["dark_flipbook"]["png"])
        page.close()
        seen[page_path] = record
    context.close()
    return seen


def dark_flipbook(page):
    """The page's first flip-book, the dark theme on: its screenshot (PNG bytes), the background
    it shows and its readout's colour."""
    book = page.locator("div.flipbook").first
    book.scroll_into_view_if_needed()
    page.wait_for_function("book => book.querySelector('img.flipbook-frame').complete",
                           arg=book.element_handle())
    png = book.screenshot(style=HIDE_STICKY_HEADERS)
    return {"png": png, **book.evaluate(READ_BACKGROUND)}


def brightness(png):
    """(mean grey level 0-255, share of pixels brighter than 200) of a PNG."""
    counts = Image.open(io.BytesIO(png)).convert("L").histogram()
    total = sum(counts)
    return (sum(value * count for value, count in enumerate(counts)) / total, sum(counts[201:]) / total)


def dark_flipbook_problems(visits):
    """Every chapter whose page shows an explorer must show a flip-book, and each page's first
    flip-book in the dark theme, picture included, must be dark: mean brightness under 25% and
    under 10% of its pixels bright, its readout light on a dark background."""
    shown = {page.as_posix() for page, r in visits.items() if "dark_flipbook" in r}
    unseen = [f"{page}: no flip-book seen" for page in sorted(
        {chapter.page + ".html" for chapter in CHAPTERS if chapter.explorers} - shown)]

    def check(page, r):
        if "dark_flipbook" not in r:
            return
        mean, bright = brightness(r["dark_flipbook"]["png"])
        background = [int(c) for c in re.findall(r"\d+", r["dark_flipbook"]["background"])[:3]]
        text = [int(c) for c in re.findall(r"\d+", r["dark_flipbook"]["text"])[:3]]
        if mean > 0.25 * 255 or bright > 0.1 or sum(background) > 3 * 80 or sum(text) < 3 * 150:
            yield (f"a bright flip-book: mean {mean:.0f}, {bright:.1%} bright, background "
                   f"{r['dark_flipbook']['background']}, readout {r['dark_flipbook']['text']}")

    return unseen + problems(visits, check)


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


def axe_problems(visits):
    assert visits and all(set(r["axe"]) == {"light", "dark"} for r in visits.values()), "not audited"
    return problems(visits, lambda page, r: [f"{theme} mode: {violation}" for theme, violations
                                             in r["axe"].items() for violation in violations])


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


@contextlib.contextmanager
def serve(html):
    """The base URL of the directory `html` served on 127.0.0.1, while the context lasts."""
    handler = functools.partial(_QuietHandler, directory=str(html))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()

