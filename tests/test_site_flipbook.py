"""The explorers' flip-books on the built site, in headless Chromium.

Every chapter whose notebook calls an explorer shows one flip-book per such cell
(softmax_course.explorers, _ext/flipbook.py, _static/flipbook.js). On each, every
slider is moved by keyboard (ArrowRight or ArrowLeft) and by setting its value: the
picture, its alt text, the readout and the slider's value text change with every
move, and the new frame is loaded and decoded within 50 ms of the input event
(median of the moves on a page). Before the first move only the shown frame and its
neighbours are fetched; no request leaves the site or fails; every frame a page
names is a file of the site, and they weigh at most 1 MB per page. One flip-book is
screenshotted at 390 px and 1280 px into _build/screenshots/, and the measurements
are written to _build/flipbook-measurements.json.
"""

import json
import math
import statistics
import urllib.parse

import pytest

# browser and site are fixtures, used here by name.
from test_site import (  # noqa: F401
    EXPLORER_CALL,
    WIDTHS,
    browser,
    chapter_source,
    new_context,
    open_page,
    shown_code_cells,
    site,
    site_pages,
)

MAX_LATENCY_MS = 50
MAX_PAGE_BYTES = 1_000_000
KEY_MOVES = 4
SCREENSHOT_PAGE = "book/06_classifier.html"  # the flip-book with two sliders
FRAME_FOLDER = "_images/flipbook/"

# Runs in the page: time from each input event on the flip-book to its picture being
# loaded and decoded, into window.flipbookLatencies.
MEASURE = """book => {
  const picture = book.querySelector('img.flipbook-frame');
  window.flipbookLatencies = [];
  let start = null;
  book.addEventListener('input', () => { start = performance.now(); }, true);
  picture.addEventListener('load', () => {
    const began = start;
    start = null;
    if (began !== null) {
      picture.decode().then(() => window.flipbookLatencies.push(performance.now() - began));
    }
  });
}"""

# Runs in the page: whether at least `count` frames were loaded.
FRAMES_LOADED = """count => performance.getEntriesByType('resource')
  .filter(entry => entry.name.includes('/_images/flipbook/')).length >= count"""

# Runs in the page: what a reader sees of a flip-book.
READ_BOOK = """book => {
  const picture = book.querySelector('img.flipbook-frame');
  return {
    src: picture.getAttribute('src'), alt: picture.alt,
    readout: book.querySelector('.flipbook-readout').textContent,
    live: book.querySelector('.flipbook-readout').getAttribute('aria-live'),
    controlsShown: !book.querySelector('.flipbook-controls').hidden,
    sliders: [...book.querySelectorAll('input[type=range]')].map(input => ({
      value: Number(input.value), max: Number(input.max),
      valuetext: input.getAttribute('aria-valuetext'),
      label: input.labels.length === 1 ? input.labels[0].textContent.trim() : '',
      name: input.labels.length === 1 ?
        input.labels[0].querySelector('.flipbook-name').textContent.trim() : ''})),
  };
}"""


def flipbook_pages(html):
    """{page path: number of explorer cells} for the chapters that call an explorer."""
    pages = {}
    for page in site_pages(html):
        source = chapter_source(page)
        if source is not None and source.suffix == ".ipynb":
            count = sum(bool(EXPLORER_CALL.search("".join(cell["source"])))
                        for cell in shown_code_cells(source))
            if count:
                pages[page] = count
    return pages


def near(first, sizes):
    """The positions of the shown frame and of its neighbours along each slider."""
    at = [slider["value"] for slider in first["sliders"]]
    return [at] + [[*at[:axis], at[axis] + step, *at[axis + 1:]]
                   for axis in range(len(at)) for step in (-1, 1)
                   if 0 <= at[axis] + step < sizes[axis]]


def neighbours(first, data):
    return len(near(first, data["sizes"])) - 1


def frame_files(html, page, frames):
    """The files of the site that a page's frame URLs point to."""
    return [(html / page).parent.joinpath(urllib.parse.unquote(frame["src"])).resolve()
            for frame in frames]


