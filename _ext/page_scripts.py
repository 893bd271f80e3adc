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
"""

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


def tidy_scripts(app, pagename, templatename, context, doctree):
    unused = _unused(app, context)
    seen, kept = set(), []
    for script in context.get("script_files", []):
        key = (script.filename or "", tuple(sorted(script.attributes.items())))
        if (key in seen or script.attributes.get("type") == WIDGET_STATE
                or any(name in _names(script) for name in unused)):
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept
    context["css_files"] = [sheet for sheet in context.get("css_files", [])
                            if not any(name in _names(sheet) for name in unused)]


def setup(app):
    app.connect("html-page-context", tidy_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
