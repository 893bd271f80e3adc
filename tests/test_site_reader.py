"""The site as a keyboard, phone and search user meets it (issue 16, parts 3, 4 and 7), in headless
Chromium, measured by tools/site_audit.py (`python tools/site_audit.py` prints the same figures).

- Keyboard: from the top of chapter 4 to its slider, at most one Tab stop per code cell (its copy
  button), no scrollable block in the way, and every control reached shows a focus ring.
- axe-core: no violation of any impact (the moderate `region` rule included) on any page, at
  1280 px and at 390 px.
- Phone (390 px): no page scrolls sideways, no code or output block is cut at its edge, no display
  equation runs past the screen, equation numbers sit above their equations, and the header
  keeps what a phone needs (no fullscreen button).
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
    report,
    shown_code_cells,
)

pytestmark = pytest.mark.slow

CHAPTER_4 = ROOT / "book" / "04_jacobian.ipynb"


@pytest.fixture(scope="module")
def figures(site):
    html, _ = site
    return site_audit.measure(html)


def test_chapter_4_has_at_most_one_tab_stop_per_code_cell_before_its_slider(figures):
    cells = shown_code_cells(CHAPTER_4)
    assert figures["scroller_stops"] == 0, "scrollable blocks are Tab stops on the way to the slider"
    assert figures["copy_stops"] <= len(cells), (
        f"{figures['copy_stops']} copy buttons for {len(cells)} code cells")
    assert figures["tab_stops"] <= 64, f"{figures['tab_stops']} Tab stops to chapter 4's slider (86 before)"


def test_every_control_reached_with_tab_shows_a_focus_ring(figures):
    assert not figures["no_ring"], "no focus ring (WCAG 2.4.7):\n" + "\n".join(figures["no_ring"])


@pytest.mark.parametrize("pixels", [1280, 390])
def test_no_axe_violation_of_any_impact(figures, pixels):
    found = [f"{page}: {violation}" for page, entry in figures["pages"].items()
             for violation in entry[f"axe_{pixels}"]]
    assert not found, f"axe-core violations at {pixels} px:\n" + report(found)


def test_no_page_scrolls_sideways_on_a_phone(figures):
    found = [f"{page}: {entry['widestElement']}" for page, entry in figures["pages"].items()
             if entry["sideways"]]
    assert not found, "pages wider than a 390 px screen:\n" + report(found)


def test_no_code_or_output_is_cut_on_a_phone(figures):
    found = [f"{page}: {block!r}" for page, entry in figures["pages"].items()
             for block in entry["clipped"]]
    assert not found, "code or output blocks cut at their edge at 390 px:\n" + report(found)


def test_equations_stay_on_the_screen_with_their_numbers_above(figures):
    found = [f"{page}: {where} runs past the screen" for page, entry in figures["pages"].items()
             for where in entry["equationsPastTheEdge"]]
    found += [f"{page}: {entry['equationNumbersBeside']} equation numbers beside their equations"
              for page, entry in figures["pages"].items() if entry["equationNumbersBeside"]]
    assert not found, "display equations at 390 px:\n" + report(found)
    wide = sum(entry["wideEquations"] for entry in figures["pages"].values())
    assert wide <= 12, f"{wide} display equations scroll sideways at 390 px (39 before)"


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
