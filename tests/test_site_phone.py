"""The built site on a phone (390 x 844, touch) in headless Chromium.

Every page again, once, as tests/test_site.py does at desktop width: loads from the
site alone and without errors, no axe-core violation of any impact in light mode nor
of the colour rules in dark mode, formulas out of the Tab order. Then what a phone
needs (issue 16): the menu and "On this page" buttons open their panels, no page
scrolls sideways, no code or output block is cut at its edge, no display equation is
clipped without a visible, keyboard-reachable way to scroll it, equation numbers sit
above their equations, and tables fit.
"""

import pytest

# browser and site are fixtures, used here by name.
from course_testing.site import (
    WIDTHS,
    axe_problems,
    chapter_source,
    dark_flipbook_problems,
    keyboard_problems,
    new_context,
    open_page,
    problems,
    report,
    tour,
)

pytestmark = pytest.mark.slow

CHAPTER = "book/02_chain_rule.html"  # the chapter with the widest equations


@pytest.fixture(scope="module")
def phone_visits(site, browser):
    """{page path: what was seen at phone width}."""
    return tour(site, browser, "phone")


@pytest.fixture()
def phone(browser, site):
    """open(page path) -> a playwright page of the site on a touch phone."""
    _, base = site
    context = new_context(browser, "phone")
    record = {"outside": [], "failed": [], "console": []}
    yield lambda path: open_page(context, base + path, record)
    context.close()
    assert not (record["failed"] or record["console"]), record


def test_pages_load_cleanly_on_a_phone(phone_visits):
    found = problems(phone_visits, lambda page, r: r["outside"] + r["failed"] + r["console"])
    assert not found, "requests outside the site, failed requests or console errors:\n" + report(found)


def test_no_accessibility_violation_of_any_impact_on_a_phone(phone_visits):
    found = axe_problems(phone_visits)
    assert not found, "axe-core violations at 390 px:\n" + report(found)


def test_keyboard_on_a_phone(phone_visits):
    found = keyboard_problems(phone_visits)
    assert not found, "keyboard:\n" + report(found)


@pytest.mark.parametrize("path", ["book/intro.html", CHAPTER])
def test_menu_button_shows_the_chapter_list(phone, path):
    page = phone(path)
    chapters = page.locator("#pst-primary-sidebar-modal nav.bd-docs-nav a.reference.internal")
    assert not chapters.first.is_visible(), "the chapter list shows before the menu is opened"
    page.locator(".bd-header-article .primary-toggle").tap()
    chapters.last.wait_for(state="visible", timeout=3000)
    titles = chapters.all_inner_texts()
    assert len(titles) >= 6 and any("chain rule" in title for title in titles), titles


def test_on_this_page_button_shows_the_sections(phone):
    page = phone(CHAPTER)
    sections = page.locator("#pst-secondary-sidebar-modal nav#pst-page-toc-nav a")
    page.locator(".bd-header-article .secondary-toggle").tap()
    sections.first.wait_for(state="visible", timeout=3000)
    assert sections.count() >= 5, sections.all_inner_texts()


def test_no_display_equation_is_clipped(phone_visits):
    """Each display equation fits, or scrolls with visible shadows and a hint, as a named Tab stop."""
    def check(page, r):
        for equation in r["equations"]:
            if not equation["inside"]:
                yield f"{equation['where']}: its box runs past the screen's edge"
            if not equation["wide"]:
                continue
            missing = [what for what in ("scrolls", "shadows", "hint", "tabStop", "name")
                       if not equation[what]]
            if missing:
                yield f"{equation['where']} is wider than its box and lacks: {', '.join(missing)}"

    assert any(e["wide"] for r in phone_visits.values() for e in r["equations"]), (
        "no equation is wider than a phone: the check would not see a clipped one")
    found = problems(phone_visits, check)
    assert not found, "display equations on a phone:\n" + report(found)


def test_a_wide_equation_scrolls_from_the_keyboard(phone):
    page = phone(CHAPTER)
    page.keyboard.press("Tab")
    for _ in range(200):
        if page.evaluate("() => document.activeElement.classList.contains('course-wide-math')"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail(f"no wide equation of {CHAPTER} is reachable with Tab")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=2000)


def test_tables_fit(phone_visits):
    def check(page, r):
        for number, table in enumerate(r["tables"], start=1):
            if table["right"] > table["width"] + 0.5 or table["scrolls"]:
                yield (f"table {number} reaches {table['right']:.0f} px on a "
                       f"{table['width']} px screen")

    assert any(r["tables"] for r in phone_visits.values()), "no table found on any page"
    found = problems(phone_visits, check)
    assert not found, "tables on a phone:\n" + report(found)


def test_every_chapter_has_a_phone_screenshot(site, phone_visits):
    html, _ = site
    missing = [page for page in phone_visits if chapter_source(page) and not
               (html.parent / "screenshots" / f"{page.stem}-{WIDTHS['phone'][0]}.png").exists()]
    assert not missing, f"no phone screenshot for {missing}"


def test_no_page_scrolls_sideways_on_a_phone(phone_visits):
    found = problems(phone_visits, lambda page, r: [r["widestElement"]] if r["sideways"] else [])
    assert not found, "pages wider than a 390 px screen:\n" + report(found)


def test_no_code_or_output_is_cut_on_a_phone(phone_visits):
    found = problems(phone_visits, lambda page, r: [repr(block) for block in r["clipped"]])
    assert not found, "code or output blocks cut at their edge at 390 px:\n" + report(found)


def test_equations_stay_on_the_screen_with_their_numbers_above(phone_visits):
    def check(page, r):
        yield from (f"{where} runs past the screen" for where in r["equationsPastTheEdge"])
        if r["equationNumbersBeside"]:
            yield f"{r['equationNumbersBeside']} equation numbers beside their equations"

    found = problems(phone_visits, check)
    assert not found, "display equations at 390 px:\n" + report(found)
    wide = sum(r["wideEquations"] for r in phone_visits.values())
    assert wide <= 12, f"{wide} display equations scroll sideways at 390 px (39 before)"


def test_no_bright_slab_in_the_dark_theme(phone_visits):
    found = dark_flipbook_problems(phone_visits)
    assert not found, "flip-books in the dark theme:\n" + report(found)
