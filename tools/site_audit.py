"""The reader-facing figures of issue 16, measured in headless Chromium on the built site.

    python tools/site_audit.py [SITE_DIR] [--json]

For each page, at 390 x 844 (a phone, touch) and at 1280 x 800:
- axe-core's violations of every impact (light mode), as rule ids;
- at 390 px: whether the page scrolls sideways, the code and output blocks whose content is
  cut at their right edge with no sign that they scroll (`clipped`), the display equations
  that scroll sideways (`wide_equations`);
and for chapter 4 at 1280 px: the Tab stops from the top of the page to its slider, and the
header controls that show no focus ring when reached with Tab.

The same readers are used by tests/test_site_reader.py. SITE_DIR defaults to _build/html.
"""

import argparse
import json
from pathlib import Path

from course_testing.site import SCROLL_THROUGH
from page_weight import pages_of, serve  # beside this file in tools/

ROOT = Path(__file__).resolve().parents[1]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 800)}
TAB_PAGE = "book/04_jacobian.html"

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

RUN_AXE_ALL = """async () => {
  const results = await axe.run({exclude: [['mjx-math']]}, {resultTypes: ['violations']});
  return results.violations.map(v => `${v.id} [${v.impact}] (${v.nodes.length}): `
    + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
}"""

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


def new_context(browser, width):
    w, h = WIDTHS[width]
    return browser.new_context(viewport={"width": w, "height": h},
                               has_touch=width == "phone", is_mobile=width == "phone")


def load(page, url):
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.evaluate(SCROLL_THROUGH)


def axe(page):
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE_ALL)


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


def measure(site_dir, pages=None):
    from playwright.sync_api import sync_playwright

    from course_testing import chromium

    site_dir = Path(site_dir)
    server, base = serve(site_dir)
    figures = {"pages": {}}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium.executable(),
                                                 args=chromium.ARGS)
            for width in ("desktop", "phone"):
                context = new_context(browser, width)
                for path in pages or pages_of(site_dir):
                    page = context.new_page()
                    load(page, base + path)
                    entry = figures["pages"].setdefault(path, {})
                    if width == "phone":
                        entry.update(page.evaluate(READ_OVERFLOW))
                    entry[f"axe_{WIDTHS[width][0]}"] = axe(page)
                    page.close()
                context.close()
            context = new_context(browser, "desktop")
            page = context.new_page()
            load(page, base + TAB_PAGE)
            stops = tab_walk(page)
            figures["tab_stops"] = len(stops)
            figures["copy_stops"] = sum(stop["copy"] for stop in stops)
            figures["scroller_stops"] = sum(stop["scroller"] for stop in stops)
            figures["no_ring"] = [f"{s['tag']}.{s['cls'][:40]} {s['name']!r}" for s in stops
                                  if not s["ring"]]
            context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
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
