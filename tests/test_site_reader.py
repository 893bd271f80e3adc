"""The site as a keyboard, phone and search user meets it (issue 16, parts 3, 4 and 7), in headless
Chromium; `python tools/site_audit.py` prints the same figures. What every page shows at each width
(axe-core, sideways scrolling, cut blocks, equations) is read by the one tour of each width, in
tests/test_site.py and tests/test_site_phone.py.

- Keyboard: from the top of chapter 4 to its slider, at most one Tab stop per code cell (its copy
  button), no scrollable block in the way, and every control reached shows a focus ring.
- Phone (390 px): the header keeps what a phone needs (no fullscreen button).
- Search: code names ("logsumexp", "grad_logits") find their chapters, snippets show no raw TeX,
  and the magnifier leaves the typed text clear.
"""

import json

import pytest

import site_audit

# browser and site are fixtures, used here by name.
from course_testing.site import (
    RAW_TEX,
    ROOT,
    new_context,
    open_page,
    shown_code_cells,
)

pytestmark = pytest.mark.slow

CHAPTER_4 = ROOT / "book" / "04_jacobian.ipynb"


@pytest.fixture(scope="module")
def stops(site, browser):
    """What has focus after each Tab from the top of chapter 4 to its slider (1280 px)."""
    _, base = site
    return site_audit.keyboard(browser, base)


def test_chapter_4_has_at_most_one_tab_stop_per_code_cell_before_its_slider(stops):
    cells = shown_code_cells(CHAPTER_4)
    figures = site_audit.tab_figures(stops)
    assert figures["scroller_stops"] == 0, "scrollable blocks are Tab stops on the way to the slider"
    assert figures["copy_stops"] <= len(cells), (
        f"{figures['copy_stops']} copy buttons for {len(cells)} code cells")
    assert figures["tab_stops"] <= 64, f"{figures['tab_stops']} Tab stops to chapter 4's slider (86 before)"


def test_every_control_reached_with_tab_shows_a_focus_ring(stops):
    no_ring = site_audit.tab_figures(stops)["no_ring"]
    assert not no_ring, "no focus ring (WCAG 2.4.7):\n" + "\n".join(no_ring)


def test_the_phone_header_keeps_what_a_phone_needs(site, browser):
    _, base = site
    record = {"outside": [], "failed": [], "console": []}
    context = new_context(browser, "phone")
    page = open_page(context, base + "book/04_jacobian.html", record)
    shown = page.evaluate("""() => [...document.querySelectorAll(
        '.bd-header-article .header-article-items__end .btn, .bd-header-article .sidebar-toggle')]
        .filter(b => b.offsetWidth > 0 && !b.closest('.dropdown-menu')).map(b => b.className)""")
    assert not any("fullscreen" in name for name in shown), shown
    assert len(shown) <= 6, f"{len(shown)} header buttons on a phone: {shown}"
    back = page.locator("#pst-back-to-top")
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    assert back.count() == 0 or not back.is_visible(), "'Back to top' floats over the text"
    context.close()


def search(page, base, query):
    page.goto(base + "search.html?q=" + query)
    page.wait_for_selector("#search-results .search-summary, #search-results p", timeout=15000)
    page.wait_for_function("() => document.querySelector('#search-results')"
                           "?.textContent.includes('Search finished')", timeout=15000)
    page.wait_for_timeout(500)  # summaries load page by page
    return page.evaluate("""() => [...document.querySelectorAll('#search-results li')].map(li => ({
        href: li.querySelector('a').getAttribute('href'),
        summary: (li.querySelector('.context') || {}).textContent || ''}))""")


@pytest.mark.parametrize("query, chapter", [("logsumexp", "07_practice"),
                                            ("grad_logits", "05_putting_together")])
def test_search_finds_code_names_with_readable_snippets(site, browser, query, chapter):
    _, base = site
    context = new_context(browser, "desktop")
    page = context.new_page()
    results = search(page, base, query)
    assert any(chapter in result["href"] for result in results), (query, results)
    raw = [result["summary"] for result in results if RAW_TEX.search(result["summary"])]
    assert not raw, f"raw TeX in search snippets: {json.dumps(raw[:3], ensure_ascii=False)}"
    context.close()


def test_search_snippets_turn_tex_into_text(site, browser):
    _, base = site
    context = new_context(browser, "desktop")
    page = context.new_page()
    results = search(page, base, "softmax")
    summaries = " ".join(result["summary"] for result in results)
    assert summaries and not RAW_TEX.search(summaries), summaries[:500]
    assert "∂" in summaries, "no derivative written as text in any snippet"
    context.close()


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_the_magnifier_leaves_the_search_text_clear(site, browser, width):
    _, base = site
    context = new_context(browser, width)
    page = context.new_page()
    page.goto(base + "search.html?q=logits")
    gap = page.evaluate("""() => {
        const form = document.querySelector('.bd-search-container form.bd-search');
        const icon = form.querySelector('i').getBoundingClientRect();
        const input = form.querySelector('input');
        const textStart = input.getBoundingClientRect().left
          + parseFloat(getComputedStyle(input).paddingLeft);
        return textStart - icon.right;
    }""")
    assert gap >= 2, f"the magnifier reaches {-gap:.0f} px into the search text"
    context.close()
