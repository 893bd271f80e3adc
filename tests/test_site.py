"""The built site in headless Chromium: every page loads from the site alone,
without errors, with its mathematics typeset, its pictures described and its
links resolving.

The site is _build/html at the repository root, or the directory named by the
SITE_DIR environment variable; it is built first if it is missing. Every HTML
page is visited, search and genindex included (both are linked from every
page), here at desktop width (1280 x 800), once, read through a screen at a time;
tests/test_site_phone.py visits them again at phone width (390 x 844). axe-core
(from npm: `npm ci`) audits each visit in light and in dark mode. A full-page
screenshot of each chapter at each width goes to _build/screenshots/ next to the
html directory. tests/test_site_html.py
checks the HTML itself (Nu checker) and tests/test_site_deploy.py the workflow
and the links back to the repository.
"""

import functools
import re
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

from course_testing.site import (
    EXPLORER_CALL,
    RAW_TEX,
    ROOT,
    WIDTHS,
    axe_problems,
    chapter_source,
    dark_flipbook_problems,
    keyboard_problems,
    new_context,
    open_page,
    problems,
    report,
    shown_code_cells,
    tour,
)

pytestmark = pytest.mark.slow


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


@pytest.fixture(scope="module")
def visits(site, browser):
    """{page path: what was seen at desktop width (1280 x 800)}."""
    return tour(site, browser, "desktop")


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


def test_no_accessibility_violation_of_any_impact(visits):
    """axe-core finds no violation of any impact (the moderate `region` rule included) on any
    page: every rule in light mode, the colour rules again in dark mode."""
    found = axe_problems(visits)
    assert not found, "axe-core violations at 1280 px:\n" + report(found)


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


def test_no_bright_slab_in_the_dark_theme(visits):
    found = dark_flipbook_problems(visits)
    assert not found, "flip-books in the dark theme:\n" + report(found)
