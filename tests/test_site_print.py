"""The chapters printed (_static/print.css), in headless Chromium with print media emulated.

Each chapter is laid out as on an A4 page (PRINT_WIDTH px wide, the printable width at
96 px per inch): its title keeps its chapter number; no code block or printed output is
clipped (nothing wider than its box, lines wrapped), and code cells and flip-books are not
split across pages where they fit on one; each flip-book shows one frame, the one Jupyter
shows, with its readout under it as its caption and no controls. Chapter 5 is printed to
_build/screenshots/print-05_putting_together.pdf.
"""

import re

import pytest

# browser and site are fixtures, used here by name.
from course_testing.site import chapter_source, open_page, site_pages

pytestmark = pytest.mark.slow

PRINT_WIDTH = 680  # A4 (210 mm) less 2 x 15 mm margins, at 96 px per inch
PDF_PAGE = "book/05_putting_together.html"

# Runs in the page: what the printed page shows.
READ_PRINT = """() => {
  const shown = element => element && element.getClientRects().length > 0 &&
    getComputedStyle(element).visibility !== 'hidden';
  const titles = [...document.querySelectorAll('h1')].filter(shown).map(h => h.textContent.trim());
  const blocks = [...document.querySelectorAll('.bd-content pre')].filter(shown).map(pre => ({
    text: pre.textContent.slice(0, 60), clipped: pre.scrollWidth > pre.clientWidth + 1,
    right: pre.getBoundingClientRect().right, whiteSpace: getComputedStyle(pre).whiteSpace}));
  const cells = [...document.querySelectorAll('.bd-content div.cell')].map(cell =>
    getComputedStyle(cell).breakInside);
  const books = [...document.querySelectorAll('.flipbook')].map(book => ({
    controls: [...book.querySelectorAll('.flipbook-control, input')].filter(shown).length,
    frames: [...book.querySelectorAll('img')].filter(shown).map(img => ({
      src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0,
      right: img.getBoundingClientRect().right, filter: getComputedStyle(img).filter})),
    readout: shown(book.querySelector('.flipbook-readout')) ?
      book.querySelector('.flipbook-readout').textContent : '',
    breakInside: getComputedStyle(book).breakInside,
    first: JSON.parse(book.querySelector('script.flipbook-frames').textContent)}));
  return {titles, blocks, cells, books, width: document.documentElement.clientWidth};
}"""


def chapters(html):
    return [page for page in site_pages(html)
            if chapter_source(page) is not None and re.match(r"\d\d_", page.name)]


@pytest.fixture(scope="module")
def printed(site, browser):
    """{chapter page: what its printed layout shows}, light theme and dark theme alike."""
    html, base = site
    seen = {}
    context = browser.new_context(viewport={"width": PRINT_WIDTH, "height": 1000})
    for page_path in chapters(html):
        record = {"outside": [], "failed": [], "console": []}
        page = open_page(context, base + page_path.as_posix(), record)
        page.emulate_media(media="print")
        seen[page_path] = page.evaluate(READ_PRINT)
        seen[page_path]["record"] = record
        if page_path.as_posix() == PDF_PAGE:
            screenshots = html.parent / "screenshots"
            screenshots.mkdir(exist_ok=True)
            page.pdf(path=screenshots / f"print-{page_path.stem}.pdf", format="A4",
                     margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"})
        page.close()
    context.close()
    assert seen, "no chapter found: is the build right?"
    return seen


def test_printed_titles_keep_the_chapter_number(printed):
    for page, r in printed.items():
        number = int(page.name[:2])
        assert r["titles"], f"{page}: no title printed"
        assert r["titles"][0].startswith(f"{number}. "), f"{page}: printed title {r['titles'][0]!r}"
        assert not [title for title in r["titles"] if not re.match(r"\d+\. ", title)], (
            f"{page}: an unnumbered title is printed too: {r['titles']}")


def test_printed_code_is_wrapped_not_clipped(printed):
    for page, r in printed.items():
        assert r["blocks"], f"{page}: no code printed"
        clipped = [block["text"] for block in r["blocks"]
                   if block["clipped"] or block["right"] > r["width"] + 0.5]
        assert not clipped, f"{page}: code or output clipped in print: {clipped[:3]}"
        assert all(block["whiteSpace"] == "pre-wrap" for block in r["blocks"]), page
        assert set(r["cells"]) == {"avoid"}, f"{page}: code cells may split across pages"


def test_a_flipbook_prints_one_frame_with_its_readout_and_no_controls(printed):
    for page, r in printed.items():
        for book in r["books"]:
            assert book["controls"] == 0, f"{page}: the flip-book's controls are printed"
            [frame] = book["frames"]
            assert frame["loaded"] and frame["right"] <= r["width"] + 0.5, f"{page}: {frame}"
            assert frame["filter"] == "none", f"{page}: the printed frame is filtered"
            assert frame["src"] in {f["src"] for f in book["first"]["frames"]}, page
            assert book["readout"], f"{page}: the frame's readout is not printed"
            assert book["breakInside"] == "avoid", f"{page}: the frame may split from its readout"
        assert not (r["record"]["failed"] or r["record"]["console"]), r["record"]