def move(page, book, slider, how, latencies):
    """Move one slider of a flip-book by keyboard or by setting its value; (before, after)."""
    before = book.evaluate(READ_BOOK)
    position, top = before["sliders"][slider]["value"], before["sliders"][slider]["max"]
    expected = len(page.evaluate("() => window.flipbookLatencies"))
    handle = book.locator("input[type=range]").nth(slider)
    if how == "keyboard":
        handle.focus()
        page.keyboard.press("ArrowRight" if position < top else "ArrowLeft")
    else:
        handle.fill(str(0 if position > top // 2 else top))
    page.wait_for_function(f"() => window.flipbookLatencies.length > {expected}", timeout=5000)
    latencies.append(page.evaluate("() => window.flipbookLatencies")[-1])
    return before, book.evaluate(READ_BOOK)


def visit(context, url, record):
    """Open a page with open_page, recording the URL of every frame it requests."""
    context.on("request", lambda request: FRAME_FOLDER in request.url
               and record["frames_fetched"].append(request.url))
    return open_page(context, url, record)


def measure(page, record):
    """Every flip-book of an open page: fetches before and after scrolling to it, then every
    slider moved KEY_MOVES times by keyboard and twice by value."""
    books = page.locator("div.flipbook")
    for index in range(books.count()):
        book = books.nth(index)
        data = json.loads(book.locator("script.flipbook-frames").text_content())
        first = book.evaluate(READ_BOOK)
        fetched_on_load = set(record["frames_fetched"])
        book.scroll_into_view_if_needed()
        page.wait_for_function(FRAMES_LOADED, arg=1 + neighbours(first, data), timeout=5000)
        record["books"].append({"data": data, "first": first, "fetched_on_load": fetched_on_load,
                                "fetched_in_view": set(record["frames_fetched"])})
        book.evaluate(MEASURE)
        for slider in range(len(first["sliders"])):
            for how in ["keyboard"] * KEY_MOVES + ["value"] * 2:
                record["moves"].append(
                    (index, slider, how, *move(page, book, slider, how, record["latencies"])))
    page.wait_for_load_state("networkidle")


@pytest.fixture(scope="module")
def flipbooks(site, browser):  # noqa: F811
    """{page path: what was seen and measured on its flip-books} at desktop width."""
    html, base = site
    pages = flipbook_pages(html)
    assert pages, "no chapter calls an explorer: is the build right?"
    seen = {}
    for page_path, explorer_cells in pages.items():
        record = {"outside": [], "failed": [], "console": [], "frames_fetched": [], "books": [],
                  "moves": [], "latencies": [], "explorer_cells": explorer_cells}
        context = new_context(browser, "desktop")
        page = visit(context, base + page_path.as_posix(), record)
        record["flipbooks"] = page.locator("div.flipbook").count()
        measure(page, record)
        context.close()
        seen[page_path] = record
    summary = {str(page): {"frames": [len(book["data"]["frames"]) for book in r["books"]],
                           "frame_bytes": page_frame_bytes(html, page, r),
                           "latency_ms": {"median": round(statistics.median(r["latencies"]), 1),
                                          "max": round(max(r["latencies"]), 1),
                                          "moves": len(r["latencies"])}}
               for page, r in seen.items() if r["latencies"]}
    (html.parent / "flipbook-measurements.json").write_text(json.dumps(summary, indent=1),
                                                            encoding="utf-8")
    return seen


def page_frame_bytes(html, page, record):
    return sum(file.stat().st_size for book in record["books"]
               for file in frame_files(html, page, book["data"]["frames"]) if file.is_file())


def frame_url(base, page, src):
    return urllib.parse.urljoin(base + page.as_posix(), src)


def with_flipbooks(flipbooks):
    """The pages of `flipbooks` that show flip-books (test_every_explorer_is_a_flipbook checks
    that every explorer does); at least one."""
    pages = {page: r for page, r in flipbooks.items() if r["books"]}
    assert pages, "no page shows a flip-book"
    return pages


def test_every_explorer_is_a_flipbook(flipbooks):
    missing = {str(page): f"{r['explorer_cells']} explorer cells, {r['flipbooks']} flip-books"
               for page, r in flipbooks.items() if r["flipbooks"] != r["explorer_cells"]}
    assert not missing, f"explorers without a flip-book: {missing}"


def test_sliders_are_labelled_range_inputs_shown_by_the_script(flipbooks):
    for page, r in with_flipbooks(flipbooks).items():
        for book in r["books"]:
            first, data = book["first"], book["data"]
            assert first["controlsShown"], f"{page}: the sliders stayed hidden"
            assert 1 <= len(first["sliders"]) <= 2, f"{page}: {len(first['sliders'])} sliders"
            assert first["live"] == "polite", f"{page}: the readout is not a live region"
            for slider, labels in zip(first["sliders"], data["labels"], strict=True):
                assert slider["name"], f"{page}: a slider without a label: {slider}"
                assert slider["max"] == len(labels) - 1
                assert slider["valuetext"] == labels[slider["value"]]
            assert len(data["frames"]) == math.prod(data["sizes"])


def test_the_first_frame_is_described(flipbooks):
    for page, r in with_flipbooks(flipbooks).items():
        for book in r["books"]:
            first, frames = book["first"], book["data"]["frames"]
            index = _index([slider["value"] for slider in first["sliders"]], book["data"]["sizes"])
            assert first["src"] == frames[index]["src"], f"{page}: the picture is not its frame"
            assert first["alt"] == first["readout"] == frames[index]["text"] != "", page


def test_every_move_changes_picture_alt_text_readout_and_value(flipbooks):
    for page, r in with_flipbooks(flipbooks).items():
        assert r["moves"], f"{page}: no slider was moved"
        for index, slider, how, before, after in r["moves"]:
            where = f"{page}, flip-book {index + 1}, slider {slider + 1}, by {how}"
            assert after["sliders"][slider]["value"] != before["sliders"][slider]["value"], where
            assert after["src"] != before["src"], f"{where}: the picture did not change"
            assert after["alt"] != before["alt"], f"{where}: the alt text did not change"
            assert after["readout"] != before["readout"], f"{where}: the readout did not change"
            assert after["alt"] == after["readout"], where
            assert after["sliders"][slider]["valuetext"] != before["sliders"][slider]["valuetext"]


def test_a_move_shows_its_frame_within_50_ms(flipbooks):
    slow = {str(page): statistics.median(r["latencies"]) for page, r in with_flipbooks(flipbooks).items()
            if statistics.median(r["latencies"]) > MAX_LATENCY_MS}
    assert not slow, f"median ms from input to decoded frame above {MAX_LATENCY_MS}: {slow}"
    assert all(len(r["latencies"]) == len(r["moves"]) for r in with_flipbooks(flipbooks).values())


def test_frames_are_lazy_loaded(site, flipbooks):  # noqa: F811
    """Before a flip-book is near the viewport only its shown frame is fetched; once it is,
    only its neighbours along each slider too."""
    _, base = site
    for page, r in with_flipbooks(flipbooks).items():
        for book in r["books"]:
            data, first = book["data"], book["first"]
            allowed = {frame_url(base, page, data["frames"][_index(p, data["sizes"])]["src"])
                       for p in near(first, data["sizes"])}
            mine = {frame_url(base, page, frame["src"]) for frame in data["frames"]}
            on_load, in_view = book["fetched_on_load"] & mine, book["fetched_in_view"] & mine
            shown = frame_url(base, page, first["src"])
            assert on_load <= {shown}, f"{page}: frames fetched before the flip-book was near"
            assert in_view <= allowed, (f"{page}: fetched more than the shown frame and its "
                                        f"neighbours: {sorted(in_view - allowed)}")
            assert len(in_view) > 1, f"{page}: no neighbour was fetched"


def _index(position, sizes):
    index = 0
    for value, size in zip(position, sizes, strict=True):
        index = index * size + value
    return index


def test_frames_are_files_of_the_site_and_at_most_1_mb_per_page(site, flipbooks):  # noqa: F811
    html, _ = site
    for page, r in with_flipbooks(flipbooks).items():
        for book in r["books"]:
            missing = [str(file) for file in frame_files(html, page, book["data"]["frames"])
                       if not file.is_file() or html not in file.parents]
            assert not missing, f"{page}: frames that are not files of the site: {missing[:5]}"
        weight = page_frame_bytes(html, page, r)
        assert 0 < weight <= MAX_PAGE_BYTES, f"{page}: its frames weigh {weight} bytes"


def test_no_request_leaves_the_site_or_fails(flipbooks):
    for page, r in flipbooks.items():
        assert not r["outside"], f"{page}: requests to other hosts: {r['outside']}"
        assert not r["failed"], f"{page}: failed requests: {r['failed']}"
        assert not r["console"], f"{page}: console errors: {r['console']}"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_screenshot_of_a_flipbook(site, browser, width):  # noqa: F811
    """_build/screenshots/flipbook-<pixels>px.png: chapter 6's flip-book after a move."""
    html, base = site
    record = {"outside": [], "failed": [], "console": []}
    context = new_context(browser, width)
    page = open_page(context, base + SCREENSHOT_PAGE, record)
    book = page.locator("div.flipbook").first
    book.scroll_into_view_if_needed()
    before = book.evaluate(READ_BOOK)
    book.locator("input[type=range]").first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("book => book.querySelector('img.flipbook-frame').complete",
                           arg=book.element_handle())
    after = book.evaluate(READ_BOOK)
    screenshots = html.parent / "screenshots"
    screenshots.mkdir(exist_ok=True)
    path = screenshots / f"flipbook-{WIDTHS[width][0]}px.png"
    book.screenshot(path=path)
    box = book.bounding_box()
    context.close()
    assert after["src"] != before["src"] and path.stat().st_size > 0
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width][0], f"overflows: {box}"
    assert not (record["outside"] or record["failed"] or record["console"]), record
