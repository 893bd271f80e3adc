"""The explorers' flip-books on the built site, in headless Chromium.

Every chapter whose notebook calls an explorer shows one flip-book per such cell
(softmax_course.explorers; _ext/flipbook, the MIME renderer and its script). On each, every
control, a slider or a choice (radio buttons), is moved by keyboard (ArrowRight or
ArrowLeft) and by setting its value or clicking an option: the picture, its alt text,
the readout and the slider's value text change with every move, and the new frame is
loaded and decoded within 50 ms of the input event (median of the moves on a page).
What a reader meets: the controls the chapter's text names (CONTROLS_IN_TEXT), readouts
in plain words with no code names, figure text of at least 11 px on a 390 px phone,
sliders and buttons with 44 px touch targets (no light slab in the dark theme: the site's tours,
tests/test_site.py and tests/test_site_phone.py).
Before the first move only the shown frame and its neighbours are fetched; no request
leaves the site or fails; every frame a page names is a file of the site, and they weigh
at most 1 MB per page. One flip-book is screenshotted at 390 px and 1280 px into
_build/screenshots/, and the measurements are written to
_build/flipbook-measurements.json and _build/flipbook-phone-measurements.json.
"""

import json
import math
import re
import statistics
import urllib.parse

import pytest

# browser and site are fixtures, used here by name.
from course_testing.site import (
    EXPLORER_CALL,
    HIDE_STICKY_HEADERS,
    WIDTHS,
    chapter_source,
    new_context,
    open_page,
    shown_code_cells,
    site_pages,
)
from softmax_course.explorers import plain_text

pytestmark = pytest.mark.slow

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

