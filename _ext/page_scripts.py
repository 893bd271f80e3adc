"""Tidy the <script> list of every page.

- Sphinx 7.4 lists an inline script added by an extension twice
  (sphinx-doc/sphinx#13402, fixed in Sphinx 8.2, which jupyter-book 1 cannot use),
  so the browser reports a redeclared const: keep the first of each.
- myst-nb embeds the executed notebook's widget state (tens of kB of PNGs per
  explorer) for a widget manager; the static site loads none and shows each
  explorer as a picture instead, so the state is dead weight: drop it.
"""

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def tidy_scripts(app, pagename, templatename, context, doctree):
    seen, kept = set(), []
    for script in context.get("script_files", []):
        key = (script.filename or "", tuple(sorted(script.attributes.items())))
        if key in seen or script.attributes.get("type") == WIDGET_STATE:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


def setup(app):
    app.connect("html-page-context", tidy_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
