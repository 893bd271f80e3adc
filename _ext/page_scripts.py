"""Tidy the <script> and stylesheet lists of every page.

- Sphinx 7.4 lists an inline script added by an extension twice
  (https://github.com/sphinx-doc/sphinx/pull/13402, fixed in Sphinx 8.2, which
  jupyter-book 1 cannot use), so the browser reports a redeclared const: keep the first
  of each. tests/test_upstream_patches.py fails once the pinned Sphinx no longer
  repeats it (then this part can go).
- myst-nb embeds the executed notebook's widget state (tens of kB of PNGs per
  explorer) for a widget manager; the static site loads none and shows each
  explorer as a picture instead, so the state is dead weight: drop it.
- Jupyter Book always loads sphinx-thebe and sphinx-design. Thebe's script and
  stylesheet go when thebe is off in _config.yml (launch_buttons.thebe), and
  sphinx-design's when the page uses none of its components (no `sd-` class).
- Every script file is deferred: none is needed to draw the page, and each one loaded in
  <head> held back the first paint. Deferred scripts still run in order, after the page
  is parsed; the inline ones (settings such as togglebutton's) run at once, as before.
  Not on the search page, whose template loads Sphinx's search tools undeferred after them.
- pydata-sphinx-theme 0.17 (addTabStopsToScrollableElements) measures every code block and
  output for overflow as soon as the page has loaded, a forced layout of each section that
  course.css leaves unlaid until it nears the screen: 1.9 s of a phone's main thread on
  chapter 4. The built theme script skips that first pass (its checks on a resize and on new
  content stay); course.js makes the same check for each block as it nears the screen. The
  build fails if the pinned theme's script no longer holds the pass (tests/test_site_speed.py).
"""

import re
from pathlib import Path

# Sphinx 7.4's script record; its attributes are fixed once made, so a deferred copy is a new one.
from sphinx.builders.html._assets import _JavaScript
from sphinx.util import logging

logger = logging.getLogger(__name__)

THEME_SCRIPT = "_static/scripts/pydata-sphinx-theme.js"
# The end of the minified addTabStopsToScrollableElements: the observer of new content, then
# the first pass over every block, `e()` (gone once patched: a rebuild may find it so).
EAGER_TAB_STOPS = re.compile(
    r'(observe\(document\.getElementById\("main-content"\),\{subtree:!0,childList:!0\}\))(,e\(\))?\}')
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
THEBE = ("sphinx-thebe", "THEBE_JS_URL")
DESIGN = ("design-tabs", "sphinx-design")


def _names(asset):
    return (asset.filename or "") + (asset.attributes.get("body") or "")


def _unused(app, context):
    """The name fragments of assets this page does not use."""
    unused = []
    if not app.config.html_theme_options.get("launch_buttons", {}).get("thebe"):
        unused += THEBE
    if 'class="sd-' not in context.get("body", "") and " sd-" not in context.get("body", ""):
        unused += DESIGN
    return unused


def _deferred(script):
    if not script.filename or {"async", "defer"} & set(script.attributes):
        return script
    return _JavaScript(script.filename, priority=script.priority, **script.attributes, defer="defer")


def tidy_scripts(app, pagename, templatename, context, doctree):
    unused = _unused(app, context)
    seen, kept = set(), []
    for script in context.get("script_files", []):
        key = (script.filename or "", tuple(sorted(script.attributes.items())))
        if (key in seen or script.attributes.get("type") == WIDGET_STATE
                or any(name in _names(script) for name in unused)):
            continue
        seen.add(key)
        kept.append(script if pagename == "search" else _deferred(script))
    context["script_files"] = kept
    context["css_files"] = [sheet for sheet in context.get("css_files", [])
                            if not any(name in _names(sheet) for name in unused)]


def without_eager_tab_stops(script):
    """The theme's minified script without its first overflow pass (also when patched before);
    ValueError unless the end of addTabStopsToScrollableElements is found once."""
    lazy, found = EAGER_TAB_STOPS.subn(r"\1}", script)
    if found != 1:
        raise ValueError(f"the end of the theme's overflow checks found {found} times, not once")
    return lazy


def lazy_tab_stops(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    script = Path(app.outdir) / THEME_SCRIPT
    if not script.exists():  # another theme
        return
    try:
        script.write_text(without_eager_tab_stops(script.read_text(encoding="utf-8")), encoding="utf-8")
    except ValueError as error:
        logger.warning(f"{THEME_SCRIPT}: {error}: update _ext/page_scripts.py for this theme version")


def setup(app):
    app.connect("html-page-context", tidy_scripts)
    app.connect("build-finished", lazy_tab_stops)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