# Runs in the page: what a reader sees of a flip-book. "sliders" holds every control: a
# range input, or a choice (a fieldset of radio buttons, named by its legend), each with its
# position ("value"), its last position ("max"), its value text and its name.
READ_BOOK = """book => {
  const picture = book.querySelector('img.flipbook-frame');
  const readout = book.querySelector('.flipbook-readout');
  return {
    src: picture.getAttribute('src'), alt: picture.alt,
    readout: readout.textContent, readoutHtml: readout.innerHTML,
    live: readout.getAttribute('aria-live'),
    controlsShown: !book.querySelector('.flipbook-controls').hidden,
    sliders: [...book.querySelectorAll('.flipbook-control')].map(control => {
      const range = control.querySelector('input[type=range]');
      if (range) {
        return {kind: 'slider', value: Number(range.value), max: Number(range.max),
          valuetext: range.getAttribute('aria-valuetext'),
          name: range.labels.length === 1 ?
            range.labels[0].querySelector('.flipbook-name').textContent.trim() : ''};
      }
      const radios = [...control.querySelectorAll('input[type=radio]')];
      const value = radios.findIndex(radio => radio.checked);
      return {kind: 'choice', value, max: radios.length - 1,
        valuetext: value >= 0 ? radios[value].labels[0].textContent.trim() : '',
        name: control.tagName === 'FIELDSET' ?
          control.querySelector(':scope > legend').textContent.trim() : ''};
    }),
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
    control = book.locator(".flipbook-control").nth(slider)
    if before["sliders"][slider]["kind"] == "choice":
        radios = control.locator("input[type=radio]")
        if how == "keyboard":
            radios.nth(position).focus()
            page.keyboard.press("ArrowRight" if position < top else "ArrowLeft")
        else:
            control.locator("label").nth(0 if position > top // 2 else top).click()
    elif how == "keyboard":
        control.locator("input[type=range]").focus()
        page.keyboard.press("ArrowRight" if position < top else "ArrowLeft")
    else:
        control.locator("input[type=range]").fill(str(0 if position > top // 2 else top))
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
def flipbooks(site, browser):
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
            assert 1 <= len(first["sliders"]) <= 3, f"{page}: {len(first['sliders'])} controls"
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
            assert first["alt"] == frames[index]["text"] != "", page
            assert first["readoutHtml"] == frames[index]["html"], page


def test_every_move_changes_picture_alt_text_readout_and_value(flipbooks):
    for page, r in with_flipbooks(flipbooks).items():
        assert r["moves"], f"{page}: no slider was moved"
        for index, slider, how, before, after in r["moves"]:
            where = f"{page}, flip-book {index + 1}, slider {slider + 1}, by {how}"
            assert after["sliders"][slider]["value"] != before["sliders"][slider]["value"], where
            assert after["src"] != before["src"], f"{where}: the picture did not change"
            assert after["alt"] != before["alt"], f"{where}: the alt text did not change"
            assert after["readout"] != before["readout"], f"{where}: the readout did not change"
            assert after["alt"] == plain_text(after["readoutHtml"]), where
            assert after["sliders"][slider]["valuetext"] != before["sliders"][slider]["valuetext"]


def test_a_move_shows_its_frame_within_50_ms(flipbooks):
    slow = {str(page): statistics.median(r["latencies"]) for page, r in with_flipbooks(flipbooks).items()
            if statistics.median(r["latencies"]) > MAX_LATENCY_MS}
    assert not slow, f"median ms from input to decoded frame above {MAX_LATENCY_MS}: {slow}"
    assert all(len(r["latencies"]) == len(r["moves"]) for r in with_flipbooks(flipbooks).values())


def test_frames_are_lazy_loaded(site, flipbooks):
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


def test_frames_are_files_of_the_site_and_at_most_1_mb_per_page(site, flipbooks):
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
def test_screenshot_of_a_flipbook(site, browser, width):
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
    book.screenshot(path=path, style=HIDE_STICKY_HEADERS)
    box = book.bounding_box()
    context.close()
    assert after["src"] != before["src"] and path.stat().st_size > 0
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width][0], f"overflows: {box}"
    assert not (record["outside"] or record["failed"] or record["console"]), record


# What each chapter's text says a reader moves on this site (a phrase of its source, TeX as
# written) and the flip-book's controls there, in order: (name on the page, slider or choice).
# book/intro.md lists them all in one sentence (INTRO_PHRASE).
CONTROLS_IN_TEXT = {
    "book/01_forward_pass.html": (
        "On this site the slider moves the first logit $z_1$ and the buttons choose the true class",
        [("z1", "slider"), ("true class", "choice")]),
    "book/02_chain_rule.html": ("On this site its slider sets the step $h$", [("step h", "slider")]),
    "book/03_diagonal_case.html": ("Its slider moves $z_1$", [("z1", "slider")]),
    "book/04_jacobian.html": ("its sliders set the logits $z$: on this site the first logit $z_1$",
                              [("z1", "slider")]),
    "book/05_putting_together.html": (
        "Its buttons choose the true class $c$ and its slider sets the smoothing $s$",
        [("true class", "choice"), ("smoothing s", "slider")]),
    "book/06_classifier.html": (
        "Its sliders set the learning rate $\\eta$ and the number of steps",
        [("learning rate", "slider"), ("steps", "slider")]),
    "book/07_practice.html": (
        "The sliders set the gap $\\gamma$ and the temperature $T$, and the buttons the floating-point type",
        [("gap γ", "slider"), ("temperature T", "slider"), ("type", "choice")]),
}
INTRO_PHRASE = ("the first logit $z_1$ and the true class in chapter 1, the step $h$ in chapter 2, the "
                "first logit $z_1$ in chapters 3 and 4, the true class and the smoothing $s$ in chapter "
                "5, the learning rate and the number of steps in chapter 6, and the gap $\\gamma$, the "
                "temperature $T$ and the floating-point type in chapter 7")
INTERNAL_NAME = re.compile(r"\b\w+_explorer\b|\b[a-z]+_[a-z0-9]+\b")  # forward_explorer, z_1
ASCII_MATHS = re.compile(r"\de[-+]?\d|\^|\bd[A-Z]/d|\s\*\s|\$|\\\\")  # 1e-05, a^T, dL/dw, h * g, TeX
MIN_TEXT_PX = 11
TOUCH_PX = 44

# Runs in the page: the first flip-book's picture, on screen, and its smallest text there.
READ_PICTURE = """book => {
  const picture = book.querySelector('img.flipbook-frame');
  const box = picture.getBoundingClientRect();
  const scale = box.width / picture.naturalWidth;
  return {width: box.width, naturalWidth: picture.naturalWidth, scale,
          smallestText: Number(book.dataset.smallestTextPx) * scale,
          right: box.right, viewport: document.documentElement.clientWidth};
}"""

# Runs in the page: each control's touch target (the range input's box, or each option's label).
READ_TARGETS = """book => [...book.querySelectorAll('.flipbook-control')].map(control => {
  const range = control.querySelector('input[type=range]');
  const boxes = range ? [range] : [...control.querySelectorAll('.flipbook-option')];
  return {kind: range ? 'slider' : 'choice',
          boxes: boxes.map(element => {
            const box = element.getBoundingClientRect();
            return {x: box.x, y: box.y, width: box.width, height: box.height};
          })};
})"""

# Runs in the page: the background a reader sees behind the flip-book's controls and readout.
def _normalised(text):
    return " ".join(text.split())


def _source_text(page):
    source = chapter_source(page)
    if source.suffix == ".md":
        return _normalised(source.read_text(encoding="utf-8"))
    cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
    return _normalised(" ".join("".join(cell["source"]) for cell in cells
                                if cell["cell_type"] == "markdown"))


def test_the_text_names_the_controls_the_site_offers(flipbooks):
    """Each chapter's sentence about its explorer names the controls its flip-book has, no more
    and no fewer, sliders as sliders and buttons as buttons; the introduction lists them all."""
    from pathlib import PurePosixPath
    assert set(map(str, with_flipbooks(flipbooks))) == set(CONTROLS_IN_TEXT)
    for page, r in with_flipbooks(flipbooks).items():
        phrase, controls = CONTROLS_IN_TEXT[str(page)]
        assert _normalised(phrase) in _source_text(page), f"{page}: the text no longer says {phrase!r}"
        [book] = r["books"]
        shown = [(slider["name"], slider["kind"]) for slider in book["first"]["sliders"]]
        assert shown == controls, f"{page}: the text names {controls}, the flip-book has {shown}"
    assert _normalised(INTRO_PHRASE) in _source_text(PurePosixPath("book/intro.html"))


def test_readouts_are_plain_words_without_internal_names(flipbooks):
    """Every readout seen, first and after each move, is a sentence: no code name
    (forward_explorer:, z_1), no ASCII maths (1e-05, a^T, dL/dw, h * g) and no TeX to typeset,
    only <sub> and <sup> as markup."""
    for page, r in with_flipbooks(flipbooks).items():
        seen = [book["first"] for book in r["books"]] + [after for *_, after in r["moves"]]
        for state in seen:
            readout = state["readout"]
            assert not INTERNAL_NAME.search(readout), f"{page}: {readout}"
            assert not ASCII_MATHS.search(readout), f"{page}: {readout}"
            assert set(re.findall(r"</?(\\w+)", state["readoutHtml"])) <= {"sub", "sup"}, page
            assert readout[:1].isupper() and readout.endswith("."), f"{page}: {readout}"


@pytest.fixture(scope="module")
def phone_books(site, browser):
    """{page path: (picture, touch targets, moves by touch)} of each chapter's first flip-book
    on a 390 px touch phone."""
    html, base = site
    seen = {}
    context = new_context(browser, "phone")
    for page_path in CONTROLS_IN_TEXT:
        record = {"outside": [], "failed": [], "console": []}
        page = open_page(context, base + page_path, record)
        book = page.locator("div.flipbook").first
        book.scroll_into_view_if_needed()
        picture = book.evaluate(READ_PICTURE)
        targets = book.evaluate(READ_TARGETS)
        taps = []
        for index in range(len(targets)):
            book.locator(".flipbook-control").nth(index).scroll_into_view_if_needed()
            control = book.evaluate(READ_TARGETS)[index]
            before = book.evaluate(READ_BOOK)["sliders"][index]
            box = control["boxes"][-1] if control["kind"] == "choice" else control["boxes"][0]
            # A tap near the top edge of the touch target, at the far end of a slider's track
            # or on the last option of a choice: the control moves to its last position.
            x = box["x"] + box["width"] - (2 if control["kind"] == "slider" else box["width"] / 2)
            page.touchscreen.tap(x, box["y"] + 3)
            after = book.evaluate(READ_BOOK)["sliders"][index]
            taps.append((before, after))
        seen[page_path] = (picture, targets, taps, record)
        page.close()
    context.close()
    measured = {page: {"picture_px": round(p["width"]), "natural_px": p["naturalWidth"],
                       "smallest_text_px_on_screen": round(p["smallestText"], 1),
                       "touch_targets": [[round(b["width"]), round(b["height"])]
                                         for t in targets for b in t["boxes"]]}
                for page, (p, targets, _, _) in seen.items()}
    (html.parent / "flipbook-phone-measurements.json").write_text(json.dumps(measured, indent=1),
                                                                  encoding="utf-8")
    return seen


def test_figure_text_is_readable_on_a_phone(phone_books):
    """At 390 px the picture fits the column and its smallest text is at least 11 px on screen."""
    for page, (picture, _, _, record) in phone_books.items():
        assert picture["right"] <= picture["viewport"] + 0.5, f"{page}: the picture overflows"
        assert picture["smallestText"] >= MIN_TEXT_PX, (
            f"{page}: smallest figure text {picture['smallestText']:.1f} px on screen "
            f"({picture['width']:.0f} px of {picture['naturalWidth']} px)")
        assert not (record["failed"] or record["console"]), record


def test_controls_are_easy_to_use_by_thumb(phone_books):
    """Every slider's box (track and thumb) and every option button is at least 44 px tall (and an
    option at least 44 px wide), and a tap near the top edge of a target moves the control."""
    for page, (_, targets, taps, _) in phone_books.items():
        for control, (before, after) in zip(targets, taps, strict=True):
            for box in control["boxes"]:
                assert box["height"] >= TOUCH_PX, f"{page}: {control['kind']} {box}"
                if control["kind"] == "choice":
                    assert box["width"] >= TOUCH_PX, f"{page}: option {box}"
                else:
                    assert box["width"] >= 4 * TOUCH_PX, f"{page}: slider {box}"
            assert after["value"] == after["max"], f"{page}: a tap did not move {before['name']}"
