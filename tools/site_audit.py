"""The reader-facing figures of issue 16, measured in headless Chromium on the built site.

    python tools/site_audit.py [SITE_DIR] [--json]

For each page, at 390 x 844 (a phone, touch) and at 1280 x 800, from the same tour as the site's
tests (`course_testing.site.tour`, which also writes the chapters' screenshots next to SITE_DIR):
- axe-core's violations of every impact in light mode and of the colour rules in dark mode;
- at 390 px: whether the page scrolls sideways, the code and output blocks whose content is
  cut at their right edge with no sign that they scroll (`clipped`), the display equations
  that scroll sideways (`wide_equations`);
and for chapter 4 at 1280 px: the Tab stops from the top of the page to its slider, and the
header controls that show no focus ring when reached with Tab (tests/test_site_reader.py).
SITE_DIR defaults to _build/html.
"""

import argparse
import json
from pathlib import Path

from course_testing.site import SCROLL_THROUGH, WIDTHS, new_context, serve, tour

ROOT = Path(__file__).resolve().parents[1]
TAB_PAGE = "book/04_jacobian.html"
OVERFLOW_KEYS = ("sideways", "widestElement", "clipped", "wideEquations", "equationsPastTheEdge",
                 "equationNumbersBeside")

# Runs in the page after a Tab: what has focus, and whether a focus indicator shows.
READ_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), cls: String(el.className || ''),
    name: (el.getAttribute('aria-label') || el.getAttribute('title') || el.textContent || '')
      .trim().slice(0, 40),
    type: el.getAttribute('type') || '',
    visible: r.width > 0 && r.height > 0,
    ring: outline || Boolean(shadow),
    inHeader: Boolean(el.closest('header, .bd-header-article')),
    copy: el.classList.contains('copybtn'),
    scroller: el.tabIndex === 0 && !['a', 'button', 'input', 'select', 'textarea', 'summary']
      .includes(el.tagName.toLowerCase()),
  };
}"""


def tab_walk(page, until="input[type=range]", limit=400):
    """Press Tab from the top until an element matching `until` has focus; [focused element]."""
    page.evaluate("() => { window.scrollTo(0, 0); document.activeElement?.blur(); }")
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(READ_FOCUS)
        if stop is None:
            continue
        stops.append(stop)
        if page.evaluate(f"() => document.activeElement.matches({json.dumps(until)})"):
            return stops
    raise AssertionError(f"{until} not reached in {limit} Tab presses")


def keyboard(browser, base):
    """Tab from the top of chapter 4 (1280 px) to its slider: what had focus after each Tab."""
    context = new_context(browser, "desktop")
    page = context.new_page()
    page.goto(base + TAB_PAGE, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.evaluate(SCROLL_THROUGH)
    stops = tab_walk(page)
    context.close()
    return stops


def tab_figures(stops):
    """The Tab stops to the slider, how many are copy buttons and scrollable blocks, and the
    controls among them that show no focus ring."""
    return {"tab_stops": len(stops), "copy_stops": sum(stop["copy"] for stop in stops),
            "scroller_stops": sum(stop["scroller"] for stop in stops),
            "no_ring": [f"{s['tag']}.{s['cls'][:40]} {s['name']!r}" for s in stops if not s["ring"]]}


def measure(site_dir):
    """The figures of every page at both widths (the tours of tests/test_site*.py) and of the Tab
    walk through chapter 4."""
    from playwright.sync_api import sync_playwright

    from course_testing import chromium

    site_dir = Path(site_dir)
    figures = {"pages": {}}
    with serve(site_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium.executable(), args=chromium.ARGS)
        for width, (pixels, _) in WIDTHS.items():
            for path, record in tour((site_dir, base), browser, width).items():
                entry = figures["pages"].setdefault(path.as_posix(), {})
                entry[f"axe_{pixels}"] = [f"{mode} mode: {violation}" for mode, violations
                                          in record["axe"].items() for violation in violations]
                if width == "phone":
                    entry.update({key: record[key] for key in OVERFLOW_KEYS})
        figures.update(tab_figures(keyboard(browser, base)))
        browser.close()
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()
    figures = measure(arguments.site)
    if arguments.json:
        print(json.dumps(figures, indent=1))
        return
    print(f"{'page':32} {'sideways':>8} {'clipped':>7} {'wide eq':>7} {'eqno beside':>11} "
          f"{'axe 1280':>8} {'axe 390':>7}")
    for path, entry in figures["pages"].items():
        print(f"{path:32} {str(entry['sideways']):>8} {len(entry['clipped']):>7} "
              f"{entry['wideEquations']:>7} {entry['equationNumbersBeside']:>11} "
              f"{len(entry['axe_1280']):>8} {len(entry['axe_390']):>7}")
    rules = sorted({v.split(" (")[0] for e in figures["pages"].values()
                    for v in e["axe_1280"] + e["axe_390"]})
    print("axe rules violated:", ", ".join(rules) or "none")
    print(f"Tab stops from the top of {TAB_PAGE} to its slider: {figures['tab_stops']} "
          f"({figures['copy_stops']} copy buttons, {figures['scroller_stops']} scrollable blocks)")
    print("controls with no focus ring:", "; ".join(figures["no_ring"]) or "none")


if __name__ == "__main__":
    main()
